// The browser's convenience constructor: core's auth client wired to fetch, WebCrypto, a web store, tab locks and events.

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
import { tabLock } from './locks/tab-lock.js';
import { notify } from './notify.js';
import { type StoreFallback, withFallback } from './stores/fallback-store.js';
import { indexedDBStore } from './stores/indexeddb-store.js';
import { memoryStore } from './stores/memory-store.js';
import { localStorageStore, sessionStorageStore } from './stores/web-storage-store.js';
import { tabChannel } from './tabs/tab-channel.js';
import { webCryptoHash } from './web-crypto-hash.js';
import { webRandom } from './web-random.js';

export type StorageChoice = 'local' | 'session' | 'indexeddb' | 'memory';

export interface BrowserAuthConfig extends AuthConfig {
  /** The service endpoint; default the region's public one. Point it at @cogflow/emulator in tests. */
  endpoint?: string;
  /** Default: the part of `userPoolId` before `_`. */
  region?: string;
  /**
   * Where tokens, device secrets and pending sign-ins live. Default `'local'` in a page, `'indexeddb'` in a worker.
   * `'local'` and `'indexeddb'` are shared by every tab, so tabs share one session; `'session'` and `'memory'` are
   * per tab.
   */
  storage?: StorageChoice | Store;
  /** With a named storage: `'memory'` keeps working when the storage is unavailable (see BrowserStore). */
  storageFallback?: StoreFallback;
  fetch?: typeof fetch;
  timeoutMs?: number;
  maxAttempts?: number;
  /** Single-flight for refreshes; default Web Locks, else a localStorage lease, else this page only. */
  lock?: Lock;
  /**
   * SHA-256 and HMAC-SHA256 (default WebCrypto's, which needs a secure context: https or localhost). Elsewhere
   * pass `nobleHash` from @cogflow/core, which costs about 3 KB gzipped more.
   */
  hash?: Hash;
  /** The clock token expiry is judged by (default Date.now); a device whose clock is known to be off can correct it. */
  clock?: Clock;
}

/** An event of this tab, or (`remote: true`) one that another tab or worker of the origin announced. */
export type BrowserAuthEvent = AuthEvent & { remote?: true };

export interface BrowserAuth extends Omit<AuthClient, 'subscribe'> {
  /** The store in use; with `storageFallback: 'memory'`, its `fallbackReason` says whether it fell back. */
  readonly store: Store & { readonly fallbackReason?: StoreError | undefined };
  readonly transport: Transport;
  /** Events of this tab and of the others on the same pool and client (sign-out anywhere reaches every tab). */
  subscribe(listener: (event: BrowserAuthEvent) => void): () => void;
  /** Stops listening to other tabs. */
  close(): void;
}

function makeStore(config: BrowserAuthConfig): { store: Store; shared: boolean } {
  const choice = config.storage ?? (globalLocalStorage() ? 'local' : 'indexeddb');
  if (typeof choice !== 'string') return { store: choice, shared: true };
  const fallback = config.storageFallback;
  const named = (store: Store, shared: boolean): { store: Store; shared: boolean } => ({
    store: fallback ? withFallback(store, { fallback }) : store,
    shared,
  });
  switch (choice) {
    case 'local':
      return named(localStorageStore(), true);
    case 'session':
      return named(sessionStorageStore(), false);
    case 'indexeddb':
      return named(indexedDBStore(), true);
    case 'memory':
      return { store: memoryStore(), shared: false };
    default:
      throw new InputError('storage must be local, session, indexeddb, memory or a Store');
  }
}

/** Signs people in from a page or a module worker. Refuses a client secret: a browser cannot keep one. */
export function createBrowserAuth(config: BrowserAuthConfig): BrowserAuth {
  if (config.clientSecret !== undefined) {
    throw new InputError('A client secret cannot be kept secret in a browser: use an app client without one');
  }
  const transport = fetchTransport({
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    region: config.region ?? userPoolRegion(config.userPoolId),
    ...(config.fetch ? { fetch: config.fetch } : {}),
    ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
    ...(config.maxAttempts !== undefined ? { maxAttempts: config.maxAttempts } : {}),
  });
  const { store, shared } = makeStore(config);
  const client = createAuthClient({
    ...config,
    transport,
    store,
    random: webRandom(),
    hash: config.hash ?? webCryptoHash(),
    clock: config.clock ?? { now: () => Date.now() },
    lock: config.lock ?? tabLock(),
  });

  const listeners = new Set<(event: BrowserAuthEvent) => void>();
  const emit = (event: BrowserAuthEvent): void => notify(listeners, event);
  const channel = tabChannel(`cogflow:${config.userPoolId}:${config.clientId}`);
  // Users whose sign-out this tab is repeating for another tab: not announced again, or tabs would echo forever.
  const echoing = new Set<string>();

  const unsubscribeClient = client.subscribe((event) => {
    // The other tabs first: what this tab's listeners do must not keep a sign-out from reaching them.
    if (!(event.type === 'signed-out' && echoing.has(event.username))) channel.post(event);
    emit(event);
  });
  const unsubscribeChannel = channel.subscribe((event) => {
    if (event.type !== 'signed-out' || shared) {
      emit({ ...event, remote: true });
      return;
    }
    // A per-tab store holds this tab's own session of that user: end it too, and let its event speak for both.
    void (async () => {
      if (!(await client.peekTokens(event.username).catch(() => undefined))) {
        emit({ ...event, remote: true });
        return;
      }
      echoing.add(event.username);
      try {
        await client.signOut(event.username);
      } catch {
        emit({ ...event, remote: true });
      } finally {
        echoing.delete(event.username);
      }
    })();
  });

  return {
    // The client's methods are closures that never use `this`, so they can be handed on as they are.
    ...client,
    store,
    transport,
    subscribe(listener: (event: BrowserAuthEvent) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close(): void {
      unsubscribeClient();
      unsubscribeChannel();
      channel.close();
      listeners.clear();
    },
  };
}
