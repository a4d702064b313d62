// The conformance suite every Lock (packages/core/src/ports.ts) must pass, framework-neutral: each case throws on failure.

import type { Lock } from '@cogflow/core';
import { assertEqual, assertErrorCode, assertRejects, assertTrue, fail } from './assert.js';
import { type ConformanceCase, type MaybePromise, sleep } from './case.js';

export interface LockFixture {
  lock: Lock;
  cleanup?(): MaybePromise<void>;
  /**
   * Another Lock over the same backing coordination (another Redis connection, another tab's lock), standing for
   * a second process. When given, contention cases mix both.
   */
  peer?(): MaybePromise<Lock>;
}

export interface LockConformanceOptions {
  /** The lock frees a holder after `ttlMs` (default true). */
  supportsTTL?: boolean;
}

interface Gate {
  promise: Promise<void>;
  open(): void;
}

function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Resolves once `condition()` holds, polling; fails after `ms`. */
async function waitFor(condition: () => boolean, ms: number, what: string): Promise<void> {
  const step = 10;
  for (let waited = 0; waited <= ms; waited += step) {
    if (condition()) return;
    await sleep(step);
  }
  fail(`${what} did not happen within ${ms} ms`);
}

async function withLockFixture(
  makeLock: () => MaybePromise<LockFixture>,
  body: (fixture: LockFixture) => Promise<void>,
): Promise<void> {
  const fixture = await makeLock();
  try {
    await body(fixture);
  } finally {
    await fixture.cleanup?.();
  }
}

/** Builds the Lock conformance cases. `makeLock` is called once per case and must give a lock with nothing held. */
export function lockConformance(
  makeLock: () => MaybePromise<LockFixture>,
  options: LockConformanceOptions = {},
): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  const add = (name: string, body: (fixture: LockFixture) => Promise<void>): void => {
    cases.push({ name, run: () => withLockFixture(makeLock, body) });
  };

  add('withLock resolves with the value of fn', async ({ lock }) => {
    const value = await lock.withLock('value', async () => ({ answer: 42 }));
    assertEqual(value.answer, 42, 'value returned through withLock');
  });

  add('one holder at a time under contention (12 callers)', async (fixture) => {
    const locks: Lock[] = [fixture.lock];
    if (fixture.peer) locks.push(await fixture.peer(), await fixture.peer());
    let inside = 0;
    let most = 0;
    let done = 0;
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        locks[i % locks.length]!.withLock(
          'contended',
          async () => {
            inside += 1;
            most = Math.max(most, inside);
            await sleep(5);
            inside -= 1;
            done += 1;
          },
          { waitMs: 20_000, ttlMs: 20_000 },
        ),
      ),
    );
    assertEqual(done, 12, 'callers that ran');
    assertEqual(most, 1, 'most holders at once');
  });

  add('different names do not exclude each other', async ({ lock }) => {
    const held = gate();
    let holding = false;
    const first = lock.withLock('name-a', async () => {
      holding = true;
      await held.promise;
    });
    await waitFor(() => holding, 2000, 'acquiring name-a');
    const second = await lock.withLock('name-b', async () => 'b', { waitMs: 1000 });
    assertEqual(second, 'b', 'value under name-b while name-a is held');
    held.open();
    await first;
  });

  add('a throwing fn rejects withLock with its error and releases the lock', async ({ lock }) => {
    const boom = new Error('boom');
    const error = await assertRejects(
      lock.withLock('throws', async () => {
        throw boom;
      }),
      'withLock around a throwing fn',
    );
    assertTrue(error === boom, 'withLock must reject with the error fn threw');
    const after = await lock.withLock('throws', async () => 'free', { waitMs: 1000 });
    assertEqual(after, 'free', 'acquiring after the throw');
  });

  add('waitMs elapses with LOCK_TIMEOUT and fn never runs', async (fixture) => {
    const other = fixture.peer ? await fixture.peer() : fixture.lock;
    const held = gate();
    let holding = false;
    const first = fixture.lock.withLock(
      'busy',
      async () => {
        holding = true;
        await held.promise;
      },
      { ttlMs: 20_000 },
    );
    await waitFor(() => holding, 2000, 'acquiring busy');
    let ran = false;
    const error = await assertRejects(
      other.withLock(
        'busy',
        async () => {
          ran = true;
        },
        { waitMs: 150 },
      ),
      'withLock on a held name with waitMs 150',
    );
    assertErrorCode(error, 'LOCK_TIMEOUT', 'waiting past waitMs');
    assertTrue(!ran, 'fn ran although the lock was never acquired');
    held.open();
    await first;
    assertEqual(
      await other.withLock('busy', async () => 'next', { waitMs: 1000 }),
      'next',
      'acquiring after release',
    );
  });

  if (options.supportsTTL !== false) {
    add('ttlMs frees a stuck holder, whose late release does not free the next holder', async (fixture) => {
      const other = fixture.peer ? await fixture.peer() : fixture.lock;
      const stuck = gate();
      let stuckHolding = false;
      const first = fixture.lock.withLock(
        'crash',
        async () => {
          stuckHolding = true;
          await stuck.promise;
        },
        { ttlMs: 300 },
      );
      await waitFor(() => stuckHolding, 2000, 'acquiring crash');
      const second = gate();
      let secondHolding = false;
      const secondRun = other.withLock(
        'crash',
        async () => {
          secondHolding = true;
          await second.promise;
        },
        { ttlMs: 20_000, waitMs: 5000 },
      );
      await waitFor(() => secondHolding, 5000, 'a waiter taking the lock after the holder ttl expired');
      // The stuck holder wakes up and releases: it must not remove the lock the second holder now owns.
      stuck.open();
      await first;
      const error = await assertRejects(
        fixture.lock.withLock('crash', async () => undefined, { waitMs: 200 }),
        'acquiring while the second holder still holds',
      );
      assertErrorCode(error, 'LOCK_TIMEOUT', 'acquiring while the second holder still holds');
      second.open();
      await secondRun;
    });
  }

  return cases;
}
