// getTokens and signOut: refresh decisions, single-flight in process and through the Lock port, the re-read
// inside the lock, which errors end a session and which do not.

import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { serviceError, TransportError } from '../src/errors.js';
import { createInProcessLock } from '../src/in-process-lock.js';
import { createAuthClient, getTokens, signOut } from '../src/index.js';
import type { Hash, Lock, Transport } from '../src/ports.js';
import { nobleHash } from '../src/srp/index.js';
import type { AuthEvent, TokenSet } from '../src/types.js';
import type { CountingAsyncHash } from './async-hash.js';
import { asyncHash } from './async-hash.js';
import { manualClock, memoryStore } from './client-helpers.js';
import { fakeJWT, NOW, SECRETS, seededRandom } from './machine-helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: a scripted service reads arbitrary request fields
type AnyBody = any;
type Handler = (operation: string, body: AnyBody) => unknown | Promise<unknown>;
const KEY = 'cogflow:us-east-1_Pool1:client1:tokens:carol';

function access(n: number, expSeconds = NOW / 1000 + 3600): string {
  return fakeJWT({ sub: 'sub-c', username: 'carol', exp: expSeconds, n });
}

function setup(options: {
  handler: Handler;
  store?: ReturnType<typeof memoryStore>;
  clock?: ReturnType<typeof manualClock>;
  lock?: Lock;
  clientSecret?: string;
  refreshTokenRotation?: boolean;
  hash?: Hash;
}) {
  const clock = options.clock ?? manualClock(NOW);
  const store = options.store ?? memoryStore(clock);
  const calls: { operation: string; body: AnyBody }[] = [];
  const transport: Transport = {
    async send(operation, body) {
      calls.push({ operation, body });
      return (await options.handler(operation, body)) as never;
    },
  };
  const client = createAuthClient({
    userPoolId: 'us-east-1_Pool1',
    clientId: 'client1',
    transport,
    store,
    clock,
    random: seededRandom(),
    hash: options.hash ?? nobleHash,
    ...(options.lock ? { lock: options.lock } : {}),
    ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
    ...(options.refreshTokenRotation ? { refreshTokenRotation: true } : {}),
  });
  return { client, calls, store, clock };
}

async function seed(
  store: ReturnType<typeof memoryStore>,
  tokens: Partial<TokenSet> = {},
): Promise<TokenSet> {
  const set: TokenSet = {
    accessToken: access(0),
    idToken: fakeJWT({ sub: 'sub-c', 'cognito:username': 'carol' }),
    refreshToken: 'R0',
    expiresAt: NOW + 60_000,
    deviceKey: 'dev-c',
    ...tokens,
  };
  await store.set(KEY, JSON.stringify({ v: 1, username: 'carol', tokens: set }));
  return set;
}

/** SECRET_HASH from node:crypto: base64(HMAC-SHA256(clientSecret, username + clientId)). */
function secretHashFor(username: string): string {
  return createHmac('sha256', SECRETS.clientSecret).update(`${username}client1`).digest('base64');
}

