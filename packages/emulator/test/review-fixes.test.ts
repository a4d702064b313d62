// Regressions from a review of the emulator: wrong TOTP codes spend the session like other codes, unknown users get
// a stable SALT, a failed SetUserPoolMfaConfig changes nothing, malformed requests are 400s, devices are checked
// against the sign-in's pool and DEVICE_KEY, GlobalSignOut scans the token table once.
import { base64FromBytes, bytesFromHex, padHex, SRP_N, userPoolName } from '@cogflow/core';
import { softAuthenticator } from '@cogflow/test-kit/webauthn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorContext } from '../src/context.js';
import { type CustomAuthTriggers, type Emulator, startEmulator } from '../src/index.js';
import { adminUserGlobalSignOut } from '../src/operations/refresh.js';
import { applySeed } from '../src/seed.js';
import { SessionTable } from '../src/sessions.js';
import { type RefreshRecord, Store } from '../src/state.js';
import { totpFor } from './helpers.js';
import { type Challenge, call, claim, deviceVerifier, ok, srpSignIn, srpStart } from './wire.js';

const PASSWORD = 'Correct-Horse-9!';
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

// CUSTOM_AUTH with SRP first, then one custom challenge.
const triggers: CustomAuthTriggers = {
  defineAuthChallenge: (event) => {
    const last = (event.request.session ?? []).at(-1);
    if (last?.challengeName === 'SRP_A') event.response.challengeName = 'PASSWORD_VERIFIER';
    else if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult)
      event.response.issueTokens = true;
    else event.response.challengeName = 'CUSTOM_CHALLENGE';
    return event;
  },
  createAuthChallenge: (event) => {
    event.response.privateChallengeParameters = { answer: '42' };
  },
  verifyAuthChallengeResponse: (event) => {
    event.response.answerCorrect =
      event.request.challengeAnswer === event.request.privateChallengeParameters?.answer;
  },
};

const padBytes = (n: bigint): Uint8Array => bytesFromHex(padHex(n));

const devices = { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false };

let emu: Emulator;
let poolId: string;
let clientId: string;
let otherClientId: string;
let mfaPoolId: string;

beforeAll(async () => {
  emu = await startEmulator({
    triggers,
    seed: {
      pools: [
        {
          name: 'main',
          mfaConfiguration: 'OPTIONAL',
          enabledMfas: ['SOFTWARE_TOKEN_MFA'],
          deviceConfiguration: devices,
          signInPolicy: { allowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] },
          webAuthnRelyingPartyId: 'localhost',
          clients: [{ name: 'public' }],
          users: [
            {
              username: 'totp',
              password: PASSWORD,
              softwareTokenSecret: TOTP_SECRET,
              mfaPreference: { totp: true },
            },
            { username: 'twodevices', password: PASSWORD },
            { username: 'dup', password: PASSWORD },
            { username: 'pat', password: PASSWORD },
            { username: 'attrs', password: PASSWORD, attributes: { email: 'attrs@example.com' } },
          ],
        },
        {
          name: 'other',
          deviceConfiguration: devices,
          clients: [{ name: 'public' }],
          users: [{ username: 'dup', password: PASSWORD }],
        },
        {
          name: 'mfa-config',
          mfaConfiguration: 'OPTIONAL',
          enabledMfas: ['SOFTWARE_TOKEN_MFA'],
          clients: [{ name: 'public' }],
        },
      ],
    },
  });
  const pools = emu.pools as Record<string, { id: string; clients: Record<string, { id: string }> }>;
  poolId = pools.main?.id as string;
  clientId = pools.main?.clients.public?.id as string;
  otherClientId = pools.other?.clients.public?.id as string;
  mfaPoolId = pools['mfa-config']?.id as string;
});

afterAll(async () => {
  await emu?.stop();
});

