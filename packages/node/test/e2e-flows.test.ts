// Every sign-in flow of @cogflow/core, end to end through @cogflow/node (SDK transport, OpenSSL modPow) against
// the emulator. The seed's three flows come first.
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AuthClient,
  CogflowError,
  confirmSignIn,
  getTokens,
  peekTokens,
  type SignInResult,
  signIn,
  signOut,
} from '@cogflow/core';
import { type Emulator, startEmulator } from '@cogflow/emulator';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeAuth, fileStore, memoryStore, sdkTransport } from '../src/index.js';
import { type RecordingTransport, recording } from './helpers/recording-transport.js';
import { NEW_PASSWORD, PASSWORD, seed, TEMP_PASSWORD, TOTP_SECRETS } from './helpers/seed.js';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    seed: seed(),
    triggers: {
      defineAuthChallenge: (event) => {
        const session = event.request.session ?? [];
        const last = session[session.length - 1];
        if (session.length === 1 && last?.challengeName === 'SRP_A') {
          // CUSTOM_AUTH with SRP: the password first, as the developer guide's example trigger does.
          event.response.challengeName = 'PASSWORD_VERIFIER';
          event.response.issueTokens = false;
          event.response.failAuthentication = false;
        } else if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) {
          event.response.issueTokens = true;
          event.response.failAuthentication = false;
        } else if (session.filter((s) => s.challengeName === 'CUSTOM_CHALLENGE').length >= 3) {
          event.response.issueTokens = false;
          event.response.failAuthentication = true;
        } else {
          event.response.challengeName = 'CUSTOM_CHALLENGE';
          event.response.issueTokens = false;
          event.response.failAuthentication = false;
        }
        return event;
      },
      createAuthChallenge: (event) => {
        event.response.publicChallengeParameters = { question: 'What is 6 times 7?' };
        event.response.privateChallengeParameters = { answer: '42' };
        return event;
      },
      verifyAuthChallengeResponse: (event) => {
        event.response.answerCorrect =
          event.request.challengeAnswer === event.request.privateChallengeParameters?.answer;
        return event;
      },
    },
  });
});

afterAll(async () => {
  await emulator?.stop();
});

interface Harness {
  auth: AuthClient;
  wire: RecordingTransport;
  store: ReturnType<typeof memoryStore>;
}

function harness(pool = 'main', client = 'public', extra: { refreshTokenRotation?: boolean } = {}): Harness {
  const seeded = emulator.pools[pool]!;
  const wire = recording(sdkTransport({ region: emulator.region, endpoint: emulator.endpoint }));
  const store = memoryStore();
  const auth = createNodeAuth({
    userPoolId: seeded.id,
    clientId: seeded.clients[client]!.id,
    ...(seeded.clients[client]!.secret ? { clientSecret: seeded.clients[client]!.secret } : {}),
    transport: wire,
    store,
    ...extra,
  });
  return { auth, wire, store };
}

function totpNow(username: string): string {
  return new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(TOTP_SECRETS[username]!),
    digits: 6,
    period: 30,
  }).generate();
}

function expectSignedIn(result: SignInResult): Extract<SignInResult, { status: 'SIGNED_IN' }> {
  if (result.status !== 'SIGNED_IN')
    throw new Error(
      `expected SIGNED_IN, got the step ${result.status === 'CHALLENGE' ? result.step.type : result.status}`,
    );
  return result;
}

function expectStep<T extends string>(result: SignInResult, type: T) {
  if (result.status !== 'CHALLENGE') throw new Error(`expected the step ${type}, got ${result.status}`);
  expect(result.step.type).toBe(type);
  return result;
}

async function verifyAccessToken(token: string, pool = 'main', client = 'public') {
  const issuer = `${emulator.endpoint}/${emulator.pools[pool]!.id}`;
  const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
  const { payload } = await jwtVerify(token, jwks, { issuer });
  expect(payload.token_use).toBe('access');
  expect(payload.client_id).toBe(emulator.pools[pool]!.clients[client]!.id);
  return payload;
}

