// The conformance suite every Store (packages/core/src/ports.ts) must pass, framework-neutral: each case throws on failure.

import type { Store } from '@cogflow/core';
import { assertEqual, assertTrue, fail } from './assert.js';
import { type ConformanceCase, type MaybePromise, sleep } from './case.js';

export interface StoreFixture {
  store: Store;
  /** Removes whatever the store left behind (files, keys, servers). */
  cleanup?(): MaybePromise<void>;
  /** A second store over the same backing data, as a restarted process would open it. */
  reopen?(): MaybePromise<Store>;
}

export interface StoreConformanceOptions {
  /** The store honours `ttlSeconds` (default false: the expiry cases are left out). */
  supportsTTL?: boolean;
  /**
   * Moves the store's clock forward. Without it the expiry cases wait in real time (about 1.2 s each), which
   * a store that expires entries on its own server (Redis) needs anyway.
   */
  advanceTime?: (ms: number) => MaybePromise<void>;
  /**
   * The store keeps its data beyond the Store object (a file, Redis, localStorage, IndexedDB). Default true: the
   * fixture must then offer `reopen`. Pass false for a store that lives only in memory.
   */
  persistent?: boolean;
}

async function withStore(
  makeStore: () => MaybePromise<StoreFixture>,
  body: (fixture: StoreFixture) => Promise<void>,
): Promise<void> {
  const fixture = await makeStore();
  try {
    await body(fixture);
  } finally {
    await fixture.cleanup?.();
  }
}

const LARGE_VALUE_LENGTH = 100 * 1024;

function largeValue(): string {
  // JSON-like text with every printable ASCII character, so a store that mangles escapes is caught.
  let text = '';
  let i = 0;
  while (text.length < LARGE_VALUE_LENGTH) {
    text += String.fromCharCode(32 + (i % 95));
    i += 1;
  }
  return JSON.stringify({ blob: text });
}

