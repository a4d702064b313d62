// createBrowserAuth's default lock: Web Locks where the context has them; a page whose tabs share localStorage but
// that has no Web Locks is refused at the first use of the lock (a lock for one page would let two tabs refresh at
// once) until it chooses a lock, while creation never throws; a context with neither gets a lock for itself alone, as before.

import { InputError } from '@cogflow/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBrowserAuth } from '../src/create-browser-auth.js';
import { storageLeaseLock } from '../src/locks/storage-lease-lock.js';
import { tabLock } from '../src/locks/tab-lock.js';
import { memoryStore } from '../src/stores/memory-store.js';

const config = { userPoolId: 'eu-west-1_Example', clientId: 'client', endpoint: 'http://127.0.0.1:9/' };

/** A Web Storage on a Map, standing in for a page's localStorage. */
function mapStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (key) => map.get(key) ?? null,
    key: (index) => [...map.keys()][index] ?? null,
    removeItem: (key) => void map.delete(key),
    setItem: (key, value) => void map.set(key, String(value)),
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('createBrowserAuth default lock', () => {
  it('localStorage without Web Locks: creation succeeds, the first use of the lock is an InputError that says to pass lock: tabLock()', async () => {
    vi.stubGlobal('localStorage', mapStorage());
    // A navigator without locks (Node 24.5 and later has navigator.locks of its own).
    vi.stubGlobal('navigator', {});
    // The page's module loads: nothing throws at creation.
    const auth = createBrowserAuth(config);
    let ran = false;
    const error = await auth.core.lock
      .withLock('refresh', async () => {
        ran = true;
      })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/pass lock: tabLock\(\)/);
    // Nothing ran without the lock.
    expect(ran).toBe(false);
  });

  it('the same page with a lock it chose (tabLock, the lease lock) is created and takes that lock', async () => {
    vi.stubGlobal('localStorage', mapStorage());
    vi.stubGlobal('navigator', {});
    for (const lock of [tabLock(), storageLeaseLock({ settleMs: 1 })]) {
      const auth = createBrowserAuth({ ...config, lock });
      expect(auth.core.lock).toBe(lock);
      expect(await auth.core.lock.withLock('k', async () => 'ran')).toBe('ran');
    }
  });

  it('Web Locks present: the default lock runs fn through navigator.locks', async () => {
    vi.stubGlobal('localStorage', mapStorage());
    const names: string[] = [];
    const locks = {
      request: async (name: string, _options: unknown, fn: (lock: unknown) => Promise<unknown>) => {
        names.push(name);
        return fn({ name });
      },
    };
    vi.stubGlobal('navigator', { locks });
    const auth = createBrowserAuth(config);
    expect(await auth.core.lock.withLock('refresh', async () => 'ran')).toBe('ran');
    expect(names).toEqual(['cogflow:refresh']);
  });

  it('neither Web Locks nor localStorage (a test runner, a worker without locks): a lock for this context', async () => {
    vi.stubGlobal('navigator', {});
    const auth = createBrowserAuth({ ...config, storage: memoryStore() });
    const order: string[] = [];
    await Promise.all([
      auth.core.lock.withLock('k', async () => {
        order.push('a1');
        await new Promise((resolve) => setTimeout(resolve, 5));
        order.push('a2');
      }),
      auth.core.lock.withLock('k', async () => {
        order.push('b');
      }),
    ]);
    expect(order).toEqual(['a1', 'a2', 'b']);
    // Held by a holder that never finishes: the next waiter gives up after its waitMs, as core asks of a lock.
    void auth.core.lock.withLock('k', () => new Promise(() => {}));
    await expect(auth.core.lock.withLock('k', async () => 'late', { waitMs: 5 })).rejects.toMatchObject({
      code: 'LOCK_TIMEOUT',
    });
  });
});
