// createNodeAuth: core's auth instance wired with Node's ports (SDK transport, OpenSSL modPow, node:crypto, stores).

import {
  type AuthClient,
  type AuthConfig,
  type Clock,
  createAuthClient,
  type Hash,
  type Lock,
  nobleHash,
  type OAuthConfig,
  type OAuthSettings,
  oauthConfig,
  type Random,
  type Store,
  type Transport,
  userPoolRegion,
} from '@cogflow/core';
import { memoryStore } from './memory-store.js';
import { opensslModPow } from './modpow.js';
import { fetchOAuthHTTP } from './oauth/fetch-oauth-http.js';
import { nodeRandom } from './random.js';
import type { RedisCommandClient } from './redis-client.js';
import { redisLock } from './redis-lock.js';
import { redisStore } from './redis-store.js';
import { sdkTransport } from './sdk-transport.js';
import { systemClock } from './system-clock.js';

export interface NodeAuthConfig extends Omit<AuthConfig, 'oauth'> {
  /** The pool's region; by default the part of `userPoolId` before `_`. */
  region?: string;
  /** Overrides the Cognito endpoint (a local emulator). */
  endpoint?: string;
  /** Per-attempt request timeout in ms (default 10 000; 0 turns it off). */
  timeoutMs?: number;
  /** Attempts for retryable failures (default 3). */
  maxAttempts?: number;
  /**
   * Share pending sign-ins, device secrets, tokens and refresh locks with every instance on this Redis: sets
   * `store` and `lock` to redisStore and redisLock on this client (keys under `prefix`, default `cogflow:`).
   */
  redis?: { client: RedisCommandClient; prefix?: string };
  /** Where tokens, device secrets and pending sign-ins live (default: memoryStore, this process only). */
  store?: Store;
  /** Single-flight of refreshes (default: core's in-process lock). */
  lock?: Lock;
  /** A transport of your own (default: sdkTransport on the region and endpoint). */
  transport?: Transport;
  random?: Random;
  clock?: Clock;
  /** SHA-256 and HMAC-SHA256 (default nobleHash from @cogflow/core). */
  hash?: Hash;
  /**
   * The user-pool domain: settings (`{ domain, redirectUri, ... }`, given fetch as HTTP and, with `endpoint`, the
   * issuer `<endpoint>/<poolId>` an emulator uses) or a ready `oauthConfig(...)`.
   */
  oauth?: OAuthSettings | OAuthConfig;
}

function nodeOAuth(config: NodeAuthConfig): OAuthConfig | undefined {
  const { oauth, endpoint, userPoolId } = config;
  if (oauth === undefined) return undefined;
  if ('refresh' in oauth && typeof oauth.refresh === 'function') {
    return oauth.http ? oauth : { ...oauth, http: fetchOAuthHTTP() };
  }
  const settings = oauth as OAuthSettings;
  const issuer = settings.issuer ?? (endpoint ? `${endpoint.replace(/\/+$/, '')}/${userPoolId}` : undefined);
  return oauthConfig({ http: fetchOAuthHTTP(), ...settings, ...(issuer ? { issuer } : {}) });
}

export function createNodeAuth(config: NodeAuthConfig): AuthClient {
  const {
    region,
    endpoint,
    timeoutMs,
    maxAttempts,
    redis,
    store,
    lock,
    transport,
    random,
    clock,
    hash,
    oauth: _oauth,
    ...authConfig
  } = config;
  const oauth = nodeOAuth(config);
  const resolvedRandom = random ?? nodeRandom;
  const sharedPrefix = redis?.prefix ?? 'cogflow:';
  return createAuthClient({
    ...authConfig,
    transport:
      transport ??
      sdkTransport({
        region: region ?? userPoolRegion(config.userPoolId),
        ...(endpoint === undefined ? {} : { endpoint }),
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        ...(maxAttempts === undefined ? {} : { maxAttempts }),
        random: resolvedRandom,
      }),
    store: store ?? (redis ? redisStore({ client: redis.client, prefix: sharedPrefix }) : memoryStore()),
    ...((lock ?? redis)
      ? { lock: lock ?? redisLock({ client: redis!.client, prefix: `${sharedPrefix}lock:` }) }
      : {}),
    random: resolvedRandom,
    clock: clock ?? systemClock,
    hash: hash ?? nobleHash,
    modPow: opensslModPow,
    ...(oauth ? { oauth } : {}),
  });
}
