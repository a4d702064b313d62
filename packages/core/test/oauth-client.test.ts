// The OAuth client functions over scripted domain answers: the callback exchange stores nothing on a failed
// check, getTokens refreshes an OAuth session at the token endpoint (invalid_grant ends it, a 5xx keeps it), and
// client_credentials are fetched once for concurrent callers.

import { describe, expect, it } from 'vitest';
import {
  completeAuthorization,
  createAuthClient,
  createAuthorizationRequest,
  getClientCredentialsTokens,
  getTokens,
  oauthConfig,
  peekTokens,
} from '../src/index.js';
import type { OAuthHTTP, OAuthHTTPResponse, Transport } from '../src/ports.js';
import { nobleHash } from '../src/srp/index.js';
import { manualClock, memoryStore, nodeRandom } from './client-helpers.js';
import { fakeJWT } from './machine-helpers.js';

const POOL = 'us-east-1_AbCdEf123';
const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`;
const noTransport: Transport = {
  send: () => Promise.reject(new Error('the JSON API must not be called')),
};

function setup(answers: Array<(body: string) => OAuthHTTPResponse>, extra: { clientSecret?: string } = {}) {
  const calls: string[] = [];
  const http: OAuthHTTP = {
    async request(url, request) {
      calls.push(`${url} ${request.body ?? ''}`);
      const next = answers.shift();
      if (!next) throw new Error('unexpected request');
      await Promise.resolve();
      return next(request.body ?? '');
    },
  };
  const clock = manualClock(Date.UTC(2026, 11, 3, 12));
  const store = memoryStore(clock);
  const auth = createAuthClient({
    userPoolId: POOL,
    clientId: 'client1',
    ...extra,
    transport: noTransport,
    store,
    random: nodeRandom,
    clock,
    hash: nobleHash,
    oauth: oauthConfig({
      domain: 'p.auth.us-east-1.amazoncognito.com',
      redirectUri: 'https://app.example/cb',
      http,
    }),
  });
  return { auth, calls, clock, store };
}

const json = (status: number, body: unknown): OAuthHTTPResponse => ({
  status,
  headers: {},
  body: JSON.stringify(body),
});

function tokenAnswer(now: number, nonce?: string, extra: Record<string, unknown> = {}) {
  const exp = Math.floor(now / 1000) + 3600;
  return json(200, {
    access_token: fakeJWT({ username: 'ana', sub: 's1', exp }),
    id_token: fakeJWT({
      iss: ISSUER,
      aud: 'client1',
      exp,
      nonce,
      token_use: 'id',
      'cognito:username': 'ana',
    }),
    refresh_token: 'refresh-1',
    token_type: 'Bearer',
    expires_in: 3600,
    ...extra,
  });
}

async function signedIn(answers: Array<(body: string) => OAuthHTTPResponse> = []) {
  const ctx = setup([]);
  const { url, pending } = await createAuthorizationRequest(ctx.auth);
  const state = new URL(url).searchParams.get('state')!;
  const list: Array<(body: string) => OAuthHTTPResponse> = [
    () => tokenAnswer(ctx.clock.now(), pending.nonce),
    ...answers,
  ];
  const http = ctx.auth.core.options.oauth!.http!;
  const scripted = http.request.bind(http);
  // Re-script the port in place: this test's answers.
  (ctx.auth.core.options.oauth as { http: OAuthHTTP }).http = {
    request: (u, r) => {
      ctx.calls.push(`${u} ${r.body ?? ''}`);
      const next = list.shift();
      return next ? Promise.resolve(next(r.body ?? '')) : scripted(u, r);
    },
  };
  const result = await completeAuthorization(ctx.auth, {
    url: `https://app.example/cb?code=c1&state=${state}`,
    pending,
  });
  return { ...ctx, result };
}

