// Lambda triggers around sign-up and messages: pre sign-up, post confirmation and custom message, through the AWS SDK.
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type CustomMessageEvent,
  type Emulator,
  type PostConfirmationEvent,
  type PreSignUpEvent,
  startEmulator,
} from '../src/index.js';
import { errorOf, sdkClient } from './helpers.js';

const PASSWORD = 'Correct-Horse-9!';
let emu: Emulator;
let sdk: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;
const events: {
  preSignUp: PreSignUpEvent[];
  postConfirmation: PostConfirmationEvent[];
  custom: CustomMessageEvent[];
} = { preSignUp: [], postConfirmation: [], custom: [] };

beforeAll(async () => {
  emu = await startEmulator({
    seed: {
      pools: [
        {
          name: 'signup',
          mfaConfiguration: 'OPTIONAL',
          enabledMfas: ['EMAIL_OTP'],
          clients: [{ name: 'web' }],
          users: [
            {
              username: 'otto',
              password: PASSWORD,
              attributes: { email: 'otto@example.com', email_verified: 'true' },
              mfaPreference: { email: true, preferred: 'EMAIL_OTP' },
            },
            {
              username: 'uma',
              password: PASSWORD,
              attributes: { email: 'uma@example.com', email_verified: 'true' },
            },
          ],
        },
        { name: 'untouched', clients: [{ name: 'web' }] },
      ],
    },
    triggers: {
      pools: {
        signup: {
          preSignUp: (e) => {
            events.preSignUp.push(structuredClone(e));
            if (e.request.userAttributes.email?.endsWith('@blocked.example'))
              throw new Error('Not on the list');
            if (e.request.validationData?.auto === 'yes') {
              e.response.autoConfirmUser = true;
              e.response.autoVerifyEmail = true;
            }
            // Ignored for AdminCreateUser, as on the service.
            if (e.triggerSource === 'PreSignUp_AdminCreateUser') e.response.autoConfirmUser = true;
          },
          postConfirmation: async (e) => {
            events.postConfirmation.push(structuredClone(e));
            if (e.userName === 'pat') throw new Error('CRM is down');
          },
          customMessage: async (e) => {
            events.custom.push(structuredClone(e));
            if (e.userName === 'plain') {
              e.response.emailMessage = 'A message without the code';
              return;
            }
            e.response.emailSubject = `[${e.triggerSource}]`;
            e.response.emailMessage =
              e.triggerSource === 'CustomMessage_AdminCreateUser'
                ? `Hi ${e.request.usernameParameter}, your password is ${e.request.codeParameter}`
                : `Code for ${e.userName}: ${e.request.codeParameter}`;
            return e;
          },
        },
      },
    },
  });
  sdk = sdkClient(emu.endpoint);
  poolId = emu.pools.signup?.id as string;
  clientId = emu.pools.signup?.clients.web?.id as string;
});

afterAll(async () => {
  sdk?.destroy();
  await emu?.stop();
});

beforeEach(() => {
  events.preSignUp.length = 0;
  events.postConfirmation.length = 0;
  events.custom.length = 0;
});

async function statusOf(username: string): Promise<{ status?: string; attrs: Record<string, string> }> {
  const u = await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
  return {
    ...(u.UserStatus ? { status: u.UserStatus } : {}),
    attrs: Object.fromEntries((u.UserAttributes ?? []).map((a) => [a.Name, a.Value])),
  };
}

async function lastMessage(username: string): Promise<Record<string, unknown> | undefined> {
  return (await emu.control.messages({ username, poolId })).at(-1) as Record<string, unknown> | undefined;
}