async function passwordSignIn(client: string, username: string): Promise<Challenge> {
  return (await ok(emu.endpoint, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: client,
    AuthParameters: { USERNAME: username, PASSWORD },
  })) as Challenge;
}

describe('code challenges', () => {
  it('a wrong SOFTWARE_TOKEN_MFA code counts like a wrong SMS code: the third spends the session', async () => {
    const r = (await srpSignIn(emu.endpoint, poolId, clientId, 'totp', PASSWORD)).body as Challenge;
    expect(r.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const now = await emu.control.now();
    const live = [-1, 0, 1].map((step) => totpFor(TOTP_SECRET).generate({ timestamp: now + step * 30_000 }));
    const wrong = ['000000', '111111', '222222', '333333'].find((c) => !live.includes(c)) as string;
    const answer = (code: string) =>
      call(emu.endpoint, 'RespondToAuthChallenge', {
        ClientId: clientId,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: r.Session,
        ChallengeResponses: { USERNAME: 'totp', SOFTWARE_TOKEN_MFA_CODE: code },
      });
    for (let i = 0; i < 3; i++) expect((await answer(wrong)).body.__type).toBe('CodeMismatchException');
    const right = await answer(await emu.control.totpCode({ username: 'totp' }));
    expect(right.body.__type).toBe('NotAuthorizedException');
    expect(right.body.AuthenticationResult).toBeUndefined();
  });
});

describe('USER_SRP_AUTH for an unknown user', () => {
  const saltOf = async (username: string): Promise<string> => {
    const r = (await ok(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: username, SRP_A: srpStart().srpA },
    })) as Challenge;
    return r.ChallengeParameters?.SALT as string;
  };

  it('answers the same SALT every time, as for a real user, and different SALTs for different names', async () => {
    expect(await saltOf('dup')).toBe(await saltOf('dup'));
    const ghost = await saltOf('ghost');
    expect(ghost).toMatch(/^[0-9a-f]+$/);
    expect(await saltOf('ghost')).toBe(ghost);
    // Usernames are case-insensitive for real users, so the made-up salt is too.
    expect(await saltOf('GHOST')).toBe(ghost);
    expect(await saltOf('ghost2')).not.toBe(ghost);
  });
});

