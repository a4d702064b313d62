// Every caller mistake of core's public operations, one row each: an InputError (code INVALID_INPUT) whose message
// names what was wrong and the expected form, and never repeats a secret that was passed in (issue 17).

import { describe, expect, it } from 'vitest';
import {
  autoSignIn,
  computeSecretHash,
  computeServerS,
  computeSRPClaim,
  computeX,
  confirmResetPassword,
  confirmSignIn,
  confirmSignUp,
  createAuthClient,
  createAuthorizationRequest,
  createDeviceVerifier,
  createSRPEphemeral,
  createSRPServerEphemeral,
  deleteUserAttributes,
  deleteWebAuthnCredential,
  fetchDevice,
  forgetDevice,
  formatTimestamp,
  getClientCredentialsTokens,
  hexFromBigInt,
  InputError,
  legacyStorageFrom,
  modPowBigInt,
  oauthConfig,
  resetPassword,
  signIn,
  signOutOfDomain,
  signUp,
  takeOverSession,
  updateMFAPreference,
  updatePassword,
  updateUserAttributes,
  userPoolRegion,
  verifyTOTPSetup,
} from '../src/index.js';
import type { OAuthHTTP, Random, Transport } from '../src/ports.js';
import { nobleHash } from '../src/srp/index.js';
import type { AuthClient } from '../src/types.js';
import { manualClock, memoryStore, nodeRandom } from './client-helpers.js';
import { NOW, SECRETS } from './machine-helpers.js';

const POOL = 'us-east-1_AbCdEf123';
const SECRET_VALUES = [...Object.values(SECRETS), 'TOKEN-SECRET-4d5e6f'];

/** A service that answers every InitiateAuth with the given challenge, so confirmSignIn has a step to answer. */
function challengeTransport(challenge: string, parameters: Record<string, string>): Transport {
  return {
    async send(operation) {
      if (operation !== 'InitiateAuth') throw new Error(`unexpected ${operation}`);
      return {
        ChallengeName: challenge,
        Session: 'S1',
        ChallengeParameters: { USER_ID_FOR_SRP: 'alice', ...parameters },
      } as never;
    },
  };
}

const http: OAuthHTTP = {
  request: () => Promise.reject(new Error('no request may be sent for a bad input')),
};

function client(
  options: { transport?: Transport; clientSecret?: string; oauth?: 'none' | 'no-http' } = {},
): AuthClient {
  const clock = manualClock(NOW);
  return createAuthClient({
    userPoolId: POOL,
    clientId: 'client1',
    ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
    transport: options.transport ?? {
      send: () => Promise.reject(new Error('no request may be sent for a bad input')),
    },
    store: memoryStore(clock),
    random: nodeRandom,
    clock,
    hash: nobleHash,
    ...(options.oauth === 'none'
      ? {}
      : {
          oauth: oauthConfig({
            domain: 'p.auth.us-east-1.amazoncognito.com',
            redirectUri: 'https://app.example/cb',
            ...(options.oauth === 'no-http' ? {} : { http }),
          }),
        }),
  });
}

/** The pending step of a sign-in that the service answered with `challenge`. */
async function waiting(challenge: string, parameters: Record<string, string> = {}) {
  const auth = client({ transport: challengeTransport(challenge, parameters) });
  const first = await signIn(auth, {
    username: 'alice',
    password: SECRETS.password,
    flow: 'USER_PASSWORD_AUTH',
  });
  if (first.status !== 'CHALLENGE') throw new Error(`expected a challenge, got ${first.status}`);
  return { auth, pending: first.pending };
}

const shortRandom: Random = { bytes: (length) => new Uint8Array(length - 1) };
const zeroRandom: Random = { bytes: (length) => new Uint8Array(length) };
const ports = { userPoolId: POOL, clientId: 'client1', store: memoryStore(), random: nodeRandom };

