import { lockConformance, storeConformance } from '@cogflow/test-kit';
import { runInVitest } from '@cogflow/test-kit/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisLock } from '../src/redis-lock.js';
import { redisStore } from '../src/redis-store.js';
import { connect, type RedisServer, redisSkipReason, startRedis } from './helpers/redis-server.js';

const skip = redisSkipReason();
let server: RedisServer;
let client: Awaited<ReturnType<typeof connect>>;
const extraClients: Awaited<ReturnType<typeof connect>>[] = [];
let n = 0;

beforeAll(async () => {
  if (skip) return;
  server = await startRedis();
  client = await connect(server.url);
});

afterAll(async () => {
  if (skip) return;
  for (const extra of extraClients) await extra.close();
  await client.close();
  await server.stop();
});

async function another(): Promise<Awaited<ReturnType<typeof connect>>> {
  const extra = await connect(server.url);
  extraClients.push(extra);
  return extra;
}

runInVitest(
  'redisStore conformance',
  storeConformance(
    () => {
      n += 1;
      const prefix = `store-${n}:`;
      return {
        store: redisStore({ client, prefix }),
        reopen: async () => redisStore({ client: await another(), prefix }),
      };
    },
    { supportsTTL: true },
  ),
  { skip },
);

runInVitest(
  'redisLock conformance',
  lockConformance(() => {
    n += 1;
    const prefix = `lock-${n}:`;
    return {
      lock: redisLock({ client, prefix }),
      peer: async () => redisLock({ client: await another(), prefix }),
    };
  }),
  { skip },
);

describe.skipIf(skip)('redisStore on the server', () => {
  it('keeps entries under the prefix, expires them with PX, and never scans the keyspace', async () => {
    const store = redisStore({ client, prefix: 'app1:' });
    await store.set('pending:abc', '{"v":1}', { ttlSeconds: 180 });
    await store.set('tokens:ana', '{"t":1}');
    expect(await client.get('app1:pending:abc')).toBe('{"v":1}');
    const pttl = await client.pTTL('app1:pending:abc');
    expect(pttl).toBeGreaterThan(170_000);
    expect(pttl).toBeLessThanOrEqual(180_000);
    expect(await client.pTTL('app1:tokens:ana')).toBe(-1);
    const stats = await client.info('commandstats');
    expect(stats).not.toMatch(/cmdstat_(keys|scan):/);
  });

  it('opens its own client from a url and closes it', async () => {
    const store = redisStore({ url: server.url, prefix: 'own:' });
    try {
      await store.set('k', 'v');
      expect(await store.get('k')).toBe('v');
      expect(await client.get('own:k')).toBe('v');
    } finally {
      // Closed even when an assertion fails, so the failure is not followed by a client holding the run open.
      await store.close();
    }
  });

  it('redisLock reports a server it cannot reach as STORE_UNAVAILABLE and never runs fn', async () => {
    const gone = await connect(server.url);
    await gone.close();
    let ran = false;
    const lock = redisLock({ client: gone });
    await expect(
      lock.withLock('x', async () => {
        ran = true;
      }),
    ).rejects.toMatchObject({ name: 'StoreError', code: 'STORE_UNAVAILABLE' });
    expect(ran).toBe(false);
  });

  it('reports a server that is gone as STORE_UNAVAILABLE', async () => {
    const store = redisStore({ url: 'redis://127.0.0.1:1', prefix: 'x:' });
    await expect(store.get('k')).rejects.toMatchObject({ name: 'StoreError', code: 'STORE_UNAVAILABLE' });
    await store.close();
  });
});
