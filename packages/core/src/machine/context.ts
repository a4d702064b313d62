// Moving between the machine's states while keeping the shared context and nothing else.

import type {
  AwaitedOperation,
  PendingDetail,
  SendingState,
  SignInContext,
  SignInState,
  WaitingState,
} from './types.js';

/** The context part of an in-flight or waiting state, without the state-specific fields. */
export function contextOf(state: SendingState | WaitingState): SignInContext {
  const context: SignInContext = {
    v: 1,
    id: state.id,
    flow: state.flow,
    username: state.username,
    rememberDevice: state.rememberDevice,
    metadata: state.metadata,
    retriedWithoutDevice: state.retriedWithoutDevice,
    deviceAuthenticated: state.deviceAuthenticated,
  };
  if (state.userId !== undefined) context.userId = state.userId;
  if (state.session !== undefined) context.session = state.session;
  if (state.deviceKey !== undefined) context.deviceKey = state.deviceKey;
  if (state.deviceName !== undefined) context.deviceName = state.deviceName;
  if (state.rememberChoice !== undefined) context.rememberChoice = state.rememberChoice;
  if (state.preferredChallenge !== undefined) context.preferredChallenge = state.preferredChallenge;
  return context;
}

export function sending(
  context: SignInContext,
  operation: AwaitedOperation,
  challenge?: string,
): SendingState {
  const state: SendingState = { ...context, status: 'sending', operation };
  if (challenge !== undefined) state.challenge = challenge;
  return state;
}

export function waiting(context: SignInContext, detail: PendingDetail, expiresAt: number): WaitingState {
  return { ...context, status: 'waiting', step: detail.type, detail, expiresAt };
}

export function stateId(state: SignInState): string {
  return state.status === 'idle' ? '' : state.id;
}
