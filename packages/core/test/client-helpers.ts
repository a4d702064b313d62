// Test ports for the driver: a tiny fetch transport (core itself never uses fetch), a memory store with TTLs,
// a scripted transport, and a random/clock pair.

import { randomBytes } from 'node:crypto';
import { serviceError, TransportError } from '../src/errors.js';
import type { Clock, Random, Store, StoreSetOptions, Transport } from '../src/ports.js';
import { CONTENT_TYPE, TARGET_PREFIX } from '../src/protocol/operations.js';

/** A JSON 1.1 transport over fetch, enough to talk to the emulator in tests. */
export function fetchTransport(endpoint: string, log?: { operation: string; body: unknown }[]): Transport {
  return {
    async send(operation, body, options) {
      log?.push({ operation, body });
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': CONTENT_TYPE, 'x-amz-target': `${TARGET_PREFIX}${operation}` },
          body: JSON.stringify(body),
          ...(options?.signal ? { signal: options.signal as AbortSignal } : {}),
        });
      } catch (error) {
        throw new TransportError('TRANSPORT', `${operation}: request failed`, { cause: error });
      }
      const text = await response.text();
      let parsed: Record<string, unknown>;
      try {
        parsed = text ? JSON.parse(text) : {};
      } catch {
        throw new TransportError('TRANSPORT', `${operation}: the answer is not JSON`);
      }
      if (!response.ok) {
        const type = (parsed.__type as string) ?? response.headers.get('x-amzn-errortype') ?? 'UnknownError';
        throw serviceError(type, (parsed.message ?? parsed.Message) as string | undefined, response.status);
      }
      return parsed as never;
    },
  };
}

export interface MemoryStore extends Store {
  data: Map<string, { value: string; expiresAt?: number }>;
}

/** A memory store that honours ttlSeconds against the given clock. */
export function memoryStore(clock: Clock = { now: () => Date.now() }): MemoryStore {
  const data = new Map<string, { value: string; expiresAt?: number }>();
  return {
    data,
    get(key) {
      const entry = data.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt !== undefined && entry.expiresAt <= clock.now()) {
        data.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(key, value, options?: StoreSetOptions) {
      data.set(
        key,
        options?.ttlSeconds === undefined
          ? { value }
          : { value, expiresAt: clock.now() + options.ttlSeconds * 1000 },
      );
    },
    delete(key) {
      data.delete(key);
    },
  };
}

export const nodeRandom: Random = { bytes: (length) => new Uint8Array(randomBytes(length)) };

export function manualClock(start = Date.now()): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

/** Every call a store received, in order: tests count reads and writes per key. */
export interface StoreCall {
  op: 'get' | 'set' | 'delete';
  key: string;
}

/** A memory store that logs each call, for tests that count store round trips. */
export function countingStore(
  clock?: Clock,
): MemoryStore & { calls: StoreCall[]; count(op: StoreCall['op'], key: string): number } {
  const inner = memoryStore(clock);
  const calls: StoreCall[] = [];
  return {
    data: inner.data,
    calls,
    count: (op, key) => calls.filter((c) => c.op === op && c.key === key).length,
    get(key) {
      calls.push({ op: 'get', key });
      return inner.get(key);
    },
    set(key, value, options) {
      calls.push({ op: 'set', key });
      return inner.set(key, value, options);
    },
    delete(key) {
      calls.push({ op: 'delete', key });
      return inner.delete(key);
    },
  };
}

/** Everything the store holds, as one string: tests search it for secrets. */
export function dump(store: MemoryStore): string {
  return [...store.data.entries()].map(([k, v]) => `${k}=${v.value}`).join('\n');
}