/** Builds the Store conformance cases. `makeStore` is called once per case and must give an empty store. */
export function storeConformance(
  makeStore: () => MaybePromise<StoreFixture>,
  options: StoreConformanceOptions = {},
): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  const add = (name: string, body: (fixture: StoreFixture) => Promise<void>): void => {
    cases.push({ name, run: () => withStore(makeStore, body) });
  };
  const advance = async (ms: number): Promise<void> => {
    if (options.advanceTime) await options.advanceTime(ms);
    else await sleep(ms);
  };

  add('get of a missing key is undefined', async ({ store }) => {
    assertEqual(await store.get('missing'), undefined, 'get("missing")');
  });

  add('set then get returns the value', async ({ store }) => {
    await store.set('a', '{"x":1}');
    assertEqual(await store.get('a'), '{"x":1}', 'get("a") after set');
  });

  add('the empty string is a value, not a missing key', async ({ store }) => {
    await store.set('empty', '');
    assertEqual(await store.get('empty'), '', 'get("empty") after set("")');
  });

  add('set overwrites the previous value', async ({ store }) => {
    await store.set('a', 'first');
    await store.set('a', 'second');
    assertEqual(await store.get('a'), 'second', 'get("a") after two sets');
  });

  add('delete removes the key and leaves the others', async ({ store }) => {
    await store.set('a', '1');
    await store.set('b', '2');
    await store.delete('a');
    assertEqual(await store.get('a'), undefined, 'get("a") after delete');
    assertEqual(await store.get('b'), '2', 'get("b") after deleting "a"');
  });

  add('delete of a missing key resolves', async ({ store }) => {
    await store.delete('never-set');
    assertEqual(await store.get('never-set'), undefined, 'get("never-set") after delete');
  });

  add('a deleted key can be set again', async ({ store }) => {
    await store.set('a', '1');
    await store.delete('a');
    await store.set('a', '3');
    assertEqual(await store.get('a'), '3', 'get("a") after delete and set');
  });

  add('unicode values round-trip unchanged', async ({ store }) => {
    const value = JSON.stringify({
      name: 'Zoë Ångström 山田 太郎 🦊🔐',
      rtl: 'שלום',
      nul: '\u0000',
      lone: '\ud7ff',
    });
    await store.set('unicode', value);
    assertEqual(await store.get('unicode'), value, 'unicode value');
  });

  add('a 100 KB value round-trips unchanged', async ({ store }) => {
    const value = largeValue();
    await store.set('large', value);
    const read = await store.get('large');
    assertEqual(typeof read, 'string', 'type of the large value read back');
    assertEqual((read as string).length, value.length, 'length of the large value');
    assertTrue(read === value, 'the large value read back differs from the one written');
  });

  add('keys with ":" and "/" and unicode are distinct keys', async ({ store }) => {
    const keys = [
      'cogflow:pool_1:user/a',
      'cogflow:pool_1:user',
      'cogflow/pool_1/user:a',
      'a:b',
      'a/b',
      'ключ:🔑',
    ];
    for (const [i, key] of keys.entries()) await store.set(key, `v${i}`);
    for (const [i, key] of keys.entries())
      assertEqual(await store.get(key), `v${i}`, `get(${JSON.stringify(key)})`);
    await store.delete('a:b');
    assertEqual(await store.get('a:b'), undefined, 'get("a:b") after delete');
    assertEqual(await store.get('a/b'), 'v4', 'get("a/b") after deleting "a:b"');
  });

  add('many keys (200) are kept apart', async ({ store }) => {
    for (let i = 0; i < 200; i += 1) await store.set(`many:${i}`, `value-${i}`);
    for (let i = 0; i < 200; i += 1)
      assertEqual(await store.get(`many:${i}`), `value-${i}`, `get("many:${i}")`);
  });

  add('concurrent sets to different keys all land', async ({ store }) => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.set(`c:${i}`, `v${i}`)));
    const read = await Promise.all(Array.from({ length: 50 }, (_, i) => store.get(`c:${i}`)));
    read.forEach((value, i) => {
      assertEqual(value, `v${i}`, `get("c:${i}") after 50 concurrent sets`);
    });
  });

  add('concurrent sets and deletes of different keys do not disturb each other', async ({ store }) => {
    for (let i = 0; i < 20; i += 1) await store.set(`d:${i}`, 'old');
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0 ? store.delete(`d:${i}`) : store.set(`d:${i}`, 'new'),
      ),
    );
    for (let i = 0; i < 20; i += 1) {
      assertEqual(await store.get(`d:${i}`), i % 2 === 0 ? undefined : 'new', `get("d:${i}")`);
    }
  });

  if (options.supportsTTL) {
    add('an entry with ttlSeconds is readable before it expires and gone after', async ({ store }) => {
      // The "still there" reads use a 30 s ttl, so a slow machine cannot expire it between set and get; only the
      // "gone" check uses a 1 s one. A store reading seconds as milliseconds loses "long"; one ignoring ttl keeps "short".
      await store.set('long', 'long-lived', { ttlSeconds: 30 });
      await store.set('short', 'short-lived', { ttlSeconds: 1 });
      await store.set('keep', 'forever');
      assertEqual(await store.get('long'), 'long-lived', 'get("long") right after set with a 30 s ttl');
      await advance(1500);
      assertEqual(await store.get('short'), undefined, 'get("short") 1.5 s after a 1 s ttl');
      assertEqual(await store.get('long'), 'long-lived', 'get("long") 1.5 s into a 30 s ttl');
      assertEqual(await store.get('keep'), 'forever', 'get("keep") (no ttl) 1.5 s later');
    });

    add('overwriting without ttlSeconds makes the entry permanent', async ({ store }) => {
      await store.set('k', 'temporary', { ttlSeconds: 1 });
      await store.set('k', 'permanent');
      await advance(1500);
      assertEqual(await store.get('k'), 'permanent', 'get("k") after overwriting a ttl entry without ttl');
    });

    add('overwriting with a new ttlSeconds restarts the expiry', async ({ store }) => {
      await store.set('k', 'one', { ttlSeconds: 1 });
      await store.set('k', 'two', { ttlSeconds: 60 });
      await advance(1500);
      assertEqual(await store.get('k'), 'two', 'get("k") after extending its ttl');
    });
  }

  if (options.persistent !== false) {
    add('values survive reopening the store', async (fixture) => {
      if (!fixture.reopen) {
        fail('the fixture has no reopen(); pass { persistent: false } for a store that lives only in memory');
      }
      await fixture.store.set('persist:a', 'A');
      await fixture.store.set('persist:b', 'B');
      await fixture.store.set('persist:gone', 'X');
      await fixture.store.delete('persist:gone');
      const reopened = await fixture.reopen();
      assertEqual(await reopened.get('persist:a'), 'A', 'get("persist:a") after reopen');
      assertEqual(await reopened.get('persist:b'), 'B', 'get("persist:b") after reopen');
      assertEqual(await reopened.get('persist:gone'), undefined, 'get("persist:gone") after reopen');
      await reopened.set('persist:c', 'C');
      assertEqual(
        await fixture.store.get('persist:c'),
        'C',
        'a write through the reopened store, read by the first',
      );
    });
  }

  return cases;
}
