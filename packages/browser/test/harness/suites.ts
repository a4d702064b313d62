// The port conformance suites as the page and the worker run them: each store and lock on real browser APIs.

import type { Clock, Lock, Store } from '@cogflow/core';
import {
  type ConformanceCase,
  lockConformance,
  type StoreFixture,
  storeConformance,
} from '@cogflow/test-kit';
// Port modules by path, not the package index: these suites must not pull in the auth client.
import { memoryLock } from '../../src/locks/memory-lock.js';
import { storageLeaseLock } from '../../src/locks/storage-lease-lock.js';
import { webLocksLock } from '../../src/locks/web-locks-lock.js';
import { withFallback } from '../../src/stores/fallback-store.js';
import { indexedDBStore } from '../../src/stores/indexeddb-store.js';
import { memoryStore } from '../../src/stores/memory-store.js';
import { localStorageStore, sessionStorageStore } from '../../src/stores/web-storage-store.js';

export interface CaseResult {
  name: string;
  ok: boolean;
  error?: string;
}

export async function runCases(cases: ConformanceCase[]): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of cases) {
    try {
      await c.run();
      results.push({ name: c.name, ok: true });
    } catch (error) {
      results.push({
        name: c.name,
        ok: false,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }
  }
  return results;
}

/** A clock the ttl cases move forward instead of sleeping. */
function testClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
  };
}

let serial = 0;

/** A Storage whose every call throws, as in a sandboxed frame or with site data blocked. */
export function deniedStorage(): Storage {
  const deny = (): never => {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  };
  return {
    get length(): number {
      return deny();
    },
    clear: deny,
    getItem: deny,
    key: deny,
    removeItem: deny,
    setItem: deny,
  } as Storage;
}

export type StoreKind =
  | 'local'
  | 'session'
  | 'indexeddb'
  | 'memory'
  | 'local-denied-fallback'
  | 'indexeddb-denied-fallback';

export function isPersistent(kind: StoreKind): boolean {
  return kind === 'local' || kind === 'session' || kind === 'indexeddb';
}

export function storeCases(kind: StoreKind): ConformanceCase[] {
  const clock = testClock();
  const make = (): StoreFixture => {
    serial += 1;
    const run = `${Date.now().toString(36)}-${serial}`;
    switch (kind) {
      case 'local':
      case 'session': {
        const prefix = `conf-${run}:`;
        const open = (): Store =>
          kind === 'local' ? localStorageStore({ prefix, clock }) : sessionStorageStore({ prefix, clock });
        const storage = kind === 'local' ? localStorage : sessionStorage;
        return {
          store: open(),
          reopen: open,
          cleanup: () => {
            for (const key of Object.keys(storage)) if (key.startsWith(prefix)) storage.removeItem(key);
          },
        };
      }
      case 'indexeddb': {
        const name = `conf-${run}`;
        return {
          store: indexedDBStore({ name, clock }),
          reopen: () => indexedDBStore({ name, clock }),
          cleanup: () =>
            new Promise<void>((resolve) => {
              const req = indexedDB.deleteDatabase(name);
              req.onsuccess = req.onerror = req.onblocked = () => resolve();
            }),
        };
      }
      case 'memory':
        return { store: memoryStore({ clock }) };
      case 'local-denied-fallback':
        return {
          store: withFallback(localStorageStore({ storage: deniedStorage(), clock }), {
            fallback: 'memory',
            clock,
          }),
        };
      case 'indexeddb-denied-fallback': {
        const factory = {
          open: () => {
            throw new DOMException(
              'A mutation operation was attempted on a database that did not allow mutations.',
              'InvalidStateError',
            );
          },
        } as unknown as IDBFactory;
        return {
          store: withFallback(indexedDBStore({ indexedDB: factory, clock }), { fallback: 'memory', clock }),
        };
      }
    }
  };
  return storeConformance(make, {
    supportsTTL: true,
    persistent: isPersistent(kind),
    advanceTime: (ms) => clock.advance(ms),
  });
}

export function runStoreSuite(kind: StoreKind): Promise<CaseResult[]> {
  return runCases(storeCases(kind));
}

/** Runs the one case of the store suite with this name (the vitest side lists the names and asks one by one). */
export async function runStoreCase(kind: StoreKind, name: string): Promise<CaseResult> {
  const found = storeCases(kind).filter((c) => c.name === name);
  if (found.length !== 1) return { name, ok: false, error: `no single case named ${JSON.stringify(name)}` };
  return (await runCases(found))[0]!;
}

export async function runLockCase(kind: LockKind, name: string): Promise<CaseResult> {
  const found = lockCases(kind).filter((c) => c.name === name);
  if (found.length !== 1) return { name, ok: false, error: `no single case named ${JSON.stringify(name)}` };
  return (await runCases(found))[0]!;
}

export type LockKind = 'web-locks' | 'storage-lease' | 'memory';

export function lockCases(kind: LockKind): ConformanceCase[] {
  let n = 0;
  const make = (): { lock: Lock; peer?: () => Lock } => {
    n += 1;
    const prefix = `conf-${Date.now().toString(36)}-${n}:`;
    if (kind === 'web-locks') return { lock: webLocksLock({ prefix }), peer: () => webLocksLock({ prefix }) };
    if (kind === 'storage-lease') {
      return { lock: storageLeaseLock({ prefix }), peer: () => storageLeaseLock({ prefix }) };
    }
    return { lock: memoryLock() };
  };
  // Web Locks free a holder only when its context ends; the in-page lock has no holder that can crash.
  return lockConformance(make, { supportsTTL: kind === 'storage-lease' });
}
