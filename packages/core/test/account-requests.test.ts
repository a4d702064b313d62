// The account module's pure parts: request builders (inputs checked, SECRET_HASH over the request's Username,
// metadata passed through) and answer readers (a malformed or hostile answer is a ProtocolError naming the field
// and never the value).

import { describe, expect, it } from 'vitest';
import {
  attributeMapOf,
  authFactorsOf,
  codeDeliveryOf,
  credentialOf,
  deviceOf,
  mfaPreferenceOf,
  pageOf,
  signUpOf,
} from '../src/account/parse.js';
import { attributeList, mfaPreferenceBody, publicRequest } from '../src/account/requests.js';
import { accessTokenError } from '../src/account/token-error.js';
import { InputError, ProtocolError, serviceError } from '../src/errors.js';
import { computeSecretHash, nobleHash } from '../src/index.js';
import { testEnv } from './machine-helpers.js';

const HOSTILE = 'SECRET-VALUE-123456';

function protocolError(read: () => unknown, field: string): void {
  let error: unknown;
  try {
    read();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ProtocolError);
  expect((error as ProtocolError).field).toBe(field);
  expect((error as ProtocolError).message).not.toContain(HOSTILE);
}

describe('account request builders', () => {
  it('adds SECRET_HASH over the Username for a confidential client, and the metadata', async () => {
    const env = testEnv({ clientSecret: 'the-client-secret' });
    const body = await publicRequest(
      env,
      'alice',
      { clientMetadata: { from: 'test' }, userContextData: { IpAddress: '10.0.0.1' } },
      { ConfirmationCode: '123456' },
    );
    expect(body).toEqual({
      ClientId: env.clientId,
      Username: 'alice',
      ConfirmationCode: '123456',
      SecretHash: await computeSecretHash({
        username: 'alice',
        clientId: env.clientId,
        clientSecret: 'the-client-secret',
        hash: nobleHash,
      }),
      ClientMetadata: { from: 'test' },
      UserContextData: { IpAddress: '10.0.0.1' },
    });
    // A public client sends no SecretHash at all.
    expect(await publicRequest(testEnv(), 'alice', undefined, {})).toEqual({
      ClientId: testEnv().clientId,
      Username: 'alice',
    });
  });

  it('refuses an empty username and attributes that are not strings, naming no value', async () => {
    await expect(publicRequest(testEnv(), '', undefined, {})).rejects.toBeInstanceOf(InputError);
    await expect(publicRequest(testEnv(), 42, undefined, {})).rejects.toBeInstanceOf(InputError);
    expect(attributeList({ email: 'a@example.com' }, 'attributes')).toEqual([
      { Name: 'email', Value: 'a@example.com' },
    ]);
    expect(attributeList(undefined, 'attributes', true)).toEqual([]);
    for (const bad of [null, [], 'x', { email: 1 }, {}]) {
      let error: unknown;
      try {
        attributeList(bad, 'attributes');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
    }
  });

  it("maps Amplify's MFA preference values to SetUserMFAPreference settings", () => {
    expect(mfaPreferenceBody({ totp: 'PREFERRED', sms: 'DISABLED', email: 'ENABLED' })).toEqual({
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      SMSMfaSettings: { Enabled: false, PreferredMfa: false },
      EmailMfaSettings: { Enabled: true },
    });
    expect(mfaPreferenceBody({ totp: 'NOT_PREFERRED', webAuthn: 'DISABLED' })).toEqual({
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: false },
      WebAuthnMfaSettings: { Enabled: false },
    });
    for (const bad of [{}, { totp: 'SOMETIMES' }, { webAuthn: 'PREFERRED' }, { sms: 'toString' }, null]) {
      expect(() => mfaPreferenceBody(bad as never)).toThrow(InputError);
    }
  });
});