describe('pre sign-up', () => {
  it('gets the SignUp event and its answer confirms and verifies the user; post confirmation follows', async () => {
    const out = await sdk.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'ann',
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: 'ann@example.com' }],
        ValidationData: [{ Name: 'auto', Value: 'yes' }],
        ClientMetadata: { via: 'test' },
      }),
    );
    expect(out.UserConfirmed).toBe(true);
    expect(out.CodeDeliveryDetails).toBeUndefined();
    expect(events.preSignUp).toEqual([
      {
        version: '1',
        region: 'us-east-1',
        userPoolId: poolId,
        userName: 'ann',
        callerContext: { awsSdkVersion: expect.any(String), clientId },
        triggerSource: 'PreSignUp_SignUp',
        request: {
          userAttributes: { email: 'ann@example.com' },
          validationData: { auto: 'yes' },
          clientMetadata: { via: 'test' },
        },
        response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
      },
    ]);
    const ann = await statusOf('ann');
    expect(ann.status).toBe('CONFIRMED');
    expect(ann.attrs.email_verified).toBe('true');
    expect(await emu.control.messages({ username: 'ann', poolId })).toEqual([]);
    expect(events.postConfirmation).toHaveLength(1);
    expect(events.postConfirmation[0]).toMatchObject({
      triggerSource: 'PostConfirmation_ConfirmSignUp',
      userName: 'ann',
      callerContext: { clientId },
      request: {
        userAttributes: {
          email: 'ann@example.com',
          email_verified: 'true',
          'cognito:user_status': 'CONFIRMED',
        },
        clientMetadata: { via: 'test' },
      },
    });
    expect(events.postConfirmation[0]?.request.userAttributes.sub).toMatch(/^[0-9a-f-]{36}$/);
    // A confirmed account signs in straight away.
    const signIn = await sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: 'ann', PASSWORD },
      }),
    );
    expect(signIn.AuthenticationResult?.IdToken).toBeDefined();
  });

  it('a trigger that throws refuses the sign-up with its message and creates nobody', async () => {
    const err = await sdk
      .send(
        new SignUpCommand({
          ClientId: clientId,
          Username: 'mallory',
          Password: PASSWORD,
          UserAttributes: [{ Name: 'email', Value: 'mallory@blocked.example' }],
        }),
      )
      .catch((e: unknown) => e);
    expect(errorOf(err).name).toBe('UserLambdaValidationException');
    expect(errorOf(err).message).toBe('PreSignUp failed with error Not on the list.');
    const missing = await sdk
      .send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'mallory' }))
      .catch((e: unknown) => e);
    expect(errorOf(missing).name).toBe('UserNotFoundException');
  });

  it('AdminCreateUser sends PreSignUp_AdminCreateUser without a client, ignores its answer; the invitation is customized', async () => {
    await sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'ivan',
        TemporaryPassword: 'Temporary-Pass-1!',
        DesiredDeliveryMediums: ['EMAIL'],
        UserAttributes: [{ Name: 'email', Value: 'ivan@example.com' }],
        ValidationData: [{ Name: 'source', Value: 'admin' }],
      }),
    );
    expect(events.preSignUp).toHaveLength(1);
    expect(events.preSignUp[0]).toMatchObject({
      triggerSource: 'PreSignUp_AdminCreateUser',
      userName: 'ivan',
      callerContext: { clientId: 'CLIENT_ID_NOT_APPLICABLE' },
      request: { userAttributes: { email: 'ivan@example.com' }, validationData: { source: 'admin' } },
    });
    expect((await statusOf('ivan')).status).toBe('FORCE_CHANGE_PASSWORD');
    expect(events.custom[0]).toMatchObject({
      triggerSource: 'CustomMessage_AdminCreateUser',
      callerContext: { clientId: 'CLIENT_ID_NOT_APPLICABLE' },
      request: { codeParameter: '{####}', usernameParameter: '{username}' },
    });
    const invitation = await lastMessage('ivan');
    expect(invitation).toMatchObject({
      kind: 'INVITATION',
      code: 'Temporary-Pass-1!',
      message: 'Hi ivan, your password is Temporary-Pass-1!',
      subject: '[CustomMessage_AdminCreateUser]',
    });
  });
});

