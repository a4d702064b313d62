// The wire protocol and the service's rules: errors and statuses, CORS, SECRET_HASH, sessions, devices, refresh,
// revocation, MFA kinds, USER_AUTH, CUSTOM_AUTH hooks; driven with raw JSON and an SRP client on core's exports.
import { createHmac } from 'node:crypto';
import { userPoolName } from '@cogflow/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CustomAuthTriggers, type Emulator, emulatorControl, startEmulator } from '../src/index.js';
import { totpFor } from './helpers.js';
import { type Challenge, call, claim, deviceVerifier, ok, srpSignIn, srpStart } from './wire.js';

const PASSWORD = 'Correct-Horse-9!';
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

let lastVerifyMetadata: Record<string, string> | undefined;

const triggers: CustomAuthTriggers = {
  defineAuthChallenge: (event) => {
    const s = event.request.session ?? [];
    const last = s.at(-1);
    if (s.length === 1 && last?.challengeName === 'SRP_A') event.response.challengeName = 'PASSWORD_VERIFIER';
    else if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult && event.userName === 'both')
      event.response.challengeName = 'SOFTWARE_TOKEN_MFA';
    else if (last?.challengeName === 'SOFTWARE_TOKEN_MFA' && last.challengeResult)
      event.response.issueTokens = true;
    else if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult)
      event.response.issueTokens = true;
    else if (s.filter((x) => x.challengeName === 'CUSTOM_CHALLENGE').length >= 2)
      event.response.failAuthentication = true;
    else event.response.challengeName = 'CUSTOM_CHALLENGE';
    return event;
  },
  createAuthChallenge: (event) => {
    event.response.publicChallengeParameters = { question: 'What is 6 x 7?' };
    event.response.privateChallengeParameters = { answer: '42' };
    event.response.challengeMetadata = 'MULTIPLY';
  },
  verifyAuthChallengeResponse: async (event) => {
    lastVerifyMetadata = event.request.clientMetadata;
    event.response.answerCorrect =
      event.request.challengeAnswer === event.request.privateChallengeParameters?.answer;
    return event;
  },
};

let emu: Emulator;
let poolId: string;
let publicId: string;
let secretClient: { id: string; secret: string };
let rotatingId: string;

beforeAll(async () => {
  emu = await startEmulator({
    triggers,
    seed: {
      pools: [
        {
          name: 'main',
          mfaConfiguration: 'OPTIONAL',
          enabledMfas: ['SOFTWARE_TOKEN_MFA', 'SMS_MFA', 'EMAIL_OTP'],
          deviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
          signInPolicy: { allowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'] },
          clients: [
            { name: 'public' },
            { name: 'confidential', generateSecret: true },
            { name: 'rotating', refreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 } },
          ],
          users: [
            { username: 'plain', password: PASSWORD, attributes: { email: 'plain@example.com' } },
            { username: 'plain2', password: PASSWORD },
            {
              username: 'sms',
              password: PASSWORD,
              attributes: { phone_number: '+15555550100' },
              mfaPreference: { sms: true },
            },
            {
              username: 'email',
              password: PASSWORD,
              attributes: { email: 'email@example.com' },
              mfaPreference: { email: true },
            },
            {
              username: 'both',
              password: PASSWORD,
              attributes: { email: 'both@example.com' },
              softwareTokenSecret: TOTP_SECRET,
              mfaPreference: { totp: true, email: true },
            },
            { username: 'device', password: PASSWORD, softwareTokenSecret: TOTP_SECRET },
            {
              username: 'passwordless',
              attributes: { email: 'pl@example.com', phone_number: '+15555550101' },
            },
          ],
        },
      ],
    },
  });
  const pool = emu.pools.main as { id: string; clients: Record<string, { id: string; secret?: string }> };
  poolId = pool.id;
  publicId = pool.clients.public?.id as string;
  secretClient = {
    id: pool.clients.confidential?.id as string,
    secret: pool.clients.confidential?.secret as string,
  };
  rotatingId = pool.clients.rotating?.id as string;
});

afterAll(async () => {
  await emu?.stop();
});

const secretHash = (name: string): string =>
  createHmac('sha256', secretClient.secret).update(`${name}${secretClient.id}`).digest('base64');

