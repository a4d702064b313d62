// A Store on IndexedDB (W3C Indexed Database API 3.0): one object store of envelopes, usable from pages and workers.

import { type Clock, expiryOf, type Store, StoreError, type StoreSetOptions } from '@cogflow/core';
import { open, seal } from './envelope.js';

/**
 * Options of indexedDBStore. An unavailable IndexedDB rejects with STORE_UNAVAILABLE; wrap the store in
 * `withFallback` to keep working in memory instead.
 */
export interface IndexedDBStoreOptions {
  /** The database name (default `cogflow`). */
  name?: string;
  /** The IDBFactory to use (default the global `indexedDB`, looked up on first use). */
  indexedDB?: IDBFactory;
  /** The clock that ttl expiry reads (default Date.now). */
  clock?: Clock;
}

const OBJECT_STORE = 'kv';

function unavailable(cause?: unknown): StoreError {
  const what = cause instanceof Error && cause.name ? ` (${cause.name})` : '';
  return new StoreError('STORE_UNAVAILABLE', `IndexedDB cannot be used${what}`, { cause });
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(unavailable(req.error));
  });
}

/** A Store on IndexedDB: shared by every tab and worker of the origin and kept across reloads. */
export function indexedDBStore(options: IndexedDBStoreOptions = {}): Store {
  const name = options.name ?? 'cogflow';
  const now = (): number => (options.clock ? options.clock.now() : Date.now());
  let database: Promise<IDBDatabase> | undefined;

  const connect = (): Promise<IDBDatabase> => {
    if (database) return database;
    const attempt = new Promise<IDBDatabase>((resolve, reject) => {
      let factory: IDBFactory | undefined;
      let req: IDBOpenDBRequest;
      try {
        factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
        if (!factory) throw new TypeError('no indexedDB here: pass options.indexedDB or use another store');
        req = factory.open(name, 1);
      } catch (error) {
        reject(unavailable(error));
        return;
      }
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(OBJECT_STORE)) req.result.createObjectStore(OBJECT_STORE);
      };
      req.onsuccess = () => {
        const db = req.result;
        // Let another tab upgrade or delete the database; reconnect on the next call.
        db.onversionchange = () => {
          db.close();
          database = undefined;
        };
        db.onclose = () => {
          database = undefined;
        };
        resolve(db);
      };
      req.onerror = () => reject(unavailable(req.error));
      req.onblocked = () => reject(unavailable(new Error('blocked by another connection')));
    });
    database = attempt;
    // A failed open is not cached: private mode may end, and the next call tries again.
    attempt.catch(() => {
      if (database === attempt) database = undefined;
    });
    return attempt;
  };

  const run = async <T>(
    mode: IDBTransactionMode,
    fn: (objects: IDBObjectStore) => IDBRequest<T>,
  ): Promise<T> => {
    const db = await connect();
    let tx: IDBTransaction;
    let req: IDBRequest<T>;
    try {
      tx = db.transaction(OBJECT_STORE, mode);
      req = fn(tx.objectStore(OBJECT_STORE));
    } catch (error) {
      throw unavailable(error);
    }
    const result = request(req);
    if (mode === 'readonly') return result;
    // The transaction's own outcome decides; keep the request's rejection from going unhandled meanwhile.
    result.catch(() => undefined);
    // A write counts once its transaction commits; an abort (quota) rejects.
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(unavailable(tx.error));
      tx.onerror = () => reject(unavailable(tx.error));
    });
    return result;
  };

  const primary: Store = {
    async get(key: string): Promise<string | undefined> {
      const record = await run('readonly', (objects) => objects.get(key));
      if (record === undefined) return undefined;
      const { value, expiresAt } = open(record, 'IndexedDB');
      if (expiresAt !== undefined && expiresAt <= now()) {
        await run('readwrite', (objects) => objects.delete(key));
        return undefined;
      }
      return value;
    },
    async set(key: string, value: string, setOptions?: StoreSetOptions): Promise<void> {
      await run('readwrite', (objects) => objects.put(seal(value, expiryOf(setOptions, { now })), key));
    },
    async delete(key: string): Promise<void> {
      await run('readwrite', (objects) => objects.delete(key));
    },
  };
  return primary;
}