describe('the seed flows, end to end through @cogflow/node', () => {
  it('NEW_PASSWORD_REQUIRED: a temporary password is replaced, then the new one signs in', async () => {
    const { auth, wire } = harness();
    const first = await signIn(auth, { username: 'newpass', password: TEMP_PASSWORD });
    const step = expectStep(first, 'NEW_PASSWORD_REQUIRED');
    const done = expectSignedIn(
      await confirmSignIn(auth, step.pending, { type: 'NEW_PASSWORD_REQUIRED', newPassword: NEW_PASSWORD }),
    );
    expect(done.user.username).toBe('newpass');
    await verifyAccessToken(done.tokens.accessToken);
    expect(wire.calls.slice(0, 3)).toEqual([
      'InitiateAuth:USER_SRP_AUTH',
      'RespondToAuthChallenge:PASSWORD_VERIFIER',
      'RespondToAuthChallenge:NEW_PASSWORD_REQUIRED',
    ]);
    const again = expectSignedIn(
      await signIn(harness().auth, { username: 'newpass', password: NEW_PASSWORD }),
    );
    expect(again.user.username).toBe('newpass');
  });

  it('SOFTWARE_TOKEN_MFA: SRP, then a code from otpauth', async () => {
    const { auth, wire } = harness();
    const step = expectStep(
      await signIn(auth, { username: 'totp', password: PASSWORD, rememberDevice: false }),
      'SOFTWARE_TOKEN_MFA',
    );
    // The pending state is plain JSON with no secret in it, and resumes from its id through the store.
    const serialized = JSON.stringify(step.pending);
    expect(serialized).not.toContain(PASSWORD);
    const done = expectSignedIn(
      await confirmSignIn(auth, step.pending.id, { type: 'SOFTWARE_TOKEN_MFA', code: totpNow('totp') }),
    );
    expect(wire.calls).toContain('RespondToAuthChallenge:SOFTWARE_TOKEN_MFA');
    await verifyAccessToken(done.tokens.accessToken);
    expect((await peekTokens(auth, 'totp'))?.accessToken).toBe(done.tokens.accessToken);
  });

  it('USER_PASSWORD_AUTH with a remembered device: DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER skip MFA', async () => {
    const { auth, wire } = harness();
    const first = expectStep(
      await signIn(auth, {
        username: 'device',
        password: PASSWORD,
        flow: 'USER_PASSWORD_AUTH',
        deviceName: 'ci',
      }),
      'SOFTWARE_TOKEN_MFA',
    );
    const signedIn = expectSignedIn(
      await confirmSignIn(auth, first.pending, { type: 'SOFTWARE_TOKEN_MFA', code: totpNow('device') }),
    );
    expect(signedIn.device.status).toBe('confirmed');
    const deviceKey = (signedIn.device as { deviceKey: string }).deviceKey;
    expect(wire.calls).toContain('ConfirmDevice');
    wire.calls.length = 0;
    wire.bodies.length = 0;

    const second = expectSignedIn(
      await signIn(auth, { username: 'device', password: PASSWORD, flow: 'USER_PASSWORD_AUTH' }),
    );
    expect(second.device).toEqual({ status: 'used', deviceKey });
    expect(wire.calls).toEqual([
      'InitiateAuth:USER_PASSWORD_AUTH',
      'RespondToAuthChallenge:DEVICE_SRP_AUTH',
      'RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER',
    ]);
    const initiate = wire.bodies.find((b) => b.operation === 'InitiateAuth')!.body as {
      AuthParameters: Record<string, string>;
    };
    expect(initiate.AuthParameters.DEVICE_KEY).toBe(deviceKey);
    // Refreshing with device tracking sends the device key.
    wire.bodies.length = 0;
    const refreshed = await getTokens(auth, 'device', { forceRefresh: true });
    expect(refreshed.accessToken).not.toBe(second.tokens.accessToken);
    const refresh = wire.bodies.find((b) => b.operation === 'InitiateAuth')!.body as {
      AuthParameters: Record<string, string>;
    };
    expect(refresh.AuthParameters.DEVICE_KEY).toBe(deviceKey);
  });
});

