// amazon-cognito-identity-js (an independent client) against the emulator, with the AWS SDK v3 driving the control plane.
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  ListDevicesCommand,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoRefreshToken } from 'amazon-cognito-identity-js';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { errorOf, identityPool, identitySignIn, MapStorage, sdkClient, totpFor } from './helpers.js';

const PASSWORD = 'Correct-Horse-9!';

let emu: Emulator;
let sdk: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, host: '127.0.0.1', region: 'us-east-1' });
  sdk = sdkClient(emu.endpoint);
  const created = await sdk.send(
    new CreateUserPoolCommand({
      PoolName: 'identity-js',
      MfaConfiguration: 'OPTIONAL',
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
    }),
  );
  poolId = created.UserPool?.Id as string;
  await sdk.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: poolId,
      MfaConfiguration: 'OPTIONAL',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    }),
  );
  const client = await sdk.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'web',
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  clientId = client.UserPoolClient?.ClientId as string;
});

afterAll(async () => {
  sdk?.destroy();
  await emu?.stop();
});

async function createUser(username: string, permanent = true): Promise<void> {
  await sdk.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      TemporaryPassword: 'Temporary-Pass-1!',
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    }),
  );
  if (permanent)
    await sdk.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: username,
        Password: PASSWORD,
        Permanent: true,
      }),
    );
}

describe('control plane through the AWS SDK v3', () => {
  it('describes what it created', async () => {
    const pool = await sdk.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(pool.UserPool?.MfaConfiguration).toBe('OPTIONAL');
    expect(pool.UserPool?.DeviceConfiguration?.ChallengeRequiredOnNewDevice).toBe(true);
    const client = await sdk.send(
      new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }),
    );
    expect(client.UserPoolClient?.ExplicitAuthFlows).toContain('ALLOW_USER_SRP_AUTH');
    expect(client.UserPoolClient?.ClientSecret).toBeUndefined();
  });

  it('answers a missing pool with ResourceNotFoundException', async () => {
    await expect(
      sdk.send(new DescribeUserPoolCommand({ UserPoolId: 'us-east-1_missing00' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 400 },
    });
  });
});

