// Sign-in: signIn starts a flow, confirmSignIn answers the step a person was asked; the machine decides every
// step, this module only runs its effects through the ports and keeps pending steps in the store.

import { CogflowError, InputError, StateError } from '../errors.js';
import { parsePending } from '../machine/pending.js';
import { pickMetadata } from '../machine/requests.js';
import { initialSnapshot, transition } from '../machine/transition.js';
import type { SignInEvent, WaitingState } from '../machine/types.js';
import type { AbortSignalLike } from '../ports.js';
import type {
  AuthClient,
  ChallengeAnswer,
  PendingSignIn,
  RequestMetadata,
  SignInInput,
  SignInResult,
} from '../types.js';
import type { AuthCore } from './context.js';
import { run } from './drive.js';
import { canonical, drop, readDevice, readRecord } from './records.js';

export interface ConfirmSignInOptions extends RequestMetadata {
  signal?: AbortSignalLike;
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
