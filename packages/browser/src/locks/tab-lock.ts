// Picks the strongest Lock this context offers: Web Locks, else a localStorage lease, else a lock for this page only.

import { InputError, type Lock } from '@cogflow/core';
import { globalLocalStorage } from '../global-storage.js';
import { memoryLock } from './memory-lock.js';
import { storageLeaseLock } from './storage-lease-lock.js';
import { hasWebLocks, webLocksLock } from './web-locks-lock.js';

/** One refresh at a time across the tabs and workers of an origin, wherever the platform allows it. */
export function tabLock(): Lock {
  if (hasWebLocks()) return webLocksLock();
  if (globalLocalStorage()) return storageLeaseLock();
  return memoryLock();
}

/**
 * createBrowserAuth's lock when the page names none: Web Locks, which every browser this package targets has in
 * secure contexts. Where the tabs share localStorage but have no Web Locks (an older browser, a page that is not a
 * secure context), a lock for this page alone would let two tabs refresh at once: the first operation that needs the
 * lock fails with an InputError that says to choose one, instead of weakening quietly, so that only a page that asks
 * for the lease lock carries it. Creation itself never throws, so the page's module still loads. With neither (a test
 * runner, a worker without Web Locks) nothing is shared, and a lock for this context suffices.
 */
export function defaultTabLock(): Lock {
  if (hasWebLocks()) return webLocksLock();
  if (globalLocalStorage()) {
    return {
      withLock: () =>
        Promise.reject(
          new InputError(
            'No Web Locks here (an older browser, or a page that is not a secure context): pass lock: tabLock()',
          ),
        ),
    };
  }
  return memoryLock();
}
