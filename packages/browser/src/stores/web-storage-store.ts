// Stores on the Web Storage API (HTML Living Standard, "Web storage"): localStorage and sessionStorage.

import { type Clock, expiryOf, type Store, StoreError, type StoreSetOptions } from '@cogflow/core';
import { type Envelope, open, seal } from './envelope.js';

/**
 * Options of localStorageStore and sessionStorageStore. An unavailable storage (private mode, quota, SecurityError)
 * rejects with STORE_UNAVAILABLE; wrap the store in `withFallback` to keep working in memory instead.
 */
export interface WebStorageStoreOptions {
  /** The Storage to use (default the global one, looked up on first use, never at import). */
  storage?: Storage;
  /** Prepended to every key (default none: core's own keys already start with its `keyPrefix`). */
  prefix?: string;
  /** The clock that ttl expiry reads (default Date.now). */
  clock?: Clock;
}

type StorageName = 'localStorage' | 'sessionStorage';

function webStorageStore(name: StorageName, options: WebStorageStoreOptions): Store {
  const prefix = options.prefix ?? '';
  const clock = options.clock ?? Date;
  /** Runs `fn` on the storage, looked up on each use; any failure (none there, SecurityError, quota) is typed. */
  const call = <T>(fn: (storage: Storage) => T): T => {
    try {
      return fn(options.storage ?? ((globalThis as Record<string, unknown>)[name] as Storage));
    } catch (cause) {
      // Private mode, blocked cookies or a sandboxed frame throw SecurityError on access; a full quota on write.
      const what = cause instanceof Error && cause.name ? ` (${cause.name})` : '';
      throw new StoreError('STORE_UNAVAILABLE', `${name} cannot be used${what}`, { cause });
    }
  };

  return {
    get(key: string): string | undefined {
      const raw = call((s) => s.getItem(prefix + key));
      if (raw === null) return undefined;
      let record: unknown;
      try {
        record = JSON.parse(raw);
      } catch {
        // Not JSON: `open` reports it as corrupt.
      }
      const { value, expiresAt } = open(record, name);
      if (expiresAt === undefined || expiresAt > clock.now()) return value;
      call((s) => s.removeItem(prefix + key));
      return undefined;
    },
    set(key: string, value: string, setOptions?: StoreSetOptions): void {
      const record: Envelope = seal(value, expiryOf(setOptions, clock));
      call((s) => s.setItem(prefix + key, JSON.stringify(record)));
    },
    delete(key: string): void {
      call((s) => s.removeItem(prefix + key));
    },
  };
}

/** A Store on localStorage: shared by every tab of the origin and kept across reloads. */
export function localStorageStore(options: WebStorageStoreOptions = {}): Store {
  return webStorageStore('localStorage', options);
}

/** A Store on sessionStorage: one tab only, kept across reloads of that tab, gone when it closes. */
export function sessionStorageStore(options: WebStorageStoreOptions = {}): Store {
  return webStorageStore('sessionStorage', options);
}
