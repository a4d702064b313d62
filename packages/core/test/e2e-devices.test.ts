// End to end against @cogflow/emulator: remembered devices. The seed's case: USER_PASSWORD_AUTH with DEVICE_KEY,
// then DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER answered from stored secrets; aliases; a device the service
// forgot; not-remembered devices that still need MFA; refresh with DEVICE_KEY.

import { createHmac } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmSignIn, forgetDevice, getTokens, signIn } from '../src/index.js';
import type { AuthClient, AuthEvent, SignInResult } from '../src/types.js';
import { asyncHash } from './async-hash.js';
import { fetchTransport } from './client-helpers.js';
import { challenge, type Harness, signedIn, startHarness } from './e2e-helpers.js';

const PASSWORD = 'Correct-Horse-9!';
const TOTP_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
let h: Harness;
// biome-ignore lint/suspicious/noExplicitAny: the test reads arbitrary fields of logged requests
type Logged = { operation: string; body: any };

/** TOTP codes may not repeat, so each use moves the emulator clock on a period and takes that period's code. */
async function nextTotp(): Promise<string> {
  const now = await h.emulator.control.advanceClock(30_000);
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(TOTP_SECRET) }).generate({ timestamp: now });
}

async function firstSignIn(
  client: AuthClient,
  username: string,
  rememberDevice = true,
): Promise<SignInResult> {
  const first = challenge(
    await signIn(client, { username, password: PASSWORD, rememberDevice, deviceName: 'test-laptop' }),
  );
  expect(first.step.type).toBe('SOFTWARE_TOKEN_MFA');
  return confirmSignIn(client, first.pending, { type: 'SOFTWARE_TOKEN_MFA', code: await nextTotp() });
}

beforeAll(async () => {
  h = await startHarness({
    pools: [
      {
        name: 'devices',
        usernameAttributes: ['email'],
        mfaConfiguration: 'ON',
        enabledMfas: ['SOFTWARE_TOKEN_MFA'],
        deviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
        clients: [
          { name: 'web' },
          { name: 'rotating', refreshTokenRotation: { Feature: 'ENABLED' } },
          { name: 'confidential', generateSecret: true },
        ],
        users: ['dave', 'erin', 'fay', 'gus', 'hal', 'ola', 'ivy'].map((name) => ({
          username: `${name}@x.io`,
          password: PASSWORD,
          attributes: { email: `${name}@x.io`, email_verified: 'true' },
          softwareTokenSecret: TOTP_SECRET,
          mfaPreference: { totp: true, preferred: 'SOFTWARE_TOKEN_MFA' as const },
        })),
      },
    ],
  });
});
afterAll(async () => {
  await h?.emulator.stop();
});

