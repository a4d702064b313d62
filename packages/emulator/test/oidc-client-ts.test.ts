// oidc-client-ts, an OpenID Connect client for browsers nobody here wrote, in headless Chromium against the
// emulator: discovery at the issuer, a PKCE redirect sign-in through the managed-login page (with TOTP MFA),
// userInfo, refresh with the refresh token, and a second sign-in through the domain's session cookie.
import { chromiumAvailable, type LaunchedBrowser, launchChromium } from '@cogflow/test-kit/chromium';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { type PageServer, servePage } from './oidc-page/server.js';
import { ok } from './wire.js';

type PageModule = typeof import('./oidc-page/entry.js');
declare const oidc: PageModule;

const PASSWORD = 'Correct-Horse-9!';
const run = chromiumAvailable('cogflow/emulator oidc-client-ts');

describe.skipIf(!run)('oidc-client-ts in headless Chromium', () => {
  let emu: Emulator;
  let pages: PageServer;
  let browser: LaunchedBrowser;
  let clientId: string;

  beforeAll(async () => {
    emu = await startEmulator({
      seed: {
        pools: [
          {
            name: 'web',
            domain: 'oidc-spa',
            mfaConfiguration: 'OPTIONAL',
            enabledMfas: ['SOFTWARE_TOKEN_MFA'],
            users: [
              {
                username: 'alice',
                password: PASSWORD,
                attributes: { email: 'alice@example.com', email_verified: 'true' },
              },
              {
                username: 'tom',
                password: PASSWORD,
                softwareTokenSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
              },
            ],
            identityProviders: [{ providerName: 'Google', providerType: 'Google' }],
            clients: [],
          },
        ],
      },
    });
    pages = await servePage();
    // The redirect URI names the page server's port, known only now: the client is made through the API.
    const created = await ok(emu.endpoint, 'CreateUserPoolClient', {
      UserPoolId: emu.pools.web?.id,
      ClientName: 'oidc-spa',
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email'],
      CallbackURLs: [`${pages.origin}/callback`],
      SupportedIdentityProviders: ['COGNITO', 'Google'],
    });
    clientId = (created.UserPoolClient as { ClientId: string }).ClientId;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await pages?.close();
    await emu?.stop();
  });

  const ready = async (page: Page): Promise<void> => {
    await page.waitForFunction(() => (globalThis as { oidcReady?: boolean }).oidcReady === true);
    await page.evaluate(
      ([authority, id]) =>
        oidc.setup({ authority: authority as string, clientId: id as string, scope: 'openid email' }),
      [emu.pools.web?.issuer, clientId],
    );
  };

  /** From the app page through the emulator's login page (and MFA) back to /callback, finished by oidc-client-ts. */
  const signIn = async (
    page: Page,
    username: string,
    mfa?: () => Promise<string>,
  ): Promise<Record<string, unknown>> => {
    await page.goto(`${pages.origin}/`);
    await ready(page);
    await Promise.all([
      page.waitForURL(/\/oidc-spa\/login/),
      page.evaluate(() => {
        // The redirect ends this page's context: not awaited here.
        void oidc.start();
      }),
    ]);
    await page.fill('#username', username);
    await page.fill('#password', PASSWORD);
    if (mfa) {
      await Promise.all([page.waitForSelector('#code'), page.click('#signin')]);
      await page.fill('#code', await mfa());
      await Promise.all([page.waitForURL(/\/callback\?/), page.click('#verify')]);
    } else {
      await Promise.all([page.waitForURL(/\/callback\?/), page.click('#signin')]);
    }
    await ready(page);
    return page.evaluate(() => oidc.finish());
  };

  it('discovers the pool, signs in with PKCE through the login page, loads userInfo and refreshes', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${pages.origin}/`);
    await ready(page);
    const metadata = (await page.evaluate(() => oidc.metadata())) as Record<string, string>;
    expect(metadata.issuer).toBe(emu.pools.web?.issuer);
    expect(metadata.token_endpoint).toBe(`${emu.pools.web?.oauthBaseURL}/oauth2/token`);

    const authorizeRequests: URL[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/oauth2/authorize')) authorizeRequests.push(new URL(r.url()));
    });
    const user = await signIn(page, 'alice');
    expect(authorizeRequests[0]?.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizeRequests[0]?.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(user).toMatchObject({
      username: 'alice',
      iss: emu.pools.web?.issuer,
      aud: clientId,
      profileEmail: 'alice@example.com',
    });
    expect(user.state).toEqual({ from: 'test' });
    expect(typeof user.refreshToken).toBe('string');

    const refreshed = await page.evaluate(() => oidc.refresh());
    expect(refreshed.sub).toBe(user.sub);
    expect(refreshed.accessToken).not.toBe(user.accessToken);
    expect(refreshed.refreshToken).toBe(user.refreshToken);
    await page.close();
  });

  it('with TOTP MFA on the login page; the domain session then signs in without the form', async () => {
    // The first test left alice's session cookie on the domain; without it the login page shows again.
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    const first = await signIn(page, 'tom', () => emu.control.totpCode({ username: 'tom' }));
    expect(first.username).toBe('tom');
    // Same browser, new redirect: the emulator's session cookie sends it straight back with a code.
    await page.goto(`${pages.origin}/`);
    await ready(page);
    await Promise.all([
      page.waitForURL(/\/callback\?/),
      page.evaluate(() => {
        // The redirect ends this page's context: not awaited here.
        void oidc.start();
      }),
    ]);
    await ready(page);
    const second = await page.evaluate(() => oidc.finish());
    expect(second.sub).toBe(first.sub);
    expect(second.accessToken).not.toBe(first.accessToken);
    await page.close();
  });

  it('"Sign in with Google" through the stand-in provider: the user is created, then found again', async () => {
    await browser.context.clearCookies();
    const viaGoogle = async (): Promise<Record<string, unknown>> => {
      const page = await browser.context.newPage();
      await page.goto(`${pages.origin}/`);
      await ready(page);
      await Promise.all([
        page.waitForURL(/\/_idp\/authorize/),
        page.evaluate(() => {
          void oidc.start({ identity_provider: 'Google' });
        }),
      ]);
      await page.fill('#sub', '7001');
      await page.fill('#email', 'gwen@gmail.com');
      await Promise.all([page.waitForURL(/\/callback\?/), page.click('#continue')]);
      await ready(page);
      const user = await page.evaluate(() => oidc.finish());
      await page.close();
      await browser.context.clearCookies();
      return user;
    };
    const first = await viaGoogle();
    expect(first).toMatchObject({ username: 'Google_7001', profileEmail: 'gwen@gmail.com' });
    const second = await viaGoogle();
    expect(second.sub).toBe(first.sub);
    const listed = await ok(emu.endpoint, 'AdminGetUser', {
      UserPoolId: emu.pools.web?.id,
      Username: 'Google_7001',
    });
    expect(listed.UserStatus).toBe('EXTERNAL_PROVIDER');
  });
});