describe('JSON 1.1 protocol', () => {
  it('answers errors with __type, a message, a 400 and the x-amzn-ErrorType header', async () => {
    const r = await call(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: publicId,
      AuthParameters: { USERNAME: 'plain', PASSWORD: 'Wrong-Pass-1!' },
    });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ __type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    expect(r.headers.get('x-amzn-errortype')).toBe('NotAuthorizedException:');
    expect(r.headers.get('x-amzn-errormessage')).toBe('Incorrect username or password.');
    expect(r.headers.get('content-type')).toBe('application/x-amz-json-1.1');
  });

  it('names a missing parameter with InvalidParameterException, an unknown client with ResourceNotFoundException', async () => {
    const missing = await call(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: publicId,
      AuthParameters: { USERNAME: 'plain' },
    });
    expect(missing.body.__type).toBe('InvalidParameterException');
    expect(String(missing.body.message)).toContain('SRP_A');
    const unknown = await call(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: 'nope',
      AuthParameters: {},
    });
    expect(unknown.body.__type).toBe('ResourceNotFoundException');
  });

  it('answers CORS preflight and exposes the error header to pages on other origins', async () => {
    const res = await fetch(emu.endpoint, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-amz-target,content-type,x-amz-user-agent',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toContain('x-amz-target');
    expect(res.headers.get('access-control-allow-headers')).toContain('x-amz-user-agent');
    expect(res.headers.get('access-control-expose-headers')).toContain('x-amzn-errortype');
  });

  it('serves the JWKS and an OpenID configuration per pool', async () => {
    const jwks = (await (await fetch(`${emu.endpoint}/${poolId}/.well-known/jwks.json`)).json()) as {
      keys: { kty: string; alg: string; kid: string }[];
    };
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    const oidc = (await (
      await fetch(`${emu.endpoint}/${poolId}/.well-known/openid-configuration`)
    ).json()) as { jwks_uri: string };
    expect(oidc.jwks_uri).toBe(`${emu.endpoint}/${poolId}/.well-known/jwks.json`);
  });
});

describe('SRP and SECRET_HASH', () => {
  it('refuses a wrong SRP password, and an unknown user the same way (no user-existence leak)', async () => {
    const wrong = await srpSignIn(emu.endpoint, poolId, publicId, 'plain', 'Not-It-1!');
    expect(wrong.body).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    const ghost = await srpSignIn(emu.endpoint, poolId, publicId, 'ghost', PASSWORD);
    expect(ghost.body).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('refuses a replayed SECRET_BLOCK, a malformed TIMESTAMP and one whose weekday is wrong', async () => {
    const eph = srpStart();
    const init = await ok(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: publicId,
      AuthParameters: { USERNAME: 'plain2', SRP_A: eph.srpA },
    });
    const params = (init as Challenge).ChallengeParameters as Record<string, string>;
    // A claim signed over a day-of-month with a leading zero (a known client bug) is refused ...
    const sept7 = await claim(
      eph,
      params,
      userPoolName(poolId),
      'plain2',
      PASSWORD,
      Date.UTC(2021, 8, 7, 8, 0, 0),
    );
    expect(sept7.TIMESTAMP).toBe('Tue Sep 7 08:00:00 UTC 2021');
    const padded = await call(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: publicId,
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: { USERNAME: 'plain2', ...sept7, TIMESTAMP: 'Tue Sep 07 08:00:00 UTC 2021' },
    });
    expect(padded.body.__type).toBe('NotAuthorizedException');
    // ... and the SECRET_BLOCK it used is spent, so even a right claim on it is refused.
    const replay = await call(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: publicId,
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: { USERNAME: 'plain2', ...sept7 },
    });
    expect(replay.body.__type).toBe('NotAuthorizedException');
    // A claim rightly signed over a TIMESTAMP whose weekday is not its date's (7 Sep 2021 was a Tuesday): the
    // service parses the date, so this is refused too.
    const eph2 = srpStart();
    const init2 = await ok(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: publicId,
      AuthParameters: { USERNAME: 'plain2', SRP_A: eph2.srpA },
    });
    const params2 = (init2 as Challenge).ChallengeParameters as Record<string, string>;
    const realm = userPoolName(poolId);
    const wrongDay = await claim(eph2, params2, realm, 'plain2', PASSWORD, 0, 'Wed Sep 7 08:00:00 UTC 2021');
    const refused = await call(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: publicId,
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: { USERNAME: 'plain2', ...wrongDay },
    });
    expect(refused.body.__type).toBe('NotAuthorizedException');
    // A fresh sign-in with a well-formed claim works, however far its clock is from the emulator's (no skew check).
    const eph3 = srpStart();
    const init3 = await ok(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: publicId,
      AuthParameters: { USERNAME: 'plain2', SRP_A: eph3.srpA },
    });
    const params3 = (init3 as Challenge).ChallengeParameters as Record<string, string>;
    const rightDay = await claim(eph3, params3, realm, 'plain2', PASSWORD, 0, 'Tue Sep 7 08:00:00 UTC 2021');
    const fresh = await ok(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: publicId,
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: { USERNAME: 'plain2', ...rightDay },
    });
    expect((fresh as Challenge).AuthenticationResult?.AccessToken).toBeTypeOf('string');
  });

  it('checks SECRET_HASH for a client with a secret', async () => {
    const missing = await srpSignIn(emu.endpoint, poolId, secretClient.id, 'plain', PASSWORD);
    expect(missing.body.__type).toBe('NotAuthorizedException');
    expect(String(missing.body.message)).toContain('SECRET_HASH was not received');
    const wrong = await srpSignIn(emu.endpoint, poolId, secretClient.id, 'plain', PASSWORD, {
      secretHash: () => 'AAAA',
    });
    expect(String(wrong.body.message)).toContain('Unable to verify secret hash');
    const right = await srpSignIn(emu.endpoint, poolId, secretClient.id, 'plain', PASSWORD, { secretHash });
    expect((right.body as Challenge).AuthenticationResult?.AccessToken).toBeDefined();
  });
});

