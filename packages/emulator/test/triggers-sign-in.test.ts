// Lambda triggers around sign-in: pre authentication, post authentication and user migration, through the AWS SDK
// and an SRP client; the pool's triggers are keyed by its id.
import {
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type Emulator,
  type PostAuthenticationEvent,
  type PreAuthenticationEvent,
  startEmulator,
  type UserMigrationEvent,
} from '../src/index.js';
import { errorOf, sdkClient } from './helpers.js';
import { srpSignIn } from './wire.js';

const PASSWORD = 'Correct-Horse-9!';
const POOL_ID = 'us-east-1_SignIn1234';
/** The directory users are migrated from. */
const LEGACY: Record<string, { password: string; email: string; reset?: boolean }> = {
  lee: { password: 'legacy-pass', email: 'lee@legacy.example' },
  rita: { password: 'legacy-pass', email: 'rita@legacy.example', reset: true },
  fay: { password: 'forgotten', email: 'fay@legacy.example' },
};

let emu: Emulator;
let sdk: CognitoIdentityProviderClient;
let clientId: string;
const events: {
  pre: PreAuthenticationEvent[];
  post: PostAuthenticationEvent[];
  migration: UserMigrationEvent[];
} = {
  pre: [],
  post: [],
  migration: [],
};

beforeAll(async () => {
  emu = await startEmulator({
    seed: {
      pools: [
        {
          name: 'signin',
          id: POOL_ID,
          clients: [{ name: 'web' }],
          users: [
            { username: 'amy', password: PASSWORD, attributes: { email: 'amy@example.com' } },
            { username: 'blocked', password: PASSWORD },
          ],
        },
      ],
    },
    triggers: {
      // A top-level trigger that the pool's own entry (by id) replaces: it must never run for this pool.
      preAuthentication: () => {
        throw new Error('the top-level trigger ran');
      },
      pools: {
        [POOL_ID]: {
          preAuthentication: (e) => {
            events.pre.push(structuredClone(e));
            if (e.userName === 'blocked' || e.request.validationData?.deny === 'yes')
              throw new Error('Blocked');
          },
          postAuthentication: async (e) => {
            events.post.push(structuredClone(e));
            if (e.request.clientMetadata?.failPost === 'yes') throw new Error('Audit log unavailable');
          },
          defineAuthChallenge: () => {
            throw new Error('No custom flow today');
          },
          userMigration: async (e) => {
            events.migration.push(structuredClone(e));
            const old = LEGACY[e.userName];
            if (!old) throw new Error('No such user');
            if (e.triggerSource === 'UserMigration_Authentication' && e.request.password !== old.password)
              throw new Error('Bad password');
            e.response.userAttributes = { email: old.email, email_verified: 'true' };
            e.response.finalUserStatus = old.reset ? 'RESET_REQUIRED' : 'CONFIRMED';
            e.response.messageAction = 'SUPPRESS';
            return e;
          },
        },
      },
    },
  });
  sdk = sdkClient(emu.endpoint);
  clientId = emu.pools.signin?.clients.web?.id as string;
});

afterAll(async () => {
  sdk?.destroy();
  await emu?.stop();
});

beforeEach(() => {
  events.pre.length = 0;
  events.post.length = 0;
  events.migration.length = 0;
});

function passwordSignIn(username: string, password: string, meta?: Record<string, string>) {
  return sdk.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
      ...(meta ? { ClientMetadata: meta } : {}),
    }),
  );
}

describe('pre and post authentication', () => {
  it('an SRP sign-in runs pre authentication, then post authentication, with the service events', async () => {
    const r = await srpSignIn(emu.endpoint, POOL_ID, clientId, 'amy', PASSWORD);
    expect(r.status).toBe(200);
    expect(events.pre).toEqual([
      {
        version: '1',
        region: 'us-east-1',
        userPoolId: POOL_ID,
        userName: 'amy',
        callerContext: { awsSdkVersion: expect.any(String), clientId },
        triggerSource: 'PreAuthentication_Authentication',
        request: {
          userAttributes: {
            sub: expect.stringMatching(/^[0-9a-f-]{36}$/),
            email: 'amy@example.com',
            'cognito:user_status': 'CONFIRMED',
          },
        },
        response: {},
      },
    ]);
    expect(events.post).toEqual([
      {
        version: '1',
        region: 'us-east-1',
        userPoolId: POOL_ID,
        userName: 'amy',
        callerContext: { awsSdkVersion: expect.any(String), clientId },
        triggerSource: 'PostAuthentication_Authentication',
        request: { userAttributes: events.pre[0]?.request.userAttributes, newDeviceUsed: false },
        response: {},
      },
    ]);
  });

  it('InitiateAuth ClientMetadata reaches pre authentication as validationData and post authentication as clientMetadata', async () => {
    const ok = await passwordSignIn('amy', PASSWORD, { app: 'tests' });
    expect(ok.AuthenticationResult?.IdToken).toBeDefined();
    expect(events.pre[0]?.request.validationData).toEqual({ app: 'tests' });
    expect(events.post[0]?.request.clientMetadata).toEqual({ app: 'tests' });
  });

  it('a pre authentication trigger that throws stops the sign-in before the password', async () => {
    for (const attempt of [
      () => passwordSignIn('blocked', PASSWORD),
      () => passwordSignIn('amy', PASSWORD, { deny: 'yes' }),
      () =>
        srpSignIn(emu.endpoint, POOL_ID, clientId, 'blocked', PASSWORD).then((r) => Promise.reject(r.body)),
    ]) {
      const err = await attempt().catch((e: unknown) => e);
      const { name, message, __type } = err as { name?: string; message?: string; __type?: string };
      expect(name === 'UserLambdaValidationException' || __type === 'UserLambdaValidationException').toBe(
        true,
      );
      expect(message).toBe('PreAuthentication failed with error Blocked.');
    }
    expect(events.post).toEqual([]);
  });

  it('an unknown user reaches pre authentication with userNotFound, then is refused like a wrong password', async () => {
    const srp = await srpSignIn(emu.endpoint, POOL_ID, clientId, 'nobody-srp', PASSWORD);
    expect(srp.body.__type).toBe('NotAuthorizedException');
    expect(events.pre).toHaveLength(1);
    expect(events.pre[0]?.userName).toBe('nobody-srp');
    expect(events.pre[0]?.request).toEqual({ userAttributes: {}, userNotFound: true });
  });

  it('a post authentication trigger that throws gives the error instead of tokens', async () => {
    const err = await passwordSignIn('amy', PASSWORD, { failPost: 'yes' }).catch((e: unknown) => e);
    expect(errorOf(err).name).toBe('UserLambdaValidationException');
    expect(errorOf(err).message).toBe('PostAuthentication failed with error Audit log unavailable.');
  });
});

