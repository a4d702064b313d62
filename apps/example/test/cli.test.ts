// The walkthrough CLI, run as a person runs it: to the end, exit 0, every step in order, and no secret printed.

import { type Emulator, startEmulator } from '@cogflow/emulator';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_CLIENT_ID,
  DEMO_PASSWORDS,
  DEMO_POOL_ID,
  DEMO_REGION,
  DEMO_USERS,
  demoSeed,
  demoTriggers,
} from '../src/seed.js';
import { type CliRun, containsToken, headings, runCli } from './run-cli.js';

/** The main scenario's headings must appear in this order, each naming what it shows. */
const MAIN_STEPS = [
  'NEW_PASSWORD_REQUIRED',
  'TOTP set-up',
  'SOFTWARE_TOKEN_MFA',
  'DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER',
  'Refresh',
  'Sign-out',
];

function expectMainStepsInOrder(stdout: string): void {
  const lines = headings(stdout);
  let from = 0;
  for (const step of MAIN_STEPS) {
    const index = lines.findIndex((line, i) => i >= from && line.includes(step));
    expect(
      index,
      `a heading naming ${step} after heading ${from}: ${JSON.stringify(lines)}`,
    ).toBeGreaterThanOrEqual(from);
    from = index + 1;
  }
}

/** The lines printed between the heading containing `start` and the next heading. */
function section(stdout: string, start: string): string {
  const lines = stdout.split('\n');
  const first = lines.findIndex((line) => /^Step \d+\. /.test(line) && line.includes(start));
  expect(first, `a heading containing ${start}`).toBeGreaterThanOrEqual(0);
  const rest = lines.slice(first + 1);
  const end = rest.findIndex((line) => /^Step \d+\. /.test(line));
  return rest.slice(0, end < 0 ? undefined : end).join('\n');
}

function expectNoPasswords(stdout: string, stderr: string): void {
  for (const [name, password] of Object.entries(DEMO_PASSWORDS)) {
    expect(stdout.includes(password), `password ${name} in stdout`).toBe(false);
    expect(stderr.includes(password), `password ${name} in stderr`).toBe(false);
  }
}

