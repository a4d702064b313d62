// The driver against a scripted service: pending steps in the store with a TTL and resumed by id from another
// client instance, several users at once, alias lookups, events, the device retry.

import { describe, expect, it } from 'vitest';
import { serviceError } from '../src/errors.js';
import {
  confirmSignIn,
  createAuthClient,
  forgetDevice,
  getTokens,
  peekTokens,
  signIn,
  signOut,
} from '../src/index.js';
import type { Transport } from '../src/ports.js';
import { nobleHash } from '../src/srp/index.js';
import type { AuthEvent } from '../src/types.js';
import { countingStore, dump, manualClock, memoryStore } from './client-helpers.js';
import { authResult, fakeJWT, NOW, SECRETS, seededRandom } from './machine-helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: a scripted service reads arbitrary request fields
type AnyBody = any;
type Handler = (operation: string, body: AnyBody) => unknown | Promise<unknown>;

function scripted(handler: Handler): Transport & { calls: { operation: string; body: AnyBody }[] } {
  const calls: { operation: string; body: AnyBody }[] = [];
  return {
    calls,
    async send(operation, body) {
      calls.push({ operation, body });
      return (await handler(operation, body)) as never;
    },
  };
}

function resultFor(username: string): Record<string, unknown> {
  return {
    ...authResult(username),
    AccessToken: fakeJWT({ sub: `sub-${username}`, username, exp: NOW / 1000 + 3600 }),
  };
}

function setup(handler: Handler, clock = manualClock(NOW), store = memoryStore(clock)) {
  const transport = scripted(handler);
  const client = createAuthClient({
    userPoolId: 'us-east-1_Pool1',
    clientId: 'client1',
    transport,
    store,
    random: seededRandom(String(Math.random())),
    clock,
    hash: nobleHash,
  });
  return { client, transport, store, clock };
}

