// The pre token generation trigger, V1_0 and V2_0: its event, its claims, scopes and groups in tokens that verify.
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type Emulator,
  type PreTokenGenerationEvent,
  type PreTokenGenerationV1Event,
  type PreTokenGenerationV2Event,
  startEmulator,
} from '../src/index.js';
import { errorOf, sdkClient } from './helpers.js';

const PASSWORD = 'Correct-Horse-9!';
let emu: Emulator;
let sdk: CognitoIdentityProviderClient;
const events: PreTokenGenerationEvent[] = [];

function v1(e: PreTokenGenerationV1Event): void {
  if (e.request.clientMetadata?.fail === 'yes') throw new Error('Claims service down');
  e.response.claimsOverrideDetails = {
    claimsToAddOrOverride: {
      tenant: 'acme',
      email: 'shown@example.com',
      dropped: 'added then suppressed',
      // None of these may change (the developer guide's list, and groups only through groupOverrideDetails).
      sub: 'forged',
      exp: 1,
      iss: 'https://evil.example',
      'cognito:username': 'someone-else',
      'cognito:groups': ['forged'],
    },
    claimsToSuppress: ['email_verified', 'dropped', 'aud', 'token_use'],
    groupOverrideDetails: {
      groupsToOverride: ['admins', 'staff'],
      iamRolesToOverride: ['arn:aws:iam::123456789012:role/admin'],
      preferredRole: 'arn:aws:iam::123456789012:role/admin',
    },
  };
}

function v2(e: PreTokenGenerationV2Event): PreTokenGenerationV2Event {
  e.response = {
    claimsAndScopeOverrideDetails: {
      idTokenGeneration: { claimsToAddOrOverride: { plan: 'gold' }, claimsToSuppress: ['email'] },
      accessTokenGeneration: {
        claimsToAddOrOverride: { tier: 3, flags: { beta: true }, username: 'forged', client_id: 'forged' },
        claimsToSuppress: ['sub'],
        scopesToAdd: ['photos/read', 'photos/write'],
        scopesToSuppress: ['aws.cognito.signin.user.admin', 'photos/write'],
      },
      groupOverrideDetails: null,
    },
  };
  return e;
}

beforeAll(async () => {
  emu = await startEmulator({
    seed: {
      pools: [
        {
          name: 'v1',
          clients: [{ name: 'web', refreshTokenRotation: { Feature: 'ENABLED' } }, { name: 'plain' }],
          users: [
            {
              username: 'vic',
              password: PASSWORD,
              attributes: { email: 'vic@example.com', email_verified: 'true' },
            },
            { username: 'newt', temporaryPassword: 'Temporary-Pass-1!' },
          ],
        },
        {
          name: 'v2',
          clients: [{ name: 'web' }],
          users: [{ username: 'val', password: PASSWORD, attributes: { email: 'val@example.com' } }],
        },
      ],
    },
    triggers: {
      // For every pool (v1 and made-by-api); pool v2 and pool made-by-api name their own below.
      preTokenGeneration: (e) => {
        events.push(structuredClone(e));
        v1(e as PreTokenGenerationV1Event);
      },
      pools: {
        v2: {
          preTokenGenerationConfig: { lambdaVersion: 'V2_0' },
          preTokenGeneration: (e) => {
            events.push(structuredClone(e));
            return v2(e as PreTokenGenerationV2Event);
          },
        },
        'made-by-api': {
          preTokenGeneration: async (e) => {
            events.push(structuredClone(e));
            return v2(e as PreTokenGenerationV2Event);
          },
        },
      },
    },
  });
  sdk = sdkClient(emu.endpoint);
});

afterAll(async () => {
  sdk?.destroy();
  await emu?.stop();
});

beforeEach(() => {
  events.length = 0;
});

