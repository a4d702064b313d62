// An app client's OAuth settings through the AWS SDK v3: kept and shown by DescribeUserPoolClient, checked as the
// service checks them (issue 18: they were accepted with 200 and dropped), and the resource servers their scopes name.
import {
  type CognitoIdentityProviderClient,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  CreateUserPoolCommand,
  DeleteResourceServerCommand,
  DescribeResourceServerCommand,
  DescribeUserPoolClientCommand,
  ListResourceServersCommand,
  UpdateResourceServerCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { sdkClient } from './helpers.js';

let emu: Emulator;
let sdk: CognitoIdentityProviderClient;
let poolId: string;

beforeAll(async () => {
  emu = await startEmulator({
    seed: {
      pools: [
        {
          name: 'seeded',
          resourceServers: [
            {
              identifier: 'https://api.example',
              name: 'API',
              scopes: [{ ScopeName: 'read', ScopeDescription: 'r' }],
            },
          ],
          clients: [
            {
              name: 'web',
              allowedOAuthFlows: ['code'],
              allowedOAuthScopes: ['openid', 'email', 'https://api.example/read'],
              callbackURLs: ['http://localhost:3000/callback'],
              logoutURLs: ['http://localhost:3000/'],
            },
          ],
        },
      ],
    },
  });
  sdk = sdkClient(emu.endpoint);
  const pool = await sdk.send(new CreateUserPoolCommand({ PoolName: 'oauth-settings' }));
  poolId = pool.UserPool?.Id as string;
  await sdk.send(
    new CreateResourceServerCommand({
      UserPoolId: poolId,
      Identifier: 'orders',
      Name: 'Orders',
      Scopes: [
        { ScopeName: 'read', ScopeDescription: 'read orders' },
        { ScopeName: 'write', ScopeDescription: 'write orders' },
      ],
    }),
  );
});

afterAll(async () => {
  sdk?.destroy();
  await emu?.stop();
});

async function refusal(
  input: Omit<CreateUserPoolClientCommandInput, 'UserPoolId'>,
): Promise<{ name: string; message: string }> {
  const err = await sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ...input })).then(
    () => undefined,
    (e: unknown) => e as { name: string; message: string },
  );
  if (!err) throw new Error('expected a refusal');
  return err;
}

