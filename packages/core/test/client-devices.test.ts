// The device capability against a scripted service (issue 18): forgetDevice keeps the secrets until the service
// confirmed, the outcomes say what happened ('presented', 'updated', a question left open), and rememberDevice.

import { describe, expect, it } from 'vitest';
import { serviceError } from '../src/errors.js';
import { createAuthClient, forgetDevice, rememberDevice, signIn } from '../src/index.js';
import type { Transport } from '../src/ports.js';
import { nobleHash } from '../src/srp/index.js';
import { manualClock, memoryStore } from './client-helpers.js';
import { authResult, fakeJWT, NOW, SECRETS, seededRandom } from './machine-helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: a scripted service reads arbitrary request fields
type AnyBody = any;
type Handler = (operation: string, body: AnyBody) => unknown;

const prefix = 'cogflow:us-east-1_Pool1';
const deviceKeyOf = (user: string): string => `${prefix}:device:${user}`;
const known = { v: 1, deviceKey: 'dev-1', deviceGroupKey: 'grp-1', devicePassword: SECRETS.devicePassword };

function setup(handler: Handler) {
  const clock = manualClock(NOW);
  const store = memoryStore(clock);
  const calls: { operation: string; body: AnyBody }[] = [];
  const transport: Transport = {
    async send(operation, body) {
      calls.push({ operation, body });
      return (await handler(operation, body)) as never;
    },
  };
  const client = createAuthClient({
    userPoolId: 'us-east-1_Pool1',
    clientId: 'client1',
    transport,
    store,
    random: seededRandom(String(Math.random())),
    clock,
    hash: nobleHash,
  });
  return { client, store, calls };
}

const tokensFor = (user: string): Record<string, unknown> => ({
  ...authResult(user),
  AccessToken: fakeJWT({ sub: `sub-${user}`, username: user, exp: NOW / 1000 + 3600 }),
});

async function seedSignedIn(h: ReturnType<typeof setup>, user: string): Promise<void> {
  await h.store.set(
    `${prefix}:client1:tokens:${user}`,
    JSON.stringify({ v: 1, username: user, tokens: { accessToken: 'access', expiresAt: NOW + 3_600_000 } }),
  );
  await h.store.set(deviceKeyOf(user), JSON.stringify({ ...known, remembered: true }));
}

describe('forgetDevice keeps what a retry needs', () => {
  it('a failed ForgetDevice leaves the device secrets in place, and a retry calls the service again', async () => {
    let fail = true;
    const h = setup((operation) => {
      expect(operation).toBe('ForgetDevice');
      if (fail) throw serviceError('InternalErrorException', 'boom', 500);
      return {};
    });
    await seedSignedIn(h, 'alice');
    await expect(forgetDevice(h.client, 'alice')).rejects.toMatchObject({ code: 'INTERNAL_ERROR' });
    expect(await h.store.get(deviceKeyOf('alice'))).toBeDefined();
    fail = false;
    await forgetDevice(h.client, 'alice');
    expect(h.calls.map((c) => c.operation)).toEqual(['ForgetDevice', 'ForgetDevice']);
    expect(h.calls[1]?.body).toEqual({ AccessToken: 'access', DeviceKey: 'dev-1' });
    expect(await h.store.get(deviceKeyOf('alice'))).toBeUndefined();
  });

  it('a device the service no longer knows is dropped locally without an error', async () => {
    const h = setup(() => {
      throw serviceError('ResourceNotFoundException', 'Device does not exist.', 400);
    });
    await seedSignedIn(h, 'bob');
    await forgetDevice(h.client, 'bob');
    expect(await h.store.get(deviceKeyOf('bob'))).toBeUndefined();
  });

  it('not signed in: NO_SESSION, and the device secrets stay', async () => {
    const h = setup(() => ({}));
    await h.store.set(deviceKeyOf('carol'), JSON.stringify(known));
    await expect(forgetDevice(h.client, 'carol')).rejects.toMatchObject({ code: 'NO_SESSION' });
    expect(await h.store.get(deviceKeyOf('carol'))).toBeDefined();
    expect(h.calls).toEqual([]);
  });
});