describe('custom auth hooks in the same trigger set', () => {
  it("CUSTOM_AUTH runs pre authentication, then the pool's define hook; its throw carries the message", async () => {
    const err = await sdk
      .send(
        new InitiateAuthCommand({
          AuthFlow: 'CUSTOM_AUTH',
          ClientId: clientId,
          AuthParameters: { USERNAME: 'amy' },
        }),
      )
      .catch((e: unknown) => e);
    expect(events.pre.map((e) => e.userName)).toEqual(['amy']);
    expect(errorOf(err).name).toBe('UserLambdaValidationException');
    expect(errorOf(err).message).toBe('DefineAuthChallenge failed with error No custom flow today.');
  });
});

describe('user migration', () => {
  it('migrates an unknown user at USER_PASSWORD_AUTH with the password typed; the password then works for SRP', async () => {
    const r = await passwordSignIn('lee', 'legacy-pass', { from: 'old-app' });
    expect(r.AuthenticationResult?.AccessToken).toBeDefined();
    expect(events.migration).toEqual([
      {
        version: '1',
        region: 'us-east-1',
        userPoolId: POOL_ID,
        userName: 'lee',
        callerContext: { awsSdkVersion: expect.any(String), clientId },
        triggerSource: 'UserMigration_Authentication',
        request: {
          password: 'legacy-pass',
          validationData: { from: 'old-app' },
          clientMetadata: { from: 'old-app' },
        },
        response: {},
      },
    ]);
    const lee = await sdk.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: 'lee' }));
    expect(lee.UserStatus).toBe('CONFIRMED');
    expect(lee.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'email', Value: 'lee@legacy.example' },
        { Name: 'email_verified', Value: 'true' },
      ]),
    );
    // Not policy-conforming, and still taken: the guide says migration does not apply the password policy.
    expect((await srpSignIn(emu.endpoint, POOL_ID, clientId, 'lee', 'legacy-pass')).status).toBe(200);
    // Known now: the next sign-in does not ask the trigger again.
    await passwordSignIn('lee', 'legacy-pass');
    expect(events.migration).toHaveLength(1);
  });

  it('a migration that throws is UserLambdaValidationException and creates nobody; RESET_REQUIRED asks for a reset', async () => {
    const unknown = await passwordSignIn('nobody', PASSWORD).catch((e: unknown) => e);
    expect(errorOf(unknown).message).toBe('UserMigration failed with error No such user.');
    expect(events.pre).toHaveLength(0);
    const bad = await passwordSignIn('fay', 'wrong').catch((e: unknown) => e);
    expect(errorOf(bad).name).toBe('UserLambdaValidationException');
    expect(errorOf(bad).message).toBe('UserMigration failed with error Bad password.');
    const none = await sdk
      .send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: 'fay' }))
      .catch((e: unknown) => e);
    expect(errorOf(none).name).toBe('UserNotFoundException');
    const reset = await passwordSignIn('rita', 'legacy-pass').catch((e: unknown) => e);
    expect(errorOf(reset).name).toBe('PasswordResetRequiredException');
    const rita = await sdk.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: 'rita' }));
    expect(rita.UserStatus).toBe('RESET_REQUIRED');
  });

  it('ForgotPassword for an unknown user migrates it (UserMigration_ForgotPassword) and sends the code', async () => {
    const out = await sdk.send(
      new ForgotPasswordCommand({ ClientId: clientId, Username: 'fay', ClientMetadata: { why: 'forgot' } }),
    );
    expect(out.CodeDeliveryDetails?.DeliveryMedium).toBe('EMAIL');
    expect(events.migration).toEqual([
      expect.objectContaining({
        userName: 'fay',
        triggerSource: 'UserMigration_ForgotPassword',
        request: { validationData: { why: 'forgot' }, clientMetadata: { why: 'forgot' } },
      }),
    ]);
    const code = await emu.control.lastCode({ username: 'fay', poolId: POOL_ID });
    await sdk.send(
      new ConfirmForgotPasswordCommand({
        ClientId: clientId,
        Username: 'fay',
        ConfirmationCode: code,
        Password: 'Brand-New-Pass-1!',
      }),
    );
    const r = await passwordSignIn('fay', 'Brand-New-Pass-1!');
    expect(r.AuthenticationResult?.IdToken).toBeDefined();
  });
});
