// The page's "Sign in with managed login" and "Sign in with Google" in headless Chromium: the redirect through the
// emulator's user-pool domain (authorization code + PKCE) and its stand-in OpenID provider, the callback, the tokens
// in localStorage, a refresh at the token endpoint, and the sign-out through /oauth2/revoke and /logout.

import { chromiumAvailable, type LaunchedBrowser, launchChromium } from '@cogflow/test-kit/chromium';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLIENT_NAME, DEMO_PASSWORDS, DEMO_POOL_NAME, DEMO_USERS } from '../src/seed.js';
import { startWebDemo, type WebDemo } from '../src/web-demo.js';

const run = chromiumAvailable('cogflow/example');

interface StoredTokens {
  accessToken: string;
  refreshToken?: string;
  via?: string;
}

describe.skipIf(!run)('managed login on the web page in headless Chromium', () => {
  let demo: WebDemo;
  let browser: LaunchedBrowser | undefined;
  let page: Page;
  let domain: string;
  let clientId: string;
  const pageErrors: string[] = [];
  /** Every address the page's frame went to, and every request it made, in order. */
  const visited: string[] = [];
  const requests: { url: string; body: string }[] = [];

  beforeAll(async () => {
    demo = await startWebDemo();
    const pool = demo.emulator.pools[DEMO_POOL_NAME]!;
    domain = pool.oauthBaseURL!;
    clientId = pool.clients[DEMO_CLIENT_NAME]!.id;
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  async function openBrowser(): Promise<void> {
    await browser?.close();
    browser = await launchChromium({ viewport: { width: 1200, height: 900 } });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) visited.push(frame.url());
    });
    page.on('request', (request) => requests.push({ url: request.url(), body: request.postData() ?? '' }));
    await page.goto(demo.url);
    await page.getByTestId('sign-in-form').waitFor();
  }

  /** cogflow's stored tokens for a user of the page's client, read from localStorage (undefined when none). */
  async function storedTokens(username: string): Promise<StoredTokens | undefined> {
    const suffix = `:${clientId}:tokens:${encodeURIComponent(username)}`;
    const raw = await page.evaluate(
      (s) => Object.entries(localStorage).find(([key]) => key.startsWith('cogflow:') && key.endsWith(s))?.[1],
      suffix,
    );
    if (raw === undefined) return undefined;
    // A web store keeps [value] (or [value, expiry]); the value is cogflow's record { username, tokens }.
    const [value] = JSON.parse(raw) as [string];
    return (JSON.parse(value) as { tokens: StoredTokens }).tokens;
  }

  /** The token endpoint's answer to a refresh_token grant, from outside the browser. */
  async function refreshGrant(refreshToken: string): Promise<{ status: number; error?: string }> {
    const response = await fetch(`${domain}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: clientId,
        refresh_token: refreshToken,
      }).toString(),
    });
    const body = (await response.json()) as { error?: string };
    return { status: response.status, ...(body.error ? { error: body.error } : {}) };
  }

  it('managed login: the login page, the callback, tokens stored, refresh, and sign-out through /logout', async () => {
    await openBrowser();
    // The typed username goes to the login page as login_hint.
    await page.getByTestId('username').fill(DEMO_USERS.wendy);
    await page.getByTestId('managed-login-sign-in').click();
    await page.waitForURL((url) => url.href.startsWith(`${domain}/login`));
    expect(await page.inputValue('#username')).toBe(DEMO_USERS.wendy);
    await page.fill('#password', DEMO_PASSWORDS.wendy);
    await page.click('#signin');

    // Back on the page: signed in, and the code and state are no longer in the address bar.
    await page.getByTestId('session').waitFor();
    expect(await page.getByTestId('session-user').textContent()).toBe(DEMO_USERS.wendy);
    expect(await page.getByTestId('signed-in-via').textContent()).toContain('managed login');
    expect(await page.getByTestId('scopes').textContent()).toContain('aws.cognito.signin.user.admin');
    expect(await page.getByTestId('claims').textContent()).toContain('wendy@example.com');
    const callback = visited.find((url) => url.startsWith(`${demo.url}?`));
    expect(callback).toBeDefined();
    expect(new URL(callback!).searchParams.get('code')).toBeTruthy();
    expect(new URL(callback!).searchParams.get('state')).toBeTruthy();
    expect(page.url()).toBe(demo.url);
    // The code went to the token endpoint with the PKCE verifier.
    const exchange = requests.find((r) => r.url === `${domain}/oauth2/token`);
    expect(new URLSearchParams(exchange?.body).get('grant_type')).toBe('authorization_code');
    expect(new URLSearchParams(exchange?.body).get('code_verifier')).toMatch(/^[\w-]{43,128}$/);
    const tokens = await storedTokens(DEMO_USERS.wendy);
    expect(tokens?.via).toBe('oauth');
    expect(tokens?.accessToken).toMatch(/^ey/);
    expect(tokens?.refreshToken).toBeTruthy();
    // Nothing of the flow (verifier, state) is left in the tab's storage.
    expect(
      await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('cogflow:oauth'))),
    ).toEqual([]);

    // Refresh: at the domain's token endpoint, as a managed-login session requires.
    await page.getByTestId('refresh').click();
    await expect.poll(() => page.getByTestId('session-note').textContent()).toContain('Refreshed');
    expect(
      requests.some(
        (r) =>
          r.url === `${domain}/oauth2/token` &&
          new URLSearchParams(r.body).get('grant_type') === 'refresh_token',
      ),
    ).toBe(true);
    expect((await storedTokens(DEMO_USERS.wendy))?.accessToken).not.toBe(tokens?.accessToken);

    // Sign-out: the refresh token revoked, the tokens gone, /logout, and back on the page.
    await page.getByTestId('sign-out').click();
    await expect.poll(() => page.getByTestId('message').textContent()).toContain('Signed out wendy');
    expect(page.url()).toBe(demo.url);
    expect(requests.some((r) => r.url === `${domain}/oauth2/revoke`)).toBe(true);
    const logout = requests.find((r) => r.url.startsWith(`${domain}/logout?`));
    expect(new URL(logout!.url).searchParams.get('logout_uri')).toBe(demo.url);
    expect(await storedTokens(DEMO_USERS.wendy)).toBeUndefined();
    expect(await refreshGrant(tokens!.refreshToken!)).toEqual({ status: 400, error: 'invalid_grant' });

    // /logout ended the domain's session: the next managed login shows the login page again.
    await page.getByTestId('managed-login-sign-in').click();
    await page.waitForURL((url) => url.href.startsWith(`${domain}/login`));
    await page.locator('#password').waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('Sign in with Google: the stand-in provider, the federated user Google_<sub>, and sign-out', async () => {
    await openBrowser();
    const sub = '108234567890123456789';
    await page.getByTestId('social-sign-in').click();
    await page.waitForURL((url) => url.href.startsWith(demo.emulator.standInProviderIssuer));
    await page.fill('#sub', sub);
    await page.fill('#email', 'gina@gmail.example');
    await page.click('#continue');

    await page.getByTestId('session').waitFor();
    const username = `Google_${sub}`;
    expect(await page.getByTestId('session-user').textContent()).toBe(username);
    expect(await page.getByTestId('signed-in-via').textContent()).toContain('Google');
    const claims = (await page.getByTestId('claims').textContent()) ?? '';
    expect(claims).toContain('gina@gmail.example');
    expect(claims).toContain('"providerName":"Google"');
    expect(claims).toContain(`"userId":"${sub}"`);
    expect(page.url()).toBe(demo.url);
    expect((await storedTokens(username))?.via).toBe('oauth');

    await page.getByTestId('sign-out').click();
    await expect.poll(() => page.getByTestId('message').textContent()).toContain(`Signed out ${username}`);
    expect(await storedTokens(username)).toBeUndefined();

    // Cancel at the provider: the page says access was denied, stores nothing, and cleans the address bar.
    await page.getByTestId('social-sign-in').click();
    await page.waitForURL((url) => url.href.startsWith(demo.emulator.standInProviderIssuer));
    await page.click('#deny');
    await expect.poll(() => page.getByTestId('error').textContent()).toContain('ACCESS_DENIED');
    expect(page.url()).toBe(demo.url);
    expect(
      await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes(':tokens:'))),
    ).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('managed login with the MFA the user has (EMAIL_OTP), then the account screens on its access token', async () => {
    await openBrowser();
    await page.getByTestId('username').fill(DEMO_USERS.erin);
    await page.getByTestId('managed-login-sign-in').click();
    await page.waitForURL((url) => url.href.startsWith(`${domain}/login`));
    await page.fill('#password', DEMO_PASSWORDS.erin);
    await page.click('#signin');
    await page.locator('#code').waitFor();
    const code = await demo.emulator.control.lastCode({ username: DEMO_USERS.erin });
    expect(code).toMatch(/^\d{6,8}$/);
    await page.fill('#code', code!);
    await page.click('#verify');
    await page.getByTestId('session').waitFor();
    expect(await page.getByTestId('session-user').textContent()).toBe(DEMO_USERS.erin);
    expect(page.url()).toBe(demo.url);
    // The access token has aws.cognito.signin.user.admin: the user API (GetUser) answers the settings screen.
    await page.getByTestId('settings').click();
    await expect.poll(() => page.getByTestId('email-status').textContent()).toContain('erin@example.com');
    expect(pageErrors).toEqual([]);
  });

  it('opened at another address than the registered callback URL, the page says why instead of redirecting', async () => {
    const port = new URL(demo.url).port;
    // Vite listens on whichever address localhost resolved to; the same server under its IP is another origin.
    let other: string | undefined;
    for (const candidate of [`http://127.0.0.1:${port}/`, `http://[::1]:${port}/`]) {
      const answered = await fetch(candidate).then(
        (r) => r.ok,
        () => false,
      );
      if (answered) other = candidate;
    }
    expect(other).toBeDefined();
    await openBrowser();
    await page.goto(other!);
    await page.getByTestId('sign-in-form').waitFor();
    expect(await page.getByTestId('managed-login-unavailable').textContent()).toContain(demo.url);
    expect(await page.getByTestId('managed-login-sign-in').count()).toBe(0);
  });
});
