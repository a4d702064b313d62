// The Lock port on the Web Locks API (W3C Web Locks): one holder per name across every tab and worker of an origin.

import type { Lock, LockOptions } from '@cogflow/core';
import { globalLocalStorage } from '../global-storage.js';
import { waitForEvent } from '../wait-for-event.js';
import { lockTimeout } from './lock-timeout.js';

export interface WebLocksLockOptions {
  /** The LockManager (default `navigator.locks`, looked up on each call). */
  locks?: LockManager;
  /** Prepended to lock names (default `cogflow:`), so other code of the origin cannot collide. */
  prefix?: string;
  /**
   * The Web Storage whose writes a holder makes must be visible to the next holder (default `localStorage` where
   * the context has one; `null` for none). See `syncMs`.
   */
  storage?: Storage | null;
  /**
   * How long a holder that had to wait gives the previous holder's storage writes to arrive, in ms (default 2000).
   * Browsers hand localStorage writes to other tabs asynchronously, on a path that is not ordered with the Web
   * Lock's release: without this, the next holder could read tokens the previous one has already replaced, and
   * refresh them again. The wait ends as soon as the previous holder's release mark arrives; it runs to the end only
   * when that holder's tab closed without releasing.
   */
  syncMs?: number;
}

/** Whether this context has Web Locks (secure pages and workers in current browsers). */
export function hasWebLocks(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.locks?.request === 'function';
}

/**
 * A Lock on navigator.locks. The browser frees a lock when its holder's tab or worker goes away, so `ttlMs` is not
 * needed and not used; `waitMs` aborts the wait with `LOCK_TIMEOUT`. Each holder leaves a release mark in storage
 * after its own writes, and a holder that waited reads on only once that mark has reached its tab (see `syncMs`).
 */
export function webLocksLock(options: WebLocksLockOptions = {}): Lock {
  const prefix = options.prefix ?? 'cogflow:';
  const syncMs = options.syncMs ?? 2000;
  return {
    async withLock<T>(name: string, fn: () => Promise<T>, lockOptions: LockOptions = {}): Promise<T> {
      const manager = options.locks ?? navigator.locks;
      // Looked up on each call; `storage: null` stays null.
      const { storage = globalLocalStorage() } = options;
      const markKey = `${prefix}released:${name}`;
      const seen = storage?.getItem(markKey) ?? null;
      let acquired = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const hold = async (waited: boolean): Promise<T> => {
        acquired = true;
        clearTimeout(timer);
        // Reads on once the mark differs from the one seen before waiting: a `storage` event brings the new one.
        if (waited && storage?.getItem(markKey) === seen) {
          await waitForEvent(
            globalThis,
            'storage',
            syncMs,
            (event) => (event as StorageEvent).key === markKey,
          );
        }
        try {
          return await fn();
        } finally {
          // Written after the holder's own writes, on the same ordered path to the other tabs.
          try {
            storage?.setItem(markKey, `${Date.now()}.${Math.random()}`);
          } catch {
            // A full or blocked storage: the next holder then waits syncMs at most.
          }
        }
      };
      const free = await manager.request(prefix + name, { ifAvailable: true }, async (lock) =>
        lock ? { value: await hold(false) } : undefined,
      );
      if (free) return free.value;

      const { waitMs } = lockOptions;
      const controller = waitMs === undefined ? undefined : new AbortController();
      if (controller) timer = setTimeout(() => controller.abort(), waitMs);
      try {
        return await manager.request(prefix + name, controller ? { signal: controller.signal } : {}, () =>
          hold(true),
        );
      } catch (error) {
        if (!acquired && controller?.signal.aborted) throw lockTimeout(name, waitMs as number);
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
