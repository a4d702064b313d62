// A Store (ports.ts) kept in a Map, for every adapter: entries live as long as the store, a ttl is checked on read
// against the Clock port, so core reads no host clock.

import type { Clock, Store, StoreSetOptions } from './ports.js';

/** The absolute expiry (ms) of an entry written now with `options`, or undefined when it never expires. */
export function expiryOf(options: StoreSetOptions | undefined, clock: Clock): number | undefined {
  const ttl = options?.ttlSeconds;
  return ttl === undefined ? undefined : clock.now() + ttl * 1000;
}

/** A Store in memory whose ttl expiry reads `clock`. Nothing survives the process, page or worker. */
export function createMemoryStore(clock: Clock): Store {
  const entries = new Map<string, { value: string; expiresAt: number | undefined }>();
  return {
    get(key: string): string | undefined {
      const entry = entries.get(key);
      if (!entry || entry.expiresAt === undefined || entry.expiresAt > clock.now()) return entry?.value;
      entries.delete(key);
      return undefined;
    },
    set(key: string, value: string, options?: StoreSetOptions): void {
      entries.set(key, { value, expiresAt: expiryOf(options, clock) });
    },
    delete(key: string): void {
      entries.delete(key);
    },
  };
}
