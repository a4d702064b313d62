// Sign-in: signIn starts a flow, confirmSignIn answers the step a person was asked; the machine decides every
// step, this module only runs its effects through the ports and keeps pending steps in the store.

import { CogflowError, InputError, StateError } from '../errors.js';
import { parsePending } from '../machine/pending.js';
import { pickMetadata } from '../machine/requests.js';
import { totpSetupStep } from '../machine/totp.js';
import { initialSnapshot, transition } from '../machine/transition.js';
import type {
  SendEffect,
  SignInEffect,
  SignInEvent,
  TransitionResult,
  WaitingState,
} from '../machine/types.js';
import type { AbortSignalLike } from '../ports.js';
import type {
  AuthClient,
  ChallengeAnswer,
  NextStep,
  PendingSignIn,
  RequestMetadata,
  SignInInput,
  SignInResult,
} from '../types.js';
import type { AuthCore } from './context.js';
import { asCogflowError, canonical, drop, put, readDevice, readRecord, saveTokens, send } from './records.js';

/** A sign-in never needs more round trips than this; more means a service leading us in circles. */
const MAX_STEPS = 16;

export interface ConfirmSignInOptions extends RequestMetadata {
  signal?: AbortSignalLike;
}

async function perform(core: AuthCore, effect: Exclude<SignInEffect, SendEffect>): Promise<void> {
  if (effect.type === 'emit') return core.emit(effect.event);
  const { username } = effect;
  const { keys } = core;
  if (effect.type === 'delete-device') return drop(core, keys.device(await canonical(core, username)));
  // Aliases first, so that a stored record is always reachable by the names that led to it.
  for (const alias of effect.aliases) await put(core, keys.alias(alias), { username });
  return effect.type === 'store-tokens'
    ? saveTokens(core, username, effect.tokens)
    : put(core, keys.device(username), effect.device);
}

function nextStep(core: AuthCore, result: TransitionResult, state: WaitingState): NextStep {
  if (state.detail.type === 'TOTP_SETUP') {
    if (!result.secrets.totpSecret) throw new StateError('TOTP secret gone');
    return totpSetupStep(state.username, result.secrets.totpSecret, core.env);
  }
  return state.detail;
}

/** Drives the machine until it waits on a person, is signed in, or failed. */
async function run(
  core: AuthCore,
  first: TransitionResult,
  signal: AbortSignalLike | undefined,
): Promise<SignInResult> {
  let step = first;
  for (let round = 0; round < MAX_STEPS; round++) {
    let request: SendEffect | undefined;
    for (const effect of step.effects) {
      if (effect.type === 'send') request = effect;
      else await perform(core, effect);
    }
    const state = step.state;
    switch (state.status) {
      case 'failed':
        throw state.error;
      case 'signed-in': {
        const { username, sub, device } = state;
        const tokens = step.secrets.tokens!;
        return { status: 'SIGNED_IN', tokens, user: sub ? { username, sub } : { username }, device };
      }
      case 'waiting': {
        await put(core, core.keys.pending(state.id), state, { ttlSeconds: core.env.pendingTTLSeconds });
        return {
          status: 'CHALLENGE',
          step: nextStep(core, step, state),
          pending: state as unknown as PendingSignIn,
        };
      }
    }
    // An idle state, or a machine that waits on a request it did not make.
    if (!request) throw new StateError('No request to send');
    let event: SignInEvent;
    try {
      const body = await send(core, request.operation, request.body, request.retryable, signal);
      event = { type: 'response', operation: request.operation, body };
    } catch (error) {
      event = { type: 'error', error: asCogflowError(error) };
    }
    step = await transition(step, event, core.env);
  }
  throw new StateError('Too many round trips');
}

async function loadPending(core: AuthCore, ref: PendingSignIn | string): Promise<WaitingState> {
  if (typeof ref === 'string') {
    const value = await readRecord(core.options.store, core.keys.pending(ref), 'pending sign-in', () => true);
    if (value === undefined) {
      throw new CogflowError('SESSION_EXPIRED', 'Pending sign-in expired or unknown');
    }
    return parsePending(value);
  }
  return parsePending(ref);
}

/** Starts a sign-in: signed in at once, or a step to ask the person (answer it with confirmSignIn). */
export async function signIn(auth: AuthClient, input: SignInInput): Promise<SignInResult> {
  const { core } = auth;
  if (input === null || typeof input !== 'object')
    throw new InputError('signIn needs an object: { username, password }');
  const device =
    typeof input.username === 'string' && input.username
      ? await readDevice(core, await canonical(core, input.username))
      : undefined;
  const { signal, ...rest } = input;
  const first = await transition(initialSnapshot(), { type: 'start', input: rest, device }, core.env);
  return run(core, first, signal);
}

/**
 * Answers the step a pending sign-in waits on (Amplify's confirmSignIn). Takes the pending object or its id
 * (looked up in the store), so another request or process sharing the store can answer it.
 */
export async function confirmSignIn(
  auth: AuthClient,
  pending: PendingSignIn | string,
  answer: ChallengeAnswer,
  options?: ConfirmSignInOptions,
): Promise<SignInResult> {
  const { core } = auth;
  const state = await loadPending(core, pending);
  // userId is already canonical; only the name the person typed may be an alias.
  const device = state.deviceKey
    ? await readDevice(core, state.userId ?? (await canonical(core, state.username)))
    : undefined;
  const metadata = pickMetadata(options);
  const event: SignInEvent = { type: 'answer', answer, device };
  if (Object.keys(metadata).length > 0) event.metadata = metadata;
  // A second answer to the same step while the first is in flight would spend the session (or a code) twice.
  if (core.answering.has(state.id)) throw new StateError('Step already being answered');
  core.answering.add(state.id);
  try {
    const first = await transition({ state, secrets: {} }, event, core.env);
    const result = await run(core, first, options?.signal);
    // This step is answered: its pending entry must not be answered twice.
    await drop(core, core.keys.pending(state.id));
    return result;
  } finally {
    core.answering.delete(state.id);
  }
}