describe('createAuthClient: sign-in driver', () => {
  it('keeps a pending step in the store with a TTL and resumes it by id from another instance', async () => {
    const handler: Handler = (operation, body) => {
      if (operation === 'InitiateAuth') {
        return {
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session: 'S1',
          ChallengeParameters: { USER_ID_FOR_SRP: 'user-1' },
        };
      }
      expect(body).toMatchObject({
        Session: 'S1',
        ChallengeResponses: { SOFTWARE_TOKEN_MFA_CODE: SECRETS.code },
      });
      return { AuthenticationResult: resultFor('user-1') };
    };
    const a = setup(handler);
    const first = await signIn(a.client, {
      username: 'alice',
      password: SECRETS.password,
      flow: 'USER_PASSWORD_AUTH',
    });
    expect(first.status).toBe('CHALLENGE');
    if (first.status !== 'CHALLENGE') return;
    expect(first.step).toEqual({ type: 'SOFTWARE_TOKEN_MFA' });
    const stored = [...a.store.data.entries()].find(([k]) => k.includes(':pending:'));
    expect(stored?.[1].expiresAt).toBe(NOW + 180_000);
    expect(dump(a.store)).not.toContain(SECRETS.password);

    // Another client instance (another process) with the same store.
    const b = setup(handler, a.clock, a.store);
    const done = await confirmSignIn(b.client, first.pending.id, {
      type: 'SOFTWARE_TOKEN_MFA',
      code: SECRETS.code,
    });
    expect(done).toMatchObject({ status: 'SIGNED_IN', user: { username: 'user-1' } });
    expect(await peekTokens(b.client, 'alice')).toMatchObject({ refreshToken: 'refresh-token-opaque' });
    // Answered once: the pending entry is gone.
    await expect(
      confirmSignIn(b.client, first.pending.id, { type: 'SOFTWARE_TOKEN_MFA', code: '1' }),
    ).rejects.toMatchObject({
      code: 'SESSION_EXPIRED',
    });
  });

  it('a second answer to a step already being answered is refused, not sent', async () => {
    const a = setup(async (operation) => {
      if (operation === 'InitiateAuth')
        return { ChallengeName: 'SMS_MFA', Session: 'S1', ChallengeParameters: {} };
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { AuthenticationResult: resultFor('dan') };
    });
    const first = await signIn(a.client, {
      username: 'dan',
      password: SECRETS.password,
      flow: 'USER_PASSWORD_AUTH',
    });
    if (first.status !== 'CHALLENGE') throw new Error('expected a challenge');
    const [one, two] = await Promise.allSettled([
      confirmSignIn(a.client, first.pending, { type: 'SMS_MFA', code: '111111' }),
      confirmSignIn(a.client, first.pending, { type: 'SMS_MFA', code: '111111' }),
    ]);
    expect(one.status).toBe('fulfilled');
    expect(two).toMatchObject({ status: 'rejected', reason: { code: 'INVALID_STATE' } });
    expect(a.transport.calls.filter((c) => c.operation === 'RespondToAuthChallenge')).toHaveLength(1);
  });

  it('an expired pending id says SESSION_EXPIRED', async () => {
    const a = setup(() => ({ ChallengeName: 'SMS_MFA', Session: 'S1', ChallengeParameters: {} }));
    const first = await signIn(a.client, {
      username: 'bob',
      password: SECRETS.password,
      flow: 'USER_PASSWORD_AUTH',
    });
    if (first.status !== 'CHALLENGE') throw new Error('expected a challenge');
    a.clock.advance(181_000);
    await expect(
      confirmSignIn(a.client, first.pending.id, { type: 'SMS_MFA', code: '1' }),
    ).rejects.toMatchObject({
      code: 'SESSION_EXPIRED',
    });
    // The pending object itself also expires (stores that cannot expire entries).
    await expect(
      confirmSignIn(a.client, first.pending, { type: 'SMS_MFA', code: '1' }),
    ).rejects.toMatchObject({
      code: 'SESSION_EXPIRED',
    });
  });

  it('signs in several users at once on one instance without mixing their state', async () => {
    const { client } = setup(async (operation, body) => {
      const username =
        operation === 'InitiateAuth' ? body.AuthParameters.USERNAME : body.ChallengeResponses.USERNAME;
      // Interleave: answer later users first.
      await new Promise((resolve) => setTimeout(resolve, 30 - Number(username.slice(-1)) * 5));
      if (operation === 'InitiateAuth') {
        return {
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session: `S-${username}`,
          ChallengeParameters: { USER_ID_FOR_SRP: username },
        };
      }
      expect(body.Session).toBe(`S-${username}`);
      expect(body.ChallengeResponses.SOFTWARE_TOKEN_MFA_CODE).toBe(`code-${username}`);
      return { AuthenticationResult: resultFor(username) };
    });
    const users = ['u1', 'u2', 'u3', 'u4'];
    const firsts = await Promise.all(
      users.map((u) =>
        signIn(client, { username: u, password: `${SECRETS.password}-${u}`, flow: 'USER_PASSWORD_AUTH' }),
      ),
    );
    const finals = await Promise.all(
      firsts.map((r, i) => {
        if (r.status !== 'CHALLENGE') throw new Error('expected a challenge');
        return confirmSignIn(client, r.pending, { type: 'SOFTWARE_TOKEN_MFA', code: `code-${users[i]}` });
      }),
    );
    finals.forEach((r, i) => {
      expect(r).toMatchObject({ status: 'SIGNED_IN', user: { username: users[i], sub: `sub-${users[i]}` } });
    });
    for (const u of users) expect((await peekTokens(client, u))?.accessToken).toContain('.');
  });

  it('emits signed-in and finds the tokens by alias', async () => {
    const { client } = setup(() => ({ AuthenticationResult: resultFor('c4n0n') }));
    const events: AuthEvent[] = [];
    const off = client.subscribe((e) => events.push(e));
    const r = await signIn(client, {
      username: 'alice@x.io',
      password: SECRETS.password,
      flow: 'USER_PASSWORD_AUTH',
    });
    expect(r).toMatchObject({
      status: 'SIGNED_IN',
      user: { username: 'c4n0n' },
      device: { status: 'not-tracked' },
    });
    expect(events).toEqual([{ type: 'signed-in', username: 'c4n0n' }]);
    expect(await peekTokens(client, 'alice@x.io')).toEqual(await peekTokens(client, 'c4n0n'));
    off();
    await signIn(client, { username: 'alice@x.io', password: SECRETS.password, flow: 'USER_PASSWORD_AUTH' });
    expect(events).toHaveLength(1);
  });

  it('confirms and stores a new device under the canonical user; an alias finds it next time', async () => {
    let round = 0;
    const { client, transport, store } = setup((operation, body) => {
      if (operation === 'InitiateAuth') {
        round++;
        if (round === 2) expect(body.AuthParameters.DEVICE_KEY).toBe('dev-1');
        return {
          AuthenticationResult: {
            ...resultFor('c4n0n'),
            ...(round === 1 ? { NewDeviceMetadata: { DeviceKey: 'dev-1', DeviceGroupKey: 'grp-1' } } : {}),
          },
        };
      }
      if (operation === 'ConfirmDevice') return { UserConfirmationNecessary: true };
      if (operation === 'UpdateDeviceStatus') return {};
      throw new Error(`unexpected ${operation}`);
    });
    const r = await signIn(client, {
      username: 'alice@x.io',
      password: SECRETS.password,
      flow: 'USER_PASSWORD_AUTH',
      rememberDevice: true,
    });
    expect(r).toMatchObject({ device: { status: 'confirmed', deviceKey: 'dev-1', remembered: true } });
    expect([...store.data.keys()].some((k) => k.endsWith(':device:c4n0n'))).toBe(true);
    await signIn(client, { username: 'alice@x.io', password: SECRETS.password, flow: 'USER_PASSWORD_AUTH' });
    expect(transport.calls.map((c) => c.operation)).toEqual([
      'InitiateAuth',
      'ConfirmDevice',
      'UpdateDeviceStatus',
      'InitiateAuth',
    ]);
  });

  it('writes the alias record once per sign-in, whatever path the device takes', async () => {
    const prefix = 'cogflow:us-east-1_Pool1';
    const alias = `${prefix}:alias:alice%40x.io`;
    const fresh = { NewDeviceMetadata: { DeviceKey: 'dev-1', DeviceGroupKey: 'grp-1' } };
    const known = {
      v: 1,
      deviceKey: 'dev-1',
      deviceGroupKey: 'grp-1',
      devicePassword: SECRETS.devicePassword,
    };
    const cases: [name: string, confirm: unknown, update: () => unknown, seeded: boolean, status: string][] =
      [
        [
          'confirmed, UpdateDeviceStatus asked',
          { UserConfirmationNecessary: true },
          () => ({}),
          false,
          'confirmed',
        ],
        [
          'confirmed, no UpdateDeviceStatus',
          { UserConfirmationNecessary: false },
          () => ({}),
          false,
          'confirmed',
        ],
        [
          'UpdateDeviceStatus failed',
          { UserConfirmationNecessary: true },
          () => {
            throw serviceError('InternalErrorException', 'boom', 500);
          },
          false,
          'failed',
        ],
        // Issue 18: the outcome says a known device's status was changed; 'used' is for device SRP only.
        ['known device flipped to remembered', {}, () => ({}), true, 'updated'],
      ];
    for (const [name, confirm, update, seeded, status] of cases) {
      const clock = manualClock(NOW);
      const store = countingStore(clock);
      if (seeded) {
        await store.set(alias, JSON.stringify({ v: 1, username: 'c4n0n' }));
        await store.set(`${prefix}:device:c4n0n`, JSON.stringify({ ...known, remembered: false }));
        store.calls.length = 0;
      }
      const { client } = setup(
        (operation) => {
          if (operation === 'InitiateAuth')
            return { AuthenticationResult: { ...resultFor('c4n0n'), ...(seeded ? {} : fresh) } };
          if (operation === 'ConfirmDevice') return confirm;
          if (operation === 'UpdateDeviceStatus') return update();
          throw new Error(`unexpected ${operation}`);
        },
        clock,
        store,
      );
      const r = await signIn(client, {
        username: 'alice@x.io',
        password: SECRETS.password,
        flow: 'USER_PASSWORD_AUTH',
        rememberDevice: true,
      });
      expect(r, name).toMatchObject({ status: 'SIGNED_IN', device: { status } });
      expect(store.count('set', alias), name).toBe(1);
      expect(JSON.parse((await store.get(alias)) ?? '{}'), name).toEqual({ v: 1, username: 'c4n0n' });
      expect((await peekTokens(client, 'alice@x.io'))?.accessToken, name).toContain('.');
    }
  });

  it('looks an alias up once, only for a typed name, and reads each record once per call', async () => {
    const prefix = 'cogflow:us-east-1_Pool1';
    const clock = manualClock(NOW);
    const store = countingStore(clock);
    const { client } = setup(
      (operation) => {
        if (operation === 'InitiateAuth') {
          return {
            ChallengeName: 'SOFTWARE_TOKEN_MFA',
            Session: 'S1',
            ChallengeParameters: { USER_ID_FOR_SRP: 'c4n0n' },
          };
        }
        if (operation === 'RespondToAuthChallenge') return { AuthenticationResult: resultFor('c4n0n') };
        return {};
      },
      clock,
      store,
    );
    await store.set(`${prefix}:alias:alice%40x.io`, JSON.stringify({ v: 1, username: 'c4n0n' }));
    await store.set(
      `${prefix}:device:c4n0n`,
      JSON.stringify({
        v: 1,
        deviceKey: 'dev-1',
        deviceGroupKey: 'g',
        devicePassword: SECRETS.devicePassword,
      }),
    );
    const reads = (run: () => Promise<unknown>) => async () => {
      store.calls.length = 0;
      await run();
      const gets = store.calls.filter((c) => c.op === 'get').map((c) => c.key.slice(prefix.length + 1));
      return {
        alias: gets.filter((k) => k.startsWith('alias:')),
        tokens: gets.filter((k) => k.includes(':tokens:')).length,
        device: gets.filter((k) => k.startsWith('device:')).length,
      };
    };
    const typed = { username: 'alice@x.io', password: SECRETS.password, flow: 'USER_PASSWORD_AUTH' } as const;
    let pending = '';
    expect(
      await reads(async () => {
        const r = await signIn(client, typed);
        if (r.status === 'CHALLENGE') pending = r.pending.id;
      })(),
    ).toEqual({ alias: ['alias:alice%40x.io'], tokens: 0, device: 1 });
    // The pending state knows the canonical user (USER_ID_FOR_SRP): no alias lookup for it.
    expect(
      await reads(() => confirmSignIn(client, pending, { type: 'SOFTWARE_TOKEN_MFA', code: SECRETS.code }))(),
    ).toEqual({ alias: [], tokens: 0, device: 1 });
    expect(await reads(() => getTokens(client, 'alice@x.io'))()).toEqual({
      alias: ['alias:alice%40x.io'],
      tokens: 1,
      device: 0,
    });
    expect(await reads(() => signOut(client, 'alice@x.io', { global: true }))()).toEqual({
      alias: ['alias:alice%40x.io'],
      tokens: 1,
      device: 0,
    });
    await signIn(client, typed).then((r) =>
      r.status === 'CHALLENGE'
        ? confirmSignIn(client, r.pending.id, { type: 'SOFTWARE_TOKEN_MFA', code: SECRETS.code })
        : r,
    );
    expect(await reads(() => forgetDevice(client, 'alice@x.io'))()).toEqual({
      alias: ['alias:alice%40x.io'],
      tokens: 1,
      device: 1,
    });
  });

  it('a DeviceKey that is not a string fails the device step and never reaches the tokens', async () => {
    for (const DeviceKey of [5, { k: 'v' }, true]) {
      const { client, transport } = setup((operation) => {
        if (operation === 'InitiateAuth') {
          return {
            AuthenticationResult: {
              ...resultFor('c4n0n'),
              NewDeviceMetadata: { DeviceKey, DeviceGroupKey: 'grp-1' },
            },
          };
        }
        throw new Error(`unexpected ${operation}`);
      });
      const r = await signIn(client, {
        username: 'c4n0n',
        password: SECRETS.password,
        flow: 'USER_PASSWORD_AUTH',
      });
      expect(r).toMatchObject({
        status: 'SIGNED_IN',
        device: { status: 'failed', deviceKey: '', error: { code: 'PROTOCOL' } },
      });
      if (r.status === 'SIGNED_IN') expect(r.tokens).not.toHaveProperty('deviceKey');
      expect(await peekTokens(client, 'c4n0n')).not.toHaveProperty('deviceKey');
      expect(transport.calls.map((c) => c.operation)).toEqual(['InitiateAuth']);
    }
  });

  it('drops a device the service forgot and retries once without it', async () => {
    let attempt = 0;
    const { client, store, transport } = setup((operation, body) => {
      if (operation === 'InitiateAuth') {
        attempt++;
        if (body.AuthParameters.DEVICE_KEY)
          throw serviceError('ResourceNotFoundException', 'Device does not exist.', 400);
        return { AuthenticationResult: resultFor('bob') };
      }
      throw new Error(`unexpected ${operation}`);
    });
    await store.set(
      'cogflow:us-east-1_Pool1:device:bob',
      JSON.stringify({ v: 1, deviceKey: 'old', deviceGroupKey: 'g', devicePassword: SECRETS.devicePassword }),
    );
    const events: AuthEvent[] = [];
    client.subscribe((e) => events.push(e));
    const r = await signIn(client, {
      username: 'bob',
      password: SECRETS.password,
      flow: 'USER_PASSWORD_AUTH',
    });
    expect(r.status).toBe('SIGNED_IN');
    expect(attempt).toBe(2);
    expect(transport.calls[1]?.body.AuthParameters.DEVICE_KEY).toBeUndefined();
    expect(await store.get('cogflow:us-east-1_Pool1:device:bob')).toBeUndefined();
    expect(events[0]).toEqual({ type: 'device-forgotten', username: 'bob' });
  });

  it('service errors reach the caller typed; a transport that throws untyped is wrapped', async () => {
    const a = setup(() => {
      throw serviceError('NotAuthorizedException', 'Incorrect username or password.', 400);
    });
    await expect(signIn(a.client, { username: 'x', password: SECRETS.password })).rejects.toMatchObject({
      code: 'NOT_AUTHORIZED',
    });
    const b = setup(() => {
      throw new Error('socket hang up');
    });
    await expect(signIn(b.client, { username: 'x', password: SECRETS.password })).rejects.toMatchObject({
      code: 'TRANSPORT',
    });
  });

  it('an aborted signal stops the sign-in with ABORTED before any request', async () => {
    const a = setup(() => ({ AuthenticationResult: resultFor('x') }));
    const controller = new AbortController();
    controller.abort();
    await expect(
      signIn(a.client, { username: 'x', password: SECRETS.password, signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
    expect(a.transport.calls).toHaveLength(0);
  });

  it('a listener that throws does not break the sign-in or other listeners', async () => {
    const a = setup(() => ({ AuthenticationResult: resultFor('x') }));
    const seen: AuthEvent[] = [];
    a.client.subscribe(() => {
      throw new Error('listener bug');
    });
    a.client.subscribe((e) => seen.push(e));
    expect((await signIn(a.client, { username: 'x', password: SECRETS.password })).status).toBe('SIGNED_IN');
    expect(seen).toEqual([{ type: 'signed-in', username: 'x' }]);
  });

  it('rejects a malformed configuration up front, before any request', () => {
    const ports = {
      transport: scripted(() => ({})),
      store: memoryStore(),
      random: seededRandom(),
      clock: manualClock(),
      hash: nobleHash,
    };
    expect(() => createAuthClient({ userPoolId: 'nope', clientId: 'c', ...ports })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(() => createAuthClient({ userPoolId: 'us-east-1_P1', clientId: '', ...ports })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(() =>
      createAuthClient({ userPoolId: 'us-east-1_P1', clientId: 'c', ...ports, store: undefined as never }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() =>
      createAuthClient({ userPoolId: 'us-east-1_P1', clientId: 'c', ...ports, hash: undefined as never }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('hash') }));
  });

  it('a signIn input that is not an object is INVALID_INPUT, as the machine says for a bad one', async () => {
    const a = setup(() => ({ AuthenticationResult: resultFor('x') }));
    for (const input of [null, 'x', 5]) {
      await expect(signIn(a.client, input as never)).rejects.toMatchObject({
        name: 'InputError',
        code: 'INVALID_INPUT',
      });
    }
    expect(a.transport.calls).toEqual([]);
  });

  it('a corrupt store entry is STORE_CORRUPT, not silently dropped', async () => {
    const a = setup(() => ({ AuthenticationResult: resultFor('x') }));
    await a.store.set('cogflow:us-east-1_Pool1:device:x', '{not json');
    await expect(signIn(a.client, { username: 'x', password: SECRETS.password })).rejects.toMatchObject({
      code: 'STORE_CORRUPT',
    });
  });

  it('a stored record that is JSON but lacks a field or has one of the wrong type is STORE_CORRUPT', async () => {
    const prefix = 'cogflow:us-east-1_Pool1';
    const tokens = { accessToken: 'a', expiresAt: NOW + 3600_000 };
    const cases: [
      key: string,
      record: unknown,
      call: (c: ReturnType<typeof setup>['client']) => Promise<unknown>,
    ][] = [
      [`${prefix}:alias:x`, { v: 1, username: '' }, (c) => peekTokens(c, 'x')],
      [`${prefix}:alias:x`, { v: 1 }, (c) => peekTokens(c, 'x')],
      [`${prefix}:alias:x`, null, (c) => peekTokens(c, 'x')],
      [`${prefix}:client1:tokens:x`, { v: 1, tokens }, (c) => peekTokens(c, 'x')],
      [`${prefix}:client1:tokens:x`, { v: 1, username: 'x', tokens: 'a' }, (c) => peekTokens(c, 'x')],
      [
        `${prefix}:client1:tokens:x`,
        { v: 1, username: 'x', tokens: { ...tokens, expiresAt: String(tokens.expiresAt) } },
        (c) => getTokens(c, 'x'),
      ],
      [`${prefix}:client1:tokens:x`, 7, (c) => signOut(c, 'x')],
      [
        `${prefix}:device:x`,
        { v: 1, deviceKey: 'k', deviceGroupKey: 'g', devicePassword: 5 },
        (c) => signIn(c, { username: 'x', password: SECRETS.password }),
      ],
      [`${prefix}:device:x`, { v: 1, deviceKey: 'k', devicePassword: 'p' }, (c) => forgetDevice(c, 'x')],
    ];
    for (const [key, record, call] of cases) {
      const a = setup(() => ({ AuthenticationResult: resultFor('x') }));
      await a.store.set(key, JSON.stringify(record));
      await expect(call(a.client), `${key} = ${JSON.stringify(record)}`).rejects.toMatchObject({
        code: 'STORE_CORRUPT',
      });
      expect(a.transport.calls).toEqual([]);
    }
  });
});
