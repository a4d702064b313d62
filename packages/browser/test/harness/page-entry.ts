// The test page's module: the package under test, the conformance runners and a few hooks the suites drive.

import {
  type BrowserAuth,
  type BrowserAuthConfig,
  type BrowserAuthEvent,
  browserOAuth,
  createBrowserAuth,
  indexedDBStore,
  localStorageStore,
  memoryLock,
  memoryStore,
  sessionStorageStore,
  storageLeaseLock,
  syncTabs,
} from '@cogflow/browser';

export * from '@cogflow/browser';
export { inWorker } from './ports-entry.js';

let offset = 0;
/** The page's clock for token expiry: the suites move it with the emulator's so tokens expire on cue. */
export const clock = { now: (): number => Date.now() + offset };
export function shiftClock(ms: number): void {
  offset += ms;
}

export let auth: BrowserAuth | undefined;
let stopSync: (() => void) | undefined;

/** The suites name a store (they cross page.evaluate as JSON); a page imports the one it chooses. */
const STORES = {
  local: { make: localStorageStore, perTab: false },
  session: { make: sessionStorageStore, perTab: true },
  indexeddb: { make: indexedDBStore, perTab: false },
  memory: { make: memoryStore, perTab: true },
};
export type StoreName = keyof typeof STORES;
export const events: BrowserAuthEvent[] = [];
/** Every request the auth client sent, by operation, counted in this tab. */
export const sent: Record<string, number> = {};

/**
 * Makes this tab's auth client. `lease` swaps Web Locks for the localStorage-lease fallback lock; `tab-only` uses a
 * lock that does not reach other tabs (the control case that shows what the cross-tab lock prevents).
 */
export function setup(
  config: Omit<BrowserAuthConfig, 'storage'> & { storage?: StoreName },
  options: { lock?: 'web-locks' | 'lease' | 'tab-only' } = {},
): void {
  stopSync?.();
  events.length = 0;
  const countingFetch: typeof fetch = (input, init) => {
    const target = new Headers(init?.headers).get('X-Amz-Target') ?? '';
    const op = target.split('.').pop() ?? '';
    sent[op] = (sent[op] ?? 0) + 1;
    return fetch(input, init);
  };
  const { storage = 'local', ...rest } = config;
  const chosen = STORES[storage];
  auth = createBrowserAuth({
    ...rest,
    storage: chosen.make(),
    clock,
    fetch: countingFetch,
    ...(options.lock === 'lease' ? { lock: storageLeaseLock() } : {}),
    ...(options.lock === 'tab-only' ? { lock: memoryLock() } : {}),
  });
  auth.subscribe((event) => events.push(event));
  stopSync = syncTabs(auth, { perTabStore: chosen.perTab });
}

/** The OAuth tests' auth instance on this page (made again after every navigation). */
export let oauthAuth: BrowserAuth | undefined;
export function setupOAuth(c: {
  endpoint: string;
  userPoolId: string;
  clientId: string;
  domain: string;
  redirectUri: string;
  issuer: string;
  logoutUri?: string;
}): void {
  const { domain, redirectUri, issuer, logoutUri, ...rest } = c;
  oauthAuth = createBrowserAuth({
    ...rest,
    clock,
    oauth: browserOAuth({ domain, redirectUri, issuer, ...(logoutUri ? { logoutUri } : {}) }),
  });
}
