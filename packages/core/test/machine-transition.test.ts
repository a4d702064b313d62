// Unit tests of the pure sign-in transition with scripted service answers: every flow's requests, the device
// path, and every malformed answer the issue lists.

import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type CogflowError,
  ProtocolError,
  ServiceError,
  serviceError,
  TransportError,
} from '../src/errors.js';
import {
  createSignInMachine,
  initialSnapshot,
  parsePending,
  type SignInEvent,
  type Snapshot,
  type TransitionResult,
  transition,
  type WaitingState,
} from '../src/machine/index.js';
import type { Hash } from '../src/ports.js';
import { modPowBigInt, nobleHash, SRP_N } from '../src/srp/index.js';
import { asyncHash } from './async-hash.js';
import { authResult, NOW, SECRETS, sendOf, snap, testEnv, verifierParams } from './machine-helpers.js';

const env = testEnv();
const device = {
  deviceKey: 'us-east-1_dev-1',
  deviceGroupKey: 'grp-1',
  devicePassword: SECRETS.devicePassword,
};

async function start(
  input: Record<string, unknown>,
  e = env,
  dev?: typeof device,
): Promise<TransitionResult> {
  const event = { type: 'start', input, ...(dev ? { device: dev } : {}) } as SignInEvent;
  return transition(initialSnapshot(), event, e);
}

async function respond(
  s: TransitionResult | Snapshot,
  operation: string,
  body: unknown,
  e = env,
): Promise<TransitionResult> {
  return transition('effects' in s ? snap(s) : s, { type: 'response', operation, body } as SignInEvent, e);
}

function challenge(
  name: string,
  params: Record<string, string> = {},
  session = 'sess-1',
  extra = {},
): unknown {
  return {
    ChallengeName: name,
    ChallengeParameters: params,
    ...(session ? { Session: session } : {}),
    ...extra,
  };
}

async function answer(
  s: TransitionResult,
  a: unknown,
  e = env,
  dev?: typeof device,
): Promise<TransitionResult> {
  const roundTripped = JSON.parse(JSON.stringify(s.state));
  return transition(
    { state: roundTripped, secrets: {} },
    { type: 'answer', answer: a, ...(dev ? { device: dev } : {}) } as SignInEvent,
    e,
  );
}

function failure(result: TransitionResult): CogflowError {
  expect(result.state.status).toBe('failed');
  return (result.state as { error: CogflowError }).error;
}

function hmacHash(username: string, clientId: string, secret: string): string {
  return createHmac('sha256', secret)
    .update(username + clientId)
    .digest('base64');
}

const TIMESTAMP =
  /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [1-9]\d? \d\d:\d\d:\d\d UTC \d{4}$/;

describe('USER_SRP_AUTH', () => {
  it('sends SRP_A, answers PASSWORD_VERIFIER with USER_ID_FOR_SRP, and ends signed in', async () => {
    const s1 = await start({ username: 'alice@example.com', password: SECRETS.password });
    const init = sendOf(s1);
    expect(init.operation).toBe('InitiateAuth');
    expect(init.body.AuthFlow).toBe('USER_SRP_AUTH');
    expect(init.body.AuthParameters.USERNAME).toBe('alice@example.com');
    expect(init.body.AuthParameters.SRP_A).toMatch(/^[0-9a-f]+$/);
    expect(init.body.AuthParameters.SECRET_HASH).toBeUndefined();
    expect(init.retryable).toBe(true);
    expect(JSON.stringify(s1.state)).not.toContain(SECRETS.password);

    const s2 = await respond(s1, 'InitiateAuth', challenge('PASSWORD_VERIFIER', verifierParams(), ''));
    const pv = sendOf(s2);
    expect(pv.operation).toBe('RespondToAuthChallenge');
    expect(pv.retryable).toBe(false);
    expect(pv.body.ChallengeName).toBe('PASSWORD_VERIFIER');
    expect(pv.body.Session).toBeUndefined();
    const r = pv.body.ChallengeResponses;
    expect(r.USERNAME).toBe('user-1');
    expect(r.PASSWORD_CLAIM_SECRET_BLOCK).toBe(verifierParams().SECRET_BLOCK);
    expect(r.TIMESTAMP).toMatch(TIMESTAMP);
    expect(r.TIMESTAMP).toBe('Thu Nov 26 12:00:00 UTC 2026');
    expect(Buffer.from(r.PASSWORD_CLAIM_SIGNATURE, 'base64')).toHaveLength(32);
    expect(s2.secrets.srp).toBeUndefined();

    const s3 = await respond(s2, 'RespondToAuthChallenge', { AuthenticationResult: authResult('user-1') });
    expect(s3.state).toMatchObject({ status: 'signed-in', username: 'user-1', sub: 'sub-1' });
    expect(s3.state.status === 'signed-in' && s3.state.device).toEqual({ status: 'not-tracked' });
    const store = s3.effects.find((e) => e.type === 'store-tokens');
    expect(store).toMatchObject({ username: 'user-1', aliases: ['alice@example.com'] });
    expect(s3.secrets.tokens?.expiresAt).toBe(NOW + 3600_000);
    expect(s3.effects).toContainEqual({ type: 'emit', event: { type: 'signed-in', username: 'user-1' } });
  });

  it('computes SECRET_HASH over each request USERNAME: typed name first, USER_ID_FOR_SRP after', async () => {
    const e = testEnv({ clientSecret: SECRETS.clientSecret });
    const s1 = await start({ username: 'alice@example.com', password: SECRETS.password }, e);
    expect(sendOf(s1).body.AuthParameters.SECRET_HASH).toBe(
      hmacHash('alice@example.com', 'client123', SECRETS.clientSecret),
    );
    const s2 = await respond(s1, 'InitiateAuth', challenge('PASSWORD_VERIFIER', verifierParams(), ''), e);
    expect(sendOf(s2).body.ChallengeResponses.SECRET_HASH).toBe(
      hmacHash('user-1', 'client123', SECRETS.clientSecret),
    );
  });

  it('passes ClientMetadata, AnalyticsMetadata and UserContextData through', async () => {
    const metadata = {
      clientMetadata: { app: 'x' },
      analyticsMetadata: { AnalyticsEndpointId: 'ep' },
      userContextData: { EncodedData: 'enc', IpAddress: '10.0.0.1' },
    };
    const s1 = await start({ username: 'u', password: SECRETS.password, ...metadata });
    const body = sendOf(s1).body;
    expect(body.ClientMetadata).toEqual({ app: 'x' });
    expect(body.AnalyticsMetadata).toEqual({ AnalyticsEndpointId: 'ep' });
    expect(body.UserContextData).toEqual({ EncodedData: 'enc', IpAddress: '10.0.0.1' });
    const s2 = await respond(s1, 'InitiateAuth', challenge('PASSWORD_VERIFIER', verifierParams(), ''));
    expect(sendOf(s2).body.ClientMetadata).toEqual({ app: 'x' });
    const s3 = await respond(
      s2,
      'RespondToAuthChallenge',
      challenge('SOFTWARE_TOKEN_MFA', { USER_ID_FOR_SRP: 'user-1' }),
    );
    const s4 = await transition(
      snap(s3),
      {
        type: 'answer',
        answer: { type: 'SOFTWARE_TOKEN_MFA', code: SECRETS.code },
        metadata: { clientMetadata: { b: '2' } },
      },
      env,
    );
    expect(sendOf(s4).body.ClientMetadata).toEqual({ b: '2' });
  });

  it('rejects a start without a password or username as input errors', async () => {
    await expect(start({ username: 'u' })).rejects.toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    await expect(start({ username: '', password: 'x' })).rejects.toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    await expect(start({ username: 'u', password: 'x', flow: 'NOPE' })).rejects.toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });

  it('refuses a Random port that returns fewer bytes than a step id needs, rather than a short id', async () => {
    const full = testEnv().random;
    const short = testEnv({ random: { bytes: (n) => (n === 16 ? full.bytes(8) : full.bytes(n)) } });
    await expect(start({ username: 'u', password: 'x' }, short)).rejects.toThrow(
      expect.objectContaining({ name: 'InputError', code: 'INVALID_INPUT' }),
    );
  });
});