describe('amazon-cognito-identity-js', () => {
  it('signs in with SRP and the tokens verify against the JWKS', async () => {
    await createUser('srp-user');
    const storage = new MapStorage();
    const { session } = await identitySignIn(
      identityPool(poolId, clientId, emu.endpoint, storage),
      storage,
      'srp-user',
      PASSWORD,
    );
    const access = session.getAccessToken().getJwtToken();
    const jwks = createRemoteJWKSet(new URL(`${emu.endpoint}/${poolId}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(access, jwks, {
      issuer: `${emu.endpoint}/${poolId}`,
      currentDate: new Date(await emu.control.now()),
    });
    expect(payload.token_use).toBe('access');
    expect(payload.client_id).toBe(clientId);
    expect(payload.username).toBe('srp-user');
    expect(typeof payload.origin_jti).toBe('string');
    expect(typeof payload.device_key).toBe('string');
    const id = await jwtVerify(session.getIdToken().getJwtToken(), jwks, {
      audience: clientId,
      currentDate: new Date(await emu.control.now()),
    });
    expect(id.payload['cognito:username']).toBe('srp-user');
    expect(id.payload.email).toBe('srp-user@example.com');
  });

  it('refuses a wrong password with NotAuthorizedException', async () => {
    await createUser('wrong-pass');
    const storage = new MapStorage();
    const err = await identitySignIn(
      identityPool(poolId, clientId, emu.endpoint, storage),
      storage,
      'wrong-pass',
      'Not-The-Password-1!',
    ).catch((e: unknown) => e);
    expect(errorOf(err).code).toBe('NotAuthorizedException');
    expect(errorOf(err).message).toBe('Incorrect username or password.');
  });

  it('refuses a wrong password through USER_PASSWORD_AUTH too, and accepts the right one', async () => {
    await createUser('plain-user');
    const storage = new MapStorage();
    const pool = identityPool(poolId, clientId, emu.endpoint, storage);
    const err = await identitySignIn(
      pool,
      storage,
      'plain-user',
      'Nope-Nope-1!',
      {},
      'USER_PASSWORD_AUTH',
    ).catch((e: unknown) => e);
    expect(errorOf(err).code).toBe('NotAuthorizedException');
    const ok = await identitySignIn(pool, storage, 'plain-user', PASSWORD, {}, 'USER_PASSWORD_AUTH');
    expect(ok.session.isValid()).toBe(true);
  });

  it('completes NEW_PASSWORD_REQUIRED and the new password works afterwards', async () => {
    await createUser('temp-user', false);
    const storage = new MapStorage();
    const pool = identityPool(poolId, clientId, emu.endpoint, storage);
    const first = await identitySignIn(pool, storage, 'temp-user', 'Temporary-Pass-1!', {
      newPassword: 'Brand-New-Pass-2!',
    });
    expect(first.challenges).toEqual(['NEW_PASSWORD_REQUIRED']);
    const admin = await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'temp-user' }));
    expect(admin.UserStatus).toBe('CONFIRMED');
    const again = await identitySignIn(pool, storage, 'temp-user', 'Brand-New-Pass-2!');
    expect(again.challenges).toEqual([]);
    const old = await identitySignIn(pool, storage, 'temp-user', 'Temporary-Pass-1!').catch(
      (e: unknown) => e,
    );
    expect(errorOf(old).code).toBe('NotAuthorizedException');
  });

  it('sets up TOTP, signs in with SOFTWARE_TOKEN_MFA, then skips MFA on the remembered device; a tampered device password is refused', async () => {
    await createUser('totp-user');
    const storage = new MapStorage();
    const pool = identityPool(poolId, clientId, emu.endpoint, storage);
    // 1. Signed in, the user associates and verifies an authenticator app, then turns TOTP MFA on.
    const first = await identitySignIn(pool, storage, 'totp-user', PASSWORD);
    const secret = await new Promise<string>((resolve, reject) =>
      first.user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }),
    );
    const now = (): Promise<number> => emu.control.now();
    const code = totpFor(secret).generate({ timestamp: await now() });
    await new Promise((resolve, reject) =>
      first.user.verifySoftwareToken(code, 'phone', { onSuccess: resolve, onFailure: reject }),
    );
    await new Promise((resolve, reject) =>
      first.user.setUserMfaPreference(null, { Enabled: true, PreferredMfa: true }, (err, ok) =>
        err ? reject(err) : resolve(ok),
      ),
    );
    // That first sign-in's device was confirmed by identity-js; forget it locally so the next sign-in is a new device.
    (first.user as unknown as { clearCachedDeviceKeyAndPassword(): void }).clearCachedDeviceKeyAndPassword();
    await emu.control.advanceClock(30_000);

    // 2. A new device: SOFTWARE_TOKEN_MFA with a code from otpauth; identity-js then confirms the device.
    const at = await now();
    const withMfa = await identitySignIn(pool, storage, 'totp-user', PASSWORD, {
      totp: () => totpFor(secret).generate({ timestamp: at }),
    });
    expect(withMfa.challenges).toEqual(['SOFTWARE_TOKEN_MFA']);
    // identity-js passes the flag only when it is true; this pool remembers devices without asking.
    expect(withMfa.userConfirmationNecessary).toBeUndefined();
    const devices = await sdk.send(
      new ListDevicesCommand({ AccessToken: withMfa.session.getAccessToken().getJwtToken() }),
    );
    // Both sign-ins' devices were confirmed (the first one's keys were only dropped on the client side).
    expect(devices.Devices).toHaveLength(2);
    const deviceKey = withMfa.session.getAccessToken().decodePayload().device_key as string;
    const listed = devices.Devices?.find((d) => d.DeviceKey === deviceKey);
    expect(listed?.DeviceAttributes).toContainEqual({
      Name: 'dev:device_remembered_status',
      Value: 'remembered',
    });

    // 3. The remembered device answers DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER and MFA is skipped.
    const stats0 = await emu.control.stats();
    const trusted = await identitySignIn(pool, storage, 'totp-user', PASSWORD);
    expect(trusted.challenges).toEqual([]);
    expect(trusted.session.getAccessToken().decodePayload().device_key).toBe(deviceKey);
    const stats1 = await emu.control.stats();
    expect((stats1.RespondToAuthChallenge ?? 0) - (stats0.RespondToAuthChallenge ?? 0)).toBe(3);

    // 4. A tampered device password fails the device claim.
    const passwordKey = [...storage.map.keys()].find((k) => k.endsWith('.randomPasswordKey')) as string;
    expect(passwordKey).toBeDefined();
    storage.setItem(passwordKey, `${storage.getItem(passwordKey)}x`);
    const tampered = await identitySignIn(pool, storage, 'totp-user', PASSWORD).catch((e: unknown) => e);
    expect(errorOf(tampered).code).toBe('NotAuthorizedException');
  });

  it('refreshes with the refresh token, and global sign-out really ends the tokens', async () => {
    await createUser('refresh-user');
    const storage = new MapStorage();
    const { session, user } = await identitySignIn(
      identityPool(poolId, clientId, emu.endpoint, storage),
      storage,
      'refresh-user',
      PASSWORD,
    );
    const refreshed = await new Promise<typeof session>((resolve, reject) =>
      user.refreshSession(
        new CognitoRefreshToken({ RefreshToken: session.getRefreshToken().getToken() }),
        (err, s) => (err ? reject(err) : resolve(s)),
      ),
    );
    expect(refreshed.getAccessToken().getJwtToken()).not.toBe(session.getAccessToken().getJwtToken());
    expect(refreshed.getAccessToken().decodePayload().origin_jti).toBe(
      session.getAccessToken().decodePayload().origin_jti,
    );

    await new Promise((resolve, reject) => user.globalSignOut({ onSuccess: resolve, onFailure: reject }));
    const after = await sdk
      .send(new ListDevicesCommand({ AccessToken: refreshed.getAccessToken().getJwtToken() }))
      .catch((e: unknown) => e);
    expect(errorOf(after).name).toBe('NotAuthorizedException');
    // identity-js retries a failed refresh for seconds; the SDK asks once.
    const refreshAgain = await sdk
      .send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: clientId,
          AuthParameters: {
            REFRESH_TOKEN: session.getRefreshToken().getToken(),
            DEVICE_KEY: session.getAccessToken().decodePayload().device_key,
          },
        }),
      )
      .catch((e: unknown) => e);
    expect(errorOf(refreshAgain).name).toBe('NotAuthorizedException');
  });
});

describe('amazon-cognito-identity-js on a seeded pool that requires MFA', () => {
  it('walks MFA_SETUP (AssociateSoftwareToken and VerifySoftwareToken by Session), then SOFTWARE_TOKEN_MFA', async () => {
    const seeded = await startEmulator({
      seed: {
        pools: [
          {
            name: 'required',
            mfaConfiguration: 'ON',
            enabledMfas: ['SOFTWARE_TOKEN_MFA'],
            clients: [{ name: 'web' }],
            users: [{ username: 'setup-user', password: PASSWORD }],
          },
        ],
      },
    });
    try {
      const p = seeded.pools.required as { id: string; clients: Record<string, { id: string }> };
      const storage = new MapStorage();
      const pool = identityPool(p.id, p.clients.web?.id as string, seeded.endpoint, storage);
      let secret = '';
      const at = await seeded.control.now();
      const first = await identitySignIn(pool, storage, 'setup-user', PASSWORD, {
        setupTotp: (s) => {
          secret = s;
          return totpFor(s).generate({ timestamp: at });
        },
      });
      expect(first.challenges).toEqual(['MFA_SETUP']);
      expect(secret).toMatch(/^[A-Z2-7]{32,}$/);
      await seeded.control.advanceClock(30_000);
      const later = await seeded.control.now();
      const second = await identitySignIn(pool, storage, 'setup-user', PASSWORD, {
        totp: () => totpFor(secret).generate({ timestamp: later }),
      });
      expect(second.challenges).toEqual(['SOFTWARE_TOKEN_MFA']);
      // The control API computes the same code from the stored secret (the step's code is spent, so it offers the next).
      expect(await seeded.control.totpCode({ username: 'setup-user' })).toBe(
        totpFor(secret).generate({ timestamp: later + 30_000 }),
      );
      // Reusing the spent code is refused as the service does.
      const reused = await identitySignIn(pool, storage, 'setup-user', PASSWORD, {
        totp: () => totpFor(secret).generate({ timestamp: later }),
      }).catch((e: unknown) => e);
      expect(errorOf(reused).code).toBe('ExpiredCodeException');
    } finally {
      await seeded.stop();
    }
  });
});
