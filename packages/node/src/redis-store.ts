// A Store (packages/core/src/ports.ts) in Redis through the `redis` package: one key per entry under a prefix,
// expiry by SET PX, and nothing that scans the keyspace (no KEYS, no SCAN), so it is safe on a shared server.

import { type Store, StoreError, type StoreSetOptions } from '@cogflow/core';
import type { RedisCommandClient } from './redis-client.js';

export interface RedisStoreOptions {
  /** A connected client. Either this or `url`. The store never closes a client it was given. */
  client?: RedisCommandClient;
  /** `redis://host:port/db`: the store opens (and `close()` quits) its own client. */
  url?: string;
  /** Prepended to every key (default `cogflow:`), so several applications can share one database. */
  prefix?: string;
}

export interface RedisStore extends Store {
  /** Quits the client the store opened from `url`; does nothing for a client passed in. */
  close(): Promise<void>;
}

interface OwnedClient extends RedisCommandClient {
  connect(): Promise<unknown>;
  quit?(): Promise<unknown>;
  close?(): Promise<unknown>;
  on(event: 'error', listener: (error: unknown) => void): unknown;
}

function unavailable(action: string, error: unknown): StoreError {
  const reason = error instanceof Error ? error.name : 'error';
  return new StoreError('STORE_UNAVAILABLE', `redisStore: ${action} failed (${reason})`, { cause: error });
}

export function redisStore(options: RedisStoreOptions): RedisStore {
  if (!options.client && !options.url)
    throw new TypeError(
      "redisStore needs a client or a url, e.g. redisStore({ url: 'redis://localhost:6379' })",
    );
  const prefix = options.prefix ?? 'cogflow:';
  let owned: Promise<OwnedClient> | undefined;

  function client(): Promise<RedisCommandClient> | RedisCommandClient {
    if (options.client) return options.client;
    if (owned) return owned;
    owned = (async () => {
      // Loaded on first use, so that @cogflow/node works without the optional `redis` package installed.
      const { createClient } = await import('redis');
      const created = createClient({
        url: options.url,
        // Fail commands while disconnected instead of queueing them behind a connection that may never come back.
        disableOfflineQueue: true,
        socket: {
          connectTimeout: 5000,
          reconnectStrategy: (retries: number) =>
            retries >= 3 ? new Error('redisStore: Redis unreachable') : Math.min(50 * 2 ** retries, 1000),
        },
      }) as unknown as OwnedClient;
      // Without a listener a lost connection would crash the process; commands fail and are reported instead.
      created.on('error', () => undefined);
      await created.connect();
      return created;
    })();
    // A failed connect is not cached: the next command tries again.
    owned.catch(() => {
      owned = undefined;
    });
    return owned;
  }

  return {
    async get(key: string): Promise<string | undefined> {
      let value: unknown;
      try {
        value = await (await client()).get(prefix + key);
      } catch (error) {
        throw unavailable('GET', error);
      }
      if (value === null || value === undefined) return undefined;
      if (typeof value !== 'string')
        throw new StoreError('STORE_CORRUPT', 'redisStore: GET returned a non-string');
      return value;
    },
    async set(key: string, value: string, setOptions?: StoreSetOptions): Promise<void> {
      const ttl = setOptions?.ttlSeconds;
      try {
        const redis = await client();
        if (ttl === undefined) await redis.set(prefix + key, value);
        else
          await redis.set(prefix + key, value, {
            expiration: { type: 'PX', value: Math.max(1, Math.ceil(ttl * 1000)) },
          });
      } catch (error) {
        throw unavailable('SET', error);
      }
    },
    async delete(key: string): Promise<void> {
      try {
        await (await client()).del(prefix + key);
      } catch (error) {
        throw unavailable('DEL', error);
      }
    },
    async close(): Promise<void> {
      if (!owned) return;
      const created = await owned.catch(() => undefined);
      owned = undefined;
      if (!created) return;
      if (created.close) await created.close();
      else await created.quit?.();
    },
  };
}
