// The browser's one-call setup: core's auth instance wired to fetch, WebCrypto, a web store and Web Locks. What
// a page does not choose (IndexedDB, another store, the cross-tab channel, passkeys) it imports itself, or never.

import {
  type AuthClient,
  type AuthConfig,
  type AuthEvent,
  type Clock,
  createAuthClient,
  type Hash,
  InputError,
  type Lock,
  type Store,
  type StoreError,
  type Transport,
  userPoolRegion,
} from '@cogflow/core';
import { fetchTransport } from './fetch-transport.js';
import { globalLocalStorage } from './global-storage.js';
import { defaultTabLock } from './locks/tab-lock.js';
import { localStorageStore } from './stores/web-storage-store.js';
import { webCryptoHash } from './web-crypto-hash.js';
import { webRandom } from './web-random.js';

export interface BrowserAuthConfig extends AuthConfig {
  /** The service endpoint; default the region's public one. Point it at @cogflow/emulator in tests. */
  endpoint?: string;
  /** Default: the part of `userPoolId` before `_`. */
  region?: string;
  /**
   * Where tokens, device secrets and pending sign-ins live. Default `localStorageStore()`, shared by every tab of
   * the origin (so tabs share one session). Elsewhere pass one: `indexedDBStore()` in a worker,
   * `sessionStorageStore()` or `memoryStore()` for a session per tab, `withFallback(store, { fallback: 'memory' })`
   * to keep working where the storage is blocked.
   */
  storage?: Store;
  fetch?: typeof fetch;
  timeoutMs?: number;
  maxAttempts?: number;
  /**
   * Single-flight for refreshes. Default: Web Locks; where the tabs share localStorage but have no Web Locks (an
   * older browser, a page that is not a secure context) the first refresh fails with an InputError until one is
   * given, e.g. `tabLock()` (Web Locks, else a localStorage lease); with neither, a lock for this page or worker only.
   */
  lock?: Lock;
  /**
   * SHA-256 and HMAC-SHA256 (default WebCrypto's, which needs a secure context: https or localhost). Elsewhere
   * pass `nobleHash` from @cogflow/core, which costs about 3 KB gzipped more.
   */
  hash?: Hash;
  /** The clock token expiry is judged by (default Date.now); a device whose clock is known to be off can correct it. */
  clock?: Clock;
}

/** An event of this tab, or (`remote: true`, with syncTabs) one that another tab or worker of the origin announced. */
export type BrowserAuthEvent = AuthEvent;

export interface BrowserAuth extends AuthClient {
  /** The store in use; a `withFallback` store's `fallbackReason` says whether it fell back. */
  readonly store: Store & { readonly fallbackReason?: StoreError | undefined };
  readonly transport: Transport;
}

/** Signs people in from a page or a module worker. Refuses a client secret: a browser cannot keep one. */
export function createBrowserAuth(config: BrowserAuthConfig): BrowserAuth {
  if (config === null || typeof config !== 'object')
    throw new InputError('createBrowserAuth needs a config object: { userPoolId, clientId }');
  if (config.clientSecret !== undefined) {
    throw new InputError('A client secret cannot be kept secret in a browser: use an app client without one');
  }
  // fetchTransport reads only its own options (endpoint, region, fetch, timeoutMs, maxAttempts); unset ones default.
  const transport = fetchTransport({ ...config, region: config.region ?? userPoolRegion(config.userPoolId) });
  let store = config.storage;
  if (store === undefined) {
    if (!globalLocalStorage())
      throw new InputError('No localStorage here (a worker?): pass storage, e.g. indexedDBStore()');
    store = localStorageStore();
  }
  const auth = createAuthClient({
    ...config,
    transport,
    store,
    random: webRandom(),
    hash: config.hash ?? webCryptoHash(),
    clock: config.clock ?? { now: () => Date.now() },
    lock: config.lock ?? defaultTabLock(),
  });
  return { ...auth, store, transport };
}
