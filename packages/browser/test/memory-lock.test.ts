// memoryLock, now core's in-process lock with waitMs added, passes the Lock conformance suite in Node too (the
// Chromium suite runs it in a page), and a waiter that timed out passes its turn on without running fn.

import { lockConformance } from '@cogflow/test-kit';
import { runInVitest } from '@cogflow/test-kit/vitest';
import { expect, it } from 'vitest';
import { memoryLock } from '../src/locks/memory-lock.js';

runInVitest(
  'memoryLock conformance',
  lockConformance(() => ({ lock: memoryLock() }), { supportsTTL: false }),
);

it('a waiter that timed out keeps the queue moving: the next holder runs as soon as the first one ends', async () => {
  const lock = memoryLock();
  const ran: string[] = [];
  let release!: () => void;
  const first = lock.withLock('n', () => new Promise<void>((resolve) => (release = resolve)));
  const gaveUp = lock
    .withLock('n', async () => ran.push('gave-up'), { waitMs: 20 })
    .catch((e: { code?: string }) => e.code);
  const third = lock.withLock('n', async () => ran.push('third'));
  expect(await gaveUp).toBe('LOCK_TIMEOUT');
  release();
  await first;
  await third;
  expect(ran).toEqual(['third']);
});
