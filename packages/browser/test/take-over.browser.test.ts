// Switching without signing anyone out, in headless Chromium (issue 17): amazon-cognito-identity-js and Amplify v6
// each sign in for real against the emulator (TOTP, a device the pool remembers) and keep their session in the
// page's localStorage, as they do by default; cogflow takes it over: the same user and tokens with no new sign-in,
// and the next sign-in is proven by the remembered device, with no MFA prompt.

import { type Emulator, startEmulator } from '@cogflow/emulator';
import { chromiumAvailable, type LaunchedBrowser, launchChromium } from '@cogflow/test-kit/chromium';
import * as OTPAuth from 'otpauth';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HarnessServer, serveHarness } from './harness/server.js';

type PageModule = typeof import('./harness/takeover-entry.js');
declare const cf: PageModule;

const run = chromiumAvailable('cogflow/browser');
const PASSWORD = 'Corr3ct-Horse-Battery!';
const SECRETS = { ida: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', amy: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU' };
const totp = (user: keyof typeof SECRETS): string =>
  new OTPAuth.TOTP({ secret: SECRETS[user], algorithm: 'SHA1', digits: 6, period: 30 }).generate();

describe.skipIf(!run)('taking over the anchors’ sessions in Chromium', () => {
  let browser: LaunchedBrowser;
  let server: HarnessServer;
  let emulator: Emulator;
  let config: { endpoint: string; userPoolId: string; clientId: string };

  beforeAll(async () => {
    emulator = await startEmulator({
      seed: {
        pools: [
          {
            name: 'switch',
            mfaConfiguration: 'ON',
            enabledMfas: ['SOFTWARE_TOKEN_MFA'],
            deviceConfiguration: {
              ChallengeRequiredOnNewDevice: true,
              DeviceOnlyRememberedOnUserPrompt: false,
            },
            clients: [{ name: 'spa' }],
            users: (['ida', 'amy'] as const).map((username) => ({
              username,
              password: PASSWORD,
              softwareTokenSecret: SECRETS[username],
              mfaPreference: { totp: true, preferred: 'SOFTWARE_TOKEN_MFA' as const },
            })),
          },
        ],
      },
    });
    const pool = emulator.pools.switch!;
    config = { endpoint: emulator.endpoint, userPoolId: pool.id, clientId: pool.clients.spa!.id };
    server = await serveHarness('takeover');
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await emulator?.stop();
  });

  const openPage = async (): Promise<Page> => {
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => (globalThis as { cfReady?: boolean }).cfReady === true);
    // Each library starts from an empty origin: nothing of the other test's session.
    await page.evaluate(() => localStorage.clear());
    return page;
  };

  /** In the page: cogflow takes the localStorage session over, uses it, then signs in again. */
  const takeOver = (page: Page, username: string) =>
    page.evaluate(
      async ([c, u, p]) => {
        const prefix = `CognitoIdentityServiceProvider.${c.clientId}.${u}`;
        const oldAccessToken = localStorage.getItem(`${prefix}.accessToken`);
        const auth = cf.createBrowserAuth({ ...c });
        const taken = await cf.takeOverSession(auth, localStorage);
        const tokens = await cf.getTokens(auth, u);
        const current = await cf.getCurrentUser(auth);
        const again = await cf.signIn(auth, { username: u, password: p });
        return {
          taken,
          sameAccessToken: tokens.accessToken === oldAccessToken,
          current: current.username,
          again: again.status,
          device: again.status === 'SIGNED_IN' ? again.device.status : undefined,
          step: again.status === 'CHALLENGE' ? again.step.type : undefined,
        };
      },
      [config, username, PASSWORD] as const,
    );

  it('amazon-cognito-identity-js: same user and tokens, then a sign-in with no MFA prompt', async () => {
    const page = await openPage();
    await page.evaluate(([c, u, p, code]) => cf.identityJSSignIn(c, u, p, code), [
      config,
      'ida',
      PASSWORD,
      totp('ida'),
    ] as const);
    const result = await takeOver(page, 'ida');
    expect(result).toMatchObject({
      taken: { user: { username: 'ida' }, tokens: true, device: true },
      sameAccessToken: true,
      current: 'ida',
      again: 'SIGNED_IN',
      device: 'used',
    });
    await page.close();
  }, 60_000);

  it('Amplify v6: same user and tokens, then a sign-in with no MFA prompt', async () => {
    const page = await openPage();
    expect(
      await page.evaluate(([c, u, p, code]) => cf.amplifyTOTPSignIn(c, u, p, code), [
        config,
        'amy',
        PASSWORD,
        totp('amy'),
      ] as const),
    ).toBe(true);
    const result = await takeOver(page, 'amy');
    expect(result).toMatchObject({
      taken: { user: { username: 'amy' }, tokens: true, device: true },
      sameAccessToken: true,
      current: 'amy',
      again: 'SIGNED_IN',
      device: 'used',
    });
    await page.close();
  }, 60_000);
});