describe('CreateUserPoolClient / UpdateUserPoolClient OAuth settings', () => {
  it('keeps every OAuth setting and DescribeUserPoolClient returns it', async () => {
    const created = await sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'spa',
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email', 'orders/read'],
        CallbackURLs: ['https://app.example/callback', 'http://localhost:5173/cb', 'myapp://callback'],
        LogoutURLs: ['https://app.example/'],
        DefaultRedirectURI: 'https://app.example/callback',
        SupportedIdentityProviders: ['COGNITO'],
        EnableTokenRevocation: false,
      }),
    );
    const clientId = created.UserPoolClient?.ClientId as string;
    const described = (
      await sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }))
    ).UserPoolClient;
    expect(described).toMatchObject({
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'orders/read'],
      CallbackURLs: ['https://app.example/callback', 'http://localhost:5173/cb', 'myapp://callback'],
      LogoutURLs: ['https://app.example/'],
      DefaultRedirectURI: 'https://app.example/callback',
      SupportedIdentityProviders: ['COGNITO'],
      EnableTokenRevocation: false,
    });

    const updated = await sdk.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code', 'implicit'],
        AllowedOAuthScopes: ['openid', 'orders/write'],
        CallbackURLs: ['https://other.example/cb'],
      }),
    );
    // What the update leaves out goes back to its default, as the service does.
    expect(updated.UserPoolClient?.AllowedOAuthFlows).toEqual(['code', 'implicit']);
    expect(updated.UserPoolClient?.AllowedOAuthScopes).toEqual(['openid', 'orders/write']);
    expect(updated.UserPoolClient?.CallbackURLs).toEqual(['https://other.example/cb']);
    expect(updated.UserPoolClient?.LogoutURLs).toBeUndefined();
    expect(updated.UserPoolClient?.DefaultRedirectURI).toBeUndefined();
  });

  it('refuses client_credentials together with code or implicit, and without a secret', async () => {
    const both = await refusal({
      ClientName: 'mixed',
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['client_credentials', 'code'],
      AllowedOAuthScopes: ['orders/read'],
      CallbackURLs: ['https://app.example/cb'],
    });
    expect(both.name).toBe('InvalidOAuthFlowException');
    const noSecret = await refusal({
      ClientName: 'm2m',
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: ['orders/read'],
    });
    expect(noSecret.name).toBe('InvalidOAuthFlowException');
    const standardScope = await refusal({
      ClientName: 'm2m',
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: ['openid'],
    });
    expect(standardScope.name).toBe('InvalidOAuthFlowException');
    const m2m = await sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'm2m',
        GenerateSecret: true,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['client_credentials'],
        AllowedOAuthScopes: ['orders/read', 'orders/write'],
      }),
    );
    expect(m2m.UserPoolClient?.AllowedOAuthFlows).toEqual(['client_credentials']);
  });

  it('refuses HTTP callback and logout URLs other than localhost, fragments and relative URLs', async () => {
    const base = {
      ClientName: 'bad-url',
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code' as const],
      AllowedOAuthScopes: ['openid'],
    };
    for (const CallbackURLs of [['http://app.example/cb'], ['https://app.example/cb#x'], ['/callback']]) {
      expect((await refusal({ ...base, CallbackURLs })).name).toBe('InvalidParameterException');
    }
    expect(
      (await refusal({ ...base, CallbackURLs: ['https://a.example/cb'], LogoutURLs: ['http://127.0.0.1/'] }))
        .name,
    ).toBe('InvalidParameterException');
    expect(
      (
        await refusal({
          ...base,
          CallbackURLs: ['https://a.example/cb'],
          DefaultRedirectURI: 'https://b.example/',
        })
      ).name,
    ).toBe('InvalidParameterException');
  });

  it('refuses scopes that do not exist and identity providers the pool does not have', async () => {
    const base = {
      ClientName: 'bad-scope',
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code' as const],
      CallbackURLs: ['https://app.example/cb'],
    };
    for (const scope of ['orders/delete', 'nobody/read', 'superuser']) {
      const err = await refusal({ ...base, AllowedOAuthScopes: ['openid', scope] });
      expect(err.name).toBe('ScopeDoesNotExistException');
      expect(err.message).toContain(scope);
    }
    const idp = await refusal({
      ...base,
      AllowedOAuthScopes: ['openid'],
      SupportedIdentityProviders: ['Google'],
    });
    expect(idp.name).toBe('InvalidParameterException');
  });

  it('a refused update leaves the client as it was', async () => {
    const created = await sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'stable',
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid'],
        CallbackURLs: ['https://app.example/cb'],
      }),
    );
    const clientId = created.UserPoolClient?.ClientId as string;
    const err = await sdk
      .send(
        new UpdateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          ClientName: 'renamed',
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['code'],
          AllowedOAuthScopes: ['openid', 'missing/scope'],
          CallbackURLs: ['https://app.example/cb'],
        }),
      )
      .then(
        () => undefined,
        (e: unknown) => e as { name: string },
      );
    expect(err?.name).toBe('ScopeDoesNotExistException');
    const after = (
      await sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }))
    ).UserPoolClient;
    expect(after?.ClientName).toBe('stable');
    expect(after?.AllowedOAuthScopes).toEqual(['openid']);
  });

  it('the seed takes the same settings, and seeded resource servers make their scopes exist', async () => {
    const seeded = emu.pools.seeded;
    const described = (
      await sdk.send(
        new DescribeUserPoolClientCommand({ UserPoolId: seeded?.id, ClientId: seeded?.clients.web?.id }),
      )
    ).UserPoolClient;
    expect(described).toMatchObject({
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'https://api.example/read'],
      CallbackURLs: ['http://localhost:3000/callback'],
      LogoutURLs: ['http://localhost:3000/'],
      SupportedIdentityProviders: ['COGNITO'],
    });
    await expect(
      startEmulator({
        seed: {
          pools: [
            {
              name: 'bad',
              clients: [
                {
                  name: 'c',
                  allowedOAuthFlows: ['code'],
                  allowedOAuthScopes: ['x/y'],
                  callbackURLs: ['https://a.b/'],
                },
              ],
            },
          ],
        },
      }),
    ).rejects.toMatchObject({ type: 'ScopeDoesNotExistException' });
  });
});

describe('resource servers', () => {
  it('create, describe, list (paged), update (replaces the scopes) and delete', async () => {
    await sdk.send(
      new CreateResourceServerCommand({
        UserPoolId: poolId,
        Identifier: 'billing',
        Name: 'Billing',
        Scopes: [],
      }),
    );
    const dup = await sdk
      .send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'billing', Name: 'Again' }))
      .then(
        () => undefined,
        (e: unknown) => e as { name: string },
      );
    expect(dup?.name).toBe('InvalidParameterException');
    const badScope = await sdk
      .send(
        new CreateResourceServerCommand({
          UserPoolId: poolId,
          Identifier: 'x',
          Name: 'X',
          Scopes: [{ ScopeName: 'a/b', ScopeDescription: 'slash' }],
        }),
      )
      .then(
        () => undefined,
        (e: unknown) => e as { name: string },
      );
    expect(badScope?.name).toBe('InvalidParameterException');

    const page1 = await sdk.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 1 }));
    expect(page1.ResourceServers).toHaveLength(1);
    const page2 = await sdk.send(
      new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 1, NextToken: page1.NextToken }),
    );
    expect(page2.ResourceServers?.map((r) => r.Identifier)).not.toEqual(
      page1.ResourceServers?.map((r) => r.Identifier),
    );

    const updated = await sdk.send(
      new UpdateResourceServerCommand({
        UserPoolId: poolId,
        Identifier: 'billing',
        Name: 'Billing 2',
        Scopes: [{ ScopeName: 'pay', ScopeDescription: 'pay' }],
      }),
    );
    expect(updated.ResourceServer).toMatchObject({ Name: 'Billing 2', Scopes: [{ ScopeName: 'pay' }] });
    const described = await sdk.send(
      new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: 'billing' }),
    );
    expect(described.ResourceServer?.Scopes).toEqual([{ ScopeName: 'pay', ScopeDescription: 'pay' }]);

    await sdk.send(new DeleteResourceServerCommand({ UserPoolId: poolId, Identifier: 'billing' }));
    const gone = await sdk
      .send(new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: 'billing' }))
      .then(
        () => undefined,
        (e: unknown) => e as { name: string },
      );
    expect(gone?.name).toBe('ResourceNotFoundException');
  });
});
