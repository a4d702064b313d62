// A fleet of Node processes sharing one Redis: a sign-in started by one instance and finished by another, and 20
// concurrent refreshes of one user from 4 processes that reach the emulator exactly once.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { confirmSignIn, peekTokens, signIn } from '@cogflow/core';
import { type Emulator, startEmulator } from '@cogflow/emulator';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeAuth, sdkTransport } from '../src/index.js';
import type { FleetConfig } from './fixtures/fleet-auth.js';
import { packageRoot, runTS } from './helpers/node-process.js';
import {
  connect,
  type RedisServer,
  redisSkipReason,
  startRedis,
  type TestRedisClient,
} from './helpers/redis-server.js';
import { PASSWORD, seed, TOTP_SECRETS } from './helpers/seed.js';

const skip = redisSkipReason();
let emulator: Emulator;
let redis: RedisServer;
let client: TestRedisClient;

beforeAll(async () => {
  if (skip) return;
  [emulator, redis] = await Promise.all([
    startEmulator({ port: 0, seed: seed(['fleet-rotating']) }),
    startRedis(),
  ]);
  client = await connect(redis.url);
});

afterAll(async () => {
  if (skip) return;
  await client?.close();
  await Promise.all([emulator?.stop(), redis?.stop()]);
});

function config(prefix: string, extra: Partial<FleetConfig> = {}): Record<string, string> {
  const full: FleetConfig = {
    endpoint: emulator.endpoint,
    userPoolId: emulator.pools.main!.id,
    clientId: emulator.pools.main!.clients.public!.id,
    redisURL: redis.url,
    prefix,
    ...extra,
  };
  return { COGFLOW_FLEET_CONFIG: JSON.stringify(full) };
}