describe('getTokens', () => {
  it('returns valid tokens without a call; NO_SESSION when there are none', async () => {
    const { client, calls, store } = setup({ handler: () => ({}) });
    await expect(getTokens(client, 'carol')).rejects.toMatchObject({ code: 'NO_SESSION' });
    const set = await seed(store, { expiresAt: NOW + 3600_000 });
    expect(await getTokens(client, 'carol')).toEqual(set);
    expect(calls).toHaveLength(0);
  });

  it('refreshes within the margin with REFRESH_TOKEN_AUTH, DEVICE_KEY and SECRET_HASH; keeps the refresh token', async () => {
    const { client, calls, store } = setup({
      clientSecret: SECRETS.clientSecret,
      handler: () => ({
        AuthenticationResult: { AccessToken: access(1), ExpiresIn: 3600, IdToken: fakeJWT({ n: 1 }) },
      }),
    });
    await seed(store);
    const events: AuthEvent[] = [];
    client.subscribe((e) => events.push(e));
    const fresh = await getTokens(client, 'carol');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.operation).toBe('InitiateAuth');
    expect(calls[0]?.body.AuthFlow).toBe('REFRESH_TOKEN_AUTH');
    expect(calls[0]?.body.AuthParameters).toMatchObject({ REFRESH_TOKEN: 'R0', DEVICE_KEY: 'dev-c' });
    expect(calls[0]?.body.AuthParameters.SECRET_HASH).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(calls[0]?.body.AuthParameters.SECRET_HASH).toBe(secretHashFor('carol'));
    expect(fresh).toMatchObject({
      accessToken: access(1),
      refreshToken: 'R0',
      deviceKey: 'dev-c',
      expiresAt: NOW + 3600_000,
    });
    expect(JSON.parse((await store.get(KEY)) as string).tokens.accessToken).toBe(access(1));
    expect(events).toEqual([{ type: 'tokens-refreshed', username: 'carol' }]);
  });

  it('computes the refresh SECRET_HASH through an asynchronous Hash port', async () => {
    const hash: CountingAsyncHash = asyncHash();
    const { client, calls, store } = setup({
      clientSecret: SECRETS.clientSecret,
      hash,
      handler: () => ({ AuthenticationResult: { AccessToken: access(1), ExpiresIn: 3600 } }),
    });
    await seed(store);
    expect(await getTokens(client, 'carol')).toMatchObject({ accessToken: access(1), refreshToken: 'R0' });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.body.AuthParameters.SECRET_HASH).toBe(secretHashFor('carol'));
    expect(hash.calls.hmacSHA256).toBe(1);
  });

  it('uses GetTokensFromRefreshToken with rotation and stores the new refresh token', async () => {
    const { client, calls, store } = setup({
      refreshTokenRotation: true,
      clientSecret: SECRETS.clientSecret,
      handler: () => ({
        AuthenticationResult: { AccessToken: access(1), ExpiresIn: 3600, RefreshToken: 'R1' },
      }),
    });
    await seed(store);
    expect(await getTokens(client, 'carol')).toMatchObject({ refreshToken: 'R1' });
    expect(calls[0]).toMatchObject({
      operation: 'GetTokensFromRefreshToken',
      body: {
        RefreshToken: 'R0',
        ClientId: 'client1',
        ClientSecret: SECRETS.clientSecret,
        DeviceKey: 'dev-c',
      },
    });
  });

  it('shares one refresh among concurrent callers in one process', async () => {
    let n = 0;
    const { client, calls, store } = setup({
      handler: async () => {
        await new Promise((r) => setTimeout(r, 20));
        n++;
        return { AuthenticationResult: { AccessToken: access(n), ExpiresIn: 3600 } };
      },
    });
    await seed(store);
    const all = await Promise.all([1, 2, 3, 4, 5].map(() => getTokens(client, 'carol')));
    expect(calls).toHaveLength(1);
    expect(new Set(all.map((t) => t.accessToken)).size).toBe(1);
  });

  it('across two processes sharing a store and a lock, the second takes the first one tokens', async () => {
    const clock = manualClock(NOW);
    const store = memoryStore(clock);
    const lock = createInProcessLock();
    let n = 0;
    const handler: Handler = async () => {
      await new Promise((r) => setTimeout(r, 20));
      n++;
      return { AuthenticationResult: { AccessToken: access(n), ExpiresIn: 3600, RefreshToken: `R${n}` } };
    };
    const a = setup({ handler, store, clock, lock, refreshTokenRotation: true });
    const b = setup({ handler, store, clock, lock, refreshTokenRotation: true });
    await seed(store);
    const [ta, tb] = await Promise.all([getTokens(a.client, 'carol'), getTokens(b.client, 'carol')]);
    expect(a.calls.length + b.calls.length).toBe(1);
    expect(ta).toEqual(tb);
    expect(ta.refreshToken).toBe('R1');
  });

  it('a forced refresh refreshes valid tokens', async () => {
    const { client, calls, store } = setup({
      handler: () => ({ AuthenticationResult: { AccessToken: access(9), ExpiresIn: 3600 } }),
    });
    await seed(store, { expiresAt: NOW + 3600_000 });
    expect((await getTokens(client, 'carol', { forceRefresh: true })).accessToken).toBe(access(9));
    expect(calls).toHaveLength(1);
  });

  it.each([
    ['a transport error', () => new TransportError('TRANSPORT', 'down')],
    ['a 5xx', () => serviceError('InternalErrorException', 'boom', 500)],
    ['throttling', () => serviceError('TooManyRequestsException', 'slow down', 400)],
  ])('%s never deletes the tokens', async (_label, make) => {
    const { client, store } = setup({
      handler: () => {
        throw make();
      },
    });
    const set = await seed(store);
    await expect(getTokens(client, 'carol')).rejects.toBeDefined();
    expect(JSON.parse((await store.get(KEY)) as string).tokens).toEqual(set);
  });

  it('a definitive NotAuthorized on refresh deletes the tokens and says signed-out', async () => {
    const { client, store } = setup({
      handler: () => {
        throw serviceError('NotAuthorizedException', 'Refresh Token has been revoked', 400);
      },
    });
    await seed(store);
    const events: AuthEvent[] = [];
    client.subscribe((e) => events.push(e));
    await expect(getTokens(client, 'carol')).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' });
    expect(await store.get(KEY)).toBeUndefined();
    // Issue 17 added refresh-failed before it: the failure, typed, and that the tokens are gone.
    expect(events).toEqual([
      {
        type: 'refresh-failed',
        username: 'carol',
        tokensKept: false,
        error: expect.objectContaining({ code: 'NOT_AUTHORIZED' }),
      },
      { type: 'signed-out', username: 'carol' },
    ]);
  });

  it.each([null, 'text', {}, { AuthenticationResult: { AccessToken: 'garbage' } }])(
    'a malformed refresh answer (%j) is a ProtocolError and keeps the tokens',
    async (body) => {
      const { client, store } = setup({ handler: () => body });
      const set = await seed(store);
      await expect(getTokens(client, 'carol')).rejects.toMatchObject({ code: 'PROTOCOL' });
      expect(JSON.parse((await store.get(KEY)) as string).tokens).toEqual(set);
    },
  );

  it('expired tokens with no refresh token are NO_SESSION', async () => {
    const { client, store } = setup({ handler: () => ({}) });
    await seed(store, { refreshToken: undefined, expiresAt: NOW - 1 });
    await expect(getTokens(client, 'carol')).rejects.toMatchObject({ code: 'NO_SESSION' });
  });
});

