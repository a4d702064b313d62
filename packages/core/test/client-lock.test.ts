// The default in-process Lock: one holder per name at a time, in arrival order, released on failure; other names
// run freely.

import { describe, expect, it } from 'vitest';
import { createInProcessLock } from '../src/index.js';

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('createInProcessLock', () => {
  it('runs holders of one name one at a time, in order', async () => {
    const lock = createInProcessLock();
    const log: string[] = [];
    let inside = 0;
    let most = 0;
    const holder = (id: number) =>
      lock.withLock('a', async () => {
        inside++;
        most = Math.max(most, inside);
        log.push(`start ${id}`);
        await tick(5);
        log.push(`end ${id}`);
        inside--;
        return id;
      });
    expect(await Promise.all([holder(1), holder(2), holder(3)])).toEqual([1, 2, 3]);
    expect(most).toBe(1);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('releases the lock when the holder fails', async () => {
    const lock = createInProcessLock();
    await expect(lock.withLock('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await lock.withLock('a', async () => 'next')).toBe('next');
  });

  it('does not hold back other names', async () => {
    const lock = createInProcessLock();
    const order: string[] = [];
    const slow = lock.withLock('a', async () => {
      await tick(30);
      order.push('a');
    });
    const fast = lock.withLock('b', async () => {
      order.push('b');
    });
    await Promise.all([slow, fast]);
    expect(order).toEqual(['b', 'a']);
  });
});
