// User-pool groups through the AWS SDK v3 (an independent client): the operations' shapes and errors, and the group
// claims in the tokens, verified by aws-jwt-verify's CognitoJwtVerifier on an emulator issuing the service's `iss`.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminInitiateAuthCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteGroupCommand,
  GetGroupCommand,
  ListGroupsCommand,
  ListUsersInGroupCommand,
  UpdateGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { sdkClient } from './helpers.js';

const PASSWORD = 'Correct-Horse-9!';
const ROLE = (name: string): string => `arn:aws:iam::123456789012:role/${name}`;

let emu: Emulator;
let sdk: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;

beforeAll(async () => {
  emu = await startEmulator({ tokenIssuer: 'service' });
  sdk = sdkClient(emu.endpoint);
  poolId = (await sdk.send(new CreateUserPoolCommand({ PoolName: 'groups' }))).UserPool?.Id as string;
  clientId = (
    await sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'server',
        ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    )
  ).UserPoolClient?.ClientId as string;
  for (const username of ['gina', 'hank', 'iris']) {
    await sdk.send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS' }),
    );
    await sdk.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: username,
        Password: PASSWORD,
        Permanent: true,
      }),
    );
  }
});

afterAll(async () => {
  sdk?.destroy();
  await emu?.stop();
});

/** Signs in and returns both tokens' payloads, each verified by CognitoJwtVerifier with the emulator's JWKS. */
async function tokensOf(
  username: string,
): Promise<{ id: Record<string, unknown>; access: Record<string, unknown> }> {
  const out = await sdk.send(
    new AdminInitiateAuthCommand({
      UserPoolId: poolId,
      ClientId: clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD },
    }),
  );
  const jwks = await (await fetch(`${emu.endpoint}/${poolId}/.well-known/jwks.json`)).json();
  const idVerifier = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'id', clientId });
  const accessVerifier = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'access', clientId });
  idVerifier.cacheJwks(jwks);
  accessVerifier.cacheJwks(jwks);
  return {
    id: (await idVerifier.verify(out.AuthenticationResult?.IdToken as string)) as Record<string, unknown>,
    access: (await accessVerifier.verify(out.AuthenticationResult?.AccessToken as string)) as Record<
      string,
      unknown
    >,
  };
}