describe('createSignInMachine', () => {
  it('binds the environment: same requests as transition, deterministic under fixed ports', async () => {
    const input = { username: 'u', password: SECRETS.password };
    const a = createSignInMachine(testEnv());
    const b = createSignInMachine(testEnv());
    const ra = await a.transition(a.initial, { type: 'start', input });
    const rb = await b.transition(b.initial, { type: 'start', input });
    expect(ra.effects).toEqual(rb.effects);
    expect(ra.state).toEqual(rb.state);
    expect(sendOf(ra).body.AuthParameters.SRP_A).toMatch(/^[0-9a-f]+$/);
  });
});

describe('other flows', () => {
  it('USER_PASSWORD_AUTH sends PASSWORD and is not retried by the transport', async () => {
    const s1 = await start({ username: 'u', password: SECRETS.password, flow: 'USER_PASSWORD_AUTH' });
    const init = sendOf(s1);
    expect(init.body).toMatchObject({
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'u', PASSWORD: SECRETS.password },
    });
    expect(init.retryable).toBe(false);
    expect(JSON.stringify(s1.state)).not.toContain(SECRETS.password);
    const s2 = await respond(s1, 'InitiateAuth', { AuthenticationResult: authResult('u') });
    expect(s2.state.status).toBe('signed-in');
  });

  it('CUSTOM_AUTH without SRP hands CUSTOM_CHALLENGE to the person and sends ANSWER', async () => {
    const s1 = await start({ username: 'u', flow: 'CUSTOM_AUTH' });
    expect(sendOf(s1).body).toMatchObject({ AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'u' } });
    expect(sendOf(s1).body.AuthParameters.SRP_A).toBeUndefined();
    const s2 = await respond(
      s1,
      'InitiateAuth',
      challenge('CUSTOM_CHALLENGE', { USERNAME: 'u', question: '2+2' }),
    );
    expect(s2.state).toMatchObject({
      status: 'waiting',
      step: 'CUSTOM_CHALLENGE',
      detail: { parameters: { question: '2+2' } },
    });
    const s3 = await answer(s2, { type: 'CUSTOM_CHALLENGE', answer: '4', extra: { hint: 'h' } });
    expect(sendOf(s3).body).toMatchObject({
      ChallengeName: 'CUSTOM_CHALLENGE',
      Session: 'sess-1',
      ChallengeResponses: { USERNAME: 'u', ANSWER: '4', hint: 'h' },
    });
  });

  it('CUSTOM_AUTH with SRP sends CHALLENGE_NAME=SRP_A, then answers PASSWORD_VERIFIER itself', async () => {
    const s1 = await start({ username: 'u', password: SECRETS.password, flow: 'CUSTOM_AUTH_SRP' });
    expect(sendOf(s1).body.AuthFlow).toBe('CUSTOM_AUTH');
    expect(sendOf(s1).body.AuthParameters).toMatchObject({ CHALLENGE_NAME: 'SRP_A', USERNAME: 'u' });
    expect(sendOf(s1).body.AuthParameters.SRP_A).toMatch(/^[0-9a-f]+$/);
    const s2 = await respond(s1, 'InitiateAuth', challenge('PASSWORD_VERIFIER', verifierParams(), 'sess-0'));
    expect(sendOf(s2).body).toMatchObject({ ChallengeName: 'PASSWORD_VERIFIER', Session: 'sess-0' });
    const s3 = await respond(
      s2,
      'RespondToAuthChallenge',
      challenge('CUSTOM_CHALLENGE', { USERNAME: 'user-1' }),
    );
    expect(s3.state).toMatchObject({ status: 'waiting', step: 'CUSTOM_CHALLENGE', userId: 'user-1' });
  });

  it('USER_AUTH with PREFERRED_CHALLENGE=PASSWORD sends the password', async () => {
    const s1 = await start({
      username: 'u',
      password: SECRETS.password,
      flow: 'USER_AUTH',
      preferredChallenge: 'PASSWORD',
    });
    expect(sendOf(s1).body).toMatchObject({
      AuthFlow: 'USER_AUTH',
      AuthParameters: { PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: SECRETS.password },
    });
  });

  it('USER_AUTH with PASSWORD_SRP preferred sends SRP_A and answers PASSWORD_VERIFIER', async () => {
    const s1 = await start({
      username: 'u',
      password: SECRETS.password,
      flow: 'USER_AUTH',
      preferredChallenge: 'PASSWORD_SRP',
    });
    expect(sendOf(s1).body.AuthParameters.SRP_A).toMatch(/^[0-9a-f]+$/);
    const s2 = await respond(s1, 'InitiateAuth', challenge('PASSWORD_VERIFIER', verifierParams()));
    expect(sendOf(s2).body.ChallengeName).toBe('PASSWORD_VERIFIER');
  });

  it('USER_AUTH SELECT_CHALLENGE: lists the factors and answers each kind', async () => {
    const s1 = await start({ username: 'u', flow: 'USER_AUTH' });
    expect(sendOf(s1).body.AuthParameters.PREFERRED_CHALLENGE).toBeUndefined();
    const s2 = await respond(
      s1,
      'InitiateAuth',
      challenge('SELECT_CHALLENGE', {}, 'sess-s', {
        AvailableChallenges: ['PASSWORD_SRP', 'EMAIL_OTP', 'PASSWORD', 'FUTURE'],
      }),
    );
    expect(s2.state).toMatchObject({
      step: 'SELECT_CHALLENGE',
      detail: { available: ['PASSWORD_SRP', 'EMAIL_OTP', 'PASSWORD'] },
    });
    const email = await answer(s2, { type: 'SELECT_CHALLENGE', challenge: 'EMAIL_OTP' });
    expect(sendOf(email).body.ChallengeResponses).toEqual({ USERNAME: 'u', ANSWER: 'EMAIL_OTP' });
    const pw = await answer(s2, {
      type: 'SELECT_CHALLENGE',
      challenge: 'PASSWORD',
      password: SECRETS.password,
    });
    expect(sendOf(pw).body.ChallengeResponses).toEqual({
      USERNAME: 'u',
      ANSWER: 'PASSWORD',
      PASSWORD: SECRETS.password,
    });
    const srp = await answer(s2, {
      type: 'SELECT_CHALLENGE',
      challenge: 'PASSWORD_SRP',
      password: SECRETS.password,
    });
    expect(sendOf(srp).body.ChallengeResponses.SRP_A).toMatch(/^[0-9a-f]+$/);
    const pv = await respond(srp, 'RespondToAuthChallenge', challenge('PASSWORD_VERIFIER', verifierParams()));
    expect(sendOf(pv).body.ChallengeName).toBe('PASSWORD_VERIFIER');
    await expect(answer(s2, { type: 'SELECT_CHALLENGE', challenge: 'WEB_AUTHN' })).rejects.toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    await expect(answer(s2, { type: 'SELECT_CHALLENGE', challenge: 'PASSWORD' })).rejects.toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });

  it('WEB_AUTHN hands out the request options and sends the credential as JSON', async () => {
    const s1 = await start({ username: 'u', flow: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' });
    const options = { challenge: 'abc', rpId: 'localhost', allowCredentials: [] };
    const s2 = await respond(
      s1,
      'InitiateAuth',
      challenge('WEB_AUTHN', { CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options) }),
    );
    expect(s2.state).toMatchObject({ step: 'WEB_AUTHN', detail: { credentialRequestOptions: options } });
    const s3 = await answer(s2, { type: 'WEB_AUTHN', credential: { id: 'cred', type: 'public-key' } });
    expect(JSON.parse(sendOf(s3).body.ChallengeResponses.CREDENTIAL)).toEqual({
      id: 'cred',
      type: 'public-key',
    });
  });
});

