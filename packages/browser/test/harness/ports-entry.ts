// The ports page's module: stores, locks, randomness and the WebCrypto hash with their runners, without the auth
// client.

export { memoryLock } from '../../src/locks/memory-lock.js';
export { storageLeaseLock } from '../../src/locks/storage-lease-lock.js';
export { webLocksLock } from '../../src/locks/web-locks-lock.js';
export { withFallback } from '../../src/stores/fallback-store.js';
export { indexedDBStore } from '../../src/stores/indexeddb-store.js';
export { memoryStore } from '../../src/stores/memory-store.js';
export { localStorageStore, sessionStorageStore } from '../../src/stores/web-storage-store.js';
export { webCryptoHash } from '../../src/web-crypto-hash.js';
export { webRandom } from '../../src/web-random.js';
export { runHashCases } from './hash-cases.js';
export { deniedStorage, runLockCase, runStoreCase, runStoreSuite } from './suites.js';

/** Runs one message through a fresh module worker and returns its answer. */
export function inWorker<T>(message: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker('/worker.js', { type: 'module' });
    worker.onmessage = (event: MessageEvent) => {
      worker.terminate();
      resolve(event.data as T);
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`worker failed: ${event.message}`));
    };
    worker.postMessage(message);
  });
}
