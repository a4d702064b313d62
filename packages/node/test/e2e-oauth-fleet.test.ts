// A server-side web app on a fleet sharing Redis: the authorization started by one process and its callback
// taken by another, the pending record (with the PKCE verifier) kept under a TTL and spent by the callback.
import { join } from 'node:path';
import { peekTokens } from '@cogflow/core';
import { type Emulator, startEmulator } from '@cogflow/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeAuth } from '../src/index.js';
import type { FleetConfig } from './fixtures/fleet-auth.js';
import { runTS } from './helpers/node-process.js';
import { PlayedBrowser } from './helpers/oauth-browser.js';
import {
  connect,
  type RedisServer,
  redisSkipReason,
  startRedis,
  type TestRedisClient,
} from './helpers/redis-server.js';
import { oauthSeed, PASSWORD, WEB_CALLBACK } from './oauth-fixture.js';

const skip = redisSkipReason();
let emulator: Emulator;
let redis: RedisServer;
let client: TestRedisClient;

beforeAll(async () => {
  if (skip) return;
  [emulator, redis] = await Promise.all([startEmulator({ port: 0, seed: oauthSeed(1) }), startRedis()]);
  client = await connect(redis.url);
});

afterAll(async () => {
  if (skip) return;
  await client?.close();
  await Promise.all([emulator?.stop(), redis?.stop()]);
});

describe.skipIf(skip)('authorization code on a fleet', () => {
  it('process A starts, the browser signs in, process B finishes; a replayed callback is refused', async () => {
    const pool = emulator.pools.oauth!;
    const full: FleetConfig = {
      endpoint: emulator.endpoint,
      userPoolId: pool.id,
      clientId: pool.clients.web!.id,
      clientSecret: pool.clients.web!.secret!,
      redisURL: redis.url,
      prefix: 'web:',
      oauthDomain: pool.oauthBaseURL!,
      redirectUri: WEB_CALLBACK,
    };
    const env = { COGFLOW_FLEET_CONFIG: JSON.stringify(full) };
    const start = await runTS(join('test', 'fixtures', 'oauth-start.ts'), [], env);
    expect(start.stderr).toBe('');
    const { url } = JSON.parse(start.stdout) as { url: string };

    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: 'web:*pending*' })) keys.push(...batch);
    expect(keys).toHaveLength(1);
    const pttl = await client.pTTL(keys[0]!);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(600_000);
    const verifier = JSON.parse((await client.get(keys[0]!))!).verifier as string;
    expect(url).not.toContain(verifier);

    const back = await new PlayedBrowser(new URL(emulator.endpoint).origin).signIn(url, 'carol', PASSWORD);
    expect(back.startsWith(`${WEB_CALLBACK}?code=`)).toBe(true);
    const finish = await runTS(join('test', 'fixtures', 'oauth-finish.ts'), [back], env);
    expect(finish.stderr).toBe('');
    const done = JSON.parse(finish.stdout) as { username: string; accessToken: string };
    expect(done.username).toBe('carol');
    expect(await client.exists(keys[0]!)).toBe(0);

    const here = createNodeAuth({
      userPoolId: pool.id,
      clientId: pool.clients.web!.id,
      endpoint: emulator.endpoint,
      redis: { client, prefix: 'web:' },
    });
    expect((await peekTokens(here, 'carol'))?.accessToken).toBe(done.accessToken);

    const replay = await runTS(join('test', 'fixtures', 'oauth-finish.ts'), [back], env);
    expect(JSON.parse(replay.stdout)).toEqual({ error: 'STATE_MISMATCH' });
  });
});
