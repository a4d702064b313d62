// The sign-in driver shared by signIn, confirmSignIn and autoSignIn: runs the machine's effects through the ports
// and keeps pending steps in the store; every decision is the machine's.

import { StateError } from '../errors.js';
import { totpSetupStep } from '../machine/totp.js';
import { transition } from '../machine/transition.js';
import type {
  SendEffect,
  SignInEffect,
  SignInEvent,
  TransitionResult,
  WaitingState,
} from '../machine/types.js';
import type { AbortSignalLike } from '../ports.js';
import type { NextStep, PendingSignIn, SignInResult } from '../types.js';
import type { AuthCore } from './context.js';
import { asCogflowError, canonical, drop, put, readRecord, saveTokens, send } from './records.js';

/** A sign-in never needs more round trips than this; more means a service leading us in circles. */
const MAX_STEPS = 16;

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

/** Most pending ids an index keeps; older ones have expired long before this many steps. */
const INDEX_LIMIT = 16;

/**
 * Records a pending step's id under the name it was started with, so that deleteUser can find it. Best effort
 * across processes (two writers may race; the entries expire with the step anyway); a malformed index is replaced.
 */
async function indexPending(core: AuthCore, state: WaitingState): Promise<void> {
  const key = core.keys.pendingIndex(state.username);
  const index = await readRecord<{ ids: unknown }>(core.options.store, key, 'index', () => true);
  const ids = Array.isArray(index?.ids) ? index.ids.slice(1 - INDEX_LIMIT) : [];
  await put(core, key, { ids: [...ids, state.id] }, { ttlSeconds: core.env.pendingTTLSeconds });
}

/** Drives the machine until it waits on a person, is signed in, ends in an account step, or failed. */
export async function run(
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
      case 'account-step': {
        // username, and after a resend codeDeliveryDetails or resendError.
        const { status: _, id: _id, step: status, ...rest } = state;
        return { status, ...rest } as SignInResult;
      }
      case 'waiting': {
        await put(core, core.keys.pending(state.id), state, { ttlSeconds: core.env.pendingTTLSeconds });
        await indexPending(core, state);
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
