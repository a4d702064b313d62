// Tokens: getTokens (refreshed single-flight when about to expire: per process, and across processes or tabs
// through the Lock port) and peekTokens (as stored).

import { CogflowError, ServiceError } from '../errors.js';
import type { AbortSignalLike } from '../ports.js';
import type { InitiateAuthRequest } from '../protocol/operations.js';
import { refreshRequest } from '../tokens/refresh.js';
import { refreshDecision, tokenSetFromResult } from '../tokens/token-set.js';
import type { AuthClient, GetTokensOptions, TokenSet } from '../types.js';
import type { AuthCore } from './context.js';
import { asCogflowError, canonical, dropTokens, readTokens, saveTokens, send } from './records.js';

async function refreshFor(
  core: AuthCore,
  user: string,
  force: boolean,
  signal: AbortSignalLike | undefined,
  read: TokenSet | undefined,
): Promise<TokenSet> {
  const { options, keys, margin } = core;
  const now = (): number => options.clock.now();
  const seen = read ?? (await readTokens(core, user));
  if (!seen) throw new CogflowError('NO_SESSION', 'Not signed in');
  if (!force && refreshDecision(seen, now(), margin) === 'valid') return seen;
  return core.lock.withLock(
    keys.refreshLock(user),
    async () => {
      // Another process or tab may have refreshed while we waited for the lock: take its tokens.
      const current = await readTokens(core, user);
      if (!current) throw new CogflowError('NO_SESSION', 'Not signed in');
      if (
        refreshDecision(current, now(), margin) === 'valid' &&
        (!force || current.accessToken !== seen.accessToken)
      ) {
        return current;
      }
      if (!current.refreshToken) {
        throw new CogflowError('NO_SESSION', 'Tokens expired, no refresh token');
      }
      // An OAuth session refreshes at the token endpoint through the function its config carries, so this module
      // imports no OAuth code. Bound to a device, it refreshes through the API, as the service then requires (and
      // without that config the API's refresh is the one left to try).
      const oauth = current.via && !current.deviceKey ? options.oauth : undefined;
      let tokens: TokenSet;
      try {
        if (oauth) tokens = await oauth.refresh(core, current, signal);
        else {
          const request = await refreshRequest({ ...options, tokens: current, username: user });
          const answer: { AuthenticationResult?: unknown } = await send(
            core,
            request.operation as 'InitiateAuth',
            request.body as InitiateAuthRequest,
            request.retryable,
            signal,
          );
          // Whatever the transport gave back, tokenSetFromResult checks it (`?.` on a non-object reads undefined).
          const result = answer?.AuthenticationResult as Parameters<typeof tokenSetFromResult>[0];
          tokens = tokenSetFromResult(result, now(), { previous: current });
        }
      } catch (raw) {
        const error = asCogflowError(raw);
        // Only a definitive refusal ends the session; throttling, 5xx and network failures keep the tokens.
        const refused =
          (error instanceof ServiceError && error.type === 'NotAuthorizedException') ||
          error.code === 'INVALID_GRANT';
        core.emit({ type: 'refresh-failed', username: user, error, tokensKept: !refused });
        if (refused) {
          await dropTokens(core, user);
          core.emit({ type: 'signed-out', username: user });
        }
        throw error;
      }
      await saveTokens(core, user, tokens);
      core.emit({ type: 'tokens-refreshed', username: user });
      return tokens;
    },
    { ttlMs: 30_000, waitMs: 30_000 },
  );
}

/**
 * Valid tokens for a canonical user, single-flight per user and mode: what every capability that needs an access
 * token calls. `seen` is what the caller has just read from the store, which spares a second read; a caller that
 * joins a refresh in flight gets that refresh's tokens.
 */
export function tokensFor(
  core: AuthCore,
  user: string,
  force: boolean,
  signal: AbortSignalLike | undefined,
  seen?: TokenSet,
): Promise<TokenSet> {
  const key = `${user}\u0000${force}`;
  let promise = core.refreshes.get(key);
  if (!promise) {
    promise = refreshFor(core, user, force, signal, seen).finally(() => {
      core.refreshes.delete(key);
    });
    core.refreshes.set(key, promise);
  }
  return promise;
}

/** Valid tokens for a signed-in user, refreshed single-flight when they are about to expire. */
export async function getTokens(
  auth: AuthClient,
  username: string,
  options?: GetTokensOptions,
): Promise<TokenSet> {
  const { core } = auth;
  return tokensFor(core, await canonical(core, username), options?.forceRefresh ?? false, options?.signal);
}

/** Tokens as stored, without refreshing; undefined when not signed in. */
export async function peekTokens(auth: AuthClient, username: string): Promise<TokenSet | undefined> {
  const { core } = auth;
  return readTokens(core, await canonical(core, username));
}
