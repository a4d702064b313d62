// @cogflow/browser: fetch transport, WebCrypto randomness, web stores, cross-tab locks and events, passkeys.

// Core's capability functions and types (signIn, confirmSignIn, getTokens, signOut, ...), so that a page imports
// everything from its adapter. Re-exports cost nothing: a bundler keeps only what is used.
export * from '@cogflow/core';
export {
  type BrowserAuth,
  type BrowserAuthConfig,
  type BrowserAuthEvent,
  createBrowserAuth,
} from './create-browser-auth.js';
export { type FetchTransportOptions, fetchTransport } from './fetch-transport.js';
export { memoryLock } from './locks/memory-lock.js';
export { type StorageLeaseLockOptions, storageLeaseLock } from './locks/storage-lease-lock.js';
export { tabLock } from './locks/tab-lock.js';
export { hasWebLocks, type WebLocksLockOptions, webLocksLock } from './locks/web-locks-lock.js';
export * from './oauth/index.js';
export { fromBase64URL, toBase64URL } from './passkeys/base64url.js';
export {
  getPasskeyAssertion,
  type PasskeyAuth,
  type PasskeyOptions,
  type PasskeySignInInput,
  registerPasskey,
  registerPasskeyWithToken,
  signInWithPasskey,
} from './passkeys/passkeys.js';
export {
  assertionToJSON,
  attestationToJSON,
  toCreationOptions,
  toRequestOptions,
} from './passkeys/webauthn-json.js';
export {
  type BrowserStore,
  type BrowserStoreOptions,
  type StoreFallback,
  withFallback,
} from './stores/fallback-store.js';
export { type IndexedDBStoreOptions, indexedDBStore } from './stores/indexeddb-store.js';
export { type MemoryStoreOptions, memoryStore } from './stores/memory-store.js';
export {
  localStorageStore,
  sessionStorageStore,
  type WebStorageStoreOptions,
} from './stores/web-storage-store.js';
export { type SyncTabsOptions, syncTabs } from './tabs/sync-tabs.js';
export { type TabChannel, type TabChannelOptions, tabChannel } from './tabs/tab-channel.js';
export { type SubtleHash, type WebCryptoHashOptions, webCryptoHash } from './web-crypto-hash.js';
export { type WebRandomOptions, webRandom } from './web-random.js';