describe('post confirmation and custom messages', () => {
  it('SignUp, ResendConfirmationCode and ConfirmSignUp: customized codes, then PostConfirmation_ConfirmSignUp', async () => {
    const out = await sdk.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'bob',
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: 'bob@example.com' }],
        ClientMetadata: { step: 'signup' },
      }),
    );
    expect(out.UserConfirmed).toBe(false);
    const first = await lastMessage('bob');
    expect(first?.message).toBe(`Code for bob: ${String(first?.code)}`);
    expect(first?.subject).toBe('[CustomMessage_SignUp]');
    expect(events.custom[0]).toEqual({
      version: '1',
      region: 'us-east-1',
      userPoolId: poolId,
      userName: 'bob',
      callerContext: { awsSdkVersion: expect.any(String), clientId },
      triggerSource: 'CustomMessage_SignUp',
      request: {
        userAttributes: expect.objectContaining({
          email: 'bob@example.com',
          'cognito:user_status': 'UNCONFIRMED',
        }),
        codeParameter: '{####}',
        usernameParameter: null,
        linkParameter: null,
        clientMetadata: { step: 'signup' },
      },
      response: { smsMessage: null, emailMessage: null, emailSubject: null },
    });
    await sdk.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'bob' }));
    const resent = await lastMessage('bob');
    expect(resent?.subject).toBe('[CustomMessage_ResendCode]');
    expect(resent?.message).toBe(`Code for bob: ${String(resent?.code)}`);
    expect(events.postConfirmation).toEqual([]);
    await sdk.send(
      new ConfirmSignUpCommand({
        ClientId: clientId,
        Username: 'bob',
        ConfirmationCode: String(resent?.code),
      }),
    );
    expect(events.postConfirmation).toHaveLength(1);
    expect(events.postConfirmation[0]).toMatchObject({
      version: '1',
      userPoolId: poolId,
      userName: 'bob',
      triggerSource: 'PostConfirmation_ConfirmSignUp',
      callerContext: { clientId },
      request: { userAttributes: { email: 'bob@example.com', 'cognito:user_status': 'CONFIRMED' } },
      response: {},
    });
  });

  it('a post confirmation trigger that throws is reported, and the user stays confirmed', async () => {
    await sdk.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'pat',
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: 'pat@example.com' }],
      }),
    );
    const code = String((await lastMessage('pat'))?.code);
    const err = await sdk
      .send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'pat', ConfirmationCode: code }))
      .catch((e: unknown) => e);
    expect(errorOf(err).name).toBe('UserLambdaValidationException');
    expect(errorOf(err).message).toBe('PostConfirmation failed with error CRM is down.');
    expect((await statusOf('pat')).status).toBe('CONFIRMED');
  });

  it('ForgotPassword and ConfirmForgotPassword: CustomMessage_ForgotPassword, then PostConfirmation_ConfirmForgotPassword', async () => {
    await sdk.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'uma' }));
    const reset = await lastMessage('uma');
    expect(reset?.kind).toBe('FORGOT_PASSWORD');
    expect(reset?.subject).toBe('[CustomMessage_ForgotPassword]');
    expect(reset?.message).toBe(`Code for uma: ${String(reset?.code)}`);
    await sdk.send(
      new ConfirmForgotPasswordCommand({
        ClientId: clientId,
        Username: 'uma',
        ConfirmationCode: String(reset?.code),
        Password: 'Another-Horse-8!',
      }),
    );
    expect(events.postConfirmation.map((e) => [e.triggerSource, e.userName])).toEqual([
      ['PostConfirmation_ConfirmForgotPassword', 'uma'],
    ]);
  });

  it('UpdateUserAttributes and GetUserAttributeVerificationCode: the two attribute sources', async () => {
    const signIn = await sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: 'uma', PASSWORD: 'Another-Horse-8!' },
      }),
    );
    const AccessToken = signIn.AuthenticationResult?.AccessToken as string;
    await sdk.send(
      new UpdateUserAttributesCommand({
        AccessToken,
        UserAttributes: [{ Name: 'email', Value: 'uma@new.example.com' }],
      }),
    );
    const update = await lastMessage('uma');
    expect(update?.destination).toBe('uma@new.example.com');
    expect(update?.subject).toBe('[CustomMessage_UpdateUserAttribute]');
    await sdk.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }));
    const verify = await lastMessage('uma');
    expect(verify?.subject).toBe('[CustomMessage_VerifyUserAttribute]');
    expect(verify?.message).toBe(`Code for uma: ${String(verify?.code)}`);
  });

  it('an MFA code during sign-in is CustomMessage_Authentication', async () => {
    const start = await sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: 'otto', PASSWORD },
      }),
    );
    expect(start.ChallengeName).toBe('EMAIL_OTP');
    const sent = await lastMessage('otto');
    expect(sent?.subject).toBe('[CustomMessage_Authentication]');
    expect(sent?.message).toBe(`Code for otto: ${String(sent?.code)}`);
    const done = await sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'EMAIL_OTP',
        Session: start.Session,
        ChallengeResponses: { USERNAME: 'otto', EMAIL_OTP_CODE: String(sent?.code) },
      }),
    );
    expect(done.AuthenticationResult?.AccessToken).toBeDefined();
  });

  it('a custom message without the {####} placeholder leaves the default text; a pool without triggers gets defaults', async () => {
    await sdk.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'plain',
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: 'plain@example.com' }],
      }),
    );
    const plain = await lastMessage('plain');
    expect(plain?.message).toBe(`Your verification code is ${String(plain?.code)}.`);
    expect(events.custom).toHaveLength(1);
    const other = emu.pools.untouched;
    await sdk.send(
      new SignUpCommand({
        ClientId: other?.clients.web?.id,
        Username: 'quiet',
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: 'quiet@example.com' }],
      }),
    );
    const quiet = (await emu.control.messages({ username: 'quiet', poolId: other?.id })).at(-1);
    expect(quiet?.message).toBe(`Your verification code is ${String(quiet?.code)}.`);
    expect(events.custom).toHaveLength(1);
    expect(events.preSignUp).toHaveLength(1);
  });
});
