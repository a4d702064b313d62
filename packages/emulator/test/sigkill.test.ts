// Kill -9 during writes: the CLI with --state, killed twenty times while sign-ups, AdminCreateUser, sign-ins with
// device confirmation and refresh-token rotations run, restarted each time on the same file; every acknowledged
// change must be there after each restart, and no temp file may be left.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorSeed } from '../src/index.js';
import { call, deviceVerifier } from './wire.js';

const ROUNDS = 20;
const WORKERS = 4;
const POOL = 'us-east-1_Killed001';
const CLIENT = 'killedclient0000000000000';
const PASSWORD = 'Correct-Horse-9!';

const dir = mkdtempSync(join(tmpdir(), 'cogflow-sigkill-'));
const stateDir = join(dir, 'state');
const stateFile = join(stateDir, 'state.json');
const seedFile = join(dir, 'seed.json');
const cliBundle = join(dir, 'cli.mjs');
let child: ChildProcess | undefined;

const seed: EmulatorSeed = {
  pools: [
    {
      name: 'killed',
      id: POOL,
      deviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false },
      clients: [
        {
          name: 'web',
          id: CLIENT,
          refreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 60 },
        },
      ],
      users: Array.from({ length: WORKERS }, (_, w) => ({ username: `walker${w}`, password: PASSWORD })),
    },
  ],
};

beforeAll(async () => {
  mkdirSync(stateDir);
  writeFileSync(seedFile, JSON.stringify(seed));
  // The CLI bundled once (as tsup does for dist/cli.js), so that each of the 21 starts takes a node start, not a
  // TypeScript compile of the whole package.
  await build({
    entryPoints: [fileURLToPath(new URL('../src/cli.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: cliBundle,
    conditions: ['@cogflow/source'],
    banner: {
      js: "import { createRequire as $cr } from 'node:module'; const require = $cr(import.meta.url);",
    },
    logLevel: 'warning',
  });
}, 120_000);

afterAll(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the CLI on the state file; resolves with its endpoint once it listens. */
function startCli(): Promise<{ proc: ChildProcess; endpoint: string }> {
  const proc = spawn(process.execPath, [cliBundle, '--port', '0', '--seed', seedFile, '--state', stateFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`the CLI did not start: ${out}${err}`)), 30_000);
    proc.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const endpoint = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (endpoint) {
        clearTimeout(timer);
        resolve({ proc, endpoint });
      }
    });
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the CLI exited (${code ?? signal}) before it listened: ${out}${err}`));
    });
  });
}

function exited(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => proc.once('exit', () => resolve()));
}

/** What the clients were told succeeded: each must be in the state after every restart. */
const acked = {
  signUps: new Set<string>(),
  adminCreated: new Set<string>(),
  /** Device keys whose ConfirmDevice was answered, by walker. */
  confirmedDevices: new Map<string, string>(),
  /** Each walker's newest refresh token that came back in an answer, with the device it is bound to. */
  refresh: new Map<number, { token: string; deviceKey: string }>(),
};

interface Round {
  endpoint: string;
  stopped: boolean;
  count: number;
  target: number;
  kill(): void;
}

/** Notes one acknowledged change; the round's kill comes the moment it reaches its target, requests in flight. */
function acknowledge(round: Round): void {
  round.count += 1;
  if (round.count === round.target) round.kill();
}

async function op(
  round: Round,
  operation: string,
  body: unknown,
): Promise<Record<string, unknown> | undefined> {
  let r: Awaited<ReturnType<typeof call>>;
  try {
    r = await call(round.endpoint, operation, body);
  } catch (err) {
    if (round.stopped) return undefined; // in flight at the kill: never acknowledged
    throw err;
  }
  if (r.status !== 200) {
    if (round.stopped && r.status >= 500) return undefined;
    throw new Error(`${operation} -> ${r.status} ${String(r.body.__type)}: ${String(r.body.message)}`);
  }
  return r.body;
}

async function signInWithDevice(round: Round, w: number): Promise<void> {
  const signIn = await op(round, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: CLIENT,
    AuthParameters: { USERNAME: `walker${w}`, PASSWORD },
  });
  if (!signIn) return;
  const result = signIn.AuthenticationResult as {
    AccessToken: string;
    RefreshToken: string;
    NewDeviceMetadata: { DeviceKey: string; DeviceGroupKey: string };
  };
  const meta = result.NewDeviceMetadata;
  acked.refresh.set(w, { token: result.RefreshToken, deviceKey: meta.DeviceKey });
  acknowledge(round);
  if (round.stopped) return;
  const { verifierConfig } = await deviceVerifier(meta.DeviceGroupKey, meta.DeviceKey);
  const confirmed = await op(round, 'ConfirmDevice', {
    AccessToken: result.AccessToken,
    DeviceKey: meta.DeviceKey,
    DeviceName: `walker${w}'s device`,
    DeviceSecretVerifierConfig: verifierConfig,
  });
  if (!confirmed) return;
  acked.confirmedDevices.set(meta.DeviceKey, `walker${w}`);
  acknowledge(round);
}