describe('MFA challenges and sessions', () => {
  it('SMS_MFA: the delivered code works; a wrong code is CodeMismatchException; a spent session is refused', async () => {
    const r = (await srpSignIn(emu.endpoint, poolId, publicId, 'sms', PASSWORD)).body as Challenge;
    expect(r.ChallengeName).toBe('SMS_MFA');
    expect(r.ChallengeParameters?.CODE_DELIVERY_DELIVERY_MEDIUM).toBe('SMS');
    expect(r.ChallengeParameters?.CODE_DELIVERY_DESTINATION).toBe('+*******0100');
    const code = await emu.control.lastCode({ username: 'sms' });
    expect(code).toMatch(/^\d{6}$/);
    const wrongCode = code === '000000' ? '111111' : '000000';
    const wrong = await call(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: publicId,
      ChallengeName: 'SMS_MFA',
      Session: r.Session,
      ChallengeResponses: { USERNAME: 'sms', SMS_MFA_CODE: wrongCode },
    });
    expect(wrong.body.__type).toBe('CodeMismatchException');
    const right = await ok(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: publicId,
      ChallengeName: 'SMS_MFA',
      Session: r.Session,
      ChallengeResponses: { USERNAME: 'sms', SMS_MFA_CODE: code },
    });
    expect((right as Challenge).AuthenticationResult?.AccessToken).toBeDefined();
    const again = await call(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: publicId,
      ChallengeName: 'SMS_MFA',
      Session: r.Session,
      ChallengeResponses: { USERNAME: 'sms', SMS_MFA_CODE: code },
    });
    expect(again.body.__type).toBe('NotAuthorizedException');
  });

  it('sessions expire after 3 minutes on the emulator clock, and are bound to their app client', async () => {
    const r = (await srpSignIn(emu.endpoint, poolId, publicId, 'sms', PASSWORD)).body as Challenge;
    const code = await emu.control.lastCode({ username: 'sms' });
    const foreign = await call(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: rotatingId,
      ChallengeName: 'SMS_MFA',
      Session: r.Session,
      ChallengeResponses: { USERNAME: 'sms', SMS_MFA_CODE: code },
    });
    expect(foreign.body.__type).toBe('NotAuthorizedException');
    await emu.control.advanceClock(3 * 60 * 1000 + 1);
    const late = await call(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: publicId,
      ChallengeName: 'SMS_MFA',
      Session: r.Session,
      ChallengeResponses: { USERNAME: 'sms', SMS_MFA_CODE: code },
    });
    expect(late.body).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
    });
  });

  it('EMAIL_OTP as MFA, and SELECT_MFA_TYPE when two are enabled without a preference', async () => {
    const e = (await srpSignIn(emu.endpoint, poolId, publicId, 'email', PASSWORD)).body as Challenge;
    expect(e.ChallengeName).toBe('EMAIL_OTP');
    const code = (await emulatorControl(emu.endpoint).lastCode({ username: 'email@example.com' })) as string;
    const done = await ok(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: publicId,
      ChallengeName: 'EMAIL_OTP',
      Session: e.Session,
      ChallengeResponses: { USERNAME: 'email', EMAIL_OTP_CODE: code },
    });
    expect((done as Challenge).AuthenticationResult).toBeDefined();

    const s = (await srpSignIn(emu.endpoint, poolId, publicId, 'both', PASSWORD)).body as Challenge;
    expect(s.ChallengeName).toBe('SELECT_MFA_TYPE');
    expect(JSON.parse(s.ChallengeParameters?.MFAS_CAN_CHOOSE as string)).toEqual([
      'SOFTWARE_TOKEN_MFA',
      'EMAIL_OTP',
    ]);
    const t = (await ok(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: publicId,
      ChallengeName: 'SELECT_MFA_TYPE',
      Session: s.Session,
      ChallengeResponses: { USERNAME: 'both', ANSWER: 'SOFTWARE_TOKEN_MFA' },
    })) as Challenge;
    expect(t.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const totp = totpFor(TOTP_SECRET).generate({ timestamp: await emu.control.now() });
    const fin = (await ok(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: publicId,
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: t.Session,
      ChallengeResponses: { USERNAME: 'both', SOFTWARE_TOKEN_MFA_CODE: totp },
    })) as Challenge;
    expect(fin.AuthenticationResult?.AccessToken).toBeDefined();
  });
});

