// The web page in headless Chromium: an SRP sign-in, TOTP set-up, a remembered device, then a sign-in that
// skips MFA. Codes are computed with otpauth from the secret the page displays, an implementation nobody here wrote.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumAvailable, type LaunchedBrowser, launchChromium } from '@cogflow/test-kit/chromium';
import * as OTPAuth from 'otpauth';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS, DEMO_USERS } from '../src/seed.js';
import { startWebDemo, type WebDemo } from '../src/web-demo.js';
import { APP_DIR } from './run-cli.js';

const RESULTS = join(APP_DIR, 'test-results');

const run = chromiumAvailable('cogflow/example');

describe.skipIf(!run)('the web page (pnpm example:web) in headless Chromium', () => {
  let demo: WebDemo;
  let browser: LaunchedBrowser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    demo = await startWebDemo();
    mkdirSync(RESULTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  /** A browser with a fresh profile: to the service, a device it has never seen. */
  async function openBrowser(): Promise<Page> {
    await browser?.close();
    browser = await launchChromium({ viewport: { width: 1200, height: 900 } });
    const { context } = browser;
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`${message.text()} (${message.location().url})`);
    });
    await page.goto(demo.url);
    await page.getByTestId('sign-in-form').waitFor();
    return page;
  }

  /** The current code of the secret the page showed, at the emulator's time (which the test may move on). */
  async function totpCode(secret: string): Promise<string> {
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 });
    return totp.generate({ timestamp: await demo.emulator.control.now() });
  }

  async function signIn(options: { remember: boolean }): Promise<void> {
    await page.getByTestId('username').fill(DEMO_USERS.wendy);
    await page.getByTestId('password').fill(DEMO_PASSWORDS.wendy);
    await page.getByTestId('remember').setChecked(options.remember);
    await page.getByTestId('sign-in').click();
  }

  it('signs in with SRP, sets up TOTP, remembers a new device after MFA, then signs in again without MFA', async () => {
    // 1. SRP sign-in on a first browser; MFA is optional and wendy has none yet.
    await openBrowser();
    await signIn({ remember: false });
    await page.getByTestId('session').waitFor();
    expect(await page.getByTestId('session-user').textContent()).toBe(DEMO_USERS.wendy);
    expect(await page.getByTestId('claims').textContent()).toContain('wendy@example.com');

    // 2. TOTP set-up from the session screen: the QR code and the key are shown.
    await page.getByTestId('setup-totp').click();
    const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    const qr = page.getByTestId('totp-qr');
    expect((await qr.boundingBox())?.width).toBeGreaterThan(100);
    await page.screenshot({ path: join(RESULTS, 'web-totp-setup.png') });
    const setupCode = await totpCode(secret);
    await page.getByTestId('code').fill(setupCode);
    await page.getByTestId('submit').click();
    await expect.poll(() => page.getByTestId('session-note').textContent()).toContain('TOTP is on');
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in-form').waitFor();

    // 3. A new browser is a new device: SOFTWARE_TOKEN_MFA is asked, and the device is remembered.
    await openBrowser();
    await signIn({ remember: true });
    await page.locator('[data-step="SOFTWARE_TOKEN_MFA"]').waitFor();
    // A TOTP code is good once: wait (on the emulator's clock) for the next one, as a person would.
    await demo.emulator.control.advanceClock(30_000);
    const mfaCode = await totpCode(secret);
    expect(mfaCode).not.toBe(setupCode);
    await page.getByTestId('code').fill(mfaCode);
    await page.getByTestId('submit').click();
    await page.getByTestId('session').waitFor();
    expect(await page.getByTestId('session-note').textContent()).toMatch(/now remembered/);
    const deviceKey = (await page.getByTestId('device-key').textContent())?.trim() ?? '';
    expect(deviceKey).toMatch(/^us-east-1_[\w-]+$/);

    // 4. Sign out and in again: the remembered device answers DEVICE_SRP_AUTH, and no MFA screen appears.
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in-form').waitFor();
    await signIn({ remember: true });
    await page.getByTestId('session').waitFor();
    expect(await page.locator('[data-testid="challenge-form"]').count()).toBe(0);
    const note = (await page.getByTestId('session-note').textContent()) ?? '';
    expect(note).toContain('MFA skipped');
    expect(note).toContain(deviceKey);
    expect((await page.getByTestId('device-key').textContent())?.trim()).toBe(deviceKey);

    await page.screenshot({ path: join(RESULTS, 'web-demo.png'), fullPage: true });

    // 5. Refresh works from the page.
    await page.getByTestId('refresh').click();
    await expect.poll(() => page.getByTestId('session-note').textContent()).toContain('Refreshed');
    const log = (await page.getByTestId('log').textContent()) ?? '';
    expect(log).toContain('The service asks for SOFTWARE_TOKEN_MFA');
    expect(log).not.toContain(DEMO_PASSWORDS.wendy);
    expect(log).not.toContain(setupCode);
    expect(log).not.toContain(mfaCode);
    expect(pageErrors).toEqual([]);
  });

  /** Fills the form with a demo user's button (the password is filled, never shown) and signs in. */
  async function signInAs(username: string): Promise<void> {
    await page.getByRole('button', { name: username, exact: true }).click();
    await page.getByTestId('sign-in').click();
  }

  async function expectStep(step: string): Promise<void> {
    await page.locator(`[data-step="${step}"]`).waitFor();
  }

  /** The newest code the emulator's inbox panel shows for a user. */
  async function inboxCode(username: string): Promise<string> {
    const panel = page.locator('details.inbox');
    if (!(await panel.evaluate((el) => (el as HTMLDetailsElement).open)))
      await panel.locator('summary').click();
    await panel.getByRole('button', { name: 'Check' }).click();
    const entry = page
      .getByTestId('inbox')
      .locator('li', { hasText: ` to ${username} ` })
      .first();
    await entry.waitFor();
    return ((await entry.locator('code').textContent()) ?? '').trim();
  }

  async function expectSignedInAs(username: string): Promise<void> {
    await page.getByTestId('session').waitFor();
    expect(await page.getByTestId('session-user').textContent()).toBe(username);
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in-form').waitFor();
  }

  it('has a screen for NEW_PASSWORD_REQUIRED, EMAIL_OTP, SELECT_MFA_TYPE, CUSTOM_CHALLENGE and SELECT_CHALLENGE', async () => {
    await openBrowser();
    await page.locator('details.users summary').click();

    await signInAs(DEMO_USERS.alice);
    await expectStep('NEW_PASSWORD_REQUIRED');
    await page.locator('input[name="newPassword"]').fill('A-New-Web-Passw0rd!');
    await page.getByTestId('submit').click();
    await expectSignedInAs(DEMO_USERS.alice);

    await page.locator('details.users summary').click();
    await signInAs(DEMO_USERS.erin);
    await expectStep('EMAIL_OTP');
    await page.getByTestId('code').fill(await inboxCode(DEMO_USERS.erin));
    await page.getByTestId('submit').click();
    await expectSignedInAs(DEMO_USERS.erin);

    await page.locator('details.users summary').click();
    await signInAs(DEMO_USERS.milo);
    await expectStep('SELECT_MFA_TYPE');
    await page.getByLabel('EMAIL_OTP').check();
    await page.getByTestId('submit').click();
    await expectStep('EMAIL_OTP');
    await page.getByTestId('code').fill(await inboxCode(DEMO_USERS.milo));
    await page.getByTestId('submit').click();
    await expectSignedInAs(DEMO_USERS.milo);

    await page.locator('details.users summary').click();
    await signInAs(DEMO_USERS.carl);
    await expectStep('CUSTOM_CHALLENGE');
    const question = (await page.getByTestId('param-question').textContent()) ?? '';
    const [, a, b] = /What is (\d+) \+ (\d+)\?/.exec(question) ?? [];
    expect(a && b, `the question: ${question}`).toBeTruthy();
    await page.getByTestId('answer').fill(String(Number(a) + Number(b)));
    await page.getByTestId('submit').click();
    await expectSignedInAs(DEMO_USERS.carl);

    await page.locator('details.users summary').click();
    await signInAs(DEMO_USERS.uma);
    await expectStep('SELECT_CHALLENGE');
    await page.getByLabel('EMAIL_OTP').check();
    await page.getByTestId('submit').click();
    await expectStep('EMAIL_OTP');
    await page.screenshot({ path: join(RESULTS, 'web-email-otp.png') });
    await page.getByTestId('code').fill(await inboxCode(DEMO_USERS.uma));
    await page.getByTestId('submit').click();
    await expectSignedInAs(DEMO_USERS.uma);

    expect(pageErrors).toEqual([]);
  });

  it('registers a passkey for a signed-in user, then signs in with it (WEB_AUTHN) and no password', async () => {
    await openBrowser();
    // Chromium's virtual authenticator stands in for a phone or a security key (DevTools protocol, WebAuthn domain).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });

    await page.getByTestId('username').fill(DEMO_USERS.pat);
    await page.getByTestId('password').fill(DEMO_PASSWORDS.pat);
    await page.getByTestId('sign-in').click();
    await page.getByTestId('session').waitFor();
    await page.getByTestId('register-passkey').click();
    await expect.poll(() => page.getByTestId('log').textContent()).toContain('Passkey registered');
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in-form').waitFor();

    await page.getByTestId('username').fill(DEMO_USERS.pat);
    await page.getByTestId('passkey-sign-in').click();
    await page.getByTestId('session').waitFor();
    expect(await page.getByTestId('session-user').textContent()).toBe(DEMO_USERS.pat);
    expect(await page.getByTestId('log').textContent()).toContain('signs in with a passkey');
    expect(pageErrors).toEqual([]);
  });
});