describe('the callback exchange', () => {
  it('stores the tokens of a checked answer, marked via oauth', async () => {
    const { auth, result, calls } = await signedIn();
    expect(result.user).toEqual({ username: 'ana', sub: 's1' });
    expect((await peekTokens(auth, 'ana'))?.via).toBe('oauth');
    expect(calls[0]).toMatch(
      /grant_type=authorization_code&code=c1&redirect_uri=https%3A%2F%2Fapp\.example%2Fcb&code_verifier=[\w-]{43}&client_id=client1$/,
    );
  });

  it('stores nothing when the ID token has the wrong nonce, or the answer is an OAuth error', async () => {
    for (const answer of [
      (now: number) => tokenAnswer(now, 'another-nonce'),
      () => json(400, { error: 'invalid_grant' }),
      () => ({ status: 200, headers: {}, body: '{"access_token":' }),
    ]) {
      const ctx = setup([]);
      const { url, pending } = await createAuthorizationRequest(ctx.auth);
      (ctx.auth.core.options.oauth as { http: OAuthHTTP }).http = {
        request: async () => answer(ctx.clock.now()),
      };
      const state = new URL(url).searchParams.get('state')!;
      await expect(
        completeAuthorization(ctx.auth, { url: `https://app.example/cb?code=c1&state=${state}`, pending }),
      ).rejects.toMatchObject({ code: expect.stringMatching(/ID_TOKEN_INVALID|INVALID_GRANT|PROTOCOL/) });
      expect(ctx.store.data.size).toBe(0);
    }
  });

  it('refuses an expired pending authorization', async () => {
    const ctx = setup([]);
    const { url, pending } = await createAuthorizationRequest(ctx.auth);
    ctx.clock.advance(601_000);
    const state = new URL(url).searchParams.get('state')!;
    await expect(
      completeAuthorization(ctx.auth, { url: `https://app.example/cb?code=c1&state=${state}`, pending }),
    ).rejects.toMatchObject({ code: 'STATE_MISMATCH' });
  });
});

describe('getTokens on an OAuth session', () => {
  it('refreshes at the token endpoint, never through the API', async () => {
    const { auth, clock, calls, result } = await signedIn([
      () => tokenAnswer(Date.UTC(2026, 11, 3, 13), undefined, { refresh_token: undefined }),
    ]);
    clock.advance(3_590_000);
    const tokens = await getTokens(auth, 'ana');
    expect(calls[1]).toContain('grant_type=refresh_token&refresh_token=refresh-1');
    expect(tokens.refreshToken).toBe('refresh-1');
    expect(tokens.accessToken).not.toBe(result.tokens.accessToken);
  });

  it('invalid_grant ends the session; a 5xx keeps the tokens', async () => {
    const kept = await signedIn([() => ({ status: 503, headers: {}, body: 'busy' })]);
    await expect(getTokens(kept.auth, 'ana', { forceRefresh: true })).rejects.toMatchObject({
      code: 'SERVER_ERROR',
    });
    expect(await peekTokens(kept.auth, 'ana')).toBeDefined();
    const ended = await signedIn([
      () => json(400, { error: 'invalid_grant', error_description: 'Refresh Token has been revoked' }),
    ]);
    const events: string[] = [];
    ended.auth.subscribe((e) =>
      events.push(e.type === 'refresh-failed' ? `${e.type} kept=${e.tokensKept}` : e.type),
    );
    await expect(getTokens(ended.auth, 'ana', { forceRefresh: true })).rejects.toMatchObject({
      code: 'INVALID_GRANT',
    });
    expect(await peekTokens(ended.auth, 'ana')).toBeUndefined();
    expect(events).toEqual(['refresh-failed kept=false', 'signed-out']);
  });
});

describe('client_credentials', () => {
  it('one request for 20 concurrent callers, basic auth, then cached', async () => {
    const now = Date.UTC(2026, 11, 3, 12);
    const answer = () =>
      json(200, {
        access_token: fakeJWT({ sub: 'client1', exp: now / 1000 + 3600 }),
        token_type: 'Bearer',
        expires_in: 3600,
      });
    const { auth, calls } = setup([answer, answer], { clientSecret: 's3cret' });
    const all = await Promise.all(
      Array.from({ length: 20 }, () => getClientCredentialsTokens(auth, { scopes: ['api/read'] })),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]).toContain('grant_type=client_credentials&scope=api%2Fread');
    expect(new Set(all.map((t) => t.accessToken)).size).toBe(1);
    await getClientCredentialsTokens(auth, { scopes: ['api/read'] });
    expect(calls).toHaveLength(1);
    const noSecret = setup([]);
    await expect(getClientCredentialsTokens(noSecret.auth)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
