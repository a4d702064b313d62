// The account steps that end a sign-in ("do this first"), and signIn's `resendSignUpCode: true`: before ending in
// CONFIRM_SIGN_UP, ResendConfirmationCode for that user, then the same ending with where the new code went (or why
// none was sent). The user stays unconfirmed either way.

import type { CogflowError } from '../errors.js';
import { contextOf, request } from './context.js';
import { isObject, isStringMap, protocolFailure } from './parse.js';
import { secretHash, withMetadata } from './requests.js';
import type { AccountStepState, MachineEnv, SendingState, SignInContext, TransitionResult } from './types.js';

const OPERATION = 'ResendConfirmationCode';

/** The sign-in ends with `step`, for the canonical name once the service named the user, else the one typed. */
export function accountStep(
  state: SendingState,
  step: AccountStepState['step'],
  extra?: Pick<AccountStepState, 'codeDeliveryDetails' | 'resendError'>,
): TransitionResult {
  const username = state.userId ?? state.username;
  return {
    state: { status: 'account-step', id: state.id, step, username, ...extra },
    secrets: {},
    effects: [],
  };
}

/** Asks for a new code (SecretHash over that very Username). Not retried: a repeat would send a second code. */
export async function resendCode(state: SendingState, env: MachineEnv): Promise<TransitionResult> {
  const context: SignInContext = contextOf(state);
  delete context.session;
  const Username = context.userId ?? context.username;
  const { SECRET_HASH: SecretHash } = await secretHash(env, Username);
  const body = { ClientId: env.clientId, Username, ...(SecretHash && { SecretHash }) };
  return request(context, {}, OPERATION, withMetadata(body, context.metadata), false);
}

/** The new code went out: CONFIRM_SIGN_UP with its CodeDeliveryDetails (medium, masked destination). */
export function codeResent(state: SendingState, body: unknown): TransitionResult {
  const raw = isObject(body) ? (body.CodeDeliveryDetails ?? {}) : undefined;
  if (!isStringMap(raw)) throw protocolFailure(OPERATION, 'CodeDeliveryDetails', 'is malformed');
  const { DeliveryMedium: medium, Destination: destination, AttributeName: attributeName } = raw;
  const codeDeliveryDetails = {
    ...(medium && { medium }),
    ...(destination && { destination }),
    ...(attributeName && { attributeName }),
  };
  return accountStep(state, 'CONFIRM_SIGN_UP', { codeDeliveryDetails });
}

/** No new code (LimitExceeded, a delivery failure, the network): still CONFIRM_SIGN_UP, with the reason. */
export const resendFailed = (state: SendingState, resendError: CogflowError): TransitionResult =>
  accountStep(state, 'CONFIRM_SIGN_UP', { resendError });