describe('the other flows, end to end through @cogflow/node', () => {
  it('USER_SRP_AUTH without MFA, tokens verified against the pool JWKS', async () => {
    const { auth } = harness();
    const done = expectSignedIn(await signIn(auth, { username: 'plain', password: PASSWORD }));
    const claims = await verifyAccessToken(done.tokens.accessToken);
    expect(claims.username).toBe('plain');
    expect(done.tokens.refreshToken).toBeTypeOf('string');
  });

  it('a wrong password is a NOT_AUTHORIZED ServiceError with no secret in its message', async () => {
    const { auth } = harness();
    const error = await signIn(auth, { username: 'plain', password: 'Wrong-Pass-0!' }).catch((e) => e);
    expect(error).toBeInstanceOf(CogflowError);
    expect(error.code).toBe('NOT_AUTHORIZED');
    expect(error.message).not.toContain('Wrong-Pass-0!');
  });

  it('EMAIL_OTP MFA with the delivered code', async () => {
    const { auth } = harness();
    const step = expectStep(
      await signIn(auth, { username: 'email-mfa', password: PASSWORD, rememberDevice: false }),
      'EMAIL_OTP',
    );
    const code = await emulator.control.lastCode({ username: 'email-mfa' });
    expect(code).toMatch(/^\d{6,8}$/);
    expectSignedIn(await confirmSignIn(auth, step.pending, { type: 'EMAIL_OTP', code: code! }));
  });

  it('SMS_MFA with the delivered code; a wrong code first is CODE_MISMATCH', async () => {
    const { auth } = harness();
    const step = expectStep(
      await signIn(auth, { username: 'sms-mfa', password: PASSWORD, rememberDevice: false }),
      'SMS_MFA',
    );
    const code = await emulator.control.lastCode({ username: 'sms-mfa' });
    const wrong = await confirmSignIn(auth, step.pending, {
      type: 'SMS_MFA',
      code: '000000' === code ? '111111' : '000000',
    }).catch((e) => e);
    expect(wrong.code).toBe('CODE_MISMATCH');
    const step2 = expectStep(
      await signIn(auth, { username: 'sms-mfa', password: PASSWORD, rememberDevice: false }),
      'SMS_MFA',
    );
    const code2 = await emulator.control.lastCode({ username: 'sms-mfa' });
    expectSignedIn(await confirmSignIn(auth, step2.pending, { type: 'SMS_MFA', code: code2! }));
  });

  it('SELECT_MFA_TYPE, then SOFTWARE_TOKEN_MFA', async () => {
    const { auth } = harness();
    const step = expectStep(
      await signIn(auth, { username: 'select', password: PASSWORD, rememberDevice: false }),
      'SELECT_MFA_TYPE',
    );
    expect((step.step as { options: string[] }).options).toEqual(
      expect.arrayContaining(['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP']),
    );
    const totp = expectStep(
      await confirmSignIn(auth, step.pending, { type: 'SELECT_MFA_TYPE', mfa: 'SOFTWARE_TOKEN_MFA' }),
      'SOFTWARE_TOKEN_MFA',
    );
    expectSignedIn(
      await confirmSignIn(auth, totp.pending, { type: 'SOFTWARE_TOKEN_MFA', code: totpNow('select') }),
    );
  });

  it('MFA_SETUP with TOTP: associate, verify the first code, signed in', async () => {
    const { auth, wire } = harness('mfa-on');
    const setup = expectStep(await signIn(auth, { username: 'fresh', password: PASSWORD }), 'MFA_SETUP');
    const totp = expectStep(
      await confirmSignIn(auth, setup.pending, { type: 'MFA_SETUP', method: 'SOFTWARE_TOKEN_MFA' }),
      'TOTP_SETUP',
    );
    const { secretCode, otpauthURI } = totp.step as { secretCode: string; otpauthURI: string };
    expect(otpauthURI).toMatch(/^otpauth:\/\/totp\//);
    expect(JSON.stringify(totp.pending)).not.toContain(secretCode);
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secretCode) }).generate();
    const done = expectSignedIn(await confirmSignIn(auth, totp.pending, { type: 'TOTP_SETUP', code }));
    await verifyAccessToken(done.tokens.accessToken, 'mfa-on');
    expect(wire.calls).toEqual(expect.arrayContaining(['AssociateSoftwareToken', 'VerifySoftwareToken']));
  });

  it('CUSTOM_AUTH: a wrong answer is asked again, the right one signs in', async () => {
    const { auth } = harness();
    const step = expectStep(
      await signIn(auth, { username: 'custom', flow: 'CUSTOM_AUTH' }),
      'CUSTOM_CHALLENGE',
    );
    expect((step.step as { parameters: Record<string, string> }).parameters.question).toBe(
      'What is 6 times 7?',
    );
    const again = expectStep(
      await confirmSignIn(auth, step.pending, { type: 'CUSTOM_CHALLENGE', answer: '41' }),
      'CUSTOM_CHALLENGE',
    );
    expectSignedIn(await confirmSignIn(auth, again.pending, { type: 'CUSTOM_CHALLENGE', answer: '42' }));
  });

  it('CUSTOM_AUTH with SRP first (CUSTOM_AUTH_SRP)', async () => {
    const { auth, wire } = harness();
    const step = expectStep(
      await signIn(auth, { username: 'custom', password: PASSWORD, flow: 'CUSTOM_AUTH_SRP' }),
      'CUSTOM_CHALLENGE',
    );
    expect(wire.calls).toContain('RespondToAuthChallenge:PASSWORD_VERIFIER');
    expectSignedIn(await confirmSignIn(auth, step.pending, { type: 'CUSTOM_CHALLENGE', answer: '42' }));
  });

  it('USER_AUTH: SELECT_CHALLENGE then EMAIL_OTP; and a preferred PASSWORD_SRP', async () => {
    const { auth } = harness('choice');
    const select = expectStep(
      await signIn(auth, { username: 'chooser', flow: 'USER_AUTH' }),
      'SELECT_CHALLENGE',
    );
    expect((select.step as { available: string[] }).available).toEqual(expect.arrayContaining(['EMAIL_OTP']));
    const otp = expectStep(
      await confirmSignIn(auth, select.pending, { type: 'SELECT_CHALLENGE', challenge: 'EMAIL_OTP' }),
      'EMAIL_OTP',
    );
    const code = await emulator.control.lastCode({ username: 'chooser' });
    expectSignedIn(await confirmSignIn(auth, otp.pending, { type: 'EMAIL_OTP', code: code! }));
    const srp = await signIn(auth, {
      username: 'chooser',
      password: PASSWORD,
      flow: 'USER_AUTH',
      preferredChallenge: 'PASSWORD_SRP',
    });
    expectSignedIn(srp);
  });

  it('refresh (REFRESH_TOKEN_AUTH) keeps the refresh token; rotation (GetTokensFromRefreshToken) replaces it', async () => {
    const plain = harness();
    const first = expectSignedIn(await signIn(plain.auth, { username: 'refresh', password: PASSWORD }));
    const refreshed = await getTokens(plain.auth, 'refresh', { forceRefresh: true });
    expect(refreshed.accessToken).not.toBe(first.tokens.accessToken);
    expect(refreshed.refreshToken).toBe(first.tokens.refreshToken);
    expect(plain.wire.calls).toContain('InitiateAuth:REFRESH_TOKEN_AUTH');
    // Still valid: no network.
    plain.wire.calls.length = 0;
    expect((await getTokens(plain.auth, 'refresh')).accessToken).toBe(refreshed.accessToken);
    expect(plain.wire.calls).toEqual([]);

    const rotating = harness('main', 'rotating', { refreshTokenRotation: true });
    const signed = expectSignedIn(await signIn(rotating.auth, { username: 'rotate', password: PASSWORD }));
    const rotated = await getTokens(rotating.auth, 'rotate', { forceRefresh: true });
    expect(rotating.wire.calls).toContain('GetTokensFromRefreshToken');
    expect(rotated.refreshToken).toBeTypeOf('string');
    expect(rotated.refreshToken).not.toBe(signed.tokens.refreshToken);
    await verifyAccessToken(rotated.accessToken, 'main', 'rotating');
  });

  it('signOut revokes the refresh token; global signOut ends every session', async () => {
    const a = harness();
    expectSignedIn(await signIn(a.auth, { username: 'signout', password: PASSWORD }));
    const stale = (await peekTokens(a.auth, 'signout'))!;
    await signOut(a.auth, 'signout');
    expect(a.wire.calls).toContain('RevokeToken');
    expect(await peekTokens(a.auth, 'signout')).toBeUndefined();
    await expect(getTokens(a.auth, 'signout')).rejects.toMatchObject({ code: 'NO_SESSION' });
    const transport = sdkTransport({ region: emulator.region, endpoint: emulator.endpoint });
    await expect(
      transport.send('InitiateAuth', {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: emulator.pools.main!.clients.public!.id,
        AuthParameters: { REFRESH_TOKEN: stale.refreshToken! },
      }),
    ).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' });

    const b = harness();
    const c = harness();
    expectSignedIn(await signIn(b.auth, { username: 'global', password: PASSWORD }));
    expectSignedIn(await signIn(c.auth, { username: 'global', password: PASSWORD }));
    await signOut(b.auth, 'global', { global: true });
    expect(b.wire.calls).toContain('GlobalSignOut');
    // The other session's refresh now fails definitively, and only then are its tokens dropped.
    await expect(getTokens(c.auth, 'global', { forceRefresh: true })).rejects.toMatchObject({
      code: 'NOT_AUTHORIZED',
    });
    expect(await peekTokens(c.auth, 'global')).toBeUndefined();
  });

  it('a CLI keeps its session in a fileStore: a later run reads the tokens and refreshes them', async () => {
    const dir = await fs.mkdtemp(join(tmpdir(), 'cogflow-cli-'));
    try {
      const path = join(dir, 'auth.json');
      const config = {
        userPoolId: emulator.pools.main!.id,
        clientId: emulator.pools.main!.clients.public!.id,
        endpoint: emulator.endpoint,
      };
      const firstRun = createNodeAuth({ ...config, store: fileStore({ path }) });
      const signed = expectSignedIn(await signIn(firstRun, { username: 'plain', password: PASSWORD }));
      expect((await fs.stat(path)).mode & 0o777).toBe(0o600);
      const text = await fs.readFile(path, 'utf8');
      expect(text).not.toContain(PASSWORD);

      const secondRun = createNodeAuth({ ...config, store: fileStore({ path }) });
      expect((await peekTokens(secondRun, 'plain'))?.accessToken).toBe(signed.tokens.accessToken);
      const refreshed = await getTokens(secondRun, 'plain', { forceRefresh: true });
      expect(refreshed.accessToken).not.toBe(signed.tokens.accessToken);
      expect((await peekTokens(firstRun, 'plain'))?.accessToken).toBe(refreshed.accessToken);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