async function refresh(round: Round, w: number): Promise<void> {
  const current = acked.refresh.get(w);
  if (!current) return;
  const r = await op(round, 'GetTokensFromRefreshToken', {
    ClientId: CLIENT,
    RefreshToken: current.token,
    DeviceKey: current.deviceKey,
  });
  if (!r) return;
  const next = (r.AuthenticationResult as { RefreshToken: string }).RefreshToken;
  acked.refresh.set(w, { token: next, deviceKey: current.deviceKey });
  acknowledge(round);
}

async function worker(round: Round, index: number, w: number): Promise<void> {
  for (let n = 0; !round.stopped; n++) {
    const name = `r${index}w${w}n${n}`;
    switch ((n + w) % 4) {
      case 0:
        if (
          await op(round, 'SignUp', {
            ClientId: CLIENT,
            Username: `s-${name}`,
            Password: PASSWORD,
            UserAttributes: [{ Name: 'email', Value: `${name}@example.com` }],
          })
        ) {
          acked.signUps.add(`s-${name}`);
          acknowledge(round);
        }
        break;
      case 1:
        if (
          await op(round, 'AdminCreateUser', {
            UserPoolId: POOL,
            Username: `a-${name}`,
            TemporaryPassword: 'Temp-Pass-123!',
            MessageAction: 'SUPPRESS',
          })
        ) {
          acked.adminCreated.add(`a-${name}`);
          acknowledge(round);
        }
        break;
      case 2:
        await signInWithDevice(round, w);
        break;
      default:
        await refresh(round, w);
    }
  }
}

/** Checks the restarted emulator against everything acknowledged so far. */
async function verify(endpoint: string): Promise<void> {
  // One AdminGetUser per user (ListUsers here answers one page only), a few at a time.
  const expected = [
    ...[...acked.signUps].map((name) => [name, 'UNCONFIRMED'] as const),
    ...[...acked.adminCreated].map((name) => [name, 'FORCE_CHANGE_PASSWORD'] as const),
  ];
  for (let i = 0; i < expected.length; i += 8) {
    await Promise.all(
      expected.slice(i, i + 8).map(async ([name, status]) => {
        const r = await call(endpoint, 'AdminGetUser', { UserPoolId: POOL, Username: name });
        expect(r.status, `${name}: ${String(r.body.__type)}`).toBe(200);
        expect(r.body.UserStatus, name).toBe(status);
      }),
    );
  }
  for (const [deviceKey, username] of acked.confirmedDevices) {
    const device = await call(endpoint, 'AdminGetDevice', {
      UserPoolId: POOL,
      Username: username,
      DeviceKey: deviceKey,
    });
    expect(device.status, deviceKey).toBe(200);
    const attrs = (device.body.Device as { DeviceAttributes: { Name: string; Value: string }[] })
      .DeviceAttributes;
    expect(attrs).toContainEqual({ Name: 'dev:device_remembered_status', Value: 'remembered' });
  }
  // Each walker's newest acknowledged refresh token still works (and rotates: the new one is acknowledged too).
  for (const [w, current] of acked.refresh) {
    const r = await call(endpoint, 'GetTokensFromRefreshToken', {
      ClientId: CLIENT,
      RefreshToken: current.token,
      DeviceKey: current.deviceKey,
    });
    expect(r.status, `walker${w}'s refresh token`).toBe(200);
    const next = (r.body.AuthenticationResult as { RefreshToken: string }).RefreshToken;
    acked.refresh.set(w, { token: next, deviceKey: current.deviceKey });
  }
}

function leftovers(): string[] {
  return readdirSync(stateDir).filter((name) => name.endsWith('.tmp'));
}

describe('the CLI with --state, killed with SIGKILL', () => {
  it('keeps every acknowledged sign-up, user, confirmed device and rotated refresh token across 20 kills', async () => {
    for (let index = 0; index < ROUNDS; index++) {
      const { proc, endpoint } = await startCli();
      if (index > 0) await verify(endpoint);
      expect(leftovers()).toEqual([]);
      const round: Round = {
        endpoint,
        stopped: false,
        count: 0,
        // Kills land at different points of the mix, with the other workers' requests in flight.
        target: 5 + ((index * 7) % 11),
        kill: () => {
          round.stopped = true;
          proc.kill('SIGKILL');
        },
      };
      await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(round, index, w)));
      await exited(proc);
      expect(proc.signalCode).toBe('SIGKILL');
    }
    const { proc, endpoint } = await startCli();
    await verify(endpoint);
    expect(acked.signUps.size + acked.adminCreated.size).toBeGreaterThan(ROUNDS);
    expect(acked.confirmedDevices.size).toBeGreaterThan(0);
    proc.kill('SIGTERM');
    await exited(proc);
    expect(proc.exitCode).toBe(0);
    // A clean stop folds the journal into the state file: nothing else is left beside it.
    expect(readdirSync(stateDir)).toEqual(['state.json']);
  }, 240_000);
});
