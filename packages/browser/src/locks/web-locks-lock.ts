// The Lock port on the Web Locks API (W3C Web Locks): one holder per name across every tab and worker of an origin.

import type { Lock, LockOptions } from '@cogflow/core';
import { lockTimeout } from './lock-timeout.js';

export interface WebLocksLockOptions {
  /** The LockManager (default `navigator.locks`, looked up on each call). */
  locks?: LockManager;
  /** Prepended to lock names (default `cogflow:`), so other code of the origin cannot collide. */
  prefix?: string;
}

/** Whether this context has Web Locks (secure pages and workers in current browsers). */
export function hasWebLocks(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.locks?.request === 'function';
}

/**
 * A Lock on navigator.locks. The browser frees a lock when its holder's tab or worker goes away, so `ttlMs` is not
 * needed and not used; `waitMs` aborts the wait with `LOCK_TIMEOUT`.
 */
export function webLocksLock(options: WebLocksLockOptions = {}): Lock {
  const prefix = options.prefix ?? 'cogflow:';
  return {
    async withLock<T>(name: string, fn: () => Promise<T>, lockOptions: LockOptions = {}): Promise<T> {
      const manager = options.locks ?? navigator.locks;
      const { waitMs } = lockOptions;
      const controller = waitMs === undefined ? undefined : new AbortController();
      const timer = controller && setTimeout(() => controller.abort(), waitMs);
      let acquired = false;
      try {
        return await manager.request(
          prefix + name,
          controller ? { signal: controller.signal } : {},
          async (): Promise<T> => {
            acquired = true;
            clearTimeout(timer);
            return fn();
          },
        );
      } catch (error) {
        if (!acquired && controller?.signal.aborted) throw lockTimeout(name, waitMs ?? 0);
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