describe('account answer readers', () => {
  it('reads well-formed answers', () => {
    expect(
      signUpOf({
        UserConfirmed: false,
        UserSub: 'sub-1',
        CodeDeliveryDetails: { DeliveryMedium: 'EMAIL', Destination: 'a***@e***', AttributeName: 'email' },
        Session: 'session-1',
      }),
    ).toEqual({
      confirmed: false,
      userSub: 'sub-1',
      details: { medium: 'EMAIL', destination: 'a***@e***', attributeName: 'email' },
      session: 'session-1',
    });
    expect(
      attributeMapOf(
        [
          { Name: 'email', Value: 'x' },
          { Name: 'phone_number', Value: null },
        ],
        'A',
        'Op',
      ),
    ).toEqual({
      email: 'x',
    });
    expect(
      mfaPreferenceOf(
        {
          UserMFASettingList: ['SOFTWARE_TOKEN_MFA', 'FUTURE_MFA'],
          PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA',
        },
        'GetUser',
      ),
    ).toEqual({
      enabled: ['TOTP'],
      preferred: 'TOTP',
    });
    expect(authFactorsOf({ ConfiguredUserAuthFactors: ['PASSWORD'] })).toEqual({
      enabled: [],
      configured: ['PASSWORD'],
    });
    const device = deviceOf(
      {
        DeviceKey: 'us-east-1_d',
        DeviceAttributes: [
          { Name: 'device_name', Value: 'laptop' },
          { Name: 'dev:device_remembered_status', Value: 'not_remembered' },
        ],
        DeviceCreateDate: 1_700_000_000,
      },
      'GetDevice',
    );
    expect(device).toMatchObject({ id: 'us-east-1_d', name: 'laptop', remembered: false });
    expect(device.createDate?.getTime()).toBe(1_700_000_000_000);
    expect(
      pageOf({ Devices: [], PaginationToken: 'next' }, 'ListDevices', 'Devices', 'PaginationToken', (x) => x),
    ).toEqual({
      items: [],
      next: 'next',
    });
    expect(credentialOf({ CredentialId: 'c1', CreatedAt: 1 })).toEqual({
      credentialId: 'c1',
      authenticatorTransports: [],
      createdAt: new Date(1000),
    });
  });

  it('turns every malformed field into a ProtocolError naming it', () => {
    protocolError(() => signUpOf(HOSTILE), 'answer');
    protocolError(() => signUpOf({ UserConfirmed: HOSTILE, UserSub: 's' }), 'UserConfirmed');
    protocolError(() => signUpOf({ UserConfirmed: true }), 'UserSub');
    protocolError(() => signUpOf({ UserConfirmed: true, UserSub: 's', Session: 7 }), 'Session');
    protocolError(() => codeDeliveryOf(HOSTILE, 'SignUp'), 'CodeDeliveryDetails');
    protocolError(() => codeDeliveryOf({ Destination: { x: HOSTILE } }, 'SignUp'), 'Destination');
    protocolError(() => attributeMapOf(HOSTILE, 'UserAttributes', 'GetUser'), 'UserAttributes');
    protocolError(
      () => attributeMapOf([{ Name: 'email', Value: 5 }], 'UserAttributes', 'GetUser'),
      'UserAttributes',
    );
    protocolError(() => attributeMapOf([{ Value: HOSTILE }], 'UserAttributes', 'GetUser'), 'UserAttributes');
    protocolError(() => mfaPreferenceOf({ UserMFASettingList: HOSTILE }, 'GetUser'), 'UserMFASettingList');
    protocolError(() => mfaPreferenceOf({ PreferredMfaSetting: 1 }, 'GetUser'), 'PreferredMfaSetting');
    protocolError(() => authFactorsOf({ ConfiguredUserAuthFactors: [1] }), 'ConfiguredUserAuthFactors');
    protocolError(() => deviceOf({ DeviceAttributes: [] }, 'GetDevice'), 'DeviceKey');
    protocolError(
      () => deviceOf({ DeviceKey: 'k', DeviceCreateDate: HOSTILE }, 'GetDevice'),
      'DeviceCreateDate',
    );
    protocolError(
      () => deviceOf({ DeviceKey: 'k', DeviceAttributes: HOSTILE }, 'GetDevice'),
      'DeviceAttributes',
    );
    protocolError(() => deviceOf(undefined, 'GetDevice'), 'Device');
    protocolError(
      () => pageOf({ Devices: HOSTILE }, 'ListDevices', 'Devices', 'PaginationToken', (x) => x),
      'Devices',
    );
    protocolError(
      () =>
        pageOf({ Devices: [], PaginationToken: 3 }, 'ListDevices', 'Devices', 'PaginationToken', (x) => x),
      'PaginationToken',
    );
    protocolError(() => credentialOf({ CredentialId: '' }), 'CredentialId');
    protocolError(
      () => credentialOf({ CredentialId: 'c', AuthenticatorTransports: HOSTILE }),
      'AuthenticatorTransports',
    );
  });
});

describe('the account error codes', () => {
  it('tells a revoked or expired access token apart from other NotAuthorized answers, keeping the type', () => {
    for (const [message, code] of [
      ['Access Token has been revoked', 'TOKEN_REVOKED'],
      ['Access Token has expired', 'TOKEN_EXPIRED'],
      ['Incorrect username or password.', 'NOT_AUTHORIZED'],
      ['Invalid session for the user, session is expired.', 'SESSION_EXPIRED'],
    ]) {
      expect(accessTokenError(serviceError('NotAuthorizedException', message, 400))).toMatchObject({
        code,
        type: 'NotAuthorizedException',
      });
    }
  });

  it('gives the account operations their own codes', () => {
    for (const [type, code] of [
      ['CodeDeliveryFailureException', 'CODE_DELIVERY_FAILURE'],
      // Every other type keeps SERVICE_ERROR, with the service's type beside it.
      ['UserLambdaValidationException', 'SERVICE_ERROR'],
    ]) {
      expect(serviceError(type!, 'm', 400).code).toBe(code);
    }
  });
});
