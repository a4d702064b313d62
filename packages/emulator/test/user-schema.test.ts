// Custom attributes through the AWS SDK v3 (an independent client): a custom attribute exists only once the pool's
// schema defines it (CreateUserPool or AddCustomAttributes), an immutable one is set only when the user is created,
// and a developer-only one is written only by the admin operations.
import {
  AddCustomAttributesCommand,
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { errorOf, sdkClient } from './helpers.js';

const PASSWORD = 'Correct-Horse-9!';

let emu: Emulator;
let sdk: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;

beforeAll(async () => {
  emu = await startEmulator();
  sdk = sdkClient(emu.endpoint);
  const pool = await sdk.send(
    new CreateUserPoolCommand({
      PoolName: 'schema',
      AutoVerifiedAttributes: [],
      Schema: [
        { Name: 'team', AttributeDataType: 'String', Mutable: true },
        { Name: 'badge', AttributeDataType: 'String', Mutable: false },
        { Name: 'level', AttributeDataType: 'Number', DeveloperOnlyAttribute: true, Mutable: true },
      ],
    }),
  );
  poolId = pool.UserPool?.Id as string;
  clientId = (
    await sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'web',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    )
  ).UserPoolClient?.ClientId as string;
});

afterAll(async () => {
  sdk?.destroy();
  await emu?.stop();
});

async function refused(p: Promise<unknown>): Promise<{ name?: string; message?: string }> {
  try {
    await p;
  } catch (err) {
    return errorOf(err);
  }
  throw new Error('the call was expected to fail');
}

async function attributesOf(username: string): Promise<Record<string, string>> {
  const user = await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
  return Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
}

describe('the user-pool schema', () => {
  it('names custom attributes as the service does, and AddCustomAttributes adds to them once', async () => {
    const pool = await sdk.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(pool.UserPool?.SchemaAttributes?.map((a) => a.Name)).toEqual([
      'custom:team',
      'custom:badge',
      'dev:custom:level',
    ]);
    await sdk.send(
      new AddCustomAttributesCommand({
        UserPoolId: poolId,
        CustomAttributes: [{ Name: 'floor', AttributeDataType: 'Number' }],
      }),
    );
    const again = await refused(
      sdk.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: [{ Name: 'floor' }] })),
    );
    expect(again).toMatchObject({
      name: 'InvalidParameterException',
      message: 'Existing attribute already has name custom:floor.',
    });
    const after = await sdk.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(after.UserPool?.SchemaAttributes?.map((a) => a.Name)).toContain('custom:floor');
  });

  it('refuses a custom attribute the schema lacks, at sign-up and from an administrator, and creates no one', async () => {
    const undeclared = { Name: 'custom:shoe', Value: '44' };
    const message =
      'Attributes did not conform to the schema: Type for attribute {custom:shoe} could not be determined';
    expect(
      await refused(
        sdk.send(
          new SignUpCommand({
            ClientId: clientId,
            Username: 'ann',
            Password: PASSWORD,
            UserAttributes: [undeclared],
          }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidParameterException', message });
    expect(
      await refused(
        sdk.send(
          new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'ann', UserAttributes: [undeclared] }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidParameterException', message });
    expect(
      await refused(sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ann' }))),
    ).toMatchObject({ name: 'UserNotFoundException' });
  });

  it('sets an immutable attribute at sign-up, then refuses every change to it, its own or an administrator’s', async () => {
    await sdk.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'bea',
        Password: PASSWORD,
        UserAttributes: [
          { Name: 'custom:badge', Value: 'B-1' },
          { Name: 'custom:team', Value: 'red' },
          { Name: 'custom:floor', Value: '3' },
        ],
      }),
    );
    await sdk.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'bea' }));
    const tokens = await sdk.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'bea', PASSWORD },
      }),
    );
    const AccessToken = tokens.AuthenticationResult?.AccessToken as string;
    const immutable = {
      name: 'InvalidParameterException',
      message: 'user.custom:badge: Attribute cannot be updated.',
    };
    expect(
      await refused(
        sdk.send(
          new UpdateUserAttributesCommand({
            AccessToken,
            UserAttributes: [{ Name: 'custom:badge', Value: 'B-2' }],
          }),
        ),
      ),
    ).toMatchObject(immutable);
    expect(
      await refused(
        sdk.send(
          new AdminUpdateUserAttributesCommand({
            UserPoolId: poolId,
            Username: 'bea',
            UserAttributes: [{ Name: 'custom:badge', Value: 'B-3' }],
          }),
        ),
      ),
    ).toMatchObject(immutable);
    // A mutable one changes; the refused requests changed nothing, not even their other attributes.
    expect(
      await refused(
        sdk.send(
          new UpdateUserAttributesCommand({
            AccessToken,
            UserAttributes: [
              { Name: 'custom:team', Value: 'green' },
              { Name: 'custom:badge', Value: 'B-4' },
            ],
          }),
        ),
      ),
    ).toMatchObject(immutable);
    expect(await attributesOf('bea')).toMatchObject({ 'custom:badge': 'B-1', 'custom:team': 'red' });
    await sdk.send(
      new UpdateUserAttributesCommand({
        AccessToken,
        UserAttributes: [{ Name: 'custom:team', Value: 'blue' }],
      }),
    );
    expect(await attributesOf('bea')).toMatchObject({
      'custom:badge': 'B-1',
      'custom:team': 'blue',
      'custom:floor': '3',
    });
  });

  it('lets only an administrator write a developer-only attribute', async () => {
    const level = [{ Name: 'dev:custom:level', Value: '7' }];
    expect(
      await refused(
        sdk.send(
          new SignUpCommand({
            ClientId: clientId,
            Username: 'cy',
            Password: PASSWORD,
            UserAttributes: level,
          }),
        ),
      ),
    ).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'A client attempted to write unauthorized attribute',
    });
    await sdk.send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'cy', MessageAction: 'SUPPRESS' }),
    );
    await sdk.send(
      new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'cy', UserAttributes: level }),
    );
    expect(await attributesOf('cy')).toMatchObject({ 'dev:custom:level': '7' });
  });
});
