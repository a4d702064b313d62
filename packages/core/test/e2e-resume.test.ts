// A pending step resumed in another process: a child process starts the sign-in (SRP, then TOTP) and prints the
// pending JSON; this process, with its own client and store, finishes it.

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmSignIn } from '../src/index.js';
import { type Harness, startHarness } from './e2e-helpers.js';

const run = promisify(execFile);
const PASSWORD = 'Child-Process-Pass-7!';
const TOTP_SECRET = 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    pools: [
      {
        name: 'resume',
        mfaConfiguration: 'ON',
        enabledMfas: ['SOFTWARE_TOKEN_MFA'],
        clients: [{ name: 'web' }],
        users: [
          {
            username: 'jo',
            password: PASSWORD,
            softwareTokenSecret: TOTP_SECRET,
            mfaPreference: { totp: true, preferred: 'SOFTWARE_TOKEN_MFA' },
          },
        ],
      },
    ],
  });
});
afterAll(async () => {
  await h?.emulator.stop();
});

describe('resuming in another process', () => {
  it('a child process starts the sign-in; this process answers the TOTP step from the printed JSON', async () => {
    const pool = h.emulator.pools.resume!;
    const child = await run(
      process.execPath,
      [
        '--conditions=@cogflow/source',
        '--import',
        'tsx',
        fileURLToPath(new URL('./e2e-child-sign-in.ts', import.meta.url)),
      ],
      {
        env: {
          ...process.env,
          COGFLOW_ENDPOINT: h.emulator.endpoint,
          COGFLOW_POOL_ID: pool.id,
          COGFLOW_CLIENT_ID: pool.clients.web!.id,
          COGFLOW_USERNAME: 'jo',
          COGFLOW_PASSWORD: PASSWORD,
        },
        timeout: 60_000,
      },
    );
    const printed = child.stdout.trim();
    expect(printed).not.toContain(PASSWORD);
    const { step, pending } = JSON.parse(printed);
    expect(step).toEqual({ type: 'SOFTWARE_TOKEN_MFA' });
    expect(pending).toMatchObject({ v: 1, step: 'SOFTWARE_TOKEN_MFA', username: 'jo' });

    // This process has its own client and an empty store: the JSON is all it gets.
    const { client } = h.client();
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(TOTP_SECRET) }).generate();
    const done = await confirmSignIn(client, pending, { type: 'SOFTWARE_TOKEN_MFA', code });
    expect(done).toMatchObject({ status: 'SIGNED_IN', user: { username: 'jo' } });
  });
});
