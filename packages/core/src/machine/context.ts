// Moving between the machine's states while keeping the shared context and nothing else; the results the
// transitions share (send a request, wait on a person, fail).

import type { CogflowError } from '../errors.js';
import { hexFromBytes } from '../srp/codec.js';
import { draw } from '../srp/ephemeral.js';
import { CONTEXT_FIELDS } from './pending.js';
import type {
  AwaitedOperation,
  MachineEnv,
  PendingDetail,
  RunSecrets,
  SendEffect,
  SendingState,
  SignInContext,
  SignInEffect,
  TransitionResult,
  WaitingState,
} from './types.js';

/** The context part of an in-flight or waiting state, without the state-specific fields. */
export function contextOf(state: Partial<SignInContext>): SignInContext {
  // A state from JSON may carry other fields: they never reach the next state.
  const context: Record<string, unknown> = {};
  for (const key of Object.keys(CONTEXT_FIELDS) as (keyof SignInContext)[]) {
    if (state[key] !== undefined) context[key] = state[key];
  }
  return context as unknown as SignInContext;
}

/** A request is in flight: the state names it (and the challenge it answers), the effect sends it. */
export function request(
  context: SignInContext,
  secrets: RunSecrets,
  operation: AwaitedOperation,
  body: object,
  retryable: boolean,
  challenge?: string,
): TransitionResult {
  const state: SendingState = { ...context, status: 'sending', operation };
  if (challenge) state.challenge = challenge;
  return { state, secrets, effects: [{ type: 'send', operation, body, retryable } as SendEffect] };
}

/** Waiting on a person, under a fresh id, until the pending TTL runs out. */
export function wait(
  context: SignInContext,
  detail: PendingDetail,
  env: MachineEnv,
  secrets: RunSecrets = {},
): TransitionResult {
  const state: WaitingState = {
    ...context,
    id: randomId(env),
    status: 'waiting',
    step: detail.type,
    detail,
    expiresAt: env.clock.now() + env.pendingTTLSeconds * 1000,
  };
  return { state, secrets, effects: [] };
}

export function failure(id: string, error: CogflowError, effects: SignInEffect[] = []): TransitionResult {
  return { state: { status: 'failed', id, error }, secrets: {}, effects };
}

/** A random id for a pending step: 16 bytes from the Random port (a short read throws), as hex. */
export function randomId(env: MachineEnv): string {
  return hexFromBytes(draw(env.random, 16));
}
