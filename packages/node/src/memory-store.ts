// A Store (packages/core/src/ports.ts) in this process's memory: the default for scripts and tests; lost on exit.
// The Map itself is core's createMemoryStore, which the browser's memoryStore shares.

import { type Clock, createMemoryStore, type Store } from '@cogflow/core';
import { systemClock } from './system-clock.js';

export interface MemoryStoreOptions {
  /** The clock that decides expiry (default Date.now); tests pass a controllable one. */
  clock?: Clock;
}

export function memoryStore(options: MemoryStoreOptions = {}): Store {
  return createMemoryStore(options.clock ?? systemClock);
}
