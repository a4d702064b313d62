// OAuth 2.0 on the emulator's user-pool domain from Node: the CLI's loopback sign-in (a test plays the browser),
// refresh at the token endpoint, revocation, and client_credentials fetched once for 20 concurrent callers.
import { createServer } from 'node:net';
import {
  getClientCredentialsTokens,
  getTokens,
  OAuthError,
  type OAuthHTTP,
  peekTokens,
  signOutOfDomain,
} from '@cogflow/core';
import { type Emulator, startEmulator } from '@cogflow/emulator';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeAuth, fetchOAuthHTTP, memoryStore, signInWithLoopback } from '../src/index.js';
import { PlayedBrowser } from './helpers/oauth-browser.js';
import { oauthSeed, PASSWORD, TOTP_SECRET } from './oauth-fixture.js';

let emulator: Emulator;
let port: number;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: p } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return p;
}

beforeAll(async () => {
  port = await freePort();
  emulator = await startEmulator({ port: 0, seed: oauthSeed(port) });
});

afterAll(async () => {
  await emulator?.stop();
});

const pool = () => emulator.pools.oauth!;

function counting(calls: string[]): OAuthHTTP {
  const http = fetchOAuthHTTP();
  return {
    request(url, request) {
      calls.push(`${url} ${request.body ?? ''}`);
      return http.request(url, request);
    },
  };
}

function cliAuth(calls: string[] = []) {
  return createNodeAuth({
    userPoolId: pool().id,
    clientId: pool().clients.cli!.id,
    endpoint: emulator.endpoint,
    oauth: { domain: pool().oauthBaseURL!, http: counting(calls), logoutUri: 'http://localhost:3000/bye' },
  });
}

/** The browser's part: managed login, then the redirect to the loopback listener, whose page it reads. */
function playBrowser(username: string, code?: () => Promise<string>, seen: { page?: string } = {}) {
  return async (url: string): Promise<void> => {
    const browser = new PlayedBrowser(new URL(emulator.endpoint).origin);
    const back = await browser.signIn(url, username, PASSWORD, code);
    expect(back.startsWith(`http://localhost:${port}/callback?`)).toBe(true);
    // localhost may resolve to ::1 first; the listener is on 127.0.0.1, as RFC 8252 recommends.
    void fetch(back.replace('//localhost:', '//127.0.0.1:')).then(async (res) => {
      seen.page = `${res.status} ${await res.text()}`;
    });
  };
}

