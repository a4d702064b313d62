// Picks the strongest Lock this context offers: Web Locks, else a localStorage lease, else a lock for this page only.

import type { Lock } from '@cogflow/core';
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