describe('challenges handed to the person', () => {
  async function waitingOn(name: string, params: Record<string, string> = {}): Promise<TransitionResult> {
    const s1 = await start({ username: 'alice', password: SECRETS.password, flow: 'USER_PASSWORD_AUTH' });
    return respond(s1, 'InitiateAuth', challenge(name, { USER_ID_FOR_SRP: 'user-1', ...params }));
  }

  it('NEW_PASSWORD_REQUIRED strips prefixes, checks required attributes, sends NEW_PASSWORD', async () => {
    const s = await waitingOn('NEW_PASSWORD_REQUIRED', {
      requiredAttributes: JSON.stringify(['userAttributes.name', 'userAttributes.email']),
      userAttributes: JSON.stringify({ email: 'a@x.io', email_verified: 'true', phone_number: null }),
    });
    expect(s.state).toMatchObject({
      status: 'waiting',
      step: 'NEW_PASSWORD_REQUIRED',
      detail: {
        requiredAttributes: ['name', 'email'],
        userAttributes: { email: 'a@x.io', email_verified: 'true' },
      },
    });
    await expect(
      answer(s, { type: 'NEW_PASSWORD_REQUIRED', newPassword: SECRETS.newPassword }),
    ).rejects.toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('name') }),
    );
    const next = await answer(s, {
      type: 'NEW_PASSWORD_REQUIRED',
      newPassword: SECRETS.newPassword,
      attributes: { name: 'Al' },
    });
    expect(sendOf(next).body).toMatchObject({
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: 'sess-1',
      ChallengeResponses: {
        USERNAME: 'user-1',
        NEW_PASSWORD: SECRETS.newPassword,
        'userAttributes.name': 'Al',
      },
    });
  });

  it.each([
    ['SMS_MFA', 'SMS_MFA_CODE'],
    ['SOFTWARE_TOKEN_MFA', 'SOFTWARE_TOKEN_MFA_CODE'],
    ['EMAIL_OTP', 'EMAIL_OTP_CODE'],
    ['SMS_OTP', 'SMS_OTP_CODE'],
  ])('%s asks for a code and sends %s', async (name, field) => {
    const s = await waitingOn(name, {
      CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL',
      CODE_DELIVERY_DESTINATION: 'a***@x.io',
    });
    if (name !== 'SOFTWARE_TOKEN_MFA') {
      expect(s.state).toMatchObject({ detail: { deliveryMedium: 'EMAIL', destination: 'a***@x.io' } });
    }
    const next = await answer(s, { type: name, code: SECRETS.code });
    expect(sendOf(next).body).toMatchObject({
      ChallengeName: name,
      ChallengeResponses: { USERNAME: 'user-1', [field]: SECRETS.code },
    });
    await expect(answer(s, { type: name, code: '' })).rejects.toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });

  it('SELECT_MFA_TYPE offers the choices and sends ANSWER', async () => {
    const s = await waitingOn('SELECT_MFA_TYPE', { MFAS_CAN_CHOOSE: '["SMS_MFA","SOFTWARE_TOKEN_MFA"]' });
    expect(s.state).toMatchObject({ detail: { options: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA'] } });
    expect(
      sendOf(await answer(s, { type: 'SELECT_MFA_TYPE', mfa: 'SOFTWARE_TOKEN_MFA' })).body.ChallengeResponses
        .ANSWER,
    ).toBe('SOFTWARE_TOKEN_MFA');
    await expect(answer(s, { type: 'SELECT_MFA_TYPE', mfa: 'EMAIL_OTP' })).rejects.toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });

  it('MFA_SETUP with TOTP: AssociateSoftwareToken, a TOTP_SETUP step without the secret in JSON, Verify, MFA_SETUP', async () => {
    const s = await waitingOn('MFA_SETUP', { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA","EMAIL_OTP"]' });
    expect(s.state).toMatchObject({
      step: 'MFA_SETUP',
      detail: { options: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'] },
    });
    const assoc = await answer(s, { type: 'MFA_SETUP', method: 'SOFTWARE_TOKEN_MFA' });
    expect(sendOf(assoc)).toMatchObject({ operation: 'AssociateSoftwareToken', body: { Session: 'sess-1' } });
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const setup = await respond(assoc, 'AssociateSoftwareToken', { SecretCode: secret, Session: 'sess-2' });
    expect(setup.state).toMatchObject({ status: 'waiting', step: 'TOTP_SETUP', session: 'sess-2' });
    expect(JSON.stringify(setup.state)).not.toContain(secret);
    expect(setup.secrets.totpSecret).toBe(secret);
    const verify = await answer(setup, { type: 'TOTP_SETUP', code: '123456', friendlyDeviceName: 'phone' });
    expect(sendOf(verify)).toMatchObject({
      operation: 'VerifySoftwareToken',
      body: { Session: 'sess-2', UserCode: '123456', FriendlyDeviceName: 'phone' },
    });
    const final = await respond(verify, 'VerifySoftwareToken', { Status: 'SUCCESS', Session: 'sess-3' });
    expect(sendOf(final).body).toMatchObject({
      ChallengeName: 'MFA_SETUP',
      Session: 'sess-3',
      ChallengeResponses: { USERNAME: 'user-1' },
    });
    expect(failure(await respond(verify, 'VerifySoftwareToken', { Status: 'ERROR' })).code).toBe(
      'CODE_MISMATCH',
    );
    expect(failure(await respond(verify, 'VerifySoftwareToken', { Status: 'SUCCESS' }))).toBeInstanceOf(
      ProtocolError,
    );
    expect(failure(await respond(assoc, 'AssociateSoftwareToken', { Session: 'x' }))).toBeInstanceOf(
      ProtocolError,
    );
  });

  it('MFA_SETUP with e-mail answers EMAIL', async () => {
    const s = await waitingOn('MFA_SETUP', { MFAS_CAN_SETUP: '["EMAIL_OTP"]' });
    const next = await answer(s, { type: 'MFA_SETUP', method: 'EMAIL_OTP', email: 'a@x.io' });
    expect(sendOf(next).body).toMatchObject({
      ChallengeName: 'MFA_SETUP',
      ChallengeResponses: { EMAIL: 'a@x.io' },
    });
  });

  it('a waiting state survives JSON and parsePending; an answer for another step is an input error', async () => {
    const s = await waitingOn('SOFTWARE_TOKEN_MFA');
    const state = parsePending(JSON.parse(JSON.stringify(s.state))) as WaitingState;
    expect(state).toEqual(s.state);
    await expect(answer(s, { type: 'SMS_MFA', code: '1' })).rejects.toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(() => parsePending({ ...state, v: 2 })).toThrow(
      expect.objectContaining({ code: 'INVALID_STATE' }),
    );
    expect(() => parsePending({ ...state, session: undefined })).toThrow(
      expect.objectContaining({ code: 'INVALID_STATE' }),
    );
    // The version is named first, then a state that is not waiting at all, before any other bad field.
    expect(() => parsePending({ ...state, v: 2, status: 'sending', session: undefined })).toThrow(
      'Bad pending sign-in: v',
    );
    expect(() => parsePending({ ...state, status: 'signed-in', session: undefined, username: '' })).toThrow(
      'Bad pending sign-in: status',
    );
  });

  it('an answer after the pending step expired says SESSION_EXPIRED', async () => {
    const s = await waitingOn('SOFTWARE_TOKEN_MFA');
    const late = testEnv({ clock: { now: () => NOW + 181_000 } });
    expect(failure(await answer(s, { type: 'SOFTWARE_TOKEN_MFA', code: '1' }, late)).code).toBe(
      'SESSION_EXPIRED',
    );
  });

  it('a service session-expiry error reads SESSION_EXPIRED', async () => {
    const s = await waitingOn('SOFTWARE_TOKEN_MFA');
    const sent = await answer(s, { type: 'SOFTWARE_TOKEN_MFA', code: '1' });
    const error = serviceError(
      'NotAuthorizedException',
      'Invalid session for the user, session is expired.',
      400,
    );
    expect(failure(await transition(snap(sent), { type: 'error', error }, env)).code).toBe('SESSION_EXPIRED');
  });
});

describe('devices', () => {
  it('answers DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER from the device secrets', async () => {
    const s1 = await start({ username: 'u', password: SECRETS.password }, env, device);
    expect(sendOf(s1).body.AuthParameters.DEVICE_KEY).toBe(device.deviceKey);
    expect(JSON.stringify(s1.state)).not.toContain(SECRETS.devicePassword);
    const s2 = await respond(s1, 'InitiateAuth', challenge('PASSWORD_VERIFIER', verifierParams(), ''));
    expect(sendOf(s2).body.ChallengeResponses.DEVICE_KEY).toBe(device.deviceKey);
    const s3 = await respond(
      s2,
      'RespondToAuthChallenge',
      challenge('DEVICE_SRP_AUTH', { USERNAME: 'user-1' }, 'sess-d'),
    );
    const dsrp = sendOf(s3).body;
    expect(dsrp).toMatchObject({ ChallengeName: 'DEVICE_SRP_AUTH', Session: 'sess-d' });
    expect(dsrp.ChallengeResponses).toMatchObject({ USERNAME: 'user-1', DEVICE_KEY: device.deviceKey });
    expect(dsrp.ChallengeResponses.SRP_A).toMatch(/^[0-9a-f]+$/);
    const s4 = await respond(
      s3,
      'RespondToAuthChallenge',
      challenge('DEVICE_PASSWORD_VERIFIER', verifierParams(), 'sess-e'),
    );
    const dpv = sendOf(s4).body;
    expect(dpv.ChallengeName).toBe('DEVICE_PASSWORD_VERIFIER');
    expect(dpv.ChallengeResponses).toMatchObject({
      USERNAME: 'user-1',
      DEVICE_KEY: device.deviceKey,
      TIMESTAMP: 'Thu Nov 26 12:00:00 UTC 2026',
    });
    const s5 = await respond(s4, 'RespondToAuthChallenge', { AuthenticationResult: authResult('user-1') });
    expect(s5.state).toMatchObject({
      status: 'signed-in',
      device: { status: 'used', deviceKey: device.deviceKey },
    });
    expect(s5.secrets.tokens?.deviceKey).toBe(device.deviceKey);
  });

  it('handles DEVICE_SRP_AUTH after an MFA step resumed from JSON, with the device re-read', async () => {
    const s1 = await start({ username: 'u', password: SECRETS.password }, env, device);
    const s2 = await respond(s1, 'InitiateAuth', challenge('PASSWORD_VERIFIER', verifierParams(), ''));
    const s3 = await respond(
      s2,
      'RespondToAuthChallenge',
      challenge('SOFTWARE_TOKEN_MFA', { USER_ID_FOR_SRP: 'user-1' }),
    );
    expect(JSON.stringify(s3.state)).not.toContain(SECRETS.devicePassword);
    const s4 = await answer(s3, { type: 'SOFTWARE_TOKEN_MFA', code: SECRETS.code }, env, device);
    expect(sendOf(s4).body.ChallengeResponses.DEVICE_KEY).toBe(device.deviceKey);
    const s5 = await respond(
      s4,
      'RespondToAuthChallenge',
      challenge('DEVICE_SRP_AUTH', { USERNAME: 'user-1' }),
    );
    expect(sendOf(s5).body.ChallengeName).toBe('DEVICE_SRP_AUTH');
    // Without the device secrets (store lost them) the same answer is a protocol error naming the challenge.
    const s4b = await answer(s3, { type: 'SOFTWARE_TOKEN_MFA', code: SECRETS.code });
    const e = failure(
      await respond(s4b, 'RespondToAuthChallenge', challenge('DEVICE_SRP_AUTH', { USERNAME: 'user-1' })),
    );
    expect(e).toBeInstanceOf(ProtocolError);
    expect((e as ProtocolError).challenge).toBe('DEVICE_SRP_AUTH');
  });

  it('confirms a new device, remembers it when the pool asks, and stores its secrets', async () => {
    const s1 = await start({
      username: 'alice@x.io',
      password: SECRETS.password,
      flow: 'USER_PASSWORD_AUTH',
      deviceName: 'laptop',
      rememberDevice: true,
    });
    const s2 = await respond(s1, 'InitiateAuth', {
      AuthenticationResult: authResult('user-1', {
        NewDeviceMetadata: { DeviceKey: 'us-east-1_new', DeviceGroupKey: 'g2' },
      }),
    });
    const confirm = sendOf(s2);
    expect(confirm.operation).toBe('ConfirmDevice');
    expect(confirm.body).toMatchObject({ DeviceKey: 'us-east-1_new', DeviceName: 'laptop' });
    expect(confirm.body.DeviceSecretVerifierConfig.Salt).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(confirm.body.DeviceSecretVerifierConfig.PasswordVerifier).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const s3 = await respond(s2, 'ConfirmDevice', { UserConfirmationNecessary: true });
    const stored = s3.effects.find((e) => e.type === 'store-device');
    expect(stored).toMatchObject({
      username: 'user-1',
      aliases: ['alice@x.io'],
      device: { deviceKey: 'us-east-1_new', deviceGroupKey: 'g2' },
    });
    expect(sendOf(s3).body).toMatchObject({
      DeviceKey: 'us-east-1_new',
      DeviceRememberedStatus: 'remembered',
    });
    const s4 = await respond(s3, 'UpdateDeviceStatus', {});
    expect(s4.state).toMatchObject({
      status: 'signed-in',
      device: { status: 'confirmed', remembered: true },
    });
    expect(s4.secrets.tokens?.deviceKey).toBe('us-east-1_new');
  });

  it('sends not_remembered when the caller declines, and skips UpdateDeviceStatus when the pool does not ask', async () => {
    const s1 = await start({
      username: 'u',
      password: SECRETS.password,
      flow: 'USER_PASSWORD_AUTH',
      rememberDevice: false,
    });
    const s2 = await respond(s1, 'InitiateAuth', {
      AuthenticationResult: authResult('u', { NewDeviceMetadata: { DeviceKey: 'k', DeviceGroupKey: 'g' } }),
    });
    expect(
      sendOf(await respond(s2, 'ConfirmDevice', { UserConfirmationNecessary: true })).body
        .DeviceRememberedStatus,
    ).toBe('not_remembered');
    const auto = await respond(s2, 'ConfirmDevice', { UserConfirmationNecessary: false });
    expect(auto.state).toMatchObject({
      status: 'signed-in',
      device: { status: 'confirmed', remembered: true },
    });
  });

  it('remembers a known, declined device when the caller now asks for it explicitly', async () => {
    const declined = { ...device, remembered: false };
    const signIn = async (
      extra: Record<string, unknown>,
      dev: typeof declined,
    ): Promise<TransitionResult> => {
      const s1 = await start(
        { username: 'u', password: SECRETS.password, flow: 'USER_PASSWORD_AUTH', ...extra },
        env,
        dev,
      );
      const s2 = await respond(s1, 'InitiateAuth', challenge('DEVICE_SRP_AUTH', { USERNAME: 'user-1' }));
      const s3 = await respond(
        s2,
        'RespondToAuthChallenge',
        challenge('DEVICE_PASSWORD_VERIFIER', verifierParams()),
      );
      return respond(s3, 'RespondToAuthChallenge', { AuthenticationResult: authResult('user-1') });
    };
    const asked = await signIn({ rememberDevice: true }, declined);
    expect(sendOf(asked)).toMatchObject({
      operation: 'UpdateDeviceStatus',
      body: { DeviceKey: device.deviceKey, DeviceRememberedStatus: 'remembered' },
    });
    const done = await respond(asked, 'UpdateDeviceStatus', {});
    // Issue 18: device SRP proved the device and then its status was changed: the outcome says both.
    expect(done.state).toMatchObject({
      status: 'signed-in',
      device: { status: 'updated', deviceKey: device.deviceKey, remembered: true, authenticated: true },
    });
    expect(done.effects.find((e) => e.type === 'store-device')).toMatchObject({
      username: 'user-1',
      device: { deviceKey: device.deviceKey, remembered: true },
    });
    // No explicit choice, or a choice that matches: no extra call.
    expect((await signIn({}, declined)).state.status).toBe('signed-in');
    expect((await signIn({ rememberDevice: false }, declined)).state.status).toBe('signed-in');
    expect((await signIn({ rememberDevice: true }, { ...device, remembered: true })).state.status).toBe(
      'signed-in',
    );
  });

  it('a ConfirmDevice failure is reported in the outcome and keeps the tokens', async () => {
    const s1 = await start({ username: 'u', password: SECRETS.password, flow: 'USER_PASSWORD_AUTH' });
    const s2 = await respond(s1, 'InitiateAuth', {
      AuthenticationResult: authResult('u', { NewDeviceMetadata: { DeviceKey: 'k', DeviceGroupKey: 'g' } }),
    });
    const error = new TransportError('TRANSPORT', 'network down');
    const s3 = await transition(snap(s2), { type: 'error', error }, env);
    expect(s3.state).toMatchObject({
      status: 'signed-in',
      device: { status: 'failed', deviceKey: 'k', error },
    });
    expect(s3.effects.some((e) => e.type === 'store-tokens')).toBe(true);
    expect(s3.effects.some((e) => e.type === 'store-device')).toBe(false);
  });

  it('a device the service forgot is dropped and the sign-in retried once without DEVICE_KEY', async () => {
    const s1 = await start(
      { username: 'u', password: SECRETS.password, flow: 'USER_PASSWORD_AUTH' },
      env,
      device,
    );
    const gone = serviceError('ResourceNotFoundException', 'Device does not exist.', 400);
    const s2 = await transition(snap(s1), { type: 'error', error: gone }, env);
    expect(s2.effects[0]).toEqual({ type: 'delete-device', username: 'u' });
    const retry = sendOf(s2);
    expect(retry.operation).toBe('InitiateAuth');
    expect(retry.body.AuthParameters.DEVICE_KEY).toBeUndefined();
    expect(retry.body.AuthParameters.PASSWORD).toBe(SECRETS.password);
    // A ResourceNotFound about something else is not about the device.
    const other = serviceError('ResourceNotFoundException', 'User pool client x does not exist.', 400);
    expect(failure(await transition(snap(s1), { type: 'error', error: other }, env)).code).toBe(
      'RESOURCE_NOT_FOUND',
    );
  });
});

describe('malformed and hostile answers', () => {
  function afterInit(flow = 'USER_SRP_AUTH'): Promise<TransitionResult> {
    return start({ username: 'u', password: SECRETS.password, flow });
  }
  const cases: [string, unknown, string, string][] = [
    [
      'missing SALT',
      challenge('PASSWORD_VERIFIER', verifierParams({ SALT: '' })),
      'PASSWORD_VERIFIER',
      'SALT',
    ],
    [
      'missing SRP_B',
      challenge('PASSWORD_VERIFIER', verifierParams({ SRP_B: '' })),
      'PASSWORD_VERIFIER',
      'SRP_B',
    ],
    [
      'missing SECRET_BLOCK',
      challenge('PASSWORD_VERIFIER', verifierParams({ SECRET_BLOCK: '' })),
      'PASSWORD_VERIFIER',
      'SECRET_BLOCK',
    ],
    [
      'bad hex SALT',
      challenge('PASSWORD_VERIFIER', verifierParams({ SALT: 'xyz' })),
      'PASSWORD_VERIFIER',
      'SALT',
    ],
    [
      'bad hex SRP_B',
      challenge('PASSWORD_VERIFIER', verifierParams({ SRP_B: '12g4' })),
      'PASSWORD_VERIFIER',
      'SRP_B',
    ],
    [
      'bad base64 SECRET_BLOCK',
      challenge('PASSWORD_VERIFIER', verifierParams({ SECRET_BLOCK: '!!!' })),
      'PASSWORD_VERIFIER',
      'SECRET_BLOCK',
    ],
    ['B = 0', challenge('PASSWORD_VERIFIER', verifierParams({ SRP_B: '00' })), 'PASSWORD_VERIFIER', 'SRP_B'],
    [
      'B = N',
      challenge('PASSWORD_VERIFIER', verifierParams({ SRP_B: SRP_N.toString(16) })),
      'PASSWORD_VERIFIER',
      'SRP_B',
    ],
    [
      'B = 2N',
      challenge('PASSWORD_VERIFIER', verifierParams({ SRP_B: (2n * SRP_N).toString(16) })),
      'PASSWORD_VERIFIER',
      'SRP_B',
    ],
    [
      'missing USER_ID_FOR_SRP',
      challenge('PASSWORD_VERIFIER', { ...verifierParams(), USER_ID_FOR_SRP: '', USERNAME: '' }),
      'PASSWORD_VERIFIER',
      'USER_ID_FOR_SRP',
    ],
    ['unknown challenge', challenge('TELEPATHY', {}), 'TELEPATHY', 'ChallengeName'],
    ['no challenge, no tokens', {}, 'InitiateAuth', 'ChallengeName'],
    ['missing Session on MFA', challenge('SOFTWARE_TOKEN_MFA', {}, ''), 'SOFTWARE_TOKEN_MFA', 'Session'],
    [
      'parameters not an object',
      { ChallengeName: 'SMS_MFA', ChallengeParameters: 'x', Session: 's' },
      'SMS_MFA',
      'ChallengeParameters',
    ],
    [
      'bad requiredAttributes JSON',
      challenge('NEW_PASSWORD_REQUIRED', { requiredAttributes: '[' }),
      'NEW_PASSWORD_REQUIRED',
      'requiredAttributes',
    ],
    [
      'bad MFAS_CAN_CHOOSE',
      challenge('SELECT_MFA_TYPE', { MFAS_CAN_CHOOSE: '{}' }),
      'SELECT_MFA_TYPE',
      'MFAS_CAN_CHOOSE',
    ],
    ['missing MFAS_CAN_SETUP', challenge('MFA_SETUP', {}), 'MFA_SETUP', 'MFAS_CAN_SETUP'],
    [
      'missing AvailableChallenges',
      challenge('SELECT_CHALLENGE', {}),
      'SELECT_CHALLENGE',
      'AvailableChallenges',
    ],
    [
      'bad CREDENTIAL_REQUEST_OPTIONS',
      challenge('WEB_AUTHN', { CREDENTIAL_REQUEST_OPTIONS: '"x"' }),
      'WEB_AUTHN',
      'CREDENTIAL_REQUEST_OPTIONS',
    ],
    ['body not an object', 'garbage', 'InitiateAuth', ''],
  ];
  it.each(cases)(
    '%s is a ProtocolError naming the challenge and field',
    async (_label, body, name, field) => {
      const error = failure(await respond(await afterInit(), 'InitiateAuth', body));
      expect(error).toBeInstanceOf(ProtocolError);
      expect((error as ProtocolError).challenge).toBe(name);
      if (field) expect((error as ProtocolError).field).toBe(field);
      expect(error.message).not.toContain(SECRETS.password);
    },
  );

  it('PASSWORD_VERIFIER in a flow that sent no SRP_A is a protocol error', async () => {
    const error = failure(
      await respond(
        await afterInit('USER_PASSWORD_AUTH'),
        'InitiateAuth',
        challenge('PASSWORD_VERIFIER', verifierParams()),
      ),
    );
    expect(error).toMatchObject({ code: 'PROTOCOL', challenge: 'PASSWORD_VERIFIER' });
  });

  it('tokens without AccessToken, or with a garbage JWT, are protocol errors', async () => {
    expect(
      failure(
        await respond(await afterInit('USER_PASSWORD_AUTH'), 'InitiateAuth', { AuthenticationResult: {} }),
      ),
    ).toMatchObject({
      code: 'PROTOCOL',
      field: 'AccessToken',
    });
    const garbage = { AuthenticationResult: { AccessToken: 'not.a.jwt!', ExpiresIn: 3600 } };
    expect(
      failure(await respond(await afterInit('USER_PASSWORD_AUTH'), 'InitiateAuth', garbage)),
    ).toMatchObject({
      code: 'PROTOCOL',
      challenge: 'InitiateAuth',
      field: 'AccessToken',
    });
  });

  it('DEVICE_PASSWORD_VERIFIER with bad fields names that challenge', async () => {
    const s1 = await start({ username: 'u', password: SECRETS.password }, env, device);
    const s2 = await respond(s1, 'InitiateAuth', challenge('PASSWORD_VERIFIER', verifierParams(), ''));
    const s3 = await respond(
      s2,
      'RespondToAuthChallenge',
      challenge('DEVICE_SRP_AUTH', { USERNAME: 'user-1' }),
    );
    const e = failure(
      await respond(
        s3,
        'RespondToAuthChallenge',
        challenge('DEVICE_PASSWORD_VERIFIER', verifierParams({ SRP_B: '0' })),
      ),
    );
    expect(e).toMatchObject({ code: 'PROTOCOL', challenge: 'DEVICE_PASSWORD_VERIFIER', field: 'SRP_B' });
  });

  it('events that do not fit the state are state errors', async () => {
    const s1 = await afterInit();
    await expect(
      transition(snap(s1), { type: 'answer', answer: { type: 'SMS_MFA', code: '1' } }, env),
    ).rejects.toThrow(expect.objectContaining({ code: 'INVALID_STATE' }));
    await expect(respond(s1, 'RespondToAuthChallenge', {})).rejects.toThrow(
      expect.objectContaining({ code: 'INVALID_STATE' }),
    );
    await expect(
      transition(initialSnapshot(), { type: 'response', operation: 'InitiateAuth', body: {} }, env),
    ).rejects.toThrow(expect.objectContaining({ code: 'INVALID_STATE' }));
  });

  it('a service error ends in the failed state with the typed error', async () => {
    const error = serviceError('NotAuthorizedException', 'Incorrect username or password.', 400);
    const result = await transition(snap(await afterInit()), { type: 'error', error }, env);
    expect(failure(result)).toBeInstanceOf(ServiceError);
    expect(failure(result).code).toBe('NOT_AUTHORIZED');
  });
});

describe('an asynchronous Hash port', () => {
  // Random and Clock are fixed, so the hash is the only difference between the two runs: every request (SRP_A,
  // signatures, SECRET_HASH, the device verifier) must come out byte for byte the same.
  async function run(hash: Hash): Promise<TransitionResult[]> {
    const e = testEnv({ clientSecret: SECRETS.clientSecret, hash });
    const s1 = await start({ username: 'alice@example.com', password: SECRETS.password }, e, device);
    const s2 = await respond(s1, 'InitiateAuth', challenge('PASSWORD_VERIFIER', verifierParams(), ''), e);
    const s3 = await respond(
      s2,
      'RespondToAuthChallenge',
      challenge('DEVICE_SRP_AUTH', { USERNAME: 'user-1' }, 'sess-d'),
      e,
    );
    const s4 = await respond(
      s3,
      'RespondToAuthChallenge',
      challenge('DEVICE_PASSWORD_VERIFIER', verifierParams(), 'sess-e'),
      e,
    );
    const n1 = await start({ username: 'bob', password: SECRETS.password, flow: 'USER_PASSWORD_AUTH' }, e);
    const n2 = await respond(
      n1,
      'InitiateAuth',
      {
        AuthenticationResult: authResult('bob', {
          NewDeviceMetadata: { DeviceKey: 'k-new', DeviceGroupKey: 'g' },
        }),
      },
      e,
    );
    return [s1, s2, s3, s4, n1, n2];
  }

  it('gives the same requests as nobleHash through user SRP, device SRP, SECRET_HASH and ConfirmDevice', async () => {
    const slow = asyncHash();
    const expected = await run(nobleHash);
    const got = await run(slow);
    expect(got.map(sendOf)).toEqual(expected.map(sendOf));
    expect(got.map((r) => r.state)).toEqual(expected.map((r) => r.state));
    expect(slow.calls.sha256).toBeGreaterThan(0);
    expect(slow.calls.hmacSHA256).toBeGreaterThan(0);
    const [s1, s2, s3, s4, , n2] = got.map(sendOf) as ReturnType<typeof sendOf>[];
    // The values themselves, not only their agreement: SECRET_HASH per request USERNAME, 32-byte signatures,
    // and a verifier that is g^x for the device password the machine drew.
    expect(s1!.body.AuthParameters.SECRET_HASH).toBe(
      hmacHash('alice@example.com', 'client123', SECRETS.clientSecret),
    );
    for (const s of [s2!, s3!, s4!]) {
      expect(s.body.ChallengeResponses.SECRET_HASH).toBe(
        hmacHash('user-1', 'client123', SECRETS.clientSecret),
      );
    }
    expect(Buffer.from(s2!.body.ChallengeResponses.PASSWORD_CLAIM_SIGNATURE, 'base64')).toHaveLength(32);
    expect(Buffer.from(s4!.body.ChallengeResponses.PASSWORD_CLAIM_SIGNATURE, 'base64')).toHaveLength(32);
    expect(s4!.body.ChallengeName).toBe('DEVICE_PASSWORD_VERIFIER');
    expect(n2!.operation).toBe('ConfirmDevice');
    const devicePassword = got[5]!.secrets.newDevice?.devicePassword;
    expect(typeof devicePassword).toBe('string');
    const config = n2!.body.DeviceSecretVerifierConfig;
    // x = H(padHex(salt) | H(groupKey + deviceKey + ":" + password)), with node:crypto's SHA-256.
    const inner = createHash('sha256').update(`gk-new:${devicePassword}`, 'utf8').digest();
    const x = BigInt(
      `0x${createHash('sha256').update(Buffer.from(config.Salt, 'base64')).update(inner).digest('hex')}`,
    );
    expect(BigInt(`0x${Buffer.from(config.PasswordVerifier, 'base64').toString('hex')}`)).toBe(
      modPowBigInt(2n, x, SRP_N),
    );
  });
});
