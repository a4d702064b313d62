// The life of a user in headless Chromium through @cogflow/browser against @cogflow/emulator: sign up, confirm with
// the code from the inbox, auto sign-in, change and reset the password, verify a new e-mail, TOTP from settings and
// a sign-in with it, devices, and deleting the account with every trace gone from localStorage. Wrong, expired and
// reused codes each give their typed error.

import { type Emulator, startEmulator } from '@cogflow/emulator';
import { chromiumAvailable, type LaunchedBrowser, launchChromium } from '@cogflow/test-kit/chromium';
import * as OTPAuth from 'otpauth';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HarnessServer, serveHarness } from './harness/server.js';

type PageModule = typeof import('./harness/page-entry.js');
declare const cf: PageModule;

const run = chromiumAvailable('cogflow/browser accounts');

const PASSWORD = 'Sign-Up-Pass-1!';
const CHANGED = 'Changed-Pass-2!';
const RESET = 'Reset-Pass-3!';

type Outcome = { ok: unknown } | { error: string };

describe.skipIf(!run)('the life of a user in headless Chromium', () => {
  let browser: LaunchedBrowser;
  let server: HarnessServer;
  let emulator: Emulator;
  let page: Page;

  beforeAll(async () => {
    emulator = await startEmulator({
      port: 0,
      seed: {
        pools: [
          {
            name: 'web',
            mfaConfiguration: 'OPTIONAL',
            enabledMfas: ['SOFTWARE_TOKEN_MFA'],
            autoVerifiedAttributes: ['email'],
            deviceConfiguration: {
              ChallengeRequiredOnNewDevice: true,
              DeviceOnlyRememberedOnUserPrompt: false,
            },
            clients: [{ name: 'spa' }],
          },
        ],
      },
    });
    server = await serveHarness('auth');
    browser = await launchChromium();
    page = await browser.context.newPage();
    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => (globalThis as { cfReady?: boolean }).cfReady === true);
    const pool = emulator.pools.web!;
    await page.evaluate((c) => cf.setup({ ...c, storage: 'local' }), {
      endpoint: emulator.endpoint,
      userPoolId: pool.id,
      clientId: pool.clients.spa!.id,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await emulator?.stop();
  });

  /** Calls an exported function of @cogflow/browser in the page with the page's auth first; the error's code if it throws. */
  const call = (name: string, ...args: unknown[]): Promise<Outcome> =>
    page.evaluate(
      async ([n, a]) => {
        const fn = (cf as unknown as Record<string, (...x: unknown[]) => Promise<unknown>>)[n as string]!;
        return fn(cf.auth!, ...(a as unknown[])).then(
          (ok) => ({ ok: ok ?? null }),
          (e: { code?: string }) => ({ error: String(e.code) }),
        );
      },
      [name, args] as const,
    );

  const ok = async (name: string, ...args: unknown[]): Promise<Record<string, unknown>> => {
    const outcome = await call(name, ...args);
    if (!('ok' in outcome)) throw new Error(`${name} failed with ${outcome.error}`);
    return outcome.ok as Record<string, unknown>;
  };

  const fails = async (name: string, ...args: unknown[]): Promise<string> => {
    const outcome = await call(name, ...args);
    if (!('error' in outcome)) throw new Error(`${name} did not fail`);
    return outcome.error;
  };

  const code = async (): Promise<string> =>
    (await emulator.control.lastCode({ username: 'nora', poolId: emulator.pools.web!.id }))!;

  const advance = async (ms: number): Promise<void> => {
    await emulator.control.advanceClock(ms);
    await page.evaluate((m) => cf.shiftClock(m), ms);
  };

  const totp = async (secret: string): Promise<string> =>
    new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate({
      timestamp: await emulator.control.now(),
    });

  const cogflowKeys = (): Promise<string[]> =>
    page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('cogflow')));

  it('signs up, confirms, signs in, manages the account, and deletes it without a trace', async () => {
    const user = 'nora';
    const up = await ok('signUp', {
      username: user,
      password: PASSWORD,
      attributes: { email: 'nora@example.com' },
    });
    expect(up.nextStep).toBe('CONFIRM_SIGN_UP');
    expect(up.codeDeliveryDetails).toMatchObject({ medium: 'EMAIL', attributeName: 'email' });
    expect(await fails('signUp', { username: user, password: PASSWORD })).toBe('USERNAME_EXISTS');
    expect(await ok('signIn', { username: user, password: PASSWORD })).toEqual({
      status: 'CONFIRM_SIGN_UP',
      username: user,
    });

    const signUpCode = await code();
    expect(await fails('confirmSignUp', { username: user, confirmationCode: '000000' })).toBe(
      'CODE_MISMATCH',
    );
    expect(await ok('confirmSignUp', { username: user, confirmationCode: signUpCode })).toEqual({
      nextStep: 'COMPLETE_AUTO_SIGN_IN',
    });
    expect(await fails('confirmSignUp', { username: user, confirmationCode: signUpCode })).toBe(
      'NOT_AUTHORIZED',
    );
    const auto = await ok('autoSignIn', { username: user });
    expect(auto.status).toBe('SIGNED_IN');
    expect(await fails('autoSignIn', { username: user })).toBe('SESSION_EXPIRED');

    // Passwords: change, then forget and reset (wrong, expired and reused codes refused).
    expect(await fails('updatePassword', user, { oldPassword: 'Wrong-Pass-9!', newPassword: CHANGED })).toBe(
      'NOT_AUTHORIZED',
    );
    await ok('updatePassword', user, { oldPassword: PASSWORD, newPassword: CHANGED });
    await ok('resetPassword', { username: user });
    const stale = await code();
    await advance(61 * 60_000);
    expect(
      await fails('confirmResetPassword', { username: user, confirmationCode: stale, newPassword: RESET }),
    ).toBe('EXPIRED_CODE');
    await ok('resetPassword', { username: user });
    const resetCode = await code();
    expect(
      await fails('confirmResetPassword', { username: user, confirmationCode: '000000', newPassword: RESET }),
    ).toBe('CODE_MISMATCH');
    await ok('confirmResetPassword', { username: user, confirmationCode: resetCode, newPassword: RESET });
    expect(
      await fails('confirmResetPassword', {
        username: user,
        confirmationCode: resetCode,
        newPassword: RESET,
      }),
    ).toBe('EXPIRED_CODE');
    expect((await ok('signIn', { username: user, password: RESET })).status).toBe('SIGNED_IN');

    // A new e-mail, verified with its code.
    const update = await ok('updateUserAttributes', user, { attributes: { email: 'nora@example.org' } });
    expect((update.email as { nextStep: string }).nextStep).toBe('CONFIRM_ATTRIBUTE_WITH_CODE');
    const emailCode = await code();
    expect(
      await fails('confirmUserAttribute', user, { attributeKey: 'email', confirmationCode: '000000' }),
    ).toBe('CODE_MISMATCH');
    await ok('confirmUserAttribute', user, { attributeKey: 'email', confirmationCode: emailCode });
    expect(await ok('fetchUserAttributes', user)).toMatchObject({
      email: 'nora@example.org',
      email_verified: 'true',
    });

    // TOTP from settings, then a sign-in on a fresh device asks for it.
    const setup = (await ok('setUpTOTP', user)) as { secretCode: string; otpauthURI: string };
    expect(setup.otpauthURI).toContain(`secret=${setup.secretCode}`);
    await ok('verifyTOTPSetup', user, { code: await totp(setup.secretCode) });
    await ok('updateMFAPreference', user, { totp: 'PREFERRED' });
    expect(await ok('fetchMFAPreference', user)).toEqual({ enabled: ['TOTP'], preferred: 'TOTP' });
    await ok('forgetDevice', user);
    const challenged = await page.evaluate(
      async ([u, p]) => {
        const result = await cf.signIn(cf.auth!, { username: u, password: p });
        return result.status === 'CHALLENGE' ? { step: result.step.type, id: result.pending.id } : undefined;
      },
      [user, RESET] as const,
    );
    expect(challenged?.step).toBe('SOFTWARE_TOKEN_MFA');
    await advance(30_000);
    const mfaCode = await totp(setup.secretCode);
    const signedIn = await ok('confirmSignIn', challenged!.id, { type: 'SOFTWARE_TOKEN_MFA', code: mfaCode });
    expect(signedIn.status).toBe('SIGNED_IN');

    // Devices: the one of this sign-in is listed (the forgotten one is gone).
    const devices = (await ok('fetchDevices', user)) as unknown as { id: string }[];
    const mine = (await page.evaluate(async (u) => (await cf.peekTokens(cf.auth!, u))?.deviceKey, user))!;
    expect(devices.map((d) => d.id)).toEqual([mine]);

    // Deleting the account: no key of cogflow's is left in localStorage.
    expect((await cogflowKeys()).length).toBeGreaterThan(0);
    await ok('deleteUser', user);
    // Only the app client's signed-in index is left (core's own), and it names nobody.
    const left = await cogflowKeys();
    expect(left.length).toBeLessThanOrEqual(1);
    for (const key of left) {
      expect(key.endsWith(':users')).toBe(true);
      expect(await page.evaluate((k) => localStorage.getItem(k), key)).not.toContain(user);
    }
    expect(await fails('signIn', { username: user, password: RESET })).toBe('NOT_AUTHORIZED');
  });

  it('signIn with resendSignUpCode: a new code for the unconfirmed user, where it went, and it confirms', async () => {
    const user = 'resend-in-tab';
    const poolId = emulator.pools.web!.id;
    const codes = async (): Promise<string[]> =>
      (await emulator.control.messages({ username: user, poolId })).map((m) => m.code ?? '');
    await ok('signUp', { username: user, password: PASSWORD, attributes: { email: 'resend@example.com' } });
    const [first] = await codes();
    const result = await ok('signIn', { username: user, password: PASSWORD, resendSignUpCode: true });
    expect(result).toMatchObject({
      status: 'CONFIRM_SIGN_UP',
      username: user,
      codeDeliveryDetails: { medium: 'EMAIL', attributeName: 'email' },
    });
    expect(result).not.toHaveProperty('resendError');
    const all = await codes();
    expect(all).toHaveLength(2);
    expect(all[1]).not.toBe(first);
    expect(await fails('confirmSignUp', { username: user, confirmationCode: first })).toBe('CODE_MISMATCH');
    expect(await ok('confirmSignUp', { username: user, confirmationCode: all[1] })).toMatchObject({
      nextStep: expect.any(String),
    });
    expect((await ok('signIn', { username: user, password: PASSWORD })).status).toBe('SIGNED_IN');
  });
});