async function verified(token: string, poolId: string): Promise<Record<string, unknown>> {
  const jwks = createRemoteJWKSet(new URL(`${emu.endpoint}/${poolId}/.well-known/jwks.json`));
  const { payload } = await jwtVerify(token, jwks, { issuer: `${emu.endpoint}/${poolId}` });
  return payload as Record<string, unknown>;
}

function passwordSignIn(clientId: string, username: string, password: string, meta?: Record<string, string>) {
  return sdk.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
      ...(meta ? { ClientMetadata: meta } : {}),
    }),
  );
}

describe('pre token generation V1_0', () => {
  it('sends the V1 event and its claims, suppressions and groups reach tokens that still verify', async () => {
    const pool = emu.pools.v1 as { id: string; clients: Record<string, { id: string }> };
    const clientId = pool.clients.web?.id as string;
    const r = await passwordSignIn(clientId, 'vic', PASSWORD, { app: 'tests' });
    expect(events).toEqual([
      {
        version: '1',
        region: 'us-east-1',
        userPoolId: pool.id,
        userName: 'vic',
        callerContext: { awsSdkVersion: expect.any(String), clientId },
        triggerSource: 'TokenGeneration_Authentication',
        request: {
          userAttributes: {
            sub: expect.any(String),
            email: 'vic@example.com',
            email_verified: 'true',
            'cognito:user_status': 'CONFIRMED',
          },
          groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
          clientMetadata: { app: 'tests' },
        },
        response: {},
      },
    ]);
    const id = await verified(r.AuthenticationResult?.IdToken as string, pool.id);
    const access = await verified(r.AuthenticationResult?.AccessToken as string, pool.id);
    expect(id.tenant).toBe('acme');
    expect(id.email).toBe('shown@example.com');
    expect(id.email_verified).toBeUndefined();
    expect(id.dropped).toBeUndefined();
    expect(id.sub).toBe(events[0]?.request.userAttributes.sub);
    expect(id['cognito:username']).toBe('vic');
    expect(id.aud).toBe(clientId);
    expect(id.token_use).toBe('id');
    expect(typeof id.exp).toBe('number');
    expect(id.exp).toBeGreaterThan(Date.now() / 1000);
    expect(id['cognito:groups']).toEqual(['admins', 'staff']);
    expect(id['cognito:roles']).toEqual(['arn:aws:iam::123456789012:role/admin']);
    expect(id['cognito:preferred_role']).toBe('arn:aws:iam::123456789012:role/admin');
    // V1 changes the ID token's claims only; the groups go into both.
    expect(access.tenant).toBeUndefined();
    expect(access['cognito:groups']).toEqual(['admins', 'staff']);
    expect(access.scope).toBe('aws.cognito.signin.user.admin');
  });

  it('refreshes are TokenGeneration_RefreshTokens (both refresh operations) and keep the claims', async () => {
    const pool = emu.pools.v1 as { id: string; clients: Record<string, { id: string }> };
    const rotating = pool.clients.web?.id as string;
    const plain = pool.clients.plain?.id as string;
    const first = await passwordSignIn(rotating, 'vic', PASSWORD);
    const refreshed = await sdk.send(
      new GetTokensFromRefreshTokenCommand({
        ClientId: rotating,
        RefreshToken: first.AuthenticationResult?.RefreshToken,
      }),
    );
    const second = await passwordSignIn(plain, 'vic', PASSWORD);
    const viaInitiate = await sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: plain,
        AuthParameters: { REFRESH_TOKEN: second.AuthenticationResult?.RefreshToken as string },
      }),
    );
    expect(events.map((e) => e.triggerSource)).toEqual([
      'TokenGeneration_Authentication',
      'TokenGeneration_RefreshTokens',
      'TokenGeneration_Authentication',
      'TokenGeneration_RefreshTokens',
    ]);
    for (const r of [refreshed, viaInitiate]) {
      const id = await verified(r.AuthenticationResult?.IdToken as string, pool.id);
      expect(id.tenant).toBe('acme');
    }
  });

  it('a new password after a temporary one is TokenGeneration_NewPasswordChallenge', async () => {
    const pool = emu.pools.v1 as { id: string; clients: Record<string, { id: string }> };
    const clientId = pool.clients.plain?.id as string;
    const start = await passwordSignIn(clientId, 'newt', 'Temporary-Pass-1!');
    expect(start.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(events).toEqual([]);
    const done = await sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: start.Session,
        ChallengeResponses: { USERNAME: 'newt', NEW_PASSWORD: 'Permanent-Pass-2!' },
      }),
    );
    expect(events.map((e) => e.triggerSource)).toEqual(['TokenGeneration_NewPasswordChallenge']);
    expect(decodeJwt(done.AuthenticationResult?.IdToken as string).tenant).toBe('acme');
  });

  it('a trigger that throws is UserLambdaValidationException', async () => {
    const pool = emu.pools.v1 as { id: string; clients: Record<string, { id: string }> };
    const err = await passwordSignIn(pool.clients.plain?.id as string, 'vic', PASSWORD, {
      fail: 'yes',
    }).catch((e: unknown) => e);
    expect(errorOf(err).name).toBe('UserLambdaValidationException');
    expect(errorOf(err).message).toBe('PreTokenGeneration failed with error Claims service down.');
  });
});

