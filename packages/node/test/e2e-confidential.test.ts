// Confidential app clients (client secret, SECRET_HASH on every request that names a user) and device tracking
// per user, end to end through @cogflow/node against the emulator.
import { createHmac } from 'node:crypto';
import type { SignInResult } from '@cogflow/core';
import { type Emulator, startEmulator } from '@cogflow/emulator';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeAuth, memoryStore, sdkTransport } from '../src/index.js';
import { recording } from './helpers/recording-transport.js';
import { PASSWORD, seed, TOTP_SECRETS } from './helpers/seed.js';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: seed(['conf-plain', 'dev-a', 'dev-b']) });
});

afterAll(async () => {
  await emulator?.stop();
});

function signedIn(result: SignInResult): Extract<SignInResult, { status: 'SIGNED_IN' }> {
  if (result.status !== 'SIGNED_IN') throw new Error(`expected SIGNED_IN, got ${result.step.type}`);
  return result;
}

// An independent SECRET_HASH (AWS developer guide, "Computing secret hash values").
function secretHash(secret: string, username: string, clientId: string): string {
  return createHmac('sha256', secret)
    .update(username + clientId)
    .digest('base64');
}

function confidential(secret?: string) {
  const pool = emulator.pools.main!;
  const client = pool.clients.confidential!;
  const wire = recording(sdkTransport({ region: emulator.region, endpoint: emulator.endpoint }));
  const auth = createNodeAuth({
    userPoolId: pool.id,
    clientId: client.id,
    ...(secret === undefined ? {} : { clientSecret: secret }),
    transport: wire,
    store: memoryStore(),
  });
  return { auth, wire, clientId: client.id, secret: client.secret! };
}

describe('confidential app client', () => {
  it('sends a correct SECRET_HASH with every user request: SRP, MFA, device confirmation, device SRP, refresh', async () => {
    const { auth, wire, clientId, secret } = confidential(emulator.pools.main!.clients.confidential!.secret);
    expect(secret).toBeTypeOf('string');
    const step = await auth.signIn({ username: 'confidential', password: PASSWORD });
    if (step.status !== 'CHALLENGE') throw new Error('expected MFA');
    expect(step.step.type).toBe('SOFTWARE_TOKEN_MFA');
    const code = new OTPAuth.TOTP({
      secret: OTPAuth.Secret.fromBase32(TOTP_SECRETS.confidential!),
    }).generate();
    const done = signedIn(await auth.respond(step.pending, { type: 'SOFTWARE_TOKEN_MFA', code }));
    expect(done.device.status).toBe('confirmed');
    const again = signedIn(await auth.signIn({ username: 'confidential', password: PASSWORD }));
    expect(again.device.status).toBe('used');
    await auth.getTokens('confidential', { forceRefresh: true });
    await auth.signOut('confidential');

    let checked = 0;
    for (const { operation, body } of wire.bodies) {
      const b = body as {
        AuthParameters?: Record<string, string>;
        ChallengeResponses?: Record<string, string>;
        ClientSecret?: string;
        AuthFlow?: string;
      };
      const params = b.AuthParameters ?? b.ChallengeResponses;
      if (operation === 'RevokeToken') {
        expect(b.ClientSecret).toBe(secret);
        checked += 1;
      } else if (params && b.AuthFlow !== 'REFRESH_TOKEN_AUTH') {
        expect(params.SECRET_HASH, `${operation} carries SECRET_HASH`).toBe(
          secretHash(secret, params.USERNAME!, clientId),
        );
        checked += 1;
      } else if (params) {
        expect(params.SECRET_HASH, 'refresh carries SECRET_HASH').toBeTypeOf('string');
        checked += 1;
      }
    }
    // USER_SRP_AUTH, PASSWORD_VERIFIER, SOFTWARE_TOKEN_MFA, then USER_SRP_AUTH, PASSWORD_VERIFIER, DEVICE_SRP_AUTH,
    // DEVICE_PASSWORD_VERIFIER, then the refresh and the revocation.
    expect(checked).toBeGreaterThanOrEqual(9);
    expect(wire.calls).toEqual(
      expect.arrayContaining([
        'RespondToAuthChallenge:DEVICE_SRP_AUTH',
        'RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER',
        'InitiateAuth:REFRESH_TOKEN_AUTH',
        'RevokeToken',
      ]),
    );
  });

  it('without the secret, or with a wrong one, the service refuses: NOT_AUTHORIZED, secret not echoed', async () => {
    const missing = await confidential()
      .auth.signIn({ username: 'conf-plain', password: PASSWORD })
      .catch((e) => e);
    expect(missing.code).toBe('NOT_AUTHORIZED');
    const wrongSecret = 'not-the-secret-0123456789';
    const wrong = await confidential(wrongSecret)
      .auth.signIn({ username: 'conf-plain', password: PASSWORD })
      .catch((e) => e);
    expect(wrong.code).toBe('NOT_AUTHORIZED');
    expect(wrong.message).not.toContain(wrongSecret);
  });
});

describe('device tracking per user', () => {
  it('keeps one device per user in a shared store, uses each one, and forgets one without touching the other', async () => {
    const pool = emulator.pools.main!;
    const wire = recording(sdkTransport({ region: emulator.region, endpoint: emulator.endpoint }));
    const auth = createNodeAuth({
      userPoolId: pool.id,
      clientId: pool.clients.public!.id,
      transport: wire,
      store: memoryStore(),
    });
    const a1 = signedIn(await auth.signIn({ username: 'dev-a', password: PASSWORD, deviceName: 'laptop' }));
    const b1 = signedIn(await auth.signIn({ username: 'dev-b', password: PASSWORD, deviceName: 'phone' }));
    expect(a1.device.status).toBe('confirmed');
    expect(b1.device.status).toBe('confirmed');
    const keyA = (a1.device as { deviceKey: string }).deviceKey;
    const keyB = (b1.device as { deviceKey: string }).deviceKey;
    expect(keyA).not.toBe(keyB);

    expect(signedIn(await auth.signIn({ username: 'dev-a', password: PASSWORD })).device).toEqual({
      status: 'used',
      deviceKey: keyA,
    });
    expect(signedIn(await auth.signIn({ username: 'dev-b', password: PASSWORD })).device).toEqual({
      status: 'used',
      deviceKey: keyB,
    });

    await auth.forgetDevice('dev-a');
    expect(wire.calls).toContain('ForgetDevice');
    const a2 = signedIn(await auth.signIn({ username: 'dev-a', password: PASSWORD }));
    expect(a2.device.status).toBe('confirmed');
    expect((a2.device as { deviceKey: string }).deviceKey).not.toBe(keyA);
    expect(signedIn(await auth.signIn({ username: 'dev-b', password: PASSWORD })).device).toEqual({
      status: 'used',
      deviceKey: keyB,
    });
  });
});
