// Who is signed in, read back from the store alone (issue 17): getCurrentUser and listSignedInUsers after a
// "reload" (a new auth instance on the same store), and the refresh-failed event with the typed error.

import { describe, expect, it } from 'vitest';
import { serviceError } from '../src/errors.js';
import {
  createAuthClient,
  getCurrentUser,
  getTokens,
  listSignedInUsers,
  signIn,
  signOut,
} from '../src/index.js';
import type { Store, Transport } from '../src/ports.js';
import { nobleHash } from '../src/srp/index.js';
import type { AuthEvent } from '../src/types.js';
import { manualClock, memoryStore } from './client-helpers.js';
import { authResult, fakeJWT, NOW, SECRETS, seededRandom } from './machine-helpers.js';

type Handler = (operation: string) => unknown;

const clock = manualClock(NOW);
function client(store: Store, handler: Handler) {
  const transport: Transport = {
    async send(operation) {
      return (await handler(operation)) as never;
    },
  };
  return createAuthClient({
    userPoolId: 'us-east-1_Pool1',
    clientId: 'client1',
    transport,
    store,
    random: seededRandom(String(Math.random())),
    clock,
    hash: nobleHash,
  });
}

const resultFor = (user: string, expSeconds = NOW / 1000 + 3600): Record<string, unknown> => ({
  ...authResult(user),
  AccessToken: fakeJWT({ sub: `sub-${user}`, username: user, exp: expSeconds }),
  IdToken: fakeJWT({ sub: `sub-${user}`, 'cognito:username': user, exp: expSeconds }),
});

describe('who is signed in', () => {
  it('a new instance on the same store knows the signed-in users, most recent last, without being told a name', async () => {
    const store = memoryStore(clock);
    let next = 'ana';
    const first = client(store, (operation) => {
      if (operation === 'RevokeToken') return {};
      return { AuthenticationResult: resultFor(next) };
    });
    for (const user of ['ana', 'ben']) {
      next = user;
      await signIn(first, { username: user, password: SECRETS.password, flow: 'USER_PASSWORD_AUTH' });
    }
    // The page reloads: a new instance, the same store.
    const reloaded = client(store, () => ({}));
    expect(await listSignedInUsers(reloaded)).toEqual([
      { username: 'ana', sub: 'sub-ana' },
      { username: 'ben', sub: 'sub-ben' },
    ]);
    expect(await getCurrentUser(reloaded)).toEqual({ username: 'ben', sub: 'sub-ben' });

    // Signing in again moves a user to the end; signing out removes them.
    next = 'ana';
    await signIn(first, { username: 'ana', password: SECRETS.password, flow: 'USER_PASSWORD_AUTH' });
    expect((await getCurrentUser(reloaded)).username).toBe('ana');
    await signOut(first, 'ana');
    expect(await listSignedInUsers(reloaded)).toEqual([{ username: 'ben', sub: 'sub-ben' }]);
    await signOut(first, 'ben');
    await expect(getCurrentUser(reloaded)).rejects.toMatchObject({ code: 'NO_SESSION' });
  });

  it('a listed user whose tokens are gone (another tab signed out) is not reported', async () => {
    const store = memoryStore(clock);
    const auth = client(store, () => ({ AuthenticationResult: resultFor('cy') }));
    await signIn(auth, { username: 'cy', password: SECRETS.password, flow: 'USER_PASSWORD_AUTH' });
    await store.delete('cogflow:us-east-1_Pool1:client1:tokens:cy');
    expect(await listSignedInUsers(auth)).toEqual([]);
  });
});

describe('refresh-failed', () => {
  it('a transient failure says so with the typed error and keeps the tokens; a refusal drops them', async () => {
    const store = memoryStore(clock);
    let refresh: () => unknown = () => ({});
    const auth = client(store, (operation) => {
      if (operation === 'InitiateAuth' && refresh) return refresh();
      return {};
    });
    refresh = () => ({ AuthenticationResult: resultFor('dee') });
    await signIn(auth, { username: 'dee', password: SECRETS.password, flow: 'USER_PASSWORD_AUTH' });
    const events: AuthEvent[] = [];
    auth.subscribe((event) => events.push(event));

    refresh = () => {
      throw serviceError('TooManyRequestsException', 'Rate exceeded', 400);
    };
    await expect(getTokens(auth, 'dee', { forceRefresh: true })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    });
    expect(events).toEqual([
      {
        type: 'refresh-failed',
        username: 'dee',
        tokensKept: true,
        error: expect.objectContaining({ code: 'TOO_MANY_REQUESTS' }),
      },
    ]);
    expect(await listSignedInUsers(auth)).toHaveLength(1);

    events.length = 0;
    refresh = () => {
      throw serviceError('NotAuthorizedException', 'Refresh Token has been revoked', 400);
    };
    await expect(getTokens(auth, 'dee', { forceRefresh: true })).rejects.toMatchObject({
      code: 'NOT_AUTHORIZED',
    });
    expect(events.map((e) => [e.type, 'tokensKept' in e ? e.tokensKept : undefined])).toEqual([
      ['refresh-failed', false],
      ['signed-out', undefined],
    ]);
    expect(await listSignedInUsers(auth)).toEqual([]);
  });
});
