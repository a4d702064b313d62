// Sending an operation with the signed-in user's access token: the token from tokensFor (refreshed single-flight
// when about to expire), and a token the service calls revoked ends the local session instead of being retried.

import { accessTokenError } from '../account/token-error.js';
import type { AbortSignalLike } from '../ports.js';
import type { OperationName, RequestOf, ResponseOf } from '../protocol/operations.js';
import type { AuthClient } from '../types.js';
import type { AuthCore } from './context.js';
import { asCogflowError, canonical, dropTokens, send } from './records.js';
import { tokensFor } from './tokens.js';

export interface AccessCall<O extends OperationName> {
  core: AuthCore;
  /** The canonical user. */
  user: string;
  answer: ResponseOf<O>;
}

/**
 * Sends `operation` with `AccessToken` added to `body`. TOKEN_REVOKED (sign-out elsewhere, a forgotten device, a
 * deleted user) deletes the user's local tokens, since no refresh can bring that session back; TOKEN_EXPIRED
 * (the service's clock ahead of ours) is thrown as it is, for the caller to retry once after getTokens.
 */
export async function withAccessToken<O extends OperationName>(
  auth: AuthClient,
  username: string,
  operation: O,
  body: Omit<RequestOf<O>, 'AccessToken'>,
  retryable: boolean,
  options: { signal?: AbortSignalLike } | undefined,
): Promise<AccessCall<O>> {
  const { core } = auth;
  const signal = options?.signal;
  const user = await canonical(core, username);
  const tokens = await tokensFor(core, user, false, signal);
  try {
    const request = { ...body, AccessToken: tokens.accessToken } as RequestOf<O>;
    return { core, user, answer: await send(core, operation, request, retryable, signal) };
  } catch (raw) {
    const error = accessTokenError(asCogflowError(raw));
    if (error.code === 'TOKEN_REVOKED') {
      await dropTokens(core, user);
      core.emit({ type: 'signed-out', username: user });
    }
    throw error;
  }
}
