// A memory Store whose entries a test can read back whole, to prove that a failure left everything in place.
import type { Store } from '@cogflow/core';

export interface SnapshotStore extends Store {
  snapshot(): Record<string, string>;
}

export function snapshotStore(): SnapshotStore {
  const entries = new Map<string, string>();
  return {
    get: (key) => entries.get(key),
    set: (key, value) => {
      entries.set(key, value);
    },
    delete: (key) => {
      entries.delete(key);
    },
    snapshot: () => Object.fromEntries([...entries].filter(([key]) => !key.includes(':pending:'))),
  };
}
