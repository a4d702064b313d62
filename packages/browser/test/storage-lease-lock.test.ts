// storageLeaseLock on a storage that fails: a lease that cannot be written is STORE_UNAVAILABLE (not a raw
// DOMException escaping through getTokens), and a lease that cannot be removed leaves fn's outcome as it was.

import { StoreError } from '@cogflow/core';
import { describe, expect, it } from 'vitest';
import { storageLeaseLock } from '../src/locks/storage-lease-lock.js';

function mapStorage(fail: { set?: boolean; remove?: boolean } = {}): Storage {
  const items = new Map<string, string>();
  const refuse = (name: string): never => {
    throw new DOMException('The quota has been exceeded.', name);
  };
  return {
    get length() {
      return items.size;
    },
    key: (index: number) => [...items.keys()][index] ?? null,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => {
      if (fail.set) refuse('QuotaExceededError');
      items.set(key, value);
    },
    removeItem: (key: string) => {
      if (fail.remove) refuse('SecurityError');
      items.delete(key);
    },
    clear: () => items.clear(),
  };
}

describe('storageLeaseLock on a storage that fails', () => {
  it('a lease that cannot be written rejects with STORE_UNAVAILABLE, with the cause, and fn never runs', async () => {
    let ran = false;
    const error = await storageLeaseLock({ storage: mapStorage({ set: true }), settleMs: 1 })
      .withLock('refresh', async () => {
        ran = true;
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect((error as Error).cause).toBeInstanceOf(DOMException);
    expect(ran).toBe(false);
  });

  it('no storage at all (a worker, or Node here) is STORE_UNAVAILABLE too, not a ReferenceError', async () => {
    expect('localStorage' in globalThis).toBe(false);
    const error = await storageLeaseLock({ settleMs: 1 })
      .withLock('refresh', async () => 'never')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'StoreError', code: 'STORE_UNAVAILABLE' });
  });

  it('a lease that cannot be removed leaves fn its result and its own error', async () => {
    const lock = storageLeaseLock({ storage: mapStorage({ remove: true }), settleMs: 1 });
    await expect(lock.withLock('a', async () => 'tokens')).resolves.toBe('tokens');
    const own = new Error('refresh failed');
    await expect(
      lock.withLock('b', async () => {
        throw own;
      }),
    ).rejects.toBe(own);
  });
});
