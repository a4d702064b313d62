// A Lock (packages/core/src/ports.ts) shared by every process on one Redis: SET NX PX with a random token, released
// by a compare-and-delete script so that a holder whose ttl ran out never frees the next holder's lock.

import { randomBytes } from 'node:crypto';
import { CogflowError, type Lock, type LockOptions, StoreError } from '@cogflow/core';
import type { RedisCommandClient } from './redis-client.js';

export interface RedisLockOptions {
  client: RedisCommandClient;
  /** Prepended to lock names (default `cogflow:lock:`). */
  prefix?: string;
  /** Default ttlMs when a caller gives none (10 000). */
  ttlMs?: number;
  /** Default waitMs when a caller gives none (10 000). */
  waitMs?: number;
}

const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function redisLock(options: RedisLockOptions): Lock {
  const { client } = options;
  const prefix = options.prefix ?? 'cogflow:lock:';
  const defaultTtl = options.ttlMs ?? 10_000;
  const defaultWait = options.waitMs ?? 10_000;

  async function acquire(key: string, token: string, ttlMs: number, waitMs: number): Promise<void> {
    const deadline = Date.now() + waitMs;
    let delay = 5;
    for (;;) {
      let reply: unknown;
      try {
        reply = await client.set(key, token, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } });
      } catch (error) {
        throw new StoreError('STORE_UNAVAILABLE', `redisLock: could not reach Redis to take "${key}"`, {
          cause: error,
        });
      }
      if (reply === 'OK') return;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new CogflowError('LOCK_TIMEOUT', `redisLock: "${key}" stayed held for ${waitMs} ms`);
      }
      // Full jitter keeps a crowd of waiters from polling in step.
      await sleep(Math.min(left, 1 + Math.floor(Math.random() * delay)));
      delay = Math.min(delay * 2, 100);
    }
  }

  return {
    async withLock<T>(name: string, fn: () => Promise<T>, lockOptions?: LockOptions): Promise<T> {
      const key = prefix + name;
      const token = randomBytes(16).toString('hex');
      await acquire(key, token, lockOptions?.ttlMs ?? defaultTtl, lockOptions?.waitMs ?? defaultWait);
      try {
        return await fn();
      } finally {
        await client.eval(RELEASE_SCRIPT, { keys: [key], arguments: [token] }).catch(() => undefined);
      }
    },
  };
}
