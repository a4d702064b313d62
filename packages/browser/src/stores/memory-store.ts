// An in-memory Store (packages/core/src/ports.ts): entries live as long as the page or worker, ttl checked on read.

import type { Clock, Store, StoreSetOptions } from '@cogflow/core';

export interface MemoryStoreOptions {
  /** The clock that ttl expiry reads (default Date.now). */
  clock?: Clock;
}

interface Entry {
  value: string;
  expiresAt: number | undefined;
}

/** A Store kept in a Map. Nothing survives a reload; use it for tests, workers without storage, or as a fallback. */
export function memoryStore(options: MemoryStoreOptions = {}): Store {
  const entries = new Map<string, Entry>();
  const now = (): number => (options.clock ?? Date).now();
  return {
    get(key: string): string | undefined {
      const entry = entries.get(key);
      if (!entry || entry.expiresAt === undefined || entry.expiresAt > now()) return entry?.value;
      entries.delete(key);
      return undefined;
    },
    set(key: string, value: string, setOptions?: StoreSetOptions): void {
      entries.set(key, { value, expiresAt: expiryOf(setOptions, now) });
    },
    delete(key: string): void {
      entries.delete(key);
    },
  };
}

/** The absolute expiry of an entry written with `options`, or undefined when it never expires. */
export function expiryOf(options: StoreSetOptions | undefined, now: () => number): number | undefined {
  const ttl = options?.ttlSeconds;
  return ttl === undefined ? undefined : now() + ttl * 1000;
}