describe('forgetDevice and rememberDevice with a revoked access token', () => {
  it('say TOKEN_REVOKED, end the local session and keep the device secrets, like every access-token operation', async () => {
    for (const call of [
      (h: ReturnType<typeof setup>) => forgetDevice(h.client, 'carol'),
      (h: ReturnType<typeof setup>) => rememberDevice(h.client, 'carol', { remembered: false }),
    ]) {
      const h = setup(() => {
        throw serviceError('NotAuthorizedException', 'Access Token has been revoked', 400);
      });
      await seedSignedIn(h, 'carol');
      const events: string[] = [];
      h.client.subscribe((event) => events.push(event.type));
      await expect(call(h)).rejects.toMatchObject({ code: 'TOKEN_REVOKED', type: 'NotAuthorizedException' });
      expect(await h.store.get(`${prefix}:client1:tokens:carol`)).toBeUndefined();
      expect(JSON.parse((await h.store.get(deviceKeyOf('carol')))!)).toMatchObject({ deviceKey: 'dev-1' });
      expect(h.calls).toHaveLength(1);
      expect(events).toEqual(['signed-out']);
    }
  });
});

describe('device outcomes say what happened', () => {
  it("a DEVICE_KEY the service asked no device SRP for is 'presented', not 'used'", async () => {
    const h = setup((operation, body) => {
      expect(operation).toBe('InitiateAuth');
      expect(body.AuthParameters.DEVICE_KEY).toBe('dev-1');
      return { AuthenticationResult: tokensFor('dave') };
    });
    await h.store.set(deviceKeyOf('dave'), JSON.stringify({ ...known, remembered: false }));
    const r = await signIn(h.client, {
      username: 'dave',
      password: SECRETS.password,
      flow: 'USER_PASSWORD_AUTH',
    });
    expect(r).toMatchObject({ status: 'SIGNED_IN', device: { status: 'presented', deviceKey: 'dev-1' } });
  });

  it('no rememberDevice on a pool that asks the person: confirmed, not remembered, the question left open', async () => {
    const h = setup((operation) => {
      if (operation === 'InitiateAuth')
        return {
          AuthenticationResult: {
            ...tokensFor('erin'),
            NewDeviceMetadata: { DeviceKey: 'dev-9', DeviceGroupKey: 'grp-9' },
          },
        };
      if (operation === 'ConfirmDevice') return { UserConfirmationNecessary: true };
      if (operation === 'UpdateDeviceStatus') return {};
      throw new Error(`unexpected ${operation}`);
    });
    const r = await signIn(h.client, {
      username: 'erin',
      password: SECRETS.password,
      flow: 'USER_PASSWORD_AUTH',
    });
    expect(r).toMatchObject({
      status: 'SIGNED_IN',
      device: { status: 'confirmed', deviceKey: 'dev-9', remembered: false, userConfirmationNecessary: true },
    });
    expect(h.calls.map((c) => c.operation)).toEqual(['InitiateAuth', 'ConfirmDevice']);
    expect(JSON.parse((await h.store.get(deviceKeyOf('erin'))) ?? '{}')).toMatchObject({
      deviceKey: 'dev-9',
      remembered: false,
    });

    // The person said yes: rememberDevice tells the service and keeps the new status.
    await rememberDevice(h.client, 'erin');
    expect(h.calls.at(-1)).toMatchObject({
      operation: 'UpdateDeviceStatus',
      body: { DeviceKey: 'dev-9', DeviceRememberedStatus: 'remembered' },
    });
    expect(JSON.parse((await h.store.get(deviceKeyOf('erin'))) ?? '{}')).toMatchObject({ remembered: true });
    await rememberDevice(h.client, 'erin', { remembered: false });
    expect(h.calls.at(-1)?.body).toMatchObject({ DeviceRememberedStatus: 'not_remembered' });
    expect(JSON.parse((await h.store.get(deviceKeyOf('erin'))) ?? '{}')).toMatchObject({ remembered: false });
  });

  it('rememberDevice without a kept device is NO_DEVICE, and nothing is sent', async () => {
    const h = setup(() => ({}));
    await expect(rememberDevice(h.client, 'nobody')).rejects.toMatchObject({ code: 'NO_DEVICE' });
    expect(h.calls).toEqual([]);
  });
});
