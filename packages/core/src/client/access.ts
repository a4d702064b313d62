// Sending an operation with the signed-in user's access token: the token from tokensFor (refreshed single-flight
// when about to expire), and a token the service calls revoked ends the local session instead of being retried.

import { pageOf } from '../account/parse.js';
import { accessTokenError } from '../account/token-error.js';
import { ProtocolError } from '../errors.js';
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
 * Sends `operation` with `AccessToken` added to `body` (an alias the person typed is resolved first). TOKEN_REVOKED (sign-out elsewhere, a forgotten device, a
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
  const user = await canonical(core, username);
  return { core, user, answer: await sendAs(core, user, operation, body, retryable, options?.signal) };
}

/** withAccessToken for a user already canonical. */
export async function sendAs<O extends OperationName>(
  core: AuthCore,
  user: string,
  operation: O,
  body: Omit<RequestOf<O>, 'AccessToken'>,
  retryable: boolean,
  signal: AbortSignalLike | undefined,
): Promise<ResponseOf<O>> {
  const tokens = await tokensFor(core, user, false, signal);
  try {
    const request = { ...body, AccessToken: tokens.accessToken } as RequestOf<O>;
    return await send(core, operation, request, retryable, signal);
  } catch (raw) {
    const error = accessTokenError(asCogflowError(raw));
    if (error.code === 'TOKEN_REVOKED') {
      await dropTokens(core, user);
      core.emit({ type: 'signed-out', username: user });
    }
    throw error;
  }
}

/** A listing longer than this many pages is a service leading us in circles. */
const MAX_PAGES = 100;

/**
 * Every item of a paged listing with the access token (ListDevices, ListWebAuthnCredentials): `body` is the first
 * page's request, `tokenField` both the answer's next-page token and the request field that asks for that page.
 */
export async function allPages<O extends 'ListDevices' | 'ListWebAuthnCredentials', T>(
  auth: AuthClient,
  username: string,
  options: { signal?: AbortSignalLike } | undefined,
  operation: O,
  body: Omit<RequestOf<O>, 'AccessToken'>,
  listField: string,
  tokenField: 'PaginationToken' | 'NextToken',
  item: (value: unknown) => T,
): Promise<T[]> {
  const items: T[] = [];
  let request = body;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { answer } = await withAccessToken(auth, username, operation, request, true, options);
    const { items: found, next } = pageOf(answer, operation, listField, tokenField, item);
    items.push(...found);
    if (!next) return items;
    request = { ...body, [tokenField]: next };
  }
  throw new ProtocolError(`${operation}: too many pages`, { field: tokenField });
}