describe('pre token generation V2_0', () => {
  it('sends the V2 event (version 2, scopes) and its answer shapes both tokens, their scopes and groups', async () => {
    const pool = emu.pools.v2 as { id: string; clients: Record<string, { id: string }> };
    const clientId = pool.clients.web?.id as string;
    const r = await passwordSignIn(clientId, 'val', PASSWORD);
    expect(events).toEqual([
      {
        version: '2',
        region: 'us-east-1',
        userPoolId: pool.id,
        userName: 'val',
        callerContext: { awsSdkVersion: expect.any(String), clientId },
        triggerSource: 'TokenGeneration_Authentication',
        request: {
          userAttributes: {
            sub: expect.any(String),
            email: 'val@example.com',
            'cognito:user_status': 'CONFIRMED',
          },
          groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
          scopes: ['aws.cognito.signin.user.admin'],
        },
        response: {},
      },
    ]);
    const id = await verified(r.AuthenticationResult?.IdToken as string, pool.id);
    const access = await verified(r.AuthenticationResult?.AccessToken as string, pool.id);
    expect(id.plan).toBe('gold');
    expect(id.email).toBeUndefined();
    expect(access.tier).toBe(3);
    expect(access.flags).toEqual({ beta: true });
    expect(access.username).toBe('val');
    expect(access.client_id).toBe(clientId);
    expect(access.sub).toBe(id.sub);
    expect(access.scope).toBe('photos/read');
    expect(id['cognito:groups']).toBeUndefined();
    expect(access['cognito:groups']).toBeUndefined();
  });

  it("follows a pool's own LambdaConfig.PreTokenGenerationConfig.LambdaVersion (CreateUserPool)", async () => {
    const created = await sdk.send(
      new CreateUserPoolCommand({
        PoolName: 'made-by-api',
        LambdaConfig: {
          PreTokenGenerationConfig: {
            LambdaVersion: 'V2_0',
            LambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:pre-token',
          },
        },
      }),
    );
    const poolId = created.UserPool?.Id as string;
    const client = await sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'web',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    const clientId = client.UserPoolClient?.ClientId as string;
    await sdk.send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'api-user', MessageAction: 'SUPPRESS' }),
    );
    await sdk.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'api-user',
        Password: PASSWORD,
        Permanent: true,
      }),
    );
    const r = await passwordSignIn(clientId, 'api-user', PASSWORD);
    expect(events.map((e) => [e.version, e.userPoolId])).toEqual([['2', poolId]]);
    const access = await verified(r.AuthenticationResult?.AccessToken as string, poolId);
    expect(access.scope).toBe('photos/read');
  });
});
