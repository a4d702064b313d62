// Managed login in headless Chromium against the emulator's user-pool domain: the redirect round trip (password,
// TOTP, the stand-in Google), refusals that store nothing (a tampered state, a replayed code, a wrong redirect URI),
// and redirects abandoned or started in another tab that block nobody.

import { type Emulator, startEmulator } from '@cogflow/emulator';
import { chromiumAvailable, type LaunchedBrowser, launchChromium } from '@cogflow/test-kit/chromium';
import * as OTPAuth from 'otpauth';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type HarnessServer, serveHarness } from './harness/server.js';

type PageModule = typeof import('./harness/page-entry.js');
declare const cf: PageModule;

const run = chromiumAvailable('cogflow/browser');
const PASSWORD = 'Corr3ct-Horse-Battery!';
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe.skipIf(!run)('redirect sign-in in headless Chromium against the emulator', () => {
  let browser: LaunchedBrowser;
  let context: BrowserContext;
  let server: HarnessServer;
  let emulator: Emulator;
  let config: Parameters<PageModule['setupOAuth']>[0];

  beforeAll(async () => {
    server = await serveHarness('auth');
    emulator = await startEmulator({
      port: 0,
      seed: {
        pools: [
          {
            name: 'web',
            domain: 'cogflow-spa',
            mfaConfiguration: 'OPTIONAL',
            enabledMfas: ['SOFTWARE_TOKEN_MFA'],
            identityProviders: [{ providerName: 'Google', providerType: 'Google' }],
            clients: [
              {
                name: 'spa',
                allowedOAuthFlows: ['code'],
                allowedOAuthScopes: ['openid', 'email', 'profile'],
                callbackURLs: [`${server.origin}/callback`],
                logoutURLs: [`${server.origin}/`],
                supportedIdentityProviders: ['COGNITO', 'Google'],
              },
            ],
            users: [
              { username: 'alice', password: PASSWORD, attributes: { email: 'alice@example.com' } },
              { username: 'bob', password: PASSWORD },
              { username: 'cora', password: PASSWORD },
              {
                username: 'mfa',
                password: PASSWORD,
                softwareTokenSecret: TOTP_SECRET,
                mfaPreference: { totp: true, preferred: 'SOFTWARE_TOKEN_MFA' },
              },
            ],
          },
        ],
      },
    });
    const pool = emulator.pools.web!;
    config = {
      endpoint: emulator.endpoint,
      userPoolId: pool.id,
      clientId: pool.clients.spa!.id,
      domain: pool.oauthBaseURL!,
      redirectUri: `${server.origin}/callback`,
      issuer: pool.issuer,
      logoutUri: `${server.origin}/`,
    };
    browser = await launchChromium();
    context = browser.context;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await emulator?.stop();
  });

  const ready = async (page: Page): Promise<void> => {
    await page.waitForFunction(() => (globalThis as { cfReady?: boolean }).cfReady === true);
    await page.evaluate((c) => cf.setupOAuth(c), config);
  };

  // Each test starts without the domain's session cookie, so the login page shows.
  beforeEach(async () => {
    await context.clearCookies();
  });

  const openPage = async (): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(`${server.origin}/`);
    await ready(page);
    return page;
  };

  /** Starts the redirect in the page and waits for the emulator's login page. */
  const startRedirect = async (page: Page, options: Record<string, unknown> = {}): Promise<void> => {
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(config.domain) || url.href.startsWith(emulator.endpoint)),
      page.evaluate((o) => cf.signInWithRedirect(cf.oauthAuth!, o), options),
    ]);
  };

  /** Fills the managed-login page (and the TOTP step) and waits for the callback page. */
  const login = async (page: Page, username: string, totp?: boolean): Promise<void> => {
    await page.fill('#username', username);
    await page.fill('#password', PASSWORD);
    await page.click('#signin');
    if (totp) {
      await page.waitForSelector('#code');
      await page.fill(
        '#code',
        new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(TOTP_SECRET) }).generate(),
      );
      await page.click('#verify');
    }
    await page.waitForURL((url) => url.href.startsWith(config.redirectUri));
    await ready(page);
  };

  const finish = (page: Page) =>
    page.evaluate(async () => {
      try {
        const result = await cf.handleRedirectCallback(cf.oauthAuth!);
        return { username: result?.user.username, via: result?.tokens.via, address: location.href };
      } catch (e) {
        return { error: (e as { code?: string }).code, name: (e as Error).name, address: location.href };
      }
    });

  const peek = (page: Page, username: string) =>
    page.evaluate(async (u) => (await cf.peekTokens(cf.oauthAuth!, u))?.accessToken ?? null, username);

  it('managed login with a password: tokens stored, the code gone from the address, refresh and sign-out', async () => {
    const page = await openPage();
    const events: string[] = [];
    await startRedirect(page, { loginHint: 'alice' });
    expect(page.url()).toContain('/login');
    await login(page, 'alice');
    const result = await finish(page);
    expect(result).toEqual({ username: 'alice', via: 'oauth', address: `${server.origin}/callback` });
    expect(await peek(page, 'alice')).toMatch(/^ey/);
    // Nothing of the flow is left in the tab's storage.
    expect(
      await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('cogflow:oauth'))),
    ).toEqual([]);
    const refreshed = await page.evaluate(async () => {
      const before = (await cf.peekTokens(cf.oauthAuth!, 'alice'))!.accessToken;
      const after = (await cf.getTokens(cf.oauthAuth!, 'alice', { forceRefresh: true })).accessToken;
      return before !== after;
    });
    expect(refreshed).toBe(true);
    page.on('request', (request) => events.push(request.url()));
    await Promise.all([
      page.waitForURL((url) => url.href === `${server.origin}/`),
      page.evaluate(() => cf.signOutWithRedirect(cf.oauthAuth!, 'alice')),
    ]);
    await ready(page);
    expect(events.some((u) => u.startsWith(`${config.domain}/logout?`))).toBe(true);
    expect(await peek(page, 'alice')).toBeNull();
    await page.close();
  });

  it('managed login with TOTP MFA', async () => {
    const page = await openPage();
    await startRedirect(page, { prompt: 'login' });
    await login(page, 'mfa', true);
    expect(await finish(page)).toMatchObject({ username: 'mfa', via: 'oauth' });
    await page.close();
  });

  it('"Sign in with Google" through the stand-in provider creates Google_<sub>', async () => {
    const page = await openPage();
    await startRedirect(page, { provider: 'Google' });
    await page.fill('#sub', '1234567890');
    await page.fill('#email', 'gina@gmail.example');
    await page.click('#continue');
    await page.waitForURL((url) => url.href.startsWith(config.redirectUri));
    await ready(page);
    expect(await finish(page)).toMatchObject({ username: 'Google_1234567890', via: 'oauth' });
    const identities = await page.evaluate(async () => {
      const tokens = (await cf.peekTokens(cf.oauthAuth!, 'Google_1234567890'))!;
      return cf.decodeJWTClaims(tokens.idToken!).identities;
    });
    expect(identities).toEqual([expect.objectContaining({ providerName: 'Google', userId: '1234567890' })]);
    await page.close();
  });

  it('a tampered state and a replayed code are refused with typed errors and store nothing', async () => {
    const page = await openPage();
    await startRedirect(page);
    await login(page, 'bob');
    const callback = page.url();
    const pending = await page.evaluate(() => {
      const key = Object.keys(sessionStorage).find((k) => k.startsWith('cogflow:oauth'))!;
      return JSON.parse(sessionStorage.getItem(key)!);
    });
    const tampered = callback.replace(/state=([^&]+)/, (_, s: string) => `state=${s.slice(0, -2)}xx`);
    const refused = await page.evaluate(async (url) => {
      try {
        await cf.handleRedirectCallback(cf.oauthAuth!, { url });
        return 'accepted';
      } catch (e) {
        return (e as { code?: string }).code;
      }
    }, tampered);
    expect(refused).toBe('STATE_MISMATCH');
    expect(await peek(page, 'bob')).toBeNull();
    // The address bar lost the code all the same.
    expect(page.url()).toBe(`${server.origin}/callback`);

    // The same code again, with its real pending authorization, on a page that stored nothing yet.
    const replay = await page.evaluate(
      async ([url, p]) => {
        const first = await cf.completeAuthorization(cf.oauthAuth!, { url, pending: p as never });
        await cf.signOutOfDomain(cf.oauthAuth!, first.user.username);
        try {
          await cf.completeAuthorization(cf.oauthAuth!, { url, pending: p as never });
          return 'accepted';
        } catch (e) {
          return (e as { code?: string }).code;
        }
      },
      [callback, pending] as const,
    );
    expect(replay).toBe('INVALID_GRANT');
    expect(await peek(page, 'bob')).toBeNull();
    await page.close();
  });

  it('a wrong redirect URI: the domain refuses it, and an exchange with another one is INVALID_GRANT', async () => {
    const page = await openPage();
    await startRedirect(page, { redirectUri: `${server.origin}/not-registered` });
    expect(page.url()).toContain('redirect_mismatch');
    await page.goto(`${server.origin}/`);
    await ready(page);
    // The code was issued for /callback; the pending record names another redirect URI.
    await startRedirect(page);
    await login(page, 'cora');
    // Every pending record of the tab (the refused first redirect left one too) names another redirect URI.
    await page.evaluate(() => {
      for (const key of Object.keys(sessionStorage).filter((k) => k.startsWith('cogflow:oauth'))) {
        const p = JSON.parse(sessionStorage.getItem(key)!);
        sessionStorage.setItem(key, JSON.stringify({ ...p, redirectUri: `${location.origin}/elsewhere` }));
      }
    });
    expect(await finish(page)).toMatchObject({ error: 'INVALID_GRANT', name: 'OAuthError' });
    expect(await peek(page, 'cora')).toBeNull();
    await page.close();
  });

  it('an abandoned redirect and one started in another tab block no tab', async () => {
    const a = await openPage();
    const b = await openPage();
    // Tab A starts a redirect and abandons it on the login page.
    await startRedirect(a);
    // Tab B signs in through its own redirect meanwhile.
    await startRedirect(b);
    await login(b, 'alice');
    // B's callback taken to tab A is refused there (A has no such state) and spends nothing of B's flow.
    const bCallback = b.url();
    await a.goto(`${server.origin}/`);
    await ready(a);
    const crossed = await a.evaluate(async (url) => {
      try {
        await cf.handleRedirectCallback(cf.oauthAuth!, { url, replaceState: false });
        return 'accepted';
      } catch (e) {
        return (e as { code?: string }).code;
      }
    }, bCallback);
    expect(crossed).toBe('STATE_MISMATCH');
    expect(await finish(b)).toMatchObject({ username: 'alice' });
    const token = await a.evaluate(async () => (await cf.getTokens(cf.oauthAuth!, 'alice')).accessToken);
    expect(token).toBe(await peek(b, 'alice'));
    // A new sign-in in A works at once, with no lock or record of the abandoned one in the way.
    await startRedirect(a, { prompt: 'login' });
    await login(a, 'bob');
    expect(await finish(a)).toMatchObject({ username: 'bob' });
    expect(await b.evaluate(async () => (await cf.getTokens(cf.oauthAuth!, 'bob')).accessToken)).toMatch(
      /^ey/,
    );
    await a.close();
    await b.close();
  });
});