describe.skipIf(skip)('@cogflow/node fleet on a shared Redis', () => {
  it('backend-for-frontend: process A stops at SOFTWARE_TOKEN_MFA, process B finishes it from Redis', async () => {
    const env = config('bff:');
    const start = await runTS(join('test', 'fixtures', 'bff-start.ts'), ['bff', PASSWORD], env);
    expect(start.stderr).toBe('');
    expect(start.code).toBe(0);
    const { pendingId, step } = JSON.parse(start.stdout) as { pendingId: string; step: string };
    expect(step).toBe('SOFTWARE_TOKEN_MFA');

    // The pending state sits in Redis under the prefix, expires with the Cognito session, and holds no secret.
    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: 'bff:*pending*' })) keys.push(...batch);
    expect(keys).toHaveLength(1);
    const pttl = await client.pTTL(keys[0]!);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(180_000);
    const stored = (await client.get(keys[0]!))!;
    expect(stored).not.toContain(PASSWORD);
    expect(stored).toContain(pendingId);

    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(TOTP_SECRETS.bff!) }).generate();
    const finish = await runTS(join('test', 'fixtures', 'bff-finish.ts'), [pendingId, code], env);
    expect(finish.stderr).toBe('');
    expect(finish.code).toBe(0);
    const done = JSON.parse(finish.stdout) as { username: string; accessToken: string };
    expect(done.username).toBe('bff');

    // A third instance (this test) sees the tokens B stored, and the answered step is gone.
    const here = createNodeAuth({
      userPoolId: emulator.pools.main!.id,
      clientId: emulator.pools.main!.clients.public!.id,
      endpoint: emulator.endpoint,
      redis: { client, prefix: 'bff:' },
    });
    expect((await peekTokens(here, 'bff'))?.accessToken).toBe(done.accessToken);
    expect(await client.exists(keys[0]!)).toBe(0);
    await expect(confirmSignIn(here, pendingId, { type: 'SOFTWARE_TOKEN_MFA', code })).rejects.toMatchObject({
      code: 'SESSION_EXPIRED',
    });
  });

  async function concurrentRefreshes(username: string, clientName: 'public' | 'rotating'): Promise<void> {
    const prefix = `${username}:`;
    const rotation = clientName === 'rotating';
    const here = createNodeAuth({
      userPoolId: emulator.pools.main!.id,
      clientId: emulator.pools.main!.clients[clientName]!.id,
      endpoint: emulator.endpoint,
      redis: { client, prefix },
      refreshTokenRotation: rotation,
    });
    const first = await signIn(here, { username, password: PASSWORD, rememberDevice: false });
    expect(first.status).toBe('SIGNED_IN');
    const original = (await peekTokens(here, username))!;

    // 59 minutes later for the emulator and for the fleet: one minute of validity left, inside the refresh margin.
    const offset = 59 * 60 * 1000 + (await emulator.control.now()) - Date.now();
    await emulator.control.advanceClock(59 * 60 * 1000);
    const children: ChildProcessWithoutNullStreams[] = [];
    const outputs: Promise<{ stdout: string; stderr: string; code: number | null }>[] = [];
    const ready: Promise<void>[] = [];
    for (let i = 0; i < 4; i += 1) {
      const child = spawn(
        process.execPath,
        [
          '--conditions=@cogflow/source',
          '--import',
          'tsx',
          join('test', 'fixtures', 'fleet-refresh.ts'),
          username,
          '5',
        ],
        {
          cwd: packageRoot,
          env: {
            ...process.env,
            ...config(prefix, {
              clockOffsetMs: offset,
              clientId: emulator.pools.main!.clients[clientName]!.id,
              refreshTokenRotation: rotation,
            }),
            NODE_NO_WARNINGS: '1',
          },
        },
      );
      children.push(child);
      let stdout = '';
      let stderr = '';
      ready.push(
        new Promise((resolve, reject) => {
          child.stdout.on('data', (chunk) => {
            stdout += chunk;
            if (stdout.includes('ready\n')) resolve();
          });
          child.once('close', () => reject(new Error(`child ${i} exited before it was ready: ${stderr}`)));
        }),
      );
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      outputs.push(
        new Promise((resolve) => child.once('close', (code) => resolve({ stdout, stderr, code }))),
      );
    }
    const killAll = (): void => {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    };
    let results: Array<{ stdout: string; stderr: string; code: number | null }>;
    try {
      await Promise.all(ready);
      await emulator.control.resetStats();
      for (const child of children) child.stdin.end('go\n');
      // A child stuck on the lock must not hang the run: kill it, and its missing output fails the test.
      const timer = setTimeout(killAll, 30_000);
      results = await Promise.all(outputs);
      clearTimeout(timer);
    } finally {
      // A child that died before it was ready fails the run above; its siblings must not outlive it.
      killAll();
    }

    const tokens: string[] = [];
    for (const result of results) {
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      tokens.push(...(JSON.parse(result.stdout.split('\n')[1]!) as string[]));
    }
    expect(tokens).toHaveLength(20);
    const stats = await emulator.control.stats();
    expect(stats.InitiateAuth ?? 0).toBe(rotation ? 0 : 1);
    expect(stats.GetTokensFromRefreshToken ?? 0).toBe(rotation ? 1 : 0);
    expect(new Set(tokens).size).toBe(1);
    const refreshed = tokens[0]!;
    expect(refreshed).not.toBe(original.accessToken);
    const stored = (await peekTokens(here, username))!;
    expect(stored.accessToken).toBe(refreshed);
    if (rotation) expect(stored.refreshToken).not.toBe(original.refreshToken);

    // Valid: signed by the pool, not expired on the emulator's (advanced) clock, and accepted by the service.
    const issuer = `${emulator.endpoint}/${emulator.pools.main!.id}`;
    const { payload } = await jwtVerify(
      refreshed,
      createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`)),
      {
        issuer,
        currentDate: new Date(await emulator.control.now()),
      },
    );
    expect(payload.username).toBe(username);
    const user = await sdkTransport({ region: emulator.region, endpoint: emulator.endpoint }).send(
      'GetUser',
      {
        AccessToken: refreshed,
      },
    );
    expect(user.Username).toBe(username);
  }

  it('20 concurrent refreshes of one user from 4 processes: one reaches the emulator, all end with the same tokens', async () => {
    await concurrentRefreshes('fleet', 'public');
  });

  it('the same with refresh-token rotation: one GetTokensFromRefreshToken, one new refresh token for everyone', async () => {
    await concurrentRefreshes('fleet-rotating', 'rotating');
  });
});