describe('devices', () => {
  it('user opt-in: not remembered, MFA then device SRP; remembered only after UpdateDeviceStatus, then DEVICE_SRP_AUTH skips MFA; forgotten -> ResourceNotFoundException', async () => {
    const totpNow = async (): Promise<string> => emu.control.totpCode({ username: 'device' });
    const first = (await srpSignIn(emu.endpoint, poolId, publicId, 'device', PASSWORD)).body as Challenge;
    expect(first.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const tokens = (await ok(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: publicId,
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: first.Session,
      ChallengeResponses: { USERNAME: 'device', SOFTWARE_TOKEN_MFA_CODE: await totpNow() },
    })) as Challenge;
    const meta = tokens.AuthenticationResult?.NewDeviceMetadata as {
      DeviceKey: string;
      DeviceGroupKey: string;
    };
    expect(meta.DeviceKey).toMatch(/^us-east-1_[0-9a-f-]{36}$/);
    const access = tokens.AuthenticationResult?.AccessToken as string;
    const verifier = await deviceVerifier(meta.DeviceGroupKey, meta.DeviceKey);
    const confirmed = await ok(emu.endpoint, 'ConfirmDevice', {
      AccessToken: access,
      DeviceKey: meta.DeviceKey,
      DeviceName: 'test',
      DeviceSecretVerifierConfig: verifier.verifierConfig,
    });
    expect(confirmed).toEqual({ UserConfirmationNecessary: true });

    /** The device's proof (DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER) on the session of the challenge `r`. */
    const deviceProof = async (r: Challenge, password: string): Promise<Challenge | { __type: string }> => {
      expect(r.ChallengeName).toBe('DEVICE_SRP_AUTH');
      const eph = srpStart();
      const dv = (await ok(emu.endpoint, 'RespondToAuthChallenge', {
        ClientId: publicId,
        ChallengeName: 'DEVICE_SRP_AUTH',
        Session: r.Session,
        ChallengeResponses: { USERNAME: 'device', DEVICE_KEY: meta.DeviceKey, SRP_A: eph.srpA },
      })) as Challenge;
      expect(dv.ChallengeName).toBe('DEVICE_PASSWORD_VERIFIER');
      const params = dv.ChallengeParameters as Record<string, string>;
      const res = await call(emu.endpoint, 'RespondToAuthChallenge', {
        ClientId: publicId,
        ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
        Session: dv.Session,
        ChallengeResponses: {
          USERNAME: 'device',
          DEVICE_KEY: meta.DeviceKey,
          ...(await claim(eph, params, meta.DeviceGroupKey, meta.DeviceKey, password)),
        },
      });
      return res.body as Challenge;
    };
    const passwordWithDevice = async (): Promise<Challenge> =>
      (await srpSignIn(emu.endpoint, poolId, publicId, 'device', PASSWORD, { deviceKey: meta.DeviceKey }))
        .body as Challenge;
    const answerTotp = async (r: Challenge, withDeviceKey: boolean): Promise<Challenge> =>
      (await ok(emu.endpoint, 'RespondToAuthChallenge', {
        ClientId: publicId,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: r.Session,
        ChallengeResponses: {
          USERNAME: 'device',
          SOFTWARE_TOKEN_MFA_CODE: await totpNow(),
          ...(withDeviceKey ? { DEVICE_KEY: meta.DeviceKey } : {}),
        },
      })) as Challenge;
    // Tracked but not remembered: MFA comes first; its answer names the device, which then proves itself.
    const notYet = await passwordWithDevice();
    expect(notYet.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    await emu.control.advanceClock(30_000);
    const proven = (await deviceProof(await answerTotp(notYet, true), verifier.devicePassword)) as Challenge;
    expect(proven.AuthenticationResult?.AccessToken).toBeDefined();
    expect(proven.AuthenticationResult?.NewDeviceMetadata).toBeUndefined();
    const provenAccess = String(proven.AuthenticationResult?.AccessToken);
    const claims = JSON.parse(Buffer.from(provenAccess.split('.')[1] ?? '', 'base64url').toString());
    expect(claims.device_key).toBe(meta.DeviceKey);
    // An MFA answer without DEVICE_KEY ends the sign-in as from a new device.
    await emu.control.advanceClock(30_000);
    const unnamed = await answerTotp(await passwordWithDevice(), false);
    const fresh = unnamed.AuthenticationResult?.NewDeviceMetadata as { DeviceKey: string } | undefined;
    expect(fresh?.DeviceKey).toMatch(/^us-east-1_/);
    expect(fresh?.DeviceKey).not.toBe(meta.DeviceKey);
    await ok(emu.endpoint, 'UpdateDeviceStatus', {
      AccessToken: access,
      DeviceKey: meta.DeviceKey,
      DeviceRememberedStatus: 'remembered',
    });
    // Remembered: the device proves itself straight after the password and stands in for MFA.
    const deviceSignIn = async (password: string): Promise<Challenge | { __type: string }> =>
      deviceProof(await passwordWithDevice(), password);
    const trusted = (await deviceSignIn(verifier.devicePassword)) as Challenge;
    expect(trusted.AuthenticationResult?.AccessToken).toBeDefined();
    expect(trusted.AuthenticationResult?.NewDeviceMetadata).toBeUndefined();
    const wrong = await deviceSignIn(`${verifier.devicePassword}x`);
    expect(wrong).toEqual({ __type: 'NotAuthorizedException', message: 'Incorrect username or password.' });

    const device = await ok(emu.endpoint, 'GetDevice', { AccessToken: access, DeviceKey: meta.DeviceKey });
    expect((device.Device as { DeviceKey: string }).DeviceKey).toBe(meta.DeviceKey);
    await ok(emu.endpoint, 'AdminForgetDevice', {
      UserPoolId: poolId,
      Username: 'device',
      DeviceKey: meta.DeviceKey,
    });
    const gone = await srpSignIn(emu.endpoint, poolId, publicId, 'device', PASSWORD, {
      deviceKey: meta.DeviceKey,
    });
    expect(gone.body).toEqual({ __type: 'ResourceNotFoundException', message: 'Device does not exist.' });
    // Forgetting a device also ends the tokens issued with it.
    const revoked = await call(emu.endpoint, 'GetUser', {
      AccessToken: trusted.AuthenticationResult?.AccessToken,
    });
    expect(revoked.body.__type).toBe('NotAuthorizedException');
  });

  it('ListDevices pages; ForgetDevice removes one; GetDevice on it is ResourceNotFoundException', async () => {
    const keys: string[] = [];
    let access = '';
    for (let i = 0; i < 3; i++) {
      const r = (await ok(emu.endpoint, 'InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: publicId,
        AuthParameters: { USERNAME: 'plain2', PASSWORD },
      })) as Challenge;
      const meta = r.AuthenticationResult?.NewDeviceMetadata as { DeviceKey: string; DeviceGroupKey: string };
      access = r.AuthenticationResult?.AccessToken as string;
      await ok(emu.endpoint, 'ConfirmDevice', {
        AccessToken: access,
        DeviceKey: meta.DeviceKey,
        DeviceSecretVerifierConfig: (await deviceVerifier(meta.DeviceGroupKey, meta.DeviceKey))
          .verifierConfig,
      });
      keys.push(meta.DeviceKey);
    }
    const first = await ok(emu.endpoint, 'ListDevices', { AccessToken: access, Limit: 2 });
    expect((first.Devices as unknown[]).length).toBe(2);
    const second = await ok(emu.endpoint, 'ListDevices', {
      AccessToken: access,
      Limit: 2,
      PaginationToken: first.PaginationToken,
    });
    expect(second.PaginationToken).toBeUndefined();
    const listed = [
      ...(first.Devices as { DeviceKey: string }[]),
      ...(second.Devices as { DeviceKey: string }[]),
    ].map((d) => d.DeviceKey);
    expect(listed.sort()).toEqual([...keys].sort());
    await ok(emu.endpoint, 'ForgetDevice', { AccessToken: access, DeviceKey: keys[0] });
    const gone = await call(emu.endpoint, 'GetDevice', { AccessToken: access, DeviceKey: keys[0] });
    expect(gone.body).toEqual({ __type: 'ResourceNotFoundException', message: 'Device does not exist.' });
    expect(
      ((await ok(emu.endpoint, 'ListDevices', { AccessToken: access })).Devices as unknown[]).length,
    ).toBe(2);
  });
});

