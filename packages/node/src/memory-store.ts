// A Store (packages/core/src/ports.ts) in this process's memory: the default for scripts and tests; lost on exit.

import type { Clock, Store, StoreSetOptions } from '@cogflow/core';

export interface MemoryStoreOptions {
  /** The clock that decides expiry (default Date.now); tests pass a controllable one. */
  clock?: Clock;
}

interface Entry {
  value: string;
  expiresAt: number | undefined;
}

const systemClock: Clock = { now: () => Date.now() };

export function memoryStore(options: MemoryStoreOptions = {}): Store {
  const clock = options.clock ?? systemClock;
  const entries = new Map<string, Entry>();
  return {
    get(key: string): string | undefined {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt !== undefined && clock.now() >= entry.expiresAt) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(key: string, value: string, setOptions?: StoreSetOptions): void {
      const ttl = setOptions?.ttlSeconds;
      entries.set(key, { value, expiresAt: ttl === undefined ? undefined : clock.now() + ttl * 1000 });
    },
    delete(key: string): void {
      entries.delete(key);
    },
  };
}
