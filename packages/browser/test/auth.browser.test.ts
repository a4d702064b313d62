// Sign-in end to end in headless Chromium against @cogflow/emulator: SRP, TOTP MFA, a remembered device after a
// reload, NEW_PASSWORD_REQUIRED, tokens across reloads, two tabs refreshing once, sign-out across tabs, a module
// worker, and a passkey through Chromium's virtual authenticator.

import { type Emulator, startEmulator } from '@cogflow/emulator';
import { chromiumAvailable, type LaunchedBrowser, launchChromium } from '@cogflow/test-kit/chromium';
import * as OTPAuth from 'otpauth';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HarnessServer, serveHarness } from './harness/server.js';

type PageModule = typeof import('./harness/page-entry.js');
declare const cf: PageModule;

const run = chromiumAvailable('cogflow/browser');

const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const PASSWORD = 'Corr3ct-Horse-Battery!';

const seed = {
  pools: [
    {
      name: 'web',
      mfaConfiguration: 'OPTIONAL' as const,
      enabledMfas: ['SOFTWARE_TOKEN_MFA' as const],
      deviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
      signInPolicy: { allowedFirstAuthFactors: ['PASSWORD' as const, 'WEB_AUTHN' as const] },
      webAuthnRelyingPartyId: 'localhost',
      clients: [{ name: 'spa' }],
      users: [
        { username: 'alice', password: PASSWORD, attributes: { email: 'alice@example.com' } },
        { username: 'ruth', password: PASSWORD },
        { username: 'tabs', password: PASSWORD },
        { username: 'leases', password: PASSWORD },
        { username: 'unlocked', password: PASSWORD },
        { username: 'sessions', password: PASSWORD },
        { username: 'worker', password: PASSWORD },
        { username: 'piper', password: PASSWORD },
        {
          username: 'mfa',
          password: PASSWORD,
          softwareTokenSecret: TOTP_SECRET,
          mfaPreference: { totp: true, preferred: 'SOFTWARE_TOKEN_MFA' as const },
        },
        { username: 'newbie', temporaryPassword: 'Temp-0rary-Pass!' },
      ],
    },
  ],
};

interface Summary {
  status: string;
  step?: string;
  accessToken?: string;
  refreshToken?: string;
  device?: string;
  username?: string;
}