describe('signOut', () => {
  it('revokes the refresh token, then deletes the local tokens', async () => {
    const { client, calls, store } = setup({ clientSecret: SECRETS.clientSecret, handler: () => ({}) });
    await seed(store);
    await signOut(client, 'carol');
    expect(calls).toEqual([
      {
        operation: 'RevokeToken',
        body: { Token: 'R0', ClientId: 'client1', ClientSecret: SECRETS.clientSecret },
      },
    ]);
    expect(await store.get(KEY)).toBeUndefined();
  });

  it('global sign-out calls GlobalSignOut with the access token', async () => {
    const { client, calls, store } = setup({ handler: () => ({}) });
    await seed(store, { expiresAt: NOW + 3600_000 });
    await signOut(client, 'carol', { global: true });
    expect(calls).toEqual([{ operation: 'GlobalSignOut', body: { AccessToken: access(0) } }]);
    expect(await store.get(KEY)).toBeUndefined();
  });

  it('a transport failure still deletes the local tokens and reports the failure', async () => {
    const { client, store } = setup({
      handler: () => {
        throw new TransportError('TRANSPORT', 'down');
      },
    });
    await seed(store);
    await expect(signOut(client, 'carol')).rejects.toMatchObject({ code: 'TRANSPORT' });
    expect(await store.get(KEY)).toBeUndefined();
  });

  it('tokens the service already refuses count as signed out', async () => {
    const { client, store } = setup({
      handler: () => {
        throw serviceError('NotAuthorizedException', 'Token already revoked', 400);
      },
    });
    await seed(store);
    await expect(signOut(client, 'carol')).resolves.toBeUndefined();
    expect(await store.get(KEY)).toBeUndefined();
  });

  it('a NotAuthorized about an expired session (code SESSION_EXPIRED) also counts as signed out', async () => {
    const { client, store } = setup({
      handler: () => {
        throw serviceError(
          'NotAuthorizedException',
          'Invalid session for the user, session is expired.',
          400,
        );
      },
    });
    await seed(store);
    await expect(signOut(client, 'carol')).resolves.toBeUndefined();
    expect(await store.get(KEY)).toBeUndefined();
  });

  it('another service refusal is still reported after the local tokens are gone', async () => {
    const { client, store } = setup({
      handler: () => {
        throw serviceError('InternalErrorException', 'boom', 500);
      },
    });
    await seed(store);
    await expect(signOut(client, 'carol')).rejects.toMatchObject({ code: 'INTERNAL_ERROR' });
    expect(await store.get(KEY)).toBeUndefined();
  });
});
