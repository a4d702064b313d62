// The packages as a consumer gets them: @cogflow/core and @cogflow/node packed (pnpm pack: dist/ only, no source
// condition), installed from the tarballs into a fresh project outside the workspace with npm, then an ESM script
// and a CommonJS script sign in against the emulator, and redisStore / redisLock run on each `redis` major version
// the README and the peer range claim (5 and 6).

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Emulator, startEmulator } from '@cogflow/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, redisSkipReason, startRedis } from './helpers/redis-server.js';

const run = promisify(execFile);
const packages = new URL('../../', import.meta.url).pathname;
const fixtures = new URL('./fixtures/packed/', import.meta.url).pathname;
const PASSWORD = 'Packed-Pass-9!';
const skipRedis = redisSkipReason();

let project: string;
let emulator: Emulator;
let redis: RedisServer | undefined;
let env: NodeJS.ProcessEnv;

async function node(script: string): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, [join(project, script)], {
    cwd: project,
    env,
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
}

const npm = (args: string[]) =>
  run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd: project, timeout: 300_000 });

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'cogflow-packed-'));
  const tarballs = join(project, 'tarballs');
  for (const name of ['core', 'node']) {
    const dir = join(packages, name);
    // The test command builds first; a lone run of this file builds what it packs.
    if (!existsSync(join(dir, 'dist', 'index.js'))) await run('npx', ['tsup'], { cwd: dir });
    await run('npx', ['-y', 'pnpm@12.4.2', 'pack', '--pack-destination', tarballs], { cwd: dir });
  }
  const packed = readdirSync(tarballs).map((file) => join(tarballs, file));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  for (const script of ['sign-in.mjs', 'sign-in.cjs', 'redis-store.mjs'])
    writeFileSync(join(project, script), readFileSync(join(fixtures, script)));
  await npm(['install', ...packed, 'redis@5']);
  emulator = await startEmulator({
    seed: {
      pools: [
        { name: 'packed', clients: [{ name: 'app' }], users: [{ username: 'pat', password: PASSWORD }] },
      ],
    },
  });
  if (!skipRedis) redis = await startRedis();
  env = {
    ...process.env,
    ENDPOINT: emulator.endpoint,
    POOL_ID: emulator.pools.packed!.id,
    CLIENT_ID: emulator.pools.packed!.clients.app!.id,
    USERNAME: 'pat',
    PASSWORD,
    REDIS_URL: redis?.url ?? '',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}, 600_000);

afterAll(async () => {
  await emulator?.stop();
  await redis?.stop();
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('installed from the tarballs into a fresh project', () => {
  it('ships dist/, README and LICENSE only, and its exports carry no source condition', () => {
    const manifest = JSON.parse(
      readFileSync(join(project, 'node_modules/@cogflow/node/package.json'), 'utf8'),
    );
    expect(JSON.stringify(manifest.exports)).not.toContain('@cogflow/source');
    expect(manifest.repository).toBeUndefined();
    for (const name of ['core', 'node']) {
      const files = readdirSync(join(project, 'node_modules/@cogflow', name)).sort();
      expect(files).toEqual(['LICENSE', 'README.md', 'dist', 'package.json']);
    }
  });

  it('an ESM script signs in', async () => {
    expect(await node('sign-in.mjs')).toEqual({ loader: 'esm', status: 'SIGNED_IN', hasAccessToken: true });
  });

  it('a CommonJS script signs in with require(), and its errors are the same classes', async () => {
    expect(await node('sign-in.cjs')).toEqual({
      loader: 'cjs',
      status: 'SIGNED_IN',
      hasAccessToken: true,
      wrongPasswordIsCogflowError: true,
    });
  });

  it.runIf(!skipRedis)(
    'redisStore and redisLock work with redis 5 and with redis 6',
    async () => {
      const five = await node('redis-store.mjs');
      expect(five).toMatchObject({ value: 'v', gone: true, locked: 'ran' });
      expect(String(five.version)).toMatch(/^5\./);
      await npm(['install', 'redis@6']);
      const six = await node('redis-store.mjs');
      expect(six).toMatchObject({ value: 'v', gone: true, locked: 'ran' });
      expect(String(six.version)).toMatch(/^6\./);
    },
    600_000,
  );
});