describe('CLI sign-in through the loopback redirect', () => {
  it('signs in, refreshes at the token endpoint, and signs out by revocation', async () => {
    const calls: string[] = [];
    const auth = cliAuth(calls);
    const seen: { page?: string } = {};
    const result = await signInWithLoopback(auth, {
      port,
      open: playBrowser('carol', undefined, seen),
      timeoutMs: 20_000,
    });
    expect(result.user.username).toBe('carol');
    expect(result.tokens.via).toBe('oauth');
    const issuer = emulator.issuer(pool().id);
    const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(result.tokens.idToken!, jwks, {
      issuer,
      audience: pool().clients.cli!.id,
    });
    expect(payload.email).toBe('carol@example.com');
    expect(await peekTokens(auth, 'carol')).toEqual(result.tokens);
    await expect.poll(() => seen.page).toMatch(/^200 .*Signed in/);
    // The listener is gone.
    await expect(fetch(`http://127.0.0.1:${port}/callback`)).rejects.toThrow();
    // The verifier went to the token endpoint once, and never into the authorize URL.
    const exchange = calls.find((c) => c.includes('grant_type=authorization_code'))!;
    expect(exchange).toMatch(/code_verifier=[\w-]{43}/);

    const refreshed = await getTokens(auth, 'carol', { forceRefresh: true });
    expect(refreshed.accessToken).not.toBe(result.tokens.accessToken);
    expect(refreshed.refreshToken).toBe(result.tokens.refreshToken);
    expect(calls.filter((c) => c.includes('grant_type=refresh_token'))).toHaveLength(1);

    const { logoutURL } = await signOutOfDomain(auth, 'carol');
    expect(logoutURL).toBe(
      `${pool().oauthBaseURL}/logout?client_id=${pool().clients.cli!.id}&logout_uri=${encodeURIComponent('http://localhost:3000/bye')}`,
    );
    expect(await peekTokens(auth, 'carol')).toBeUndefined();
    // The revoked refresh token is refused at the token endpoint: invalid_grant.
    const http = fetchOAuthHTTP();
    const again = await http.request(`${pool().oauthBaseURL}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=refresh_token&client_id=${pool().clients.cli!.id}&refresh_token=${encodeURIComponent(result.tokens.refreshToken!)}`,
    });
    expect(again.status).toBe(400);
    expect(JSON.parse(again.body).error).toBe('invalid_grant');
  });

  it('goes through the TOTP step of the login page', async () => {
    const auth = cliAuth();
    const totp = async () => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(TOTP_SECRET) }).generate();
    const result = await signInWithLoopback(auth, {
      port,
      open: playBrowser('tess', totp),
      timeoutMs: 20_000,
    });
    expect(result.user.username).toBe('tess');
  });

  it('ignores a request with another state, and times out, closing the listener', async () => {
    const auth = cliAuth();
    const statuses: number[] = [];
    await expect(
      signInWithLoopback(auth, {
        port,
        timeoutMs: 1_000,
        open: async () => {
          const res = await fetch(`http://127.0.0.1:${port}/callback?code=forged&state=forged`);
          statuses.push(res.status);
        },
      }),
    ).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(statuses).toEqual([400]);
    await expect(fetch(`http://127.0.0.1:${port}/callback`)).rejects.toThrow();
    expect(await peekTokens(auth, 'carol')).toBeUndefined();
  });

  it("reports the login page's access_denied as a typed error", async () => {
    const auth = cliAuth();
    const error = await signInWithLoopback(auth, {
      port,
      timeoutMs: 20_000,
      // An identity provider the client does not support comes back as an error with the state.
      provider: 'Facebook',
      open: async (url) => {
        const browser = new PlayedBrowser(new URL(emulator.endpoint).origin);
        const back = await browser.follow(url);
        void fetch(back.left!.replace('//localhost:', '//127.0.0.1:')).catch(() => undefined);
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect((error as OAuthError).code).toBe('INVALID_REQUEST');
  });
});

describe('client_credentials', () => {
  it('20 concurrent callers on two instances sharing a store reach the token endpoint once', async () => {
    const calls: string[] = [];
    const store = memoryStore();
    const make = () =>
      createNodeAuth({
        userPoolId: pool().id,
        clientId: pool().clients.m2m!.id,
        clientSecret: pool().clients.m2m!.secret!,
        endpoint: emulator.endpoint,
        store,
        oauth: { domain: pool().oauthBaseURL!, http: counting(calls) },
      });
    const [a, b] = [make(), make()];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        getClientCredentialsTokens(i % 2 ? a : b, { scopes: ['orders/read'] }),
      ),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]).toContain('grant_type=client_credentials');
    expect(new Set(results.map((t) => t.accessToken)).size).toBe(1);
    const issuer = emulator.issuer(pool().id);
    const { payload } = await jwtVerify(
      results[0]!.accessToken,
      createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`)),
      { issuer },
    );
    expect(payload.scope).toBe('orders/read');
    expect(payload.client_id).toBe(pool().clients.m2m!.id);
    // Cached: another call reuses it; other scopes are their own tokens.
    await getClientCredentialsTokens(a, { scopes: ['orders/read'] });
    expect(calls).toHaveLength(1);
    const both = await getClientCredentialsTokens(a, { scopes: ['orders/write', 'orders/read'] });
    expect(calls).toHaveLength(2);
    expect(both.accessToken).not.toBe(results[0]!.accessToken);
  });

  it("types the token endpoint's refusals: a wrong secret, a scope not allowed", async () => {
    const base = {
      userPoolId: pool().id,
      clientId: pool().clients.m2m!.id,
      endpoint: emulator.endpoint,
      oauth: { domain: pool().oauthBaseURL! },
    };
    const wrong = createNodeAuth({ ...base, clientSecret: 'not-the-secret' });
    await expect(getClientCredentialsTokens(wrong, { scopes: ['orders/read'] })).rejects.toMatchObject({
      code: 'INVALID_CLIENT',
    });
    const right = createNodeAuth({
      ...base,
      clientSecret: pool().clients.m2m!.secret!,
      oauth: { ...base.oauth, clientAuthentication: 'client_secret_post' },
    });
    await expect(getClientCredentialsTokens(right, { scopes: ['openid'] })).rejects.toMatchObject({
      code: 'INVALID_SCOPE',
    });
    expect((await getClientCredentialsTokens(right, { scopes: ['orders/write'] })).accessToken).toBeTruthy();
  });
});