describe('pnpm example (the CLI walkthrough)', () => {
  describe('on an emulator the test can inspect', () => {
    let emulator: Emulator;
    let run: CliRun;
    let startedAt: number;

    beforeAll(async () => {
      emulator = await startEmulator({
        port: 0,
        host: '127.0.0.1',
        region: DEMO_REGION,
        seed: demoSeed,
        triggers: demoTriggers,
      });
      startedAt = await emulator.control.now();
      run = await runCli(['--emulator-endpoint', emulator.endpoint]);
    });
    afterAll(async () => {
      await emulator?.stop();
    });

    it('runs unattended to the end and exits 0', () => {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Walkthrough complete');
    });

    it('shows the main scenario in order: NEW_PASSWORD_REQUIRED, TOTP, SOFTWARE_TOKEN_MFA, device SRP, refresh, sign-out', () => {
      expectMainStepsInOrder(run.stdout);
    });

    it('shows the wire: the remembered device answers DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER, and no MFA is asked', () => {
      const deviceStep = section(run.stdout, 'DEVICE_SRP_AUTH');
      expect(deviceStep).toMatch(/← challenge PASSWORD_VERIFIER/);
      expect(deviceStep).toMatch(/← challenge DEVICE_SRP_AUTH/);
      expect(deviceStep).toMatch(/← challenge DEVICE_PASSWORD_VERIFIER/);
      expect(deviceStep.indexOf('challenge DEVICE_SRP_AUTH')).toBeLessThan(
        deviceStep.indexOf('challenge DEVICE_PASSWORD_VERIFIER'),
      );
      expect(deviceStep).not.toMatch(/challenge (SOFTWARE_TOKEN_MFA|SMS_MFA|EMAIL_OTP|SELECT_MFA_TYPE)/);
      expect(deviceStep).toMatch(/MFA skipped/);
      const mfaStep = section(run.stdout, 'SOFTWARE_TOKEN_MFA');
      expect(mfaStep).toMatch(/← challenge SOFTWARE_TOKEN_MFA/);
    });

    it('shows the TOTP set-up as an otpauth URI and a QR code', () => {
      const totp = section(run.stdout, 'TOTP set-up');
      expect(totp).toMatch(/otpauth:\/\/totp\/[^\s]+\?secret=[A-Z2-7]+/);
      // qrcode-terminal's small mode draws with half-block characters.
      expect(totp).toMatch(/[▀▄█]{10}/);
    });

    it('shows that the revoked refresh token is refused', () => {
      const signOut = section(run.stdout, 'Sign-out');
      expect(signOut).toMatch(/→ RevokeToken/);
      expect(signOut).toMatch(/REFRESH_TOKEN_AUTH[\s\S]*← error NotAuthorizedException/);
    });

    it('prints no password, no code and no token', async () => {
      const { stdout, stderr } = run;
      expectNoPasswords(stdout, stderr);

      const messages = await emulator.control.messages();
      // erin, sam, milo and uma each got a code by e-mail or SMS.
      expect(messages.length).toBeGreaterThanOrEqual(4);
      for (const message of messages) {
        expect(
          containsToken(stdout, message.code),
          `the ${message.kind} code sent to ${message.username}`,
        ).toBe(false);
      }

      // Every TOTP code of alice's secret around the run: the walkthrough used some of them, printed none.
      const secret = /otpauth:\/\/totp\/[^\s]+\?secret=([A-Z2-7]+)/.exec(stdout)?.[1];
      expect(secret).toBeDefined();
      const totp = new OTPAuth.TOTP({
        secret: OTPAuth.Secret.fromBase32(secret as string),
        digits: 6,
        period: 30,
      });
      const endedAt = await emulator.control.now();
      let checked = 0;
      for (let t = startedAt - 60_000; t <= endedAt + 60_000; t += 30_000) {
        expect(containsToken(stdout, totp.generate({ timestamp: t })), `the TOTP code at ${t}`).toBe(false);
        checked += 1;
      }
      expect(checked).toBeGreaterThanOrEqual(5);

      // No JWT (three base64url segments starting with a JSON header) and no session strings.
      expect(stdout).not.toMatch(/eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/);
      expect(stdout).not.toMatch(/Session=(?!\(hidden\))/);
    });

    it('walks through the account screens: sign-up to deleteUser, every code hidden', () => {
      const lines = headings(run.stdout);
      for (const screen of [
        'Sign up',
        'Confirm',
        'Change the password',
        'Profile',
        'MFA settings',
        'Delete the account',
      ])
        expect(
          lines.some((line) => line.includes(screen)),
          `a heading naming ${screen}`,
        ).toBe(true);
      for (const operation of [
        'SignUp',
        'ConfirmSignUp',
        'ForgotPassword',
        'ConfirmForgotPassword',
        'VerifyUserAttribute',
        'ListDevices',
        'DeleteUser',
      ])
        expect(run.stdout).toContain(`→ ${operation} `);
      expect(run.stdout).toContain('Deleted: the service no longer knows nina');
      expect(run.stdout).not.toMatch(/ConfirmationCode=(?!\(hidden\))/);
    });

    it('goes through the other challenges too', () => {
      const lines = headings(run.stdout);
      for (const challenge of [
        'EMAIL_OTP',
        'SMS_MFA',
        'SELECT_MFA_TYPE',
        'CUSTOM_CHALLENGE',
        'SELECT_CHALLENGE',
      ]) {
        expect(
          lines.some((line) => line.includes(challenge)),
          `a heading naming ${challenge}`,
        ).toBe(true);
        expect(run.stdout).toMatch(new RegExp(`← challenge ${challenge}`));
      }
    });
    it('signs a person in to a pool given by id, with nothing emulator-specific on that path', async () => {
      // The same path as a real pool: only the endpoint differs, as it would for any Cognito-compatible service.
      const person = [DEMO_USERS.wendy, DEMO_PASSWORDS.wendy, 'n', 'y', ''].join('\n');
      const real = await runCli(
        [
          '--region',
          DEMO_REGION,
          '--user-pool-id',
          DEMO_POOL_ID,
          '--client-id',
          DEMO_CLIENT_ID,
          '--endpoint',
          emulator.endpoint,
        ],
        { input: person },
      );
      expect(real.stderr).toBe('');
      expect(real.code).toBe(0);
      expect(real.stdout).toContain(`Signed in as ${DEMO_USERS.wendy}`);
      expect(real.stdout).toMatch(/→ InitiateAuth\s+AuthFlow=USER_SRP_AUTH/);
      expect(real.stdout).toMatch(/The old refresh token is refused/);
      expect(real.stdout.toLowerCase()).not.toContain('emulator');
      expectNoPasswords(real.stdout, real.stderr);
    });
  });

  it('with no arguments starts its own emulator and completes the main scenario', async () => {
    const run = await runCli(['--main-only']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/embedded emulator at http:\/\/127\.0\.0\.1:\d+/);
    expect(run.stdout).toContain('Walkthrough complete');
    expectMainStepsInOrder(run.stdout);
    expectNoPasswords(run.stdout, run.stderr);
  });

  it('--oauth signs in through managed login with a loopback redirect, then gets a machine-to-machine token', async () => {
    const run = await runCli(['--oauth']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Signed in through managed login as wendy (tokens via oauth)');
    expect(run.stdout).toContain('Refreshed at the token endpoint: a new access token (true)');
    expect(run.stdout).toContain('revoked at /oauth2/revoke');
    expect(run.stdout).toContain('scope reports/read, shared by both callers (true)');
    expect(run.stdout).toContain('OAuth walkthrough complete.');
    expect(run.stdout).not.toMatch(/eyJ[\w-]{20,}/);
    expectNoPasswords(run.stdout, run.stderr);
  });

  it('--interactive asks a person for each answer and never echoes what was typed', async () => {
    const typed = 'Typed-By-A-Person-5150!';
    // A new password typed by the person, then Enter at every other question (the emulator answers those).
    const run = await runCli(['--interactive', '--main-only'], { input: `${typed}\n${'\n'.repeat(10)}` });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\? New password .*\(hidden\)/);
    expect(run.stdout).toMatch(/\? Code from your authenticator app/);
    expectMainStepsInOrder(run.stdout);
    expect(run.stdout).not.toContain(typed);
    expectNoPasswords(run.stdout, run.stderr);
  });

  it('refuses half a real-pool configuration with a usage message (exit 2)', async () => {
    const run = await runCli(['--user-pool-id', 'eu-west-1_AbCdEf123']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/needs both --user-pool-id and --client-id/);
  });
});
