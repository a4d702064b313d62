// Confidential app clients (client secret, SECRET_HASH on every request that names a user) and device tracking
// per user, end to end through @cogflow/node against the emulator.
import { createHmac } from 'node:crypto';
import type { SignInResult } from '@cogflow/core';
import { confirmSignIn, forgetDevice, getTokens, signIn, signOut } from '@cogflow/core';
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
  if (result.status !== 'SIGNED_IN')
    throw new Error(
      `expected SIGNED_IN, got ${result.status === 'CHALLENGE' ? result.step.type : result.status}`,
    );
  return result;
}

// An independent SECRET_HASH (AWS developer guide, "Computing secret hash values").
function secretHash(secret: string, username: string, clientId: string): string {
  return createHmac('sha256', secret)
    .update(username + clientId)
    .digest('base64');
}

function confidential(secret?: string, poolName = 'main') {
  const pool = emulator.pools[poolName]!;
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

type Body = {
  AuthParameters?: Record<string, string>;
  ChallengeResponses?: Record<string, string>;
  ClientSecret?: string;
  AuthFlow?: string;
  ChallengeName?: string;
};

/**
 * Checks every recorded request against the name the service hashes for it: InitiateAuth over the name as typed,
 * each challenge answer over the canonical username (and USERNAME is that name), refresh over cognito:username.
 * Returns the labels checked, in order.
 */
function checkSecretHashes(
  wire: ReturnType<typeof confidential>['wire'],
  c: { clientId: string; secret: string },
  names: { typed: string; canonical: string },
): string[] {
  const checked: string[] = [];
  for (const { operation, body } of wire.bodies) {
    const b = body as Body;
    if (operation === 'RevokeToken') {
      expect(b.ClientSecret).toBe(c.secret);
      checked.push('RevokeToken');
      continue;
    }
    const params = b.AuthParameters ?? b.ChallengeResponses;
    if (!params) continue;
    const label = `${operation}:${b.AuthFlow ?? b.ChallengeName}`;
    let expected: string;
    if (b.AuthFlow === 'REFRESH_TOKEN_AUTH') expected = names.canonical;
    else if (operation === 'InitiateAuth') {
      expected = names.typed;
      expect(params.USERNAME, label).toBe(names.typed);
    } else {
      expected = names.canonical;
      expect(params.USERNAME, label).toBe(names.canonical);
    }
    expect(params.SECRET_HASH, `${label} SECRET_HASH over ${expected}`).toBe(
      secretHash(c.secret, expected, c.clientId),
    );
    checked.push(label);
  }
  return checked;
}

describe('confidential app client', () => {
  it('sends a correct SECRET_HASH with every user request: SRP, MFA, device confirmation, device SRP, refresh', async () => {
    const c = confidential(emulator.pools.main!.clients.confidential!.secret);
    const { auth, wire } = c;
    expect(c.secret).toBeTypeOf('string');
    const step = await signIn(auth, { username: 'confidential', password: PASSWORD });
    if (step.status !== 'CHALLENGE') throw new Error('expected MFA');
    expect(step.step.type).toBe('SOFTWARE_TOKEN_MFA');
    const code = new OTPAuth.TOTP({
      secret: OTPAuth.Secret.fromBase32(TOTP_SECRETS.confidential!),
    }).generate();
    const done = signedIn(await confirmSignIn(auth, step.pending, { type: 'SOFTWARE_TOKEN_MFA', code }));
    expect(done.device.status).toBe('confirmed');
    const again = signedIn(await signIn(auth, { username: 'confidential', password: PASSWORD }));
    expect(again.device.status).toBe('used');
    await getTokens(auth, 'confidential', { forceRefresh: true });
    await signOut(auth, 'confidential');

    const checked = checkSecretHashes(wire, c, { typed: 'confidential', canonical: 'confidential' });
    expect(checked).toEqual([
      'InitiateAuth:USER_SRP_AUTH',
      'RespondToAuthChallenge:PASSWORD_VERIFIER',
      'RespondToAuthChallenge:SOFTWARE_TOKEN_MFA',
      'InitiateAuth:USER_SRP_AUTH',
      'RespondToAuthChallenge:PASSWORD_VERIFIER',
      'RespondToAuthChallenge:DEVICE_SRP_AUTH',
      'RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER',
      'InitiateAuth:REFRESH_TOKEN_AUTH',
      'RevokeToken',
    ]);
  });

  it('signing in by an e-mail alias: InitiateAuth hashes the alias, the answer and the refresh the username', async () => {
    const c = confidential(emulator.pools.alias!.clients.confidential!.secret, 'alias');
    const typed = 'conf-alias@example.com';
    const done = signedIn(await signIn(c.auth, { username: typed, password: PASSWORD }));
    expect(done.user.username).toBe('conf-alias');
    await getTokens(c.auth, 'conf-alias', { forceRefresh: true });
    const checked = checkSecretHashes(c.wire, c, { typed, canonical: 'conf-alias' });
    expect(checked).toEqual([
      'InitiateAuth:USER_SRP_AUTH',
      'RespondToAuthChallenge:PASSWORD_VERIFIER',
      'InitiateAuth:REFRESH_TOKEN_AUTH',
    ]);
  });

  it('without the secret, or with a wrong one, the service refuses: NOT_AUTHORIZED, secret not echoed', async () => {
    const missing = await signIn(confidential().auth, { username: 'conf-plain', password: PASSWORD }).catch(
      (e) => e,
    );
    expect(missing.code).toBe('NOT_AUTHORIZED');
    const wrongSecret = 'not-the-secret-0123456789';
    const wrong = await signIn(confidential(wrongSecret).auth, {
      username: 'conf-plain',
      password: PASSWORD,
    }).catch((e) => e);
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
    const a1 = signedIn(await signIn(auth, { username: 'dev-a', password: PASSWORD, deviceName: 'laptop' }));
    const b1 = signedIn(await signIn(auth, { username: 'dev-b', password: PASSWORD, deviceName: 'phone' }));
    expect(a1.device.status).toBe('confirmed');
    expect(b1.device.status).toBe('confirmed');
    const keyA = (a1.device as { deviceKey: string }).deviceKey;
    const keyB = (b1.device as { deviceKey: string }).deviceKey;
    expect(keyA).not.toBe(keyB);

    expect(signedIn(await signIn(auth, { username: 'dev-a', password: PASSWORD })).device).toEqual({
      status: 'used',
      deviceKey: keyA,
    });
    expect(signedIn(await signIn(auth, { username: 'dev-b', password: PASSWORD })).device).toEqual({
      status: 'used',
      deviceKey: keyB,
    });

    await forgetDevice(auth, 'dev-a');
    expect(wire.calls).toContain('ForgetDevice');
    const a2 = signedIn(await signIn(auth, { username: 'dev-a', password: PASSWORD }));
    expect(a2.device.status).toBe('confirmed');
    expect((a2.device as { deviceKey: string }).deviceKey).not.toBe(keyA);
    expect(signedIn(await signIn(auth, { username: 'dev-b', password: PASSWORD })).device).toEqual({
      status: 'used',
      deviceKey: keyB,
    });
  });
});
