// An in-memory Store (packages/core/src/ports.ts): core's createMemoryStore on Date.now unless a clock is given.

import { type Clock, createMemoryStore, type Store } from '@cogflow/core';

export interface MemoryStoreOptions {
  /** The clock that ttl expiry reads (default Date.now). */
  clock?: Clock;
}

/** A Store kept in a Map. Nothing survives a reload; use it for tests, workers without storage, or as a fallback. */
export function memoryStore(options: MemoryStoreOptions = {}): Store {
  return createMemoryStore(options.clock ?? Date);
}