describe('SetUserPoolMfaConfig', () => {
  it('a refused configuration leaves the pool as it was', async () => {
    const before = await ok(emu.endpoint, 'GetUserPoolMfaConfig', { UserPoolId: mfaPoolId });
    expect(before.MfaConfiguration).toBe('OPTIONAL');
    const refused = await call(emu.endpoint, 'SetUserPoolMfaConfig', {
      UserPoolId: mfaPoolId,
      MfaConfiguration: 'ON',
      SoftwareTokenMfaConfiguration: { Enabled: false },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.__type).toBe('InvalidParameterException');
    expect(await ok(emu.endpoint, 'GetUserPoolMfaConfig', { UserPoolId: mfaPoolId })).toEqual(before);
  });
});

describe('malformed requests are 400s, not 500s', () => {
  it('AdminDeleteUserAttributes with UserAttributeNames that is not a list of strings', async () => {
    for (const names of [5, 'email', [5], { email: true }]) {
      const r = await call(emu.endpoint, 'AdminDeleteUserAttributes', {
        UserPoolId: poolId,
        Username: 'attrs',
        UserAttributeNames: names,
      });
      expect(r.status).toBe(400);
      expect(r.body.__type).toBe('InvalidParameterException');
    }
    const user = await ok(emu.endpoint, 'AdminGetUser', { UserPoolId: poolId, Username: 'attrs' });
    expect(user.UserAttributes).toContainEqual({ Name: 'email', Value: 'attrs@example.com' });
  });

  it('WEB_AUTHN with a CREDENTIAL that is JSON but not an object', async () => {
    const access = (await passwordSignIn(clientId, 'pat')).AuthenticationResult?.AccessToken as string;
    const start = await ok(emu.endpoint, 'StartWebAuthnRegistration', { AccessToken: access });
    const authenticator = softAuthenticator({ rpId: 'localhost', origin: 'http://localhost:5173' });
    await ok(emu.endpoint, 'CompleteWebAuthnRegistration', {
      AccessToken: access,
      Credential: authenticator.register(
        start.CredentialCreationOptions as { challenge: string; rp: { id: string } },
      ),
    });
    for (const credential of ['null', '5', '"text"', '[]']) {
      const web = (await ok(emu.endpoint, 'InitiateAuth', {
        AuthFlow: 'USER_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: 'pat', PREFERRED_CHALLENGE: 'WEB_AUTHN' },
      })) as Challenge;
      expect(web.ChallengeName).toBe('WEB_AUTHN');
      const r = await call(emu.endpoint, 'RespondToAuthChallenge', {
        ClientId: clientId,
        ChallengeName: 'WEB_AUTHN',
        Session: web.Session,
        ChallengeResponses: { USERNAME: 'pat', CREDENTIAL: credential },
      });
      expect(r.status).toBe(400);
      expect(r.body.__type).toBe('InvalidParameterException');
    }
  });
});

describe('device ownership', () => {
  it('CUSTOM_AUTH refuses a DEVICE_KEY of a same-named user in another pool at PASSWORD_VERIFIER', async () => {
    const foreign = (await passwordSignIn(otherClientId, 'dup')).AuthenticationResult?.NewDeviceMetadata
      ?.DeviceKey as string;
    expect(foreign).toBeDefined();
    const eph = srpStart();
    const init = (await ok(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'CUSTOM_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: 'dup', CHALLENGE_NAME: 'SRP_A', SRP_A: eph.srpA },
    })) as Challenge;
    expect(init.ChallengeName).toBe('PASSWORD_VERIFIER');
    const params = init.ChallengeParameters as Record<string, string>;
    const r = await call(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: clientId,
      ChallengeName: 'PASSWORD_VERIFIER',
      Session: init.Session,
      ChallengeResponses: {
        USERNAME: 'dup',
        DEVICE_KEY: foreign,
        ...(await claim(eph, params, userPoolName(poolId), 'dup', PASSWORD)),
      },
    });
    expect(r.body).toEqual({ __type: 'ResourceNotFoundException', message: 'Device does not exist.' });
  });

  it('DEVICE_SRP_AUTH must answer for the DEVICE_KEY the sign-in presented, not another of the user', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await passwordSignIn(clientId, 'twodevices');
      const meta = r.AuthenticationResult?.NewDeviceMetadata as { DeviceKey: string; DeviceGroupKey: string };
      await ok(emu.endpoint, 'ConfirmDevice', {
        AccessToken: r.AuthenticationResult?.AccessToken,
        DeviceKey: meta.DeviceKey,
        DeviceSecretVerifierConfig: (await deviceVerifier(meta.DeviceGroupKey, meta.DeviceKey))
          .verifierConfig,
      });
      keys.push(meta.DeviceKey);
    }
    const [first, second] = keys as [string, string];
    const r = (await srpSignIn(emu.endpoint, poolId, clientId, 'twodevices', PASSWORD, { deviceKey: first }))
      .body as Challenge;
    expect(r.ChallengeName).toBe('DEVICE_SRP_AUTH');
    const swapped = await call(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: clientId,
      ChallengeName: 'DEVICE_SRP_AUTH',
      Session: r.Session,
      ChallengeResponses: { USERNAME: 'twodevices', DEVICE_KEY: second, SRP_A: srpStart().srpA },
    });
    expect(swapped.body.__type).toBe('NotAuthorizedException');
    // The presented device itself still works on a fresh sign-in.
    const again = (
      await srpSignIn(emu.endpoint, poolId, clientId, 'twodevices', PASSWORD, { deviceKey: first })
    ).body as Challenge;
    const next = (await ok(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: clientId,
      ChallengeName: 'DEVICE_SRP_AUTH',
      Session: again.Session,
      ChallengeResponses: { USERNAME: 'twodevices', DEVICE_KEY: first, SRP_A: srpStart().srpA },
    })) as Challenge;
    expect(next.ChallengeName).toBe('DEVICE_PASSWORD_VERIFIER');
  });
});