describe.skipIf(!run)('sign-in in headless Chromium against the emulator', () => {
  let browser: LaunchedBrowser;
  let context: BrowserContext;
  let server: HarnessServer;
  let emulator: Emulator;
  let config: { endpoint: string; userPoolId: string; clientId: string };

  const openPage = async (): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => (globalThis as { cfReady?: boolean }).cfReady === true);
    return page;
  };

  const setup = async (
    page: Page,
    extra: Record<string, unknown> = {},
    lock?: 'lease' | 'tab-only',
  ): Promise<void> => {
    await page.evaluate(([c, l]) => cf.setup(c as never, l ? { lock: l as 'lease' | 'tab-only' } : {}), [
      { ...config, ...extra },
      lock,
    ] as const);
  };

  /** Signs in and answers with whatever `answers` gives for each step, in the page; returns a summary. */
  const signIn = (
    page: Page,
    username: string,
    password: string,
    answers: unknown[] = [],
  ): Promise<Summary> =>
    page.evaluate(
      async ([u, p, a]) => {
        let result = await cf.signIn(cf.auth!, { username: u, password: p });
        const queue = [...(a as unknown[])];
        while (result.status === 'CHALLENGE' && queue.length > 0) {
          result = await cf.confirmSignIn(cf.auth!, result.pending, queue.shift() as never);
        }
        if (result.status === 'CHALLENGE') return { status: result.status, step: result.step.type };
        if (result.status !== 'SIGNED_IN') return { status: result.status };
        return {
          status: result.status,
          accessToken: result.tokens.accessToken,
          refreshToken: result.tokens.refreshToken,
          device: result.device.status,
          username: result.user.username,
        };
      },
      [username, password, answers] as const,
    );

  const peek = (page: Page, username: string): Promise<string | null> =>
    page.evaluate(async (u) => (await cf.peekTokens(cf.auth!, u))?.accessToken ?? null, username);

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, seed });
    const pool = emulator.pools.web!;
    config = { endpoint: emulator.endpoint, userPoolId: pool.id, clientId: pool.clients.spa!.id };
    server = await serveHarness('auth');
    browser = await launchChromium();
    context = browser.context;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await emulator?.stop();
  });

  it('SRP sign-in: the emulator checks the password claim, the page gets tokens', async () => {
    const page = await openPage();
    await setup(page, { storage: 'memory' });
    const wrong = await page.evaluate(async () =>
      cf.signIn(cf.auth!, { username: 'alice', password: 'not-her-password' }).then(
        () => 'resolved',
        (error: { name: string; code: string }) => `${error.name}:${error.code}`,
      ),
    );
    expect(wrong).toBe('ServiceError:NOT_AUTHORIZED');
    // createBrowserAuth was given no hash, so SRP must hash on the page's crypto.subtle (webCryptoHash): count it.
    await page.evaluate(() => {
      const subtle = crypto.subtle as unknown as Record<string, (...args: unknown[]) => unknown>;
      const counts: Record<string, number> = { digest: 0, importKey: 0, sign: 0 };
      (globalThis as { subtleCounts?: Record<string, number> }).subtleCounts = counts;
      for (const name of ['digest', 'importKey', 'sign'] as const) {
        const original = subtle[name]!.bind(subtle);
        subtle[name] = (...args: unknown[]) => {
          counts[name]! += 1;
          return original(...args);
        };
      }
    });
    const result = await signIn(page, 'alice', PASSWORD);
    expect(result.status).toBe('SIGNED_IN');
    expect(result.username).toBe('alice');
    expect(result.accessToken?.split('.')).toHaveLength(3);
    const counts = await page.evaluate(
      () => (globalThis as { subtleCounts?: Record<string, number> }).subtleCounts,
    );
    // x, u and the password's inner hash are digests; HKDF's two steps and the claim's signature are HMACs.
    expect(counts!.digest).toBeGreaterThanOrEqual(3);
    expect(counts!.sign).toBeGreaterThanOrEqual(3);
    expect(counts!.importKey).toBe(counts!.sign);
    await page.close();
  });

  it('SOFTWARE_TOKEN_MFA with an otpauth code, the device remembered, then after a reload device SRP without MFA', async () => {
    const page = await openPage();
    await setup(page, { storage: 'local' });
    const first = await signIn(page, 'mfa', PASSWORD);
    expect(first).toEqual({ status: 'CHALLENGE', step: 'SOFTWARE_TOKEN_MFA' });
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(TOTP_SECRET) }).generate();
    const done = await signIn(page, 'mfa', PASSWORD, [{ type: 'SOFTWARE_TOKEN_MFA', code }]);
    expect(done.status).toBe('SIGNED_IN');
    expect(done.device).toBe('confirmed');

    await page.reload();
    await page.waitForFunction(() => (globalThis as { cfReady?: boolean }).cfReady === true);
    await setup(page, { storage: 'local' });
    await emulator.control.resetStats();
    const again = await signIn(page, 'mfa', PASSWORD);
    expect(again.status).toBe('SIGNED_IN');
    expect(again.device).toBe('used');
    const stats = await emulator.control.stats();
    // USER_SRP_AUTH, PASSWORD_VERIFIER, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER: no MFA answer in between.
    expect(stats.InitiateAuth).toBe(1);
    expect(stats.RespondToAuthChallenge).toBe(3);
    await page.close();
  });

  it('NEW_PASSWORD_REQUIRED, then the new password signs in', async () => {
    const page = await openPage();
    await setup(page, { storage: 'memory' });
    const first = await signIn(page, 'newbie', 'Temp-0rary-Pass!');
    expect(first).toEqual({ status: 'CHALLENGE', step: 'NEW_PASSWORD_REQUIRED' });
    const done = await signIn(page, 'newbie', 'Temp-0rary-Pass!', [
      { type: 'NEW_PASSWORD_REQUIRED', newPassword: 'Brand-New-Pass-42!' },
    ]);
    expect(done.status).toBe('SIGNED_IN');
    expect((await signIn(page, 'newbie', 'Brand-New-Pass-42!')).status).toBe('SIGNED_IN');
    await page.close();
  });

  for (const storage of ['local', 'session', 'indexeddb'] as const) {
    it(`tokens survive a reload in the ${storage} store`, async () => {
      const page = await openPage();
      await setup(page, { storage });
      const done = await signIn(page, 'ruth', PASSWORD);
      expect(done.status).toBe('SIGNED_IN');
      await page.reload();
      await page.waitForFunction(() => (globalThis as { cfReady?: boolean }).cfReady === true);
      await setup(page, { storage });
      expect(await peek(page, 'ruth')).toBe(done.accessToken);
      const fresh = await page.evaluate(async () => (await cf.getTokens(cf.auth!, 'ruth')).accessToken);
      expect(fresh).toBe(done.accessToken);
      await page.evaluate(() => cf.signOut(cf.auth!, 'ruth'));
      expect(await peek(page, 'ruth')).toBeNull();
      await page.close();
    });
  }

  /** Signs in on tab A, expires the tokens in both tabs and on the service, and has both tabs ask at once. */
  const expireAndRefreshInBothTabs = async (
    a: Page,
    b: Page,
    username: string,
  ): Promise<{
    before: string;
    fromA: string;
    fromB: string;
    serviceRefreshes: number;
    tabRefreshes: number;
  }> => {
    const signedIn = await signIn(a, username, PASSWORD);
    expect(signedIn.status).toBe('SIGNED_IN');
    expect(await peek(b, username)).toBe(signedIn.accessToken);
    const sentBefore = await Promise.all(
      [a, b].map((page) => page.evaluate(() => cf.sent.InitiateAuth ?? 0)),
    );

    // Two hours on: past the access token's validity in both tabs and on the service.
    const twoHours = 2 * 60 * 60 * 1000;
    await emulator.control.advanceClock(twoHours);
    await Promise.all([a, b].map((page) => page.evaluate((ms) => cf.shiftClock(ms), twoHours)));
    await emulator.control.resetStats();
    // A slow refresh keeps the first tab inside its refresh while the second one asks.
    await emulator.control.injectFault({
      operation: 'InitiateAuth',
      kind: 'latency',
      latencyMs: 400,
      times: 2,
    });
    const [fromA, fromB] = await Promise.all(
      [a, b].map((page) =>
        page.evaluate(async (u) => (await cf.getTokens(cf.auth!, u)).accessToken, username),
      ),
    );
    await emulator.control.clearFaults();
    const stats = await emulator.control.stats();
    const sentAfter = await Promise.all([a, b].map((page) => page.evaluate(() => cf.sent.InitiateAuth ?? 0)));
    expect(stats.GetTokensFromRefreshToken ?? 0).toBe(0);
    return {
      before: signedIn.accessToken!,
      fromA: fromA!,
      fromB: fromB!,
      serviceRefreshes: stats.InitiateAuth ?? 0,
      tabRefreshes: sentAfter[0]! - sentBefore[0]! + sentAfter[1]! - sentBefore[1]!,
    };
  };

  for (const lock of ['web-locks', 'lease'] as const) {
    const username = lock === 'web-locks' ? 'tabs' : 'leases';
    it(`two tabs whose tokens expire together refresh once (${lock}); a sign-out in one reaches the other`, async () => {
      const a = await openPage();
      const b = await openPage();
      await setup(a, { storage: 'local' }, lock === 'lease' ? 'lease' : undefined);
      await setup(b, { storage: 'local' }, lock === 'lease' ? 'lease' : undefined);
      const outcome = await expireAndRefreshInBothTabs(a, b, username);
      expect(outcome.serviceRefreshes).toBe(1);
      expect(outcome.tabRefreshes).toBe(1);
      expect(outcome.fromA).toBe(outcome.fromB);
      expect(outcome.fromA).not.toBe(outcome.before);
      // The tab that did not refresh hears that the other one did.
      const heard = await Promise.all(
        [a, b].map((page) =>
          page.evaluate(() => cf.events.filter((e) => e.type === 'tokens-refreshed').length),
        ),
      );
      expect(heard).toEqual([1, 1]);

      await a.evaluate((u) => cf.signOut(cf.auth!, u), username);
      await b.waitForFunction(
        (u) => cf.events.some((e) => e.type === 'signed-out' && e.username === u && e.remote === true),
        username,
        { timeout: 5000 },
      );
      expect(await peek(b, username)).toBeNull();
      const refused = await b.evaluate(
        (u) =>
          cf.getTokens(cf.auth!, u).then(
            () => 'resolved',
            (e: { code: string }) => e.code,
          ),
        username,
      );
      expect(refused).toBe('NO_SESSION');
      await a.close();
      await b.close();
    });
  }

  it('control: with a lock that does not reach other tabs, the same race refreshes twice', async () => {
    const a = await openPage();
    const b = await openPage();
    await setup(a, { storage: 'local' }, 'tab-only');
    await setup(b, { storage: 'local' }, 'tab-only');
    const outcome = await expireAndRefreshInBothTabs(a, b, 'unlocked');
    expect(outcome.serviceRefreshes).toBe(2);
    expect(outcome.tabRefreshes).toBe(2);
    await a.close();
    await b.close();
  });

  it("with per-tab sessionStorage, a sign-out in one tab ends the other tab's own session too", async () => {
    const a = await openPage();
    const b = await openPage();
    await setup(a, { storage: 'session' });
    await setup(b, { storage: 'session' });
    const inA = await signIn(a, 'sessions', PASSWORD);
    const inB = await signIn(b, 'sessions', PASSWORD);
    expect(inA.status).toBe('SIGNED_IN');
    expect(inB.status).toBe('SIGNED_IN');
    expect(inA.refreshToken).not.toBe(inB.refreshToken);
    await emulator.control.resetStats();
    await a.evaluate(() => cf.signOut(cf.auth!, 'sessions'));
    await b.waitForFunction(() => cf.events.some((e) => e.type === 'signed-out'), undefined, {
      timeout: 5000,
    });
    expect(await peek(b, 'sessions')).toBeNull();
    // Each tab revoked its own refresh token, and the other tab's announcement was not echoed back again.
    expect((await emulator.control.stats()).RevokeToken).toBe(2);
    expect(await a.evaluate(() => cf.events.filter((e) => e.type === 'signed-out').length)).toBe(1);
    expect(await b.evaluate(() => cf.events.filter((e) => e.type === 'signed-out').length)).toBe(1);
    await a.close();
    await b.close();
  });

  it('auth events reach another tab through the storage-event fallback when BroadcastChannel is missing', async () => {
    const a = await openPage();
    const b = await openPage();
    await b.evaluate(() => {
      const channel = cf.tabChannel('fallback-test', { BroadcastChannel: null });
      (globalThis as { heard?: unknown[] }).heard = [];
      channel.subscribe((event) => (globalThis as { heard?: unknown[] }).heard!.push(event));
    });
    await a.evaluate(() =>
      cf.tabChannel('fallback-test', { BroadcastChannel: null }).post({ type: 'signed-out', username: 'x' }),
    );
    await b.waitForFunction(() => ((globalThis as { heard?: unknown[] }).heard ?? []).length > 0, undefined, {
      timeout: 5000,
    });
    expect(await b.evaluate(() => (globalThis as { heard?: unknown[] }).heard)).toEqual([
      { type: 'signed-out', username: 'x' },
    ]);
    await a.close();
    await b.close();
  });

  it('a module worker signs in and keeps the tokens in IndexedDB, without touching the DOM', async () => {
    const page = await openPage();
    const answer = await page.evaluate(
      (c) =>
        cf.inWorker<Record<string, unknown>>({
          signIn: { ...c, username: 'worker', password: 'Corr3ct-Horse-Battery!' },
        }),
      config,
    );
    expect(answer.error).toBeUndefined();
    expect(answer.context).toEqual({ hasDocument: false, hasWindow: false, hasLocalStorage: false });
    expect(answer.status).toBe('SIGNED_IN');
    expect(typeof answer.storedAccessToken).toBe('string');
    // The page reads what the worker stored: IndexedDB is shared by the origin.
    await setup(page, { storage: 'indexeddb' });
    expect(await peek(page, 'worker')).toBe(answer.storedAccessToken);
    await page.close();
  });

  it('a passkey registered and then used to sign in, through the virtual authenticator', async () => {
    const page = await openPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });
    await setup(page, { storage: 'local' });
    expect((await signIn(page, 'piper', PASSWORD)).status).toBe('SIGNED_IN');
    await page.evaluate(() => cf.registerPasskey(cf.auth!, 'piper'));
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    await page.evaluate(() => cf.signOut(cf.auth!, 'piper'));

    await emulator.control.resetStats();
    const result = await page.evaluate(async () => {
      const r = await cf.signInWithPasskey(cf.auth!, { username: 'piper' });
      return r.status === 'SIGNED_IN'
        ? { status: r.status, username: r.user.username }
        : { status: r.status };
    });
    expect(result).toEqual({ status: 'SIGNED_IN', username: 'piper' });
    const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(after.credentials[0]!.signCount).toBeGreaterThan(credentials[0]!.signCount);
    const stats = await emulator.control.stats();
    expect(stats.InitiateAuth).toBe(1);
    expect(stats.RespondToAuthChallenge).toBe(1);
    await page.close();
  });

  it('a client secret is refused in the browser', async () => {
    const page = await openPage();
    const refused = await page.evaluate((c) => {
      try {
        cf.createBrowserAuth({ ...c, clientSecret: 'shh' });
        return 'created';
      } catch (error) {
        return `${(error as Error).name}:${(error as { code: string }).code}:${(error as Error).message.includes('shh')}`;
      }
    }, config);
    expect(refused).toBe('InputError:INVALID_INPUT:false');
    await page.close();
  });
});
