// A Lock for browsers without Web Locks: a lease written to localStorage, confirmed after a settle delay.

import { type Lock, type LockOptions, StoreError } from '@cogflow/core';
import { globalLocalStorage } from '../global-storage.js';
import { lockTimeout } from './lock-timeout.js';

export interface StorageLeaseLockOptions {
  /** The Storage shared by the tabs (default the global localStorage, looked up on each call). */
  storage?: Storage;
  /** Prepended to lock keys (default `cogflow:lock:`). */
  prefix?: string;
  /** How long a writer waits for a competing write to land before trusting its lease, in ms (default 30). */
  settleMs?: number;
}

interface Lease {
  o: string;
  u: number;
}

const DEFAULT_TTL_MS = 10_000;
const DEFAULT_WAIT_MS = 30_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function readLease(storage: Storage, key: string): Lease | undefined {
  try {
    const lease = JSON.parse(storage.getItem(key) ?? 'null') as Lease | null;
    return lease && typeof lease.o === 'string' && typeof lease.u === 'number' ? lease : undefined;
  } catch {
    // An unreadable lease is treated as free: the worst case is one extra refresh, never a stuck tab.
    return undefined;
  }
}

/**
 * A best-effort cross-tab lock: write a lease, wait `settleMs`, and hold the lock only if the lease is still ours.
 * Tabs of one origin share localStorage, so two writers race and exactly one lease survives. Storage events may
 * arrive late under heavy load, so this is weaker than Web Locks; `ttlMs` frees the lease of a closed tab.
 * A storage that cannot be used (none, SecurityError, a full quota) rejects with STORE_UNAVAILABLE before `fn` runs;
 * a lease that cannot be removed after `fn` is left to expire after `ttlMs`, and `fn`'s outcome stands.
 */
export function storageLeaseLock(options: StorageLeaseLockOptions = {}): Lock {
  const prefix = options.prefix ?? 'cogflow:lock:';
  const settleMs = options.settleMs ?? 30;
  return {
    async withLock<T>(name: string, fn: () => Promise<T>, lockOptions: LockOptions = {}): Promise<T> {
      const storage = options.storage ?? globalLocalStorage();
      const unavailable = (cause?: unknown): StoreError =>
        new StoreError('STORE_UNAVAILABLE', `Lock "${name}": localStorage cannot be used`, { cause });
      if (!storage) throw unavailable();
      const key = prefix + name;
      const ttlMs = lockOptions.ttlMs ?? DEFAULT_TTL_MS;
      const waitMs = lockOptions.waitMs ?? DEFAULT_WAIT_MS;
      const owner = `${Date.now().toString(36)}.${Math.random().toString(36).slice(2)}`;
      const deadline = Date.now() + waitMs;
      for (;;) {
        const current = readLease(storage, key);
        if (!current || current.u <= Date.now()) {
          try {
            storage.setItem(key, JSON.stringify({ o: owner, u: Date.now() + ttlMs } satisfies Lease));
          } catch (cause) {
            throw unavailable(cause);
          }
          await sleep(settleMs);
          if (readLease(storage, key)?.o === owner) break;
        }
        if (Date.now() >= deadline) throw lockTimeout(name, waitMs);
        await sleep(Math.min(20 + Math.random() * 30, Math.max(1, deadline - Date.now())));
      }
      try {
        return await fn();
      } finally {
        // Release only our own lease: after a ttl expiry someone else may hold it now.
        try {
          if (readLease(storage, key)?.o === owner) storage.removeItem(key);
        } catch {
          // The lease expires after ttlMs; fn's result or error is what the caller must see.
        }
      }
    },
  };
}