describe('refresh and sign-out', () => {
  it('a rotating client refuses REFRESH_TOKEN_AUTH; GetTokensFromRefreshToken rotates with a grace period', async () => {
    const signIn = (await srpSignIn(emu.endpoint, poolId, rotatingId, 'plain', PASSWORD)).body as Challenge;
    const refresh = signIn.AuthenticationResult?.RefreshToken as string;
    const deviceKey = signIn.AuthenticationResult?.NewDeviceMetadata?.DeviceKey as string;
    const refused = await call(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: rotatingId,
      AuthParameters: { REFRESH_TOKEN: refresh, DEVICE_KEY: deviceKey },
    });
    expect(refused.body.__type).toBe('NotAuthorizedException');
    const rotated = (await ok(emu.endpoint, 'GetTokensFromRefreshToken', {
      RefreshToken: refresh,
      ClientId: rotatingId,
      DeviceKey: deviceKey,
    })) as Challenge;
    const next = rotated.AuthenticationResult?.RefreshToken as string;
    expect(next).toBeDefined();
    expect(next).not.toBe(refresh);
    // Within the grace period the old one still works (a retry after a lost answer) ...
    await ok(emu.endpoint, 'GetTokensFromRefreshToken', {
      RefreshToken: refresh,
      ClientId: rotatingId,
      DeviceKey: deviceKey,
    });
    await emu.control.advanceClock(11_000);
    // ... after it, never again; the new one does.
    const late = await call(emu.endpoint, 'GetTokensFromRefreshToken', {
      RefreshToken: refresh,
      ClientId: rotatingId,
      DeviceKey: deviceKey,
    });
    expect(late.body.__type).toBe('NotAuthorizedException');
    await ok(emu.endpoint, 'GetTokensFromRefreshToken', {
      RefreshToken: next,
      ClientId: rotatingId,
      DeviceKey: deviceKey,
    });
  });

  it('refresh with device tracking needs the DEVICE_KEY; RevokeToken ends the refresh token and its access tokens', async () => {
    const signIn = (await srpSignIn(emu.endpoint, poolId, publicId, 'plain', PASSWORD)).body as Challenge;
    const result = signIn.AuthenticationResult as NonNullable<Challenge['AuthenticationResult']>;
    const deviceKey = result.NewDeviceMetadata?.DeviceKey as string;
    const noDevice = await call(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: publicId,
      AuthParameters: { REFRESH_TOKEN: result.RefreshToken },
    });
    expect(noDevice.body).toEqual({ __type: 'NotAuthorizedException', message: 'Invalid Refresh Token.' });
    const refreshed = (await ok(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: publicId,
      AuthParameters: { REFRESH_TOKEN: result.RefreshToken, DEVICE_KEY: deviceKey },
    })) as Challenge;
    expect(refreshed.AuthenticationResult?.RefreshToken).toBeUndefined();
    await ok(emu.endpoint, 'GetUser', { AccessToken: refreshed.AuthenticationResult?.AccessToken });
    await ok(emu.endpoint, 'RevokeToken', { Token: result.RefreshToken, ClientId: publicId });
    for (const token of [result.AccessToken, refreshed.AuthenticationResult?.AccessToken]) {
      const r = await call(emu.endpoint, 'GetUser', { AccessToken: token });
      expect(r.body.__type).toBe('NotAuthorizedException');
    }
    const again = await call(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: publicId,
      AuthParameters: { REFRESH_TOKEN: result.RefreshToken, DEVICE_KEY: deviceKey },
    });
    expect(again.body.__type).toBe('NotAuthorizedException');
  });

  it('access tokens expire on the emulator clock', async () => {
    const signIn = (await srpSignIn(emu.endpoint, poolId, publicId, 'plain2', PASSWORD)).body as Challenge;
    await ok(emu.endpoint, 'GetUser', { AccessToken: signIn.AuthenticationResult?.AccessToken });
    await emu.control.advanceClock(61 * 60 * 1000);
    const r = await call(emu.endpoint, 'GetUser', { AccessToken: signIn.AuthenticationResult?.AccessToken });
    expect(r.body).toEqual({ __type: 'NotAuthorizedException', message: 'Access Token has expired' });
  });
});

