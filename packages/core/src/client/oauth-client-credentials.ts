// Machine-to-machine tokens (RFC 6749 4.4, client_credentials with custom resource-server scopes): cached in the
// store and fetched single-flight, per process and, through the Lock port, across a fleet.

import { InputError } from '../errors.js';
import type { AbortSignalLike } from '../ports.js';
import { refreshDecision } from '../tokens/token-set.js';
import type { AuthClient, TokenSet } from '../types.js';
import type { AuthCore } from './context.js';
import { requestTokens } from './oauth-config.js';
import { put, readTokens } from './records.js';

export interface ClientCredentialsOptions {
  /** Custom scopes `<resource server identifier>/<scope>`; none asks for every scope the app client allows. */
  scopes?: string[];
  /** Fetch new tokens even when the cached ones are still valid. */
  forceRefresh?: boolean;
  signal?: AbortSignalLike;
}

async function fetchFor(core: AuthCore, scope: string, options: ClientCredentialsOptions): Promise<TokenSet> {
  // Beside the users' token records: `tokens::m2m:`, which no user name can reach (names are URI-encoded, so
  // never hold a raw `:`), kept out of store-keys.ts so that a page without OAuth does not ship it.
  const key = `${core.keys.tokens('')}:m2m:${encodeURIComponent(scope)}`;
  // readTokens reads any record of the tokens' shape; the "user" of this record is the app client.
  const read = (): Promise<TokenSet | undefined> =>
    readTokens({ ...core, keys: { ...core.keys, tokens: () => key } }, '');
  const valid = (t: TokenSet | undefined): t is TokenSet =>
    t !== undefined && refreshDecision(t, core.options.clock.now(), core.margin) === 'valid';
  const seen = await read();
  if (!options.forceRefresh && valid(seen)) return seen;
  return core.lock.withLock(
    key,
    async () => {
      // Another process may have fetched while we waited for the lock: take its tokens.
      const current = await read();
      if (valid(current) && (!options.forceRefresh || current.accessToken !== seen?.accessToken))
        return current;
      const tokens = await requestTokens(
        core,
        scope ? { grant_type: 'client_credentials', scope } : { grant_type: 'client_credentials' },
        options.signal,
      );
      await put(core, key, { username: core.options.clientId, tokens });
      return tokens;
    },
    { ttlMs: 30_000, waitMs: 30_000 },
  );
}

/**
 * An access token for the app client itself (confidential clients only). Callers asking at once, here or on
 * another instance sharing store and lock, share one request to the token endpoint; the tokens are reused until
 * they are within the refresh margin of expiry.
 */
export function getClientCredentialsTokens(
  auth: AuthClient,
  options: ClientCredentialsOptions = {},
): Promise<TokenSet> {
  const { core } = auth;
  if (!core.options.clientSecret)
    return Promise.reject(
      new InputError(
        "client_credentials needs clientSecret: pass the confidential app client's secret to createAuthClient",
      ),
    );
  const scopes = options.scopes ?? [];
  if (
    !Array.isArray(scopes) ||
    !scopes.every((s) => typeof s === 'string' && /^[\x21\x23-\x5b\x5d-\x7e]{1,256}$/.test(s))
  )
    return Promise.reject(new InputError('scopes must be a list of scope names without spaces'));
  const scope = [...new Set(scopes)].sort().join(' ');
  const flight = `\u0000m2m ${scope}${options.forceRefresh ? ' force' : ''}`;
  let promise = core.refreshes.get(flight);
  if (!promise) {
    promise = fetchFor(core, scope, options).finally(() => {
      core.refreshes.delete(flight);
    });
    core.refreshes.set(flight, promise);
  }
  return promise;
}
