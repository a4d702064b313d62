// Stores, locks, randomness and the WebCrypto hash on Chromium's real APIs: every store passes the shared conformance
// suite in a page (and the persistent ones in a module worker), unavailable storage is typed or falls back visibly,
// webCryptoHash agrees with @noble/hashes in a page and in a module worker.

import { lockConformance, storeConformance } from '@cogflow/test-kit';
import { chromiumAvailable, type LaunchedBrowser, launchChromium } from '@cogflow/test-kit/chromium';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HashCase, HashRun } from './harness/hash-cases.js';
import { type HarnessServer, serveHarness } from './harness/server.js';
import type { CaseResult, LockKind, StoreKind } from './harness/suites.js';

type PageModule = typeof import('./harness/ports-entry.js');
declare const cf: PageModule;

const run = chromiumAvailable('cogflow/browser');

describe.skipIf(!run)('browser ports in headless Chromium', () => {
  let browser: LaunchedBrowser;
  let server: HarnessServer;
  let page: Page;

  beforeAll(async () => {
    server = await serveHarness('ports');
    browser = await launchChromium();
    page = await browser.context.newPage();
    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => (globalThis as { cfReady?: boolean }).cfReady === true);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const expectAllPass = (results: CaseResult[], atLeast: number): void => {
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(atLeast);
  };

  // The case names, listed here without running anything, so that each case is its own test.
  const storeCaseNames = (persistent: boolean): string[] =>
    storeConformance(() => ({}) as never, { supportsTTL: true, persistent }).map((c) => c.name);
  const lockCaseNames = (kind: LockKind): string[] =>
    lockConformance(() => ({}) as never, { supportsTTL: kind === 'storage-lease' }).map((c) => c.name);

  const storeKinds: StoreKind[] = [
    'local',
    'session',
    'indexeddb',
    'memory',
    'local-denied-fallback',
    'indexeddb-denied-fallback',
  ];
  for (const kind of storeKinds) {
    describe(`${kind} store conformance in a page`, () => {
      for (const name of storeCaseNames(kind === 'local' || kind === 'session' || kind === 'indexeddb')) {
        it(name, async () => {
          const result = await page.evaluate(([k, n]) => cf.runStoreCase(k, n), [kind, name] as const);
          expect(result).toEqual({ name, ok: true });
        });
      }
    });
  }

  for (const kind of ['web-locks', 'storage-lease', 'memory'] as const) {
    describe(`${kind} lock conformance in a page`, () => {
      for (const name of lockCaseNames(kind)) {
        it(name, async () => {
          const result = await page.evaluate(([k, n]) => cf.runLockCase(k, n), [kind, name] as const);
          expect(result).toEqual({ name, ok: true });
        });
      }
    });
  }

  it("the next Web Locks holder reads on only once the previous holder's writes reached its tab", async () => {
    const waited = await page.evaluate(async () => {
      // A Storage whose writes never reach this tab by themselves, as another tab's write may not have yet:
      // Chromium hands localStorage writes between tabs on a path not ordered with the lock's release.
      const values = new Map<string, string>();
      const lagging = {
        getItem: (key: string) => values.get(key) ?? null,
        setItem: () => {},
      } as unknown as Storage;
      const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      const race = async (syncMs: number, markArrives: boolean): Promise<number> => {
        const lock = cf.webLocksLock({ storage: lagging, prefix: `sync-${syncMs}:`, syncMs });
        let release!: () => void;
        const first = lock.withLock('x', () => new Promise<void>((resolve) => (release = resolve)));
        await sleep(20);
        let releasedAt = 0;
        const second = lock.withLock('x', async () => performance.now() - releasedAt);
        await sleep(20);
        releasedAt = performance.now();
        release();
        await first;
        if (markArrives) {
          const key = `sync-${syncMs}:released:x`;
          values.set(key, 'from the other tab');
          dispatchEvent(new StorageEvent('storage', { key }));
        }
        return second;
      };
      return { noMark: await race(400, false), mark: await race(20_000, true) };
    });
    // Without the mark the waiter gives it syncMs (a timer never fires early); with it, it goes on at once.
    expect(waited.noMark).toBeGreaterThanOrEqual(390);
    expect(waited.mark).toBeLessThan(10_000);
  });

  it('a store that falls back to memory says so where the app can read it', async () => {
    const reasons = await page.evaluate(async () => {
      const store = cf.withFallback(cf.localStorageStore({ storage: cf.deniedStorage() }), {
        fallback: 'memory',
      });
      const before = store.fallbackReason?.code ?? null;
      await store.set('k', 'v');
      return { before, after: store.fallbackReason?.code ?? null, value: await store.get('k') };
    });
    expect(reasons).toEqual({ before: null, after: 'STORE_UNAVAILABLE', value: 'v' });
  });

  it('unavailable storage without a fallback rejects with STORE_UNAVAILABLE', async () => {
    const codes = await page.evaluate(async () => {
      const code = async (p: unknown): Promise<string> => {
        try {
          await p;
          return 'resolved';
        } catch (error) {
          return `${(error as Error).name}:${(error as { code?: string }).code}`;
        }
      };
      const denied = cf.localStorageStore({ storage: cf.deniedStorage() });
      const noIDB = cf.indexedDBStore({
        indexedDB: {
          open: () => {
            throw new DOMException('denied', 'SecurityError');
          },
        } as unknown as IDBFactory,
      });
      return {
        get: await code(Promise.resolve().then(() => denied.get('a'))),
        set: await code(Promise.resolve().then(() => denied.set('a', 'b'))),
        idb: await code(noIDB.set('a', 'b')),
      };
    });
    expect(codes).toEqual({
      get: 'StoreError:STORE_UNAVAILABLE',
      set: 'StoreError:STORE_UNAVAILABLE',
      idb: 'StoreError:STORE_UNAVAILABLE',
    });
  });

  it("Chromium's real localStorage quota: a write past it is STORE_UNAVAILABLE, or kept in memory with a fallback", async () => {
    const outcome = await page.evaluate(async () => {
      const huge = 'x'.repeat(6 * 1024 * 1024);
      let strict = 'resolved';
      try {
        cf.localStorageStore({ prefix: 'quota:' }).set('device', huge);
      } catch (error) {
        strict = `${(error as Error).name}:${(error as { code?: string }).code}`;
      }
      const lenient = cf.withFallback(cf.localStorageStore({ prefix: 'quota2:' }), { fallback: 'memory' });
      await lenient.set('small', 'kept-in-storage');
      await lenient.set('device', huge);
      const read = await lenient.get('device');
      return {
        strict,
        reason: lenient.fallbackReason?.code ?? null,
        keptInMemory: read === huge,
        earlierStillRead: await lenient.get('small'),
        inStorage: localStorage.getItem('quota2:device'),
      };
    });
    expect(outcome).toEqual({
      strict: 'StoreError:STORE_UNAVAILABLE',
      reason: 'STORE_UNAVAILABLE',
      keptInMemory: true,
      earlierStillRead: 'kept-in-storage',
      inStorage: null,
    });
  });

  it('an entry not written by the store is STORE_CORRUPT, not missing', async () => {
    const codes = await page.evaluate(async () => {
      localStorage.setItem('corrupt:k', '{"not":"an envelope"}');
      localStorage.setItem('corrupt:j', 'not json');
      const code = async (fn: () => unknown): Promise<string> => {
        try {
          await fn();
          return 'resolved';
        } catch (error) {
          return (error as { code?: string }).code ?? 'untyped';
        }
      };
      const strict = cf.localStorageStore({ prefix: 'corrupt:' });
      const lenient = cf.withFallback(cf.localStorageStore({ prefix: 'corrupt:' }), { fallback: 'memory' });
      return [
        await code(() => strict.get('k')),
        await code(() => strict.get('j')),
        await code(() => lenient.get('k')),
      ];
    });
    expect(codes).toEqual(['STORE_CORRUPT', 'STORE_CORRUPT', 'STORE_CORRUPT']);
  });

  it('indexeddb and memory stores pass the suite inside a module worker, which has no DOM', async () => {
    for (const suite of ['indexeddb', 'memory'] as const) {
      const answer = await page.evaluate(
        (s) =>
          cf.inWorker<{ context: Record<string, boolean>; results?: CaseResult[]; error?: string }>({
            suite: s,
          }),
        suite,
      );
      expect(answer.error).toBeUndefined();
      expect(answer.context).toEqual({ hasDocument: false, hasWindow: false, hasLocalStorage: false });
      expectAllPass(answer.results ?? [], suite === 'memory' ? 16 : 17);
    }
  });

  describe("webCryptoHash on Chromium's crypto.subtle agrees with @noble/hashes in Node", () => {
    const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
    const text = (value: string): string => Buffer.from(value, 'utf8').toString('hex');
    const fill = (length: number, byte: number): string => hex(new Uint8Array(length).fill(byte));
    const counting = (length: number): string =>
      hex(Uint8Array.from({ length }, (_, i) => (i * 7 + 1) & 0xff));

    // RFC 4231 cases 1, 2 and 6, the empty key and message, keys around the 64-byte block, and messages around
    // SHA-256's padding edges (55/56 bytes fit one block or not, 64 is exactly one).
    const fixed: HashCase[] = [
      { key: fill(20, 0x0b), data: text('Hi There') },
      { key: text('Jefe'), data: text('what do ya want for nothing?') },
      { key: fill(131, 0xaa), data: text('Test Using Larger Than Block-Size Key - Hash Key First') },
      { key: '', data: '' },
      { key: '', data: text('abc') },
      ...[1, 63, 64, 65, 128, 200].map((length) => ({
        key: counting(length),
        data: text(`key of ${length}`),
      })),
      { key: fill(64, 0), data: text('same as the empty key') },
      ...[55, 56, 63, 64, 65, 1000].map((length) => ({ key: text('k'), data: counting(length) })),
    ];
    // Random inputs, drawn here with a seed printed on failure so a failing draw can be replayed.
    const seed = Date.now() | 0;
    const random: HashCase[] = fc
      .sample(
        fc.record({
          key: fc.oneof(
            fc.uint8Array({ maxLength: 200 }),
            fc.constantFrom(0, 64, 65).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
          ),
          data: fc.uint8Array({ maxLength: 300 }),
        }),
        { seed, numRuns: 24 },
      )
      .map(({ key, data }) => ({ key: hex(key), data: hex(data) }));
    const cases = [...fixed, ...random];

    const expectNoble = (run: HashRun): void => {
      expect(run.error).toBeUndefined();
      expect(run.isSecureContext).toBe(true);
      expect(run.answers).toHaveLength(cases.length);
      cases.forEach(({ key, data }, i) => {
        const keyBytes = Buffer.from(key, 'hex');
        const dataBytes = Buffer.from(data, 'hex');
        const digest = hex(sha256(dataBytes));
        const mac = hex(hmac(sha256, keyBytes, dataBytes));
        const where = `case ${i} (key ${keyBytes.length} bytes, data ${dataBytes.length} bytes, seed ${seed})`;
        expect(run.answers![i], where).toEqual({
          sha256: digest,
          hmac: mac,
          sha256View: digest,
          hmacView: mac,
          inputsUnchanged: true,
        });
      });
    };

    it('the known answers are what the RFCs print (the Node oracle is right about them)', () => {
      const macOf = (c: HashCase): string =>
        hex(hmac(sha256, Buffer.from(c.key, 'hex'), Buffer.from(c.data, 'hex')));
      expect(fixed.slice(0, 3).map(macOf)).toEqual([
        'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
        '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
        '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
      ]);
    });

    it(`in a page, on ${fixed.length} fixed and ${random.length} random inputs`, async () => {
      expectNoble(await page.evaluate((c) => cf.runHashCases(c), cases));
    });

    it('in a module worker, which has no DOM, on the same inputs', async () => {
      const answer = await page.evaluate(
        (c) => cf.inWorker<HashRun & { context: Record<string, boolean> }>({ hashCases: c }),
        cases,
      );
      expect(answer.context).toEqual({ hasDocument: false, hasWindow: false, hasLocalStorage: false });
      expectNoble(answer);
    });

    it('Chromium itself refuses an empty HMAC key, which is why the port signs with 64 zero bytes', async () => {
      const outcome = await page.evaluate(async () => {
        const algorithm = { name: 'HMAC', hash: 'SHA-256' };
        let empty: string;
        try {
          await crypto.subtle.importKey('raw', new Uint8Array(0), algorithm, false, ['sign']);
          empty = 'imported';
        } catch (error) {
          empty = (error as Error).name;
        }
        const mac = await cf.webCryptoHash().hmacSHA256(new Uint8Array(0), new TextEncoder().encode('abc'));
        return { empty, mac: Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('') };
      });
      expect(outcome.empty).not.toBe('imported');
      expect(outcome.mac).toBe(hex(hmac(sha256, new Uint8Array(0), Buffer.from('abc'))));
    });
  });

  it('webRandom fills more than 65536 bytes (chunked getRandomValues) with varied bytes', async () => {
    const stats = await page.evaluate(() => {
      const bytes = cf.webRandom().bytes(200_000);
      const seen = new Set(bytes);
      const tail = bytes.subarray(65536 * 3);
      return { length: bytes.length, distinct: seen.size, tailNonZero: tail.some((b) => b !== 0) };
    });
    expect(stats.length).toBe(200_000);
    expect(stats.distinct).toBe(256);
    expect(stats.tailNonZero).toBe(true);
  });
});
