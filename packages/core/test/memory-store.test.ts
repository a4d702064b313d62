// createMemoryStore: the one in-memory Store behind both adapters' memoryStore, its ttl judged by the Clock port.

import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../src/memory-store.js';

describe('createMemoryStore', () => {
  it('gets what was set, overwrites, deletes, and gives undefined for a missing key', () => {
    const store = createMemoryStore({ now: () => 0 });
    expect(store.get('k')).toBeUndefined();
    store.set('k', 'v1');
    store.set('k', 'v2');
    expect(store.get('k')).toBe('v2');
    store.delete('k');
    store.delete('never-set');
    expect(store.get('k')).toBeUndefined();
  });

  it('an entry with ttlSeconds lives until the clock reaches its expiry, then is gone for good', () => {
    let now = 1_000;
    const store = createMemoryStore({ now: () => now });
    store.set('t', 'v', { ttlSeconds: 2 });
    store.set('forever', 'f');
    now = 2_999;
    expect(store.get('t')).toBe('v');
    now = 3_000;
    expect(store.get('t')).toBeUndefined();
    now = 0;
    expect(store.get('t'), 'an expired entry was dropped, not hidden').toBeUndefined();
    now = Number.MAX_SAFE_INTEGER;
    expect(store.get('forever')).toBe('f');
  });

  it('a set without ttl after one with ttl clears the expiry', () => {
    let now = 0;
    const store = createMemoryStore({ now: () => now });
    store.set('k', 'short', { ttlSeconds: 1 });
    store.set('k', 'long');
    now = 10_000;
    expect(store.get('k')).toBe('long');
  });
});
