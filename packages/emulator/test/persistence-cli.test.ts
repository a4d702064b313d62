// The state file (load at start, save on change and at stop) and the cogflow-emulator CLI.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type Emulator, type EmulatorOptions, type EmulatorSeed, startEmulator } from '../src/index.js';
import { type Challenge, call, ok, srpSignIn } from './wire.js';

const dir = mkdtempSync(join(tmpdir(), 'cogflow-emulator-'));

// Every emulator a test started and has not stopped: one left listening by a failed assertion is stopped after
// its test, before the next starts and well before the state directory goes.
const running = new Set<Emulator>();
async function start(options: EmulatorOptions): Promise<Emulator> {
  const emu = await startEmulator(options);
  running.add(emu);
  return emu;
}
async function stop(emu: Emulator): Promise<void> {
  running.delete(emu);
  await emu.stop();
}
afterEach(async () => {
  await Promise.allSettled([...running].map((emu) => stop(emu)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const seed: EmulatorSeed = {
  pools: [
    {
      name: 'kept',
      id: 'us-east-1_Kept12345',
      clients: [{ name: 'web', id: 'keptclient0000000000000000' }],
      users: [{ username: 'kim', password: 'Correct-Horse-9!' }],
    },
  ],
};

describe('stateFile', () => {
  it('keeps users, passwords, refresh tokens and signing keys across a restart', async () => {
    const stateFile = join(dir, 'state.json');
    const first = await start({ seed, stateFile });
    await ok(first.endpoint, 'AdminSetUserPassword', {
      UserPoolId: 'us-east-1_Kept12345',
      Username: 'kim',
      Password: 'Second-Pass-2!',
      Permanent: true,
    });
    const signIn = (
      await srpSignIn(
        first.endpoint,
        'us-east-1_Kept12345',
        'keptclient0000000000000000',
        'kim',
        'Second-Pass-2!',
      )
    ).body as Challenge;
    const refresh = signIn.AuthenticationResult?.RefreshToken as string;
    await stop(first);
    const saved = readFileSync(stateFile, 'utf8');
    expect(saved).not.toContain('Second-Pass-2!');
    expect(JSON.parse(saved).users).toHaveLength(1);

    const second = await start({ stateFile });
    const again = await srpSignIn(
      second.endpoint,
      'us-east-1_Kept12345',
      'keptclient0000000000000000',
      'kim',
      'Second-Pass-2!',
    );
    expect(again.status).toBe(200);
    const old = await srpSignIn(
      second.endpoint,
      'us-east-1_Kept12345',
      'keptclient0000000000000000',
      'kim',
      'Correct-Horse-9!',
    );
    expect(old.body.__type).toBe('NotAuthorizedException');
    const refreshed = await call(second.endpoint, 'InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: 'keptclient0000000000000000',
      AuthParameters: { REFRESH_TOKEN: refresh },
    });
    expect(refreshed.status).toBe(200);
    // The access token signed before the restart still verifies: the pool's signing key was kept.
    await ok(second.endpoint, 'GetUser', { AccessToken: signIn.AuthenticationResult?.AccessToken });
    // A seed given again does not duplicate what the state already has.
    const third = await start({ seed, stateFile: join(dir, 'state.json'), port: 0 });
    expect(third.pools.kept?.id).toBe('us-east-1_Kept12345');
    await stop(third);
    await stop(second);
  });
});

describe('cogflow-emulator CLI', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('writes the state file owner-only (0600), also over an older world-readable file, with no temp left', async () => {
    const own = mkdtempSync(join(dir, 'mode-'));
    const stateFile = join(own, 'state.json');
    const emu = await start({ seed, stateFile });
    await stop(emu);
    expect(statSync(stateFile).mode & 0o777).toBe(0o600);
    // A file from an earlier version, 0644: the next save replaces it with an owner-only one.
    chmodSync(stateFile, 0o644);
    expect(statSync(stateFile).mode & 0o777).toBe(0o644);
    const again = await start({ stateFile });
    await ok(again.endpoint, 'AdminSetUserPassword', {
      UserPoolId: 'us-east-1_Kept12345',
      Username: 'kim',
      Password: 'Third-Pass-3!',
      Permanent: true,
    });
    await stop(again);
    expect(statSync(stateFile).mode & 0o777).toBe(0o600);
    expect(readdirSync(own)).toEqual(['state.json']);
  });

  it('starts from a seed file and prints the endpoint and the seeded ids', async () => {
    const seedFile = join(dir, 'seed.json');
    writeFileSync(seedFile, JSON.stringify(seed));
    const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
    expect(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    child = spawn(
      process.execPath,
      [
        '--conditions=@cogflow/source',
        '--import',
        'tsx',
        cli,
        '--port',
        '0',
        '--host',
        '127.0.0.1',
        '--seed',
        seedFile,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const out = await new Promise<string>((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error(`CLI did not start: ${text}`)), 30_000);
      child?.stdout?.on('data', (d: Buffer) => {
        text += d.toString();
        if (text.includes('client web')) {
          clearTimeout(timer);
          resolve(text);
        }
      });
      child?.on('exit', (code) => reject(new Error(`CLI exited with ${code}: ${text}`)));
    });
    const endpoint = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] as string;
    expect(endpoint).toBeDefined();
    expect(out).toContain('pool kept: us-east-1_Kept12345');
    expect(out).toContain('client web: keptclient0000000000000000');
    const signIn = await srpSignIn(
      endpoint,
      'us-east-1_Kept12345',
      'keptclient0000000000000000',
      'kim',
      'Correct-Horse-9!',
    );
    expect(signIn.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child?.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
