// A Store wrapper that moves to memory when its backing storage is unavailable, and says so where the app can read it.

import { type Clock, type Store, StoreError, type StoreSetOptions } from '@cogflow/core';
import { memoryStore } from './memory-store.js';

/** What a browser store does when its storage cannot be used (private mode, quota, SecurityError). */
export type StoreFallback = 'memory';

export interface BrowserStoreOptions {
  /**
   * `'memory'`: keep working in memory and set `fallbackReason`; nothing written after that survives a reload.
   * Absent: reject with a StoreError `STORE_UNAVAILABLE` so the caller knows the write did not happen.
   */
  fallback?: StoreFallback;
  /** The clock that ttl expiry reads (default Date.now). */
  clock?: Clock;
}

/** A Store that reports whether it still persists. */
export interface BrowserStore extends Store {
  /**
   * Undefined while the backing storage works. Once a store configured with `fallback: 'memory'` has moved to
   * memory, the StoreError that made it move: the app can read this (no event, no console) and warn the person
   * that this device will not be remembered.
   */
  readonly fallbackReason: StoreError | undefined;
}

function isUnavailable(error: unknown): error is StoreError {
  return error instanceof StoreError && error.code === 'STORE_UNAVAILABLE';
}

/**
 * The opt-in memory fallback: `withFallback(localStorageStore(), { fallback: 'memory' })`. The stores themselves
 * reject when their storage is unavailable; a separate wrapper keeps its code out of bundles that never fall back.
 * Wraps `primary` so that a `STORE_UNAVAILABLE` failure moves it to memory. Keys written or deleted after the move
 * are answered from memory; other keys are still read from the primary while it can be read, so secrets written
 * before the move are not lost. Corrupt data (`STORE_CORRUPT`) is never hidden by the fallback.
 */
export function withFallback(primary: Store, options: BrowserStoreOptions): BrowserStore {
  if (options.fallback !== 'memory') {
    return Object.assign(primary, { fallbackReason: undefined });
  }
  const memory = memoryStore(options.clock ? { clock: options.clock } : {});
  const touched = new Set<string>();
  let reason: StoreError | undefined;

  const moveToMemory = (error: StoreError): void => {
    reason ??= error;
  };
  // Best effort: a stale copy in the primary must not come back once memory owns the key.
  const forgetInPrimary = async (key: string): Promise<void> => {
    try {
      await primary.delete(key);
    } catch {
      // The primary is unavailable; memory owns the key through `touched`.
    }
  };

  return {
    get fallbackReason(): StoreError | undefined {
      return reason;
    },
    async get(key: string): Promise<string | undefined> {
      if (reason && touched.has(key)) return memory.get(key);
      try {
        return await primary.get(key);
      } catch (error) {
        if (!isUnavailable(error)) throw error;
        moveToMemory(error);
        return memory.get(key);
      }
    },
    async set(key: string, value: string, setOptions?: StoreSetOptions): Promise<void> {
      if (!reason) {
        try {
          await primary.set(key, value, setOptions);
          return;
        } catch (error) {
          if (!isUnavailable(error)) throw error;
          moveToMemory(error);
        }
      }
      touched.add(key);
      memory.set(key, value, setOptions);
      await forgetInPrimary(key);
    },
    async delete(key: string): Promise<void> {
      if (!reason) {
        try {
          await primary.delete(key);
          return;
        } catch (error) {
          if (!isUnavailable(error)) throw error;
          moveToMemory(error);
        }
      }
      touched.add(key);
      memory.delete(key);
      await forgetInPrimary(key);
    },
  };
}
