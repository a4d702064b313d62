// Sign-in through the user-pool domain (managed login, social providers): the authorization request, and the
// callback exchanged for tokens that are stored and announced like any sign-in's. The pending authorization is
// kept by the caller (a tab's sessionStorage) or, with startAuthorization, in the store for any server of a fleet.

import { InputError, OAuthError, ProtocolError } from '../errors.js';
import {
  type AuthorizeOptions,
  createAuthorization,
  type PendingAuthorization,
  parsePendingAuthorization,
} from '../oauth/authorize.js';
import { callbackState, readCallback } from '../oauth/callback.js';
import { checkIDToken } from '../oauth/id-token.js';
import type { AbortSignalLike } from '../ports.js';
import { decodeJWTClaims } from '../tokens/jwt.js';
import { tokenUser } from '../tokens/token-set.js';
import type { AuthClient, SignedInUser, TokenSet } from '../types.js';
import { issuerOf, oauthOf, requestTokens } from './oauth-config.js';
import { drop, put, readRecord, saveTokens } from './records.js';

/** How long a callback may take (the person on the login page, MFA): 10 minutes by default. */
export const DEFAULT_AUTHORIZATION_TTL_SECONDS = 600;

export interface OAuthSignInResult {
  status: 'SIGNED_IN';
  tokens: TokenSet;
  user: SignedInUser;
  /** The customState given to the authorization request. */
  customState?: string;
}

/** The authorize URL to send the person to, and the pending authorization to keep until the callback. */
export async function createAuthorizationRequest(
  auth: AuthClient,
  options: AuthorizeOptions = {},
): Promise<{ url: string; pending: PendingAuthorization }> {
  const { core } = auth;
  const config = oauthOf(core);
  const redirectUri = options.redirectUri ?? config.redirectUri;
  if (!redirectUri) throw new InputError('No redirectUri: pass one, or set it in oauthConfig');
  return createAuthorization({
    ...options,
    authorizeEndpoint: config.endpoints.authorize,
    clientId: core.options.clientId,
    redirectUri,
    scopes: options.scopes ?? [...config.scopes],
    random: core.options.random,
    hash: core.options.hash,
    now: core.options.clock.now(),
  });
}

export interface CompleteAuthorizationInput {
  /** The URL the domain redirected to (with `code` and `state`, or `error`). */
  url: string;
  /** What createAuthorizationRequest gave, or undefined when none is kept (refused as STATE_MISMATCH). */
  pending: PendingAuthorization | undefined;
  signal?: AbortSignalLike;
  /** How old the pending authorization may be, in seconds (default 600). */
  maxAgeSeconds?: number;
}

/**
 * Checks the callback (state, then error), exchanges the code with the PKCE verifier, checks the ID token (nonce,
 * audience, issuer, expiry) and stores the tokens under the user they name. Nothing is stored when any check
 * fails. The caller drops the pending authorization before calling: a code is good for one exchange only.
 */
export async function completeAuthorization(
  auth: AuthClient,
  input: CompleteAuthorizationInput,
): Promise<OAuthSignInResult> {
  const { core } = auth;
  const config = oauthOf(core);
  const { pending } = input;
  const { code } = readCallback(input.url, pending);
  const now = core.options.clock.now();
  const maxAge = (input.maxAgeSeconds ?? DEFAULT_AUTHORIZATION_TTL_SECONDS) * 1000;
  if (!pending || !(now - pending.createdAt <= maxAge))
    throw new OAuthError('STATE_MISMATCH', 'The authorization this callback answers has expired');
  const tokens = await requestTokens(
    core,
    {
      grant_type: 'authorization_code',
      code,
      redirect_uri: pending.redirectUri,
      code_verifier: pending.verifier,
    },
    input.signal,
  );
  if (tokens.idToken || pending.scopes.includes('openid')) {
    if (!tokens.idToken)
      throw new ProtocolError('The token answer has no id_token for openid', { field: 'id_token' });
    const { clientId } = core.options;
    checkIDToken(tokens.idToken, { clientId, issuer: issuerOf(core, config), nonce: pending.nonce, now });
  }
  const { username, sub } = tokenUser(tokens);
  if (!username) throw new ProtocolError('The access token names no user', { field: 'username' });
  // A pool that remembers devices binds the session to the device: such a session refreshes through the API.
  const deviceKey = decodeJWTClaims(tokens.accessToken, 'AccessToken').device_key;
  if (typeof deviceKey === 'string' && deviceKey) tokens.deviceKey = deviceKey;
  await saveTokens(core, username, tokens);
  core.emit({ type: 'signed-in', username });
  const result: OAuthSignInResult = {
    status: 'SIGNED_IN',
    tokens,
    user: sub ? { username, sub } : { username },
  };
  if (pending.customState !== undefined) result.customState = pending.customState;
  return result;
}

const pendingKey = (auth: AuthClient, state: string): string => auth.core.keys.pending(`oauth.${state}`);

/**
 * For servers: like createAuthorizationRequest, with the pending authorization kept in the store (with a TTL)
 * under its state, so that whichever instance of a fleet gets the callback can finish it.
 */
export async function startAuthorization(
  auth: AuthClient,
  options: AuthorizeOptions & { ttlSeconds?: number } = {},
): Promise<{ url: string; state: string }> {
  const { ttlSeconds = DEFAULT_AUTHORIZATION_TTL_SECONDS, ...authorize } = options;
  const { url, pending } = await createAuthorizationRequest(auth, authorize);
  await put(auth.core, pendingKey(auth, pending.state), pending, { ttlSeconds });
  return { url, state: pending.state };
}

/**
 * For servers: finishes the authorization the callback's state names, started by startAuthorization on any
 * instance sharing the store. The pending record is deleted before the exchange, so a replayed callback finds
 * nothing (STATE_MISMATCH) even when the service would have refused the code anyway.
 */
export async function finishAuthorization(
  auth: AuthClient,
  url: string,
  options?: { signal?: AbortSignalLike },
): Promise<OAuthSignInResult> {
  const { core } = auth;
  const state = callbackState(url);
  let pending: PendingAuthorization | undefined;
  if (state) {
    const key = pendingKey(auth, state);
    const stored = await readRecord<PendingAuthorization>(
      core.options.store,
      key,
      'pending authorization',
      (r) => Boolean(parsePendingAuthorization(r)),
    );
    if (stored) {
      await drop(core, key);
      pending = parsePendingAuthorization(stored);
    }
  }
  return completeAuthorization(auth, {
    url,
    pending,
    ...(options?.signal ? { signal: options.signal } : {}),
  });
}