describe('devices against the emulator', () => {
  it('remembers a device, then USER_PASSWORD_AUTH sends DEVICE_KEY and answers DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER', async () => {
    const log: Logged[] = [];
    const { client, store } = h.client({ log });
    const first = signedIn(await firstSignIn(client, 'dave@x.io'));
    expect(first.device).toMatchObject({ status: 'confirmed', remembered: true });
    const deviceKey = (first.device as { deviceKey: string }).deviceKey;
    const confirm = log.find((c) => c.operation === 'ConfirmDevice');
    expect(confirm?.body).toMatchObject({ DeviceKey: deviceKey, DeviceName: 'test-laptop' });
    expect(log.find((c) => c.operation === 'UpdateDeviceStatus')?.body).toMatchObject({
      DeviceRememberedStatus: 'remembered',
    });
    // Stored under the canonical user (not the e-mail), found through the alias.
    const keys = [...(store as { data: Map<string, unknown> }).data.keys()];
    expect(keys.some((k) => k.endsWith(`:device:${encodeURIComponent(first.user.username)}`))).toBe(true);
    expect(first.user.username).not.toBe('dave@x.io');

    log.length = 0;
    const second = signedIn(
      await signIn(client, { username: 'dave@x.io', password: PASSWORD, flow: 'USER_PASSWORD_AUTH' }),
    );
    expect(second.device).toEqual({ status: 'used', deviceKey });
    const ops = log.map((c) =>
      c.operation === 'RespondToAuthChallenge' ? c.body.ChallengeName : c.operation,
    );
    expect(ops).toEqual(['InitiateAuth', 'DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER']);
    expect(log[0]?.body.AuthParameters).toMatchObject({ USERNAME: 'dave@x.io', DEVICE_KEY: deviceKey });
    expect(second.tokens.deviceKey).toBe(deviceKey);

    // Refresh carries the DEVICE_KEY (the service refuses it otherwise).
    log.length = 0;
    const refreshed = await getTokens(client, 'dave@x.io', { forceRefresh: true });
    expect(log[0]?.body.AuthParameters).toMatchObject({ DEVICE_KEY: deviceKey });
    expect(refreshed.accessToken).not.toBe(second.tokens.accessToken);
  });

  it('the SRP flow with a remembered device skips MFA too', async () => {
    const { client } = h.client();
    signedIn(await firstSignIn(client, 'erin@x.io'));
    const again = signedIn(await signIn(client, { username: 'erin@x.io', password: PASSWORD }));
    expect(again.device.status).toBe('used');
  });

  it('a device not remembered: MFA comes first (its answer names the device), then the device proves itself', async () => {
    const log: Logged[] = [];
    const { client } = h.client({ log });
    const first = signedIn(await firstSignIn(client, 'fay@x.io', false));
    expect(first.device).toMatchObject({ status: 'confirmed', remembered: false });
    const deviceKey = (first.device as { deviceKey: string }).deviceKey;
    log.length = 0;
    const second = challenge(await signIn(client, { username: 'fay@x.io', password: PASSWORD }));
    expect(second.step.type).toBe('SOFTWARE_TOKEN_MFA');
    const names = (): string[] =>
      log.filter((c) => c.operation === 'RespondToAuthChallenge').map((c) => c.body.ChallengeName);
    // The service's order (PROTOCOL.md, tracked devices): no device SRP before the MFA answer.
    expect(names()).toEqual(['PASSWORD_VERIFIER']);
    const done = signedIn(
      await confirmSignIn(client, second.pending, { type: 'SOFTWARE_TOKEN_MFA', code: await nextTotp() }),
    );
    expect(names()).toEqual([
      'PASSWORD_VERIFIER',
      'SOFTWARE_TOKEN_MFA',
      'DEVICE_SRP_AUTH',
      'DEVICE_PASSWORD_VERIFIER',
    ]);
    const mfa = log.find((c) => c.body.ChallengeName === 'SOFTWARE_TOKEN_MFA');
    expect(mfa?.body.ChallengeResponses.DEVICE_KEY).toBe(deviceKey);
    expect(done.device).toEqual({ status: 'used', deviceKey });
    expect(done.tokens.deviceKey).toBe(deviceKey);
  });

  it('a declined device is remembered later when the person asks for it explicitly', async () => {
    const log: Logged[] = [];
    const { client } = h.client({ log });
    signedIn(await firstSignIn(client, 'ola@x.io', false));
    const second = challenge(
      await signIn(client, { username: 'ola@x.io', password: PASSWORD, rememberDevice: true }),
    );
    log.length = 0;
    const done = signedIn(
      await confirmSignIn(client, second.pending, { type: 'SOFTWARE_TOKEN_MFA', code: await nextTotp() }),
    );
    // Device SRP proved the device, then UpdateDeviceStatus remembered it: the outcome says both.
    expect(done.device).toMatchObject({ status: 'updated', remembered: true, authenticated: true });
    expect(log.find((c) => c.operation === 'UpdateDeviceStatus')?.body).toMatchObject({
      DeviceRememberedStatus: 'remembered',
    });
    // Remembered now: the next sign-in skips MFA.
    expect(signedIn(await signIn(client, { username: 'ola@x.io', password: PASSWORD })).device.status).toBe(
      'used',
    );
  });

  it('a device the service forgot is dropped locally and the sign-in retried without it', async () => {
    const { client, store } = h.client();
    const first = signedIn(await firstSignIn(client, 'gus@x.io'));
    const deviceKey = (first.device as { deviceKey: string }).deviceKey;
    // Forget it on the service only, as another app or an admin would.
    await fetchTransport(h.emulator.endpoint).send('ForgetDevice', {
      AccessToken: first.tokens.accessToken,
      DeviceKey: deviceKey,
    });
    const events: AuthEvent[] = [];
    client.subscribe((e) => events.push(e));
    const retried = challenge(await signIn(client, { username: 'gus@x.io', password: PASSWORD }));
    expect(events).toContainEqual({ type: 'device-forgotten', username: first.user.username });
    expect(retried.step.type).toBe('SOFTWARE_TOKEN_MFA');
    expect(retried.pending.deviceKey).toBeUndefined();
    const done = signedIn(
      await confirmSignIn(client, retried.pending, { type: 'SOFTWARE_TOKEN_MFA', code: await nextTotp() }),
    );
    expect(done.device).toMatchObject({ status: 'confirmed' });
    expect((done.device as { deviceKey: string }).deviceKey).not.toBe(deviceKey);
    expect(JSON.stringify([...(store as { data: Map<string, { value: string }> }).data.values()])).toContain(
      (done.device as { deviceKey: string }).deviceKey,
    );
  });

  it('forgetDevice forgets it on the service and locally', async () => {
    const { client } = h.client();
    signedIn(await firstSignIn(client, 'hal@x.io'));
    const before = signedIn(await signIn(client, { username: 'hal@x.io', password: PASSWORD }));
    expect(before.device.status).toBe('used');
    await forgetDevice(client, 'hal@x.io');
    // Without the device the pool asks for MFA again.
    const after = challenge(await signIn(client, { username: 'hal@x.io', password: PASSWORD }));
    expect(after.step.type).toBe('SOFTWARE_TOKEN_MFA');
    expect(after.pending.deviceKey).toBeUndefined();
    const done = signedIn(
      await confirmSignIn(client, after.pending, { type: 'SOFTWARE_TOKEN_MFA', code: await nextTotp() }),
    );
    const list = await fetchTransport(h.emulator.endpoint).send('ListDevices', {
      AccessToken: done.tokens.accessToken,
    });
    expect((list.Devices ?? []).map((d) => d.DeviceKey)).not.toContain(
      (before.device as { deviceKey: string }).deviceKey,
    );
  });

  it('GetTokensFromRefreshToken (rotation) with the DEVICE_KEY stores the new refresh token', async () => {
    const log: Logged[] = [];
    const { client } = h.client({ appClient: 'rotating', log, extra: { refreshTokenRotation: true } });
    const first = signedIn(await firstSignIn(client, 'dave@x.io'));
    log.length = 0;
    const refreshed = await getTokens(client, 'dave@x.io', { forceRefresh: true });
    expect(log[0]).toMatchObject({
      operation: 'GetTokensFromRefreshToken',
      body: { DeviceKey: first.tokens.deviceKey },
    });
    expect(refreshed.refreshToken).toBeTruthy();
    expect(refreshed.refreshToken).not.toBe(first.tokens.refreshToken);
  });
  it('an asynchronous Hash port: SRP, SECRET_HASH, ConfirmDevice, device SRP and refresh all accepted', async () => {
    const hash = asyncHash();
    const log: Logged[] = [];
    const { client } = h.client({ appClient: 'confidential', log, extra: { hash } });
    const app = h.emulator.pools.devices!.clients.confidential!;
    expect(app.secret).toBeTruthy();
    const secretHash = (username: string): string =>
      createHmac('sha256', app.secret!)
        .update(username + app.id)
        .digest('base64');

    // The first sign-in registers the device: its verifier was computed through the asynchronous hash.
    const first = signedIn(await firstSignIn(client, 'ivy@x.io'));
    expect(first.device).toMatchObject({ status: 'confirmed', remembered: true });
    const deviceKey = (first.device as { deviceKey: string }).deviceKey;
    expect(log.map((c) => c.operation)).toContain('ConfirmDevice');

    log.length = 0;
    const second = signedIn(await signIn(client, { username: 'ivy@x.io', password: PASSWORD }));
    expect(second.device).toEqual({ status: 'used', deviceKey });
    const names = log.map((c) =>
      c.operation === 'RespondToAuthChallenge' ? c.body.ChallengeName : c.operation,
    );
    expect(names).toEqual([
      'InitiateAuth',
      'PASSWORD_VERIFIER',
      'DEVICE_SRP_AUTH',
      'DEVICE_PASSWORD_VERIFIER',
    ]);
    // Every request carries the SECRET_HASH of its own USERNAME (typed name first, then the canonical one).
    expect(log[0]?.body.AuthParameters.SECRET_HASH).toBe(secretHash('ivy@x.io'));
    for (const c of log.slice(1)) {
      const responses = c.body.ChallengeResponses;
      expect(responses.SECRET_HASH).toBe(secretHash(responses.USERNAME));
    }
    expect(log[1]?.body.ChallengeResponses.USERNAME).toBe(second.user.username);

    log.length = 0;
    const refreshed = await getTokens(client, 'ivy@x.io', { forceRefresh: true });
    expect(refreshed.accessToken).not.toBe(second.tokens.accessToken);
    expect(log[0]?.body.AuthParameters).toMatchObject({
      DEVICE_KEY: deviceKey,
      SECRET_HASH: secretHash(second.user.username),
    });
    expect(hash.calls.sha256).toBeGreaterThan(0);
    expect(hash.calls.hmacSHA256).toBeGreaterThan(0);
  });
});