describe('groups', () => {
  it('creates, reads, pages, updates and deletes groups with the service shapes and errors', async () => {
    const created = await sdk.send(
      new CreateGroupCommand({
        UserPoolId: poolId,
        GroupName: 'admins',
        Description: 'can do anything',
        RoleArn: ROLE('admin'),
        Precedence: 1,
      }),
    );
    expect(created.Group).toMatchObject({
      GroupName: 'admins',
      UserPoolId: poolId,
      Description: 'can do anything',
      RoleArn: ROLE('admin'),
      Precedence: 1,
    });
    expect(created.Group?.CreationDate).toBeInstanceOf(Date);
    await expect(
      sdk.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'admins' })),
    ).rejects.toMatchObject({
      name: 'GroupExistsException',
    });
    await expect(
      sdk.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'has space' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(
      sdk.send(
        new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'bad-role', RoleArn: 'not-an-arn-at-all-x' }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(
      sdk.send(new CreateGroupCommand({ UserPoolId: 'us-east-1_missing00', GroupName: 'x' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });

    await sdk.send(
      new CreateGroupCommand({
        UserPoolId: poolId,
        GroupName: 'editors',
        RoleArn: ROLE('editor'),
        Precedence: 5,
      }),
    );
    await sdk.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'readers', Precedence: 9 }));

    // A name that is a property of every object is only a name: no group of that name exists.
    for (const name of ['constructor', 'toString', '__proto__']) {
      await expect(
        sdk.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: name })),
      ).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
      });
    }

    const first = await sdk.send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 2 }));
    expect(first.Groups?.map((g) => g.GroupName)).toEqual(['admins', 'editors']);
    expect(first.NextToken).toBeDefined();
    const second = await sdk.send(
      new ListGroupsCommand({ UserPoolId: poolId, Limit: 2, NextToken: first.NextToken }),
    );
    expect(second.Groups?.map((g) => g.GroupName)).toEqual(['readers']);
    expect(second.NextToken).toBeUndefined();
    await expect(
      sdk.send(new ListGroupsCommand({ UserPoolId: poolId, NextToken: 'garbage' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(sdk.send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 61 }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });

    const updated = await sdk.send(
      new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'readers', Precedence: 7 }),
    );
    // Only the given member changes.
    expect(updated.Group).toMatchObject({ GroupName: 'readers', Precedence: 7 });
    expect(updated.Group?.RoleArn).toBeUndefined();
    const fetched = await sdk.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }));
    expect(fetched.Group).toMatchObject({ Description: 'can do anything', Precedence: 1 });

    await sdk.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'doomed' }));
    await sdk.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'doomed' }));
    await expect(
      sdk.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'doomed' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await expect(
      sdk.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'doomed' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('membership: add, list both ways, remove; unknown users and groups refused', async () => {
    for (const group of ['readers', 'editors'])
      await sdk.send(
        new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'hank', GroupName: group }),
      );
    // Adding twice changes nothing.
    await sdk.send(
      new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'hank', GroupName: 'readers' }),
    );
    await sdk.send(
      new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'iris', GroupName: 'readers' }),
    );

    const hank = await sdk.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'hank' }));
    expect(hank.Groups?.map((g) => g.GroupName).sort()).toEqual(['editors', 'readers']);
    const paged = await sdk.send(
      new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'hank', Limit: 1 }),
    );
    expect(paged.Groups).toHaveLength(1);
    expect(paged.NextToken).toBeDefined();

    const readers = await sdk.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'readers' }));
    expect(readers.Users?.map((u) => u.Username)).toEqual(['hank', 'iris']);
    expect(readers.Users?.[0]).toMatchObject({ Enabled: true, UserStatus: 'CONFIRMED' });

    await expect(
      sdk.send(
        new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'nobody', GroupName: 'readers' }),
      ),
    ).rejects.toMatchObject({ name: 'UserNotFoundException' });
    await expect(
      sdk.send(
        new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'hank', GroupName: 'nothing' }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(
      sdk.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'nothing' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });

    await sdk.send(
      new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: 'iris', GroupName: 'readers' }),
    );
    const after = await sdk.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'readers' }));
    expect(after.Users?.map((u) => u.Username)).toEqual(['hank']);
  });

  it('puts cognito:groups, cognito:roles and the lowest-precedence role in the tokens', async () => {
    // gina: admins (precedence 1, admin role) and editors (precedence 5, editor role).
    for (const group of ['editors', 'admins'])
      await sdk.send(
        new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'gina', GroupName: group }),
      );
    const gina = await tokensOf('gina');
    expect(gina.id['cognito:groups']).toEqual(['admins', 'editors']);
    expect(gina.id['cognito:roles']).toEqual([ROLE('admin'), ROLE('editor')]);
    expect(gina.id['cognito:preferred_role']).toBe(ROLE('admin'));
    expect(gina.access['cognito:groups']).toEqual(['admins', 'editors']);
    expect(gina.access['cognito:preferred_role']).toBeUndefined();

    // Precedence moved: editors now wins.
    await sdk.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'editors', Precedence: 0 }));
    const moved = await tokensOf('gina');
    expect(moved.id['cognito:groups']).toEqual(['editors', 'admins']);
    expect(moved.id['cognito:preferred_role']).toBe(ROLE('editor'));

    // A tie on the lowest precedence between different roles: no preferred role.
    await sdk.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'admins', Precedence: 0 }));
    const tied = await tokensOf('gina');
    expect(tied.id['cognito:roles']).toHaveLength(2);
    expect(tied.id['cognito:preferred_role']).toBeUndefined();

    // hank: readers (no role) and editors: the only role is the preferred one.
    const hank = await tokensOf('hank');
    expect(hank.id['cognito:preferred_role']).toBe(ROLE('editor'));
    expect(hank.id['cognito:roles']).toEqual([ROLE('editor')]);

    // Removed from a group, deleted groups: the next tokens say so; a user in no group has no group claims.
    await sdk.send(
      new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: 'hank', GroupName: 'editors' }),
    );
    expect((await tokensOf('hank')).id['cognito:groups']).toEqual(['readers']);
    await sdk.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'readers' }));
    const none = await tokensOf('hank');
    expect(none.id['cognito:groups']).toBeUndefined();
    expect(none.access['cognito:groups']).toBeUndefined();
    expect(none.id['cognito:roles']).toBeUndefined();
  });

  it('a deleted user leaves its groups; one made again under the same name is in none', async () => {
    await sdk.send(
      new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'iris', GroupName: 'admins' }),
    );
    await sdk.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'iris' }));
    const admins = await sdk.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }));
    expect(admins.Users?.map((u) => u.Username)).toEqual(['gina']);
    await sdk.send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'iris', MessageAction: 'SUPPRESS' }),
    );
    const groups = await sdk.send(
      new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'iris' }),
    );
    expect(groups.Groups).toEqual([]);
  });
});