describe('USER_AUTH and CUSTOM_AUTH', () => {
  it('offers SELECT_CHALLENGE, signs in passwordless with EMAIL_OTP, and honours PREFERRED_CHALLENGE', async () => {
    const init = (await ok(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_AUTH',
      ClientId: publicId,
      AuthParameters: { USERNAME: 'passwordless' },
    })) as Challenge;
    expect(init.ChallengeName).toBe('SELECT_CHALLENGE');
    expect(init.AvailableChallenges).toEqual(['EMAIL_OTP', 'SMS_OTP']);
    const otp = (await ok(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: publicId,
      ChallengeName: 'SELECT_CHALLENGE',
      Session: init.Session,
      ChallengeResponses: { USERNAME: 'passwordless', ANSWER: 'EMAIL_OTP' },
    })) as Challenge;
    expect(otp.ChallengeName).toBe('EMAIL_OTP');
    const code = (await emu.control.lastCode({ username: 'passwordless' })) as string;
    expect(code).toMatch(/^\d{8}$/);
    const done = (await ok(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: publicId,
      ChallengeName: 'EMAIL_OTP',
      Session: otp.Session,
      ChallengeResponses: { USERNAME: 'passwordless', EMAIL_OTP_CODE: code },
    })) as Challenge;
    expect(done.AuthenticationResult?.IdToken).toBeDefined();

    const pw = (await ok(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_AUTH',
      ClientId: publicId,
      AuthParameters: { USERNAME: 'plain', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD },
    })) as Challenge;
    expect(pw.AuthenticationResult?.AccessToken).toBeDefined();
    const srp = srpStart();
    const viaSrp = (await ok(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_AUTH',
      ClientId: publicId,
      AuthParameters: { USERNAME: 'plain', PREFERRED_CHALLENGE: 'PASSWORD_SRP', SRP_A: srp.srpA },
    })) as Challenge;
    expect(viaSrp.ChallengeName).toBe('PASSWORD_VERIFIER');
    const fin = (await ok(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: publicId,
      ChallengeName: 'PASSWORD_VERIFIER',
      Session: viaSrp.Session,
      ChallengeResponses: {
        USERNAME: 'plain',
        ...(await claim(
          srp,
          viaSrp.ChallengeParameters as Record<string, string>,
          userPoolName(poolId),
          'plain',
          PASSWORD,
        )),
      },
    })) as Challenge;
    expect(fin.AuthenticationResult?.AccessToken).toBeDefined();
  });

  it('runs the define / create / verify hooks for CUSTOM_AUTH, with SRP first and without', async () => {
    const start = (await ok(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'CUSTOM_AUTH',
      ClientId: publicId,
      AuthParameters: { USERNAME: 'plain' },
    })) as Challenge;
    expect(start.ChallengeName).toBe('CUSTOM_CHALLENGE');
    expect(start.ChallengeParameters?.question).toBe('What is 6 x 7?');
    const wrong = (await ok(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: publicId,
      ChallengeName: 'CUSTOM_CHALLENGE',
      Session: start.Session,
      ChallengeResponses: { USERNAME: 'plain', ANSWER: '41' },
      ClientMetadata: { source: 'protocol-test' },
    })) as Challenge;
    expect(lastVerifyMetadata).toEqual({ source: 'protocol-test' });
    expect(wrong.ChallengeName).toBe('CUSTOM_CHALLENGE');
    const failed = await call(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: publicId,
      ChallengeName: 'CUSTOM_CHALLENGE',
      Session: wrong.Session,
      ChallengeResponses: { USERNAME: 'plain', ANSWER: '40' },
    });
    expect(failed.body.__type).toBe('NotAuthorizedException');

    const eph = srpStart();
    const srp = (await ok(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'CUSTOM_AUTH',
      ClientId: publicId,
      AuthParameters: { USERNAME: 'plain', CHALLENGE_NAME: 'SRP_A', SRP_A: eph.srpA },
    })) as Challenge;
    expect(srp.ChallengeName).toBe('PASSWORD_VERIFIER');
    const custom = (await ok(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: publicId,
      ChallengeName: 'PASSWORD_VERIFIER',
      Session: srp.Session,
      ChallengeResponses: {
        USERNAME: 'plain',
        ...(await claim(
          eph,
          srp.ChallengeParameters as Record<string, string>,
          userPoolName(poolId),
          'plain',
          PASSWORD,
        )),
      },
    })) as Challenge;
    expect(custom.ChallengeName).toBe('CUSTOM_CHALLENGE');
    const done = (await ok(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: publicId,
      ChallengeName: 'CUSTOM_CHALLENGE',
      Session: custom.Session,
      ChallengeResponses: { USERNAME: 'plain', ANSWER: '42' },
    })) as Challenge;
    expect(done.AuthenticationResult?.AccessToken).toBeDefined();
  });

  it("lets the define hook ask for the user's TOTP after the custom challenge", async () => {
    const start = (await ok(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'CUSTOM_AUTH',
      ClientId: publicId,
      AuthParameters: { USERNAME: 'both' },
    })) as Challenge;
    const mfa = (await ok(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: publicId,
      ChallengeName: 'CUSTOM_CHALLENGE',
      Session: start.Session,
      ChallengeResponses: { USERNAME: 'both', ANSWER: '42' },
    })) as Challenge;
    expect(mfa.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const code = await emu.control.totpCode({ username: 'both' });
    const done = (await ok(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: publicId,
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: mfa.Session,
      ChallengeResponses: { USERNAME: 'both', SOFTWARE_TOKEN_MFA_CODE: code },
    })) as Challenge;
    expect(done.AuthenticationResult?.AccessToken).toBeDefined();
  });

  it('after the hooks issue tokens, a confirmed device still answers DEVICE_SRP_AUTH; an unknown one is ResourceNotFoundException', async () => {
    const first = (await ok(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: publicId,
      AuthParameters: { USERNAME: 'plain', PASSWORD },
    })) as Challenge;
    const meta = first.AuthenticationResult?.NewDeviceMetadata as {
      DeviceKey: string;
      DeviceGroupKey: string;
    };
    const verifier = await deviceVerifier(meta.DeviceGroupKey, meta.DeviceKey);
    await ok(emu.endpoint, 'ConfirmDevice', {
      AccessToken: first.AuthenticationResult?.AccessToken,
      DeviceKey: meta.DeviceKey,
      DeviceSecretVerifierConfig: verifier.verifierConfig,
    });
    const customWith = async (deviceKey: string): Promise<Challenge | Record<string, unknown>> => {
      const start = (await ok(emu.endpoint, 'InitiateAuth', {
        AuthFlow: 'CUSTOM_AUTH',
        ClientId: publicId,
        AuthParameters: { USERNAME: 'plain', DEVICE_KEY: deviceKey },
      })) as Challenge;
      return (
        await call(emu.endpoint, 'RespondToAuthChallenge', {
          ClientId: publicId,
          ChallengeName: 'CUSTOM_CHALLENGE',
          Session: start.Session,
          ChallengeResponses: { USERNAME: 'plain', ANSWER: '42' },
        })
      ).body;
    };
    const device = (await customWith(meta.DeviceKey)) as Challenge;
    expect(device.ChallengeName).toBe('DEVICE_SRP_AUTH');
    const eph = srpStart();
    const dv = (await ok(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: publicId,
      ChallengeName: 'DEVICE_SRP_AUTH',
      Session: device.Session,
      ChallengeResponses: { USERNAME: 'plain', DEVICE_KEY: meta.DeviceKey, SRP_A: eph.srpA },
    })) as Challenge;
    const done = (await ok(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: publicId,
      ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
      Session: dv.Session,
      ChallengeResponses: {
        USERNAME: 'plain',
        DEVICE_KEY: meta.DeviceKey,
        ...(await claim(
          eph,
          dv.ChallengeParameters as Record<string, string>,
          meta.DeviceGroupKey,
          meta.DeviceKey,
          verifier.devicePassword,
        )),
      },
    })) as Challenge;
    const payload = JSON.parse(
      Buffer.from(
        String(done.AuthenticationResult?.AccessToken ?? '').split('.')[1] as string,
        'base64url',
      ).toString(),
    ) as { device_key: string };
    expect(payload.device_key).toBe(meta.DeviceKey);
    expect(await customWith('us-east-1_00000000-0000-0000-0000-000000000000')).toEqual({
      __type: 'ResourceNotFoundException',
      message: 'Device does not exist.',
    });
  });
});

