// The web page's account screens in headless Chromium: sign up, confirm with the code from the emulator's inbox
// (auto sign-in), the settings (change password, a new e-mail verified, devices), forgot password, and deleting
// the account.

import { chromiumAvailable, type LaunchedBrowser, launchChromium } from '@cogflow/test-kit/chromium';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POOL_ID } from '../src/seed.js';
import { startWebDemo, type WebDemo } from '../src/web-demo.js';

const run = chromiumAvailable('cogflow/example accounts');

describe.skipIf(!run)('the web page account screens in headless Chromium', () => {
  let demo: WebDemo;
  let browser: LaunchedBrowser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    demo = await startWebDemo();
    browser = await launchChromium({ viewport: { width: 1200, height: 900 } });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(demo.url);
    await page.getByTestId('sign-in-form').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  const code = async (username: string): Promise<string> =>
    (await demo.emulator.control.lastCode({ username, poolId: DEMO_POOL_ID }))!;

  it('signs up, confirms, edits the account, resets the password and deletes the account', async () => {
    const user = 'ivy';
    await page.getByTestId('go-sign-up').click();
    await page.getByTestId('account-username').fill(user);
    await page.getByTestId('account-email').fill('ivy@example.com');
    await page.getByTestId('account-password').fill('Ivy-Signs-Up-1!');
    await page.getByTestId('account-submit').click();
    await page.getByTestId('confirm-sign-up-form').waitFor();
    // A wrong code is refused with its code shown; the inbox's code confirms and signs in.
    await page.getByTestId('code').fill('000000');
    await page.getByTestId('account-submit').click();
    await expect.poll(() => page.getByTestId('error').textContent()).toContain('CODE_MISMATCH');
    await page.getByTestId('code').fill(await code(user));
    await page.getByTestId('account-submit').click();
    await page.getByTestId('session').waitFor();
    expect(await page.getByTestId('session-user').textContent()).toBe(user);

    // Settings: change the password, a new e-mail verified with its code.
    await page.getByTestId('settings').click();
    await page.getByTestId('change-password-form').waitFor();
    await page.getByTestId('settings-oldPassword').fill('Ivy-Signs-Up-1!');
    await page.getByTestId('settings-newPassword').fill('Ivy-Changed-2!');
    await page.getByTestId('change-password').click();
    await expect.poll(() => page.getByTestId('settings-note').textContent()).toContain('password is changed');
    await page.getByTestId('settings-email').fill('ivy@example.org');
    await page.getByTestId('save-profile').click();
    await page.getByTestId('verify-email-form').waitFor();
    await page.getByTestId('code').fill(await code(user));
    await page.getByTestId('verify-email').click();
    await expect
      .poll(() => page.getByTestId('email-status').textContent())
      .toContain('ivy@example.org (verified)');

    // The device of this sign-in is listed by the service (ListDevices), marked as this one.
    expect(await page.getByTestId('devices').textContent()).toContain('(this device)');

    // Delete the account: back at the sign-in, and nothing of cogflow's left in localStorage for ivy.
    await page.getByTestId('delete-account').click();
    await expect.poll(() => page.getByTestId('message').textContent()).toContain('deleted');
    const keys = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('cogflow:')));
    expect(keys.filter((k) => k.includes('ivy'))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('resets a forgotten password with the e-mailed code', async () => {
    const user = 'jude';
    await page.getByTestId('go-sign-up').click();
    await page.getByTestId('account-username').fill(user);
    await page.getByTestId('account-email').fill('jude@example.com');
    await page.getByTestId('account-password').fill('Jude-Signs-Up-1!');
    await page.getByTestId('account-submit').click();
    await page.getByTestId('confirm-sign-up-form').waitFor();
    await page.getByTestId('code').fill(await code(user));
    await page.getByTestId('account-submit').click();
    await page.getByTestId('session').waitFor();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('go-forgot').click();
    await page.getByTestId('account-username').fill(user);
    await page.getByTestId('account-submit').click();
    await page.getByTestId('reset-password-form').waitFor();
    await page.getByTestId('code').fill(await code(user));
    await page.getByTestId('account-password').fill('Jude-Reset-3!');
    await page.getByTestId('account-submit').click();
    await expect.poll(() => page.getByTestId('message').textContent()).toContain('password is reset');
    await page.getByTestId('username').fill(user);
    await page.getByTestId('password').fill('Jude-Reset-3!');
    await page.getByTestId('sign-in').click();
    await page.getByTestId('session').waitFor();
    expect(await page.getByTestId('session-user').textContent()).toBe(user);
    expect(pageErrors).toEqual([]);
  });
});
