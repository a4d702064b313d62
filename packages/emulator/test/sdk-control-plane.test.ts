// The control plane as the AWS SDK v3 drives it, each setting checked by what it changes in a sign-in.
import { createHmac } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { errorOf, sdkClient } from './helpers.js';

const PASSWORD = 'Correct-Horse-9!';
let emu: Emulator;
let sdk: CognitoIdentityProviderClient;

beforeAll(async () => {
  emu = await startEmulator({});
  sdk = sdkClient(emu.endpoint);
});

afterAll(async () => {
  sdk?.destroy();
  await emu?.stop();
});

const decode = (jwt: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;

describe('the control plane through the AWS SDK v3', () => {
  it('CreateUserPoolClient: GenerateSecret, ExplicitAuthFlows, RefreshTokenRotation and token validity take effect', async () => {
    const pool = await sdk.send(
      new CreateUserPoolCommand({ PoolName: 'clients', AliasAttributes: ['email'] }),
    );
    const poolId = pool.UserPool?.Id as string;
    expect(pool.UserPool?.AliasAttributes).toEqual(['email']);
    const created = await sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'server',
        GenerateSecret: true,
        ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 5 },
        AccessTokenValidity: 5,
        IdTokenValidity: 10,
        RefreshTokenValidity: 1,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
      }),
    );
    const client = created.UserPoolClient as { ClientId: string; ClientSecret: string };
    expect(client.ClientSecret).toMatch(/^[a-z0-9]{40,}$/);
    const described = await sdk.send(
      new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: client.ClientId }),
    );
    expect(described.UserPoolClient?.RefreshTokenRotation).toEqual({
      Feature: 'ENABLED',
      RetryGracePeriodSeconds: 5,
    });

    await sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'srv',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: 'srv@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    await sdk.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'srv',
        Password: PASSWORD,
        Permanent: true,
      }),
    );
    // USER_PASSWORD_AUTH is not in ExplicitAuthFlows.
    const refused = await sdk
      .send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: client.ClientId,
          AuthParameters: { USERNAME: 'srv', PASSWORD },
        }),
      )
      .catch((e: unknown) => e);
    expect(errorOf(refused).name).toBe('InvalidParameterException');
    const hash = (name: string): string =>
      createHmac('sha256', client.ClientSecret).update(`${name}${client.ClientId}`).digest('base64');
    // A verified e-mail alias signs in too.
    const auth = await sdk.send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: client.ClientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'srv@example.com', PASSWORD, SECRET_HASH: hash('srv@example.com') },
      }),
    );
    const access = decode(auth.AuthenticationResult?.AccessToken as string);
    const id = decode(auth.AuthenticationResult?.IdToken as string);
    expect((access.exp as number) - (access.iat as number)).toBe(5 * 60);
    expect((id.exp as number) - (id.iat as number)).toBe(10 * 60);
    expect(auth.AuthenticationResult?.ExpiresIn).toBe(300);
    const rotated = await sdk.send(
      new GetTokensFromRefreshTokenCommand({
        ClientId: client.ClientId,
        ClientSecret: client.ClientSecret,
        RefreshToken: auth.AuthenticationResult?.RefreshToken,
      }),
    );
    expect(rotated.AuthenticationResult?.RefreshToken).toBeDefined();
    // The refresh token lives one day.
    await emu.control.advanceClock(25 * 60 * 60 * 1000);
    const expired = await sdk
      .send(
        new GetTokensFromRefreshTokenCommand({
          ClientId: client.ClientId,
          ClientSecret: client.ClientSecret,
          RefreshToken: rotated.AuthenticationResult?.RefreshToken,
        }),
      )
      .catch((e: unknown) => e);
    expect(errorOf(expired).name).toBe('NotAuthorizedException');
  });

  it('SetUserPoolMfaConfig and AdminSetUserMFAPreference decide the MFA challenge; AdminGetUser shows it; AdminDeleteUser ends the user', async () => {
    const pool = await sdk.send(
      new CreateUserPoolCommand({
        PoolName: 'mfa',
        UsernameAttributes: ['email'],
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: true },
      }),
    );
    const poolId = pool.UserPool?.Id as string;
    const described = await sdk.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(described.UserPool?.UsernameAttributes).toEqual(['email']);
    expect(described.UserPool?.DeviceConfiguration).toEqual({
      ChallengeRequiredOnNewDevice: true,
      DeviceOnlyRememberedOnUserPrompt: false,
    });
    const config = await sdk.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: 'OPTIONAL',
        EmailMfaConfiguration: { Message: 'Code {####}', Subject: 'Code' },
      }),
    );
    expect(config.MfaConfiguration).toBe('OPTIONAL');
    const client = await sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'web',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    const clientId = client.UserPoolClient?.ClientId as string;
    const user = await sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'mia@example.com',
        TemporaryPassword: 'Temporary-Pass-1!',
        MessageAction: 'SUPPRESS',
      }),
    );
    expect(user.User?.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    expect(user.User?.Username).toMatch(/^[0-9a-f-]{36}$/);
    await sdk.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'mia@example.com',
        Password: PASSWORD,
        Permanent: true,
      }),
    );
    const signIn = (): Promise<unknown> =>
      sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: clientId,
          AuthParameters: { USERNAME: 'mia@example.com', PASSWORD },
        }),
      );
    expect((await signIn()) as { AuthenticationResult?: unknown }).toHaveProperty('AuthenticationResult');
    await sdk.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: poolId,
        Username: 'mia@example.com',
        EmailMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    const got = await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'mia@example.com' }));
    expect(got.PreferredMfaSetting).toBe('EMAIL_OTP');
    expect(got.UserMFASettingList).toEqual(['EMAIL_OTP']);
    expect(got.UserStatus).toBe('CONFIRMED');
    const challenged = (await signIn()) as { ChallengeName?: string };
    expect(challenged.ChallengeName).toBe('EMAIL_OTP');
    const noPhone = await sdk
      .send(
        new AdminSetUserMFAPreferenceCommand({
          UserPoolId: poolId,
          Username: 'mia@example.com',
          SMSMfaSettings: { Enabled: true },
        }),
      )
      .catch((e: unknown) => e);
    expect(errorOf(noPhone).name).toBe('InvalidParameterException');
    await sdk.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: 'mia@example.com',
        UserAttributes: [{ Name: 'name', Value: 'Mia' }],
      }),
    );
    await sdk.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'mia@example.com' }));
    const gone = await signIn().catch((e: unknown) => e);
    expect(errorOf(gone).name).toBe('NotAuthorizedException');
    const missing = await sdk
      .send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'mia@example.com' }))
      .catch((e: unknown) => e);
    expect(errorOf(missing).name).toBe('UserNotFoundException');
  });
});