describe('control API', () => {
  it('injects throttling, 5xx, latency and dropped connections per operation; counts requests first and answers when sent', async () => {
    const ctl = emulatorControl(emu.endpoint);
    await ctl.resetStats();
    await ctl.injectFault({ operation: 'GetUser', kind: 'throttle' });
    await ctl.injectFault({ operation: 'GetUser', kind: 'error5xx' });
    await ctl.injectFault({ operation: 'GetUser', kind: 'drop' });
    await ctl.injectFault({ operation: 'GetUser', kind: 'latency', latencyMs: 300 });
    const throttled = await call(emu.endpoint, 'GetUser', { AccessToken: 'x' });
    expect([throttled.status, throttled.body.__type]).toEqual([400, 'TooManyRequestsException']);
    const failed = await call(emu.endpoint, 'GetUser', { AccessToken: 'x' });
    expect([failed.status, failed.body.__type]).toEqual([500, 'InternalErrorException']);
    await expect(call(emu.endpoint, 'GetUser', { AccessToken: 'x' })).rejects.toThrow();
    const t0 = Date.now();
    const slow = await call(emu.endpoint, 'GetUser', { AccessToken: 'x' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(slow.body.__type).toBe('NotAuthorizedException');
    const plain = await call(emu.endpoint, 'GetUser', { AccessToken: 'x' });
    expect(plain.body.__type).toBe('NotAuthorizedException');
    // Five received; four answered (the dropped one never is).
    expect(await ctl.stats()).toMatchObject({ GetUser: 5, 'GetUser:answered': 4 });
    // A slow request is counted on arrival and as answered only once its answer went out.
    await ctl.injectFault({ operation: 'GetUser', kind: 'latency', latencyMs: 2000 });
    const pending = call(emu.endpoint, 'GetUser', { AccessToken: 'x' });
    for (let i = 0; i < 100 && (await ctl.stats()).GetUser !== 6; i += 1)
      await new Promise((r) => setTimeout(r, 10));
    expect(await ctl.stats()).toMatchObject({ GetUser: 6, 'GetUser:answered': 4 });
    await pending;
    expect(await ctl.stats()).toMatchObject({ GetUser: 6, 'GetUser:answered': 5 });
    await ctl.injectFault({ kind: 'throttle', times: 2 });
    await ctl.clearFaults();
    expect((await call(emu.endpoint, 'GetUser', { AccessToken: 'x' })).body.__type).toBe(
      'NotAuthorizedException',
    );
  });

  it('moves the clock and lists delivered messages over HTTP', async () => {
    const ctl = emulatorControl(emu.endpoint);
    const before = await ctl.now();
    expect(await ctl.advanceClock(5000)).toBeGreaterThanOrEqual(before + 5000);
    const set = await ctl.setClock(Date.UTC(2030, 0, 1));
    expect(Math.abs(set - Date.UTC(2030, 0, 1))).toBeLessThan(1000);
    await ctl.setClock(Date.now());
    const messages = await ctl.messages({ username: 'sms' });
    expect(messages.length).toBeGreaterThan(0);
    expect(messages[0]).toMatchObject({
      poolId,
      username: 'sms',
      medium: 'SMS',
      destination: '+15555550100',
      kind: 'SMS_MFA',
    });
  });
});