// [what is called, the part of the message that says what is wrong and what is expected]
const CASES: Array<[string, () => unknown, string]> = [
  // Configuration.
  ['createAuthClient without options', () => createAuthClient(null as never), 'needs an options object'],
  [
    'createAuthClient with a pool id without region',
    () => createAuthClient({ ...ports, userPoolId: 'AbCdEf123' } as never),
    'expected region_id',
  ],
  [
    'createAuthClient without clientId',
    () => createAuthClient({ ...ports, clientId: '' } as never),
    'clientId is empty: pass the app client id',
  ],
  [
    'createAuthClient without a hash port',
    () =>
      createAuthClient({
        ...ports,
        clientSecret: SECRETS.clientSecret,
        transport: { send: () => Promise.resolve({}) as never },
        clock: { now: () => NOW },
      } as never),
    'The hash port is missing',
  ],
  ['oauthConfig without settings', () => oauthConfig(null as never), 'oauthConfig needs a settings object'],
  ['oauthConfig without domain', () => oauthConfig({} as never), 'needs a domain or endpoints'],
  [
    'oauthConfig with a domain with a query',
    () => oauthConfig({ domain: 'https://p.example/?code=1' }),
    'domain must be a host name or an http(s) URL without query',
  ],
  [
    'oauthConfig with a domain with spaces',
    () => oauthConfig({ domain: ' p.example' }),
    'domain must be a host name',
  ],
  ['userPoolRegion of a bare id', () => userPoolRegion('AbCdEf123'), 'region_id'],

  // Sign-in.
  ['signIn without input', () => signIn(client(), null as never), 'signIn needs an object'],
  [
    'signIn with an empty username',
    () => signIn(client(), { username: ' ', password: SECRETS.password }),
    'username is empty',
  ],
  [
    'signIn with an unknown flow',
    () => signIn(client(), { username: 'alice', password: SECRETS.password, flow: 'X' as never }),
    'flow is one of USER_SRP_AUTH',
  ],
  [
    'signIn with a preferredChallenge outside USER_AUTH',
    () =>
      signIn(client(), { username: 'alice', password: SECRETS.password, preferredChallenge: 'EMAIL_OTP' }),
    'preferredChallenge needs flow USER_AUTH',
  ],
  [
    'signIn without a password',
    () => signIn(client(), { username: 'alice' }),
    'USER_SRP_AUTH needs a password',
  ],
  [
    'signIn with a rememberDevice that is not a boolean',
    () => signIn(client(), { username: 'alice', password: SECRETS.password, rememberDevice: 'yes' as never }),
    'rememberDevice is not a boolean',
  ],
  [
    'confirmSignIn with an answer for another step',
    async () => {
      const { auth, pending } = await waiting('SMS_MFA');
      return confirmSignIn(auth, pending, { type: 'SOFTWARE_TOKEN_MFA', code: SECRETS.code });
    },
    "The step is SMS_MFA: answer with { type: 'SMS_MFA'",
  ],
  [
    'confirmSignIn with an empty code',
    async () => {
      const { auth, pending } = await waiting('SMS_MFA');
      return confirmSignIn(auth, pending, { type: 'SMS_MFA', code: '' });
    },
    'code is empty',
  ],
  [
    'confirmSignIn with an MFA the step did not offer',
    async () => {
      const { auth, pending } = await waiting('SELECT_MFA_TYPE', {
        MFAS_CAN_CHOOSE: '["SMS_MFA","SOFTWARE_TOKEN_MFA"]',
      });
      return confirmSignIn(auth, pending, { type: 'SELECT_MFA_TYPE', mfa: 'EMAIL_OTP' as never });
    },
    'Pick one of SMS_MFA,SOFTWARE_TOKEN_MFA',
  ],
  [
    'confirmSignIn without an attribute the pool requires',
    async () => {
      const { auth, pending } = await waiting('NEW_PASSWORD_REQUIRED', {
        requiredAttributes: '["userAttributes.email"]',
        userAttributes: '{}',
      });
      return confirmSignIn(auth, pending, {
        type: 'NEW_PASSWORD_REQUIRED',
        newPassword: SECRETS.newPassword,
      });
    },
    'The attribute email is required',
  ],

  // Account.
  ['signUp without input', () => signUp(client(), null as never), 'signUp needs an input object'],
  [
    'signUp with an empty username',
    () => signUp(client(), { username: '', password: SECRETS.password }),
    'username must be a non-empty string',
  ],
  [
    'signUp with an empty password',
    () => signUp(client(), { username: 'alice', password: '' }),
    'password must be a non-empty string',
  ],
  [
    'signUp with an attribute that is not a string',
    () =>
      signUp(client(), { username: 'alice', password: SECRETS.password, attributes: { age: 5 as never } }),
    'attributes.age must be a string',
  ],
  [
    'signUp with attributes that are not an object',
    () => signUp(client(), { username: 'alice', password: SECRETS.password, attributes: 'x' as never }),
    'attributes must be an object of string values',
  ],
  [
    'confirmSignUp with an empty code',
    () => confirmSignUp(client(), { username: 'alice', confirmationCode: '' }),
    'confirmationCode must be a non-empty string',
  ],
  ['resetPassword without a username', () => resetPassword(client(), {} as never), 'username must be'],
  [
    'confirmResetPassword with an empty new password',
    () =>
      confirmResetPassword(client(), { username: 'alice', confirmationCode: SECRETS.code, newPassword: '' }),
    'newPassword must be a non-empty string',
  ],
  [
    'updatePassword with an empty old password',
    () => updatePassword(client(), 'alice', { oldPassword: '', newPassword: SECRETS.newPassword }),
    'oldPassword must be a non-empty string',
  ],
  [
    'updateUserAttributes with no attribute',
    () => updateUserAttributes(client(), 'alice', { attributes: {} }),
    'attributes must be a non-empty object of string values',
  ],
  [
    'deleteUserAttributes with no key',
    () => deleteUserAttributes(client(), 'alice', { attributeKeys: [] }),
    'attributeKeys must be a non-empty list of attribute names',
  ],
  [
    'updateMFAPreference with an unknown value',
    () => updateMFAPreference(client(), 'alice', { totp: 'YES' as never }),
    'totp must be one of ENABLED, DISABLED, PREFERRED, NOT_PREFERRED',
  ],
  [
    'updateMFAPreference with a bad webAuthn value',
    () => updateMFAPreference(client(), 'alice', { webAuthn: 'ON' as never }),
    'webAuthn must be ENABLED or DISABLED',
  ],
  [
    'updateMFAPreference with nothing to change',
    () => updateMFAPreference(client(), 'alice', {}),
    'changes nothing: pass sms, totp, email or webAuthn',
  ],
  [
    'updateMFAPreference without input',
    () => updateMFAPreference(client(), 'alice', null as never),
    'updateMFAPreference needs an input object',
  ],
  [
    'verifyTOTPSetup with an empty code',
    () => verifyTOTPSetup(client(), 'alice', { code: '' }),
    'code must be a non-empty string',
  ],
  ['autoSignIn without input', () => autoSignIn(client(), null as never), 'autoSignIn needs an input object'],
  [
    'autoSignIn with an empty username',
    () => autoSignIn(client(), { username: '' }),
    'username must be a non-empty string',
  ],
  [
    'forgetDevice with an empty deviceKey',
    () => forgetDevice(client(), 'alice', { deviceKey: '' }),
    'deviceKey must be a non-empty string',
  ],
  [
    'fetchDevice with an empty deviceKey',
    () => fetchDevice(client(), 'alice', { deviceKey: '' }),
    'deviceKey must be a non-empty string',
  ],
  [
    'deleteWebAuthnCredential with an empty id',
    () => deleteWebAuthnCredential(client(), 'alice', { credentialId: '' }),
    'credentialId must be a non-empty string',
  ],
  [
    'takeOverSession of a stored token that is not a JWT',
    () =>
      takeOverSession(
        client(),
        legacyStorageFrom({
          'CognitoIdentityServiceProvider.client1.LastAuthUser': 'alice',
          'CognitoIdentityServiceProvider.client1.alice.accessToken': 'TOKEN-SECRET-4d5e6f',
        }),
      ),
    'accessToken must be a JWT: remove it',
  ],

  // OAuth.
  [
    'createAuthorizationRequest with a redirectUri with a fragment',
    () => createAuthorizationRequest(client(), { redirectUri: 'https://app.example/cb#x' }),
    'redirectUri must be an absolute URL without fragment',
  ],
  [
    'createAuthorizationRequest with a scope with a space',
    () => createAuthorizationRequest(client(), { scopes: ['openid email'] }),
    'scopes must be a non-empty list of scope names without spaces',
  ],
  [
    'createAuthorizationRequest with provider and idpIdentifier',
    () => createAuthorizationRequest(client(), { provider: 'Google', idpIdentifier: 'g' }),
    'Pass either provider or idpIdentifier, not both',
  ],
  [
    'createAuthorizationRequest without OAuth',
    () => createAuthorizationRequest(client({ oauth: 'none' })),
    'OAuth is not configured: pass oauth: oauthConfig(',
  ],
  [
    'createAuthorizationRequest without an HTTP port',
    () => createAuthorizationRequest(client({ oauth: 'no-http' })),
    'OAuth has no HTTP port: pass http',
  ],
  [
    'getClientCredentialsTokens without a client secret',
    () => getClientCredentialsTokens(client()),
    'client_credentials needs clientSecret',
  ],
  [
    'getClientCredentialsTokens with a scope with a space',
    () => getClientCredentialsTokens(client({ clientSecret: SECRETS.clientSecret }), { scopes: ['a b'] }),
    'scopes must be a list of scope names without spaces',
  ],
  [
    'signOutOfDomain with a logoutUri with a fragment',
    () => signOutOfDomain(client(), 'alice', { logoutUri: 'https://app.example/#out' }),
    'logoutUri must be an absolute URL without fragment',
  ],

  // SRP and its ports.
  [
    'computeSecretHash with an empty username',
    () =>
      computeSecretHash({ username: '', clientId: 'c', clientSecret: SECRETS.clientSecret, hash: nobleHash }),
    'username, clientId and clientSecret must be non-empty strings',
  ],
  [
    'createDeviceVerifier without keys',
    () =>
      createDeviceVerifier({
        deviceGroupKey: '',
        deviceKey: 'k',
        random: nodeRandom,
        modPow: modPowBigInt,
        hash: nobleHash,
      }),
    'deviceGroupKey and deviceKey must be non-empty strings',
  ],
  [
    'createSRPEphemeral with a random port that returns too few bytes',
    () => createSRPEphemeral({ random: shortRandom, modPow: modPowBigInt }),
    'Random.bytes(128) is short',
  ],
  [
    'createSRPEphemeral with a random port that returns zeros',
    () => createSRPEphemeral({ random: zeroRandom, modPow: modPowBigInt }),
    'The random port must return random bytes',
  ],
  [
    'createSRPServerEphemeral with a verifier of 0',
    () => createSRPServerEphemeral({ verifier: 0n, random: nodeRandom, modPow: modPowBigInt }),
    'verifier must be a bigint in [1, N): make it with computeVerifier',
  ],
  [
    'createSRPServerEphemeral with secretBytes out of range',
    () =>
      createSRPServerEphemeral({ verifier: 2n, random: nodeRandom, modPow: modPowBigInt, secretBytes: 8 }),
    'secretBytes must be an integer from 32 to 384',
  ],
  [
    'computeServerS with A = 0',
    () => computeServerS({ A: 0n, verifier: 2n, u: 1n, b: 1n, modPow: modPowBigInt }),
    'A must not be 0 mod N',
  ],
  ['formatTimestamp of NaN', () => formatTimestamp(Number.NaN), 'Bad clock'],
  ['modPowBigInt with modulus 0', () => modPowBigInt(1n, 1n, 0n), 'modPow takes bigints with modulus > 0'],
  ['hexFromBigInt of a negative', () => hexFromBigInt(-1n), 'non-negative bigint'],
  [
    'computeX with a negative salt',
    () => computeX({ salt: -1n, poolName: 'p', userId: 'u', password: SECRETS.password, hash: nobleHash }),
    'salt must be a non-negative bigint or hex',
  ],
  [
    'computeSRPClaim with an empty password',
    () =>
      computeSRPClaim({
        poolName: 'p',
        userId: 'u',
        password: '',
        a: 5n,
        A: 7n,
        salt: 'ab',
        srpB: 'cd',
        secretBlock: 'AA==',
        timestamp: formatTimestamp(NOW),
        modPow: modPowBigInt,
        hash: nobleHash,
      }),
    'password must be a non-empty string',
  ],
];

describe('caller mistakes are InputErrors that say what to pass', () => {
  it.each(CASES)('%s', async (_name, call, expected) => {
    let caught: unknown;
    try {
      await call();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    const error = caught as InputError;
    expect(error.name).toBe('InputError');
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain(expected);
    for (const secret of SECRET_VALUES) expect(error.message).not.toContain(secret);
  });
});