describe('sign-out', () => {
  /** A refresh-token table that counts full scans. */
  class CountingMap<K, V> extends Map<K, V> {
    scans = 0;
    override values(): MapIterator<V> {
      this.scans += 1;
      return super.values();
    }
  }

  it('AdminUserGlobalSignOut revokes every token of the user in one pass over the token table', async () => {
    const store = new Store();
    const ctx: EmulatorContext = {
      store,
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:1',
      triggers: {},
      sessions: new SessionTable(Date.now),
      now: Date.now,
      deliver: () => {},
    };
    const seeded = await applySeed(ctx, {
      pools: [{ name: 'p', clients: [{ name: 'c' }], users: [{ username: 'u' }, { username: 'v' }] }],
    });
    const pool = seeded.p as { id: string; clients: Record<string, { id: string }> };
    const tokens = new CountingMap<string, RefreshRecord>();
    const record = (i: number, username: string): RefreshRecord => ({
      token: `${username}-${i}`,
      poolId: pool.id,
      clientId: pool.clients.c?.id as string,
      username,
      originJti: `origin-${username}-${i}`,
      authTime: 0,
      expiresAt: Date.now() + 3_600_000,
      revoked: false,
    });
    for (let i = 0; i < 50; i++) {
      for (const r of [record(i, 'u'), record(i, 'v')]) tokens.set(r.token, r);
    }
    store.refreshTokens = tokens;
    adminUserGlobalSignOut(ctx, { UserPoolId: pool.id, Username: 'u' });
    const all = [...tokens.entries()].map(([, r]) => r);
    expect(all.filter((r) => r.username === 'u').every((r) => r.revoked)).toBe(true);
    expect(all.filter((r) => r.username === 'v').some((r) => r.revoked)).toBe(false);
    expect(store.revokedOrigins.size).toBe(50);
    expect(tokens.scans).toBeLessThanOrEqual(2);
  });
});

describe('SRP inputs that core refuses', () => {
  it("refuses a pool id whose SRP pool name core's userPoolName cannot read", async () => {
    const started = await startEmulator({
      seed: { pools: [{ name: 'odd', id: 'local_dev_Pool1', clients: [] }] },
    }).catch((err: unknown) => err);
    if (!(started instanceof Error)) await (started as Emulator).stop();
    expect(started).toMatchObject({ type: 'InvalidParameterException' });
  });

  it('ConfirmDevice refuses a PasswordVerifier that is 0 or not below N (no g^x mod N is)', async () => {
    const r = await passwordSignIn(clientId, 'twodevices');
    const meta = r.AuthenticationResult?.NewDeviceMetadata as { DeviceKey: string; DeviceGroupKey: string };
    const good = (await deviceVerifier(meta.DeviceGroupKey, meta.DeviceKey)).verifierConfig;
    for (const v of [0n, SRP_N, SRP_N + 5n]) {
      const refused = await call(emu.endpoint, 'ConfirmDevice', {
        AccessToken: r.AuthenticationResult?.AccessToken,
        DeviceKey: meta.DeviceKey,
        DeviceSecretVerifierConfig: { Salt: good.Salt, PasswordVerifier: base64FromBytes(padBytes(v)) },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.__type).toBe('InvalidParameterException');
    }
    await ok(emu.endpoint, 'ConfirmDevice', {
      AccessToken: r.AuthenticationResult?.AccessToken,
      DeviceKey: meta.DeviceKey,
      DeviceSecretVerifierConfig: good,
    });
  });
});
