// The account after sign-up: password recovery and change (code lifetime, limits, PreventUserExistenceErrors),
// attribute updates and their verification (AttributesRequireVerificationBeforeUpdate), DeleteUserAttributes, and
// the MFA settings GetUser reports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { type Challenge, call, ok, srpSignIn } from './wire.js';

const PASSWORD = 'Correct-Horse-9!';
const HOUR = 60 * 60 * 1000;

let emu: Emulator;
let poolId: string;
let web: string;
let legacy: string;
let mailPool: string;
let mailWeb: string;

beforeAll(async () => {
  emu = await startEmulator({
    seed: {
      pools: [
        {
          name: 'main',
          schema: [{ Name: 'family_name', Required: true }],
          clients: [{ name: 'web' }, { name: 'legacy', preventUserExistenceErrors: 'LEGACY' }],
          users: [
            {
              username: 'vera',
              password: PASSWORD,
              attributes: { email: 'vera@example.com', email_verified: 'true', family_name: 'V' },
            },
            {
              username: 'walt',
              password: PASSWORD,
              attributes: { email: 'walt@example.com', family_name: 'W' },
            },
            {
              username: 'xena',
              password: PASSWORD,
              attributes: { email: 'xena@example.com', family_name: 'X', given_name: 'Xe' },
            },
            {
              username: 'yuri',
              password: PASSWORD,
              attributes: { phone_number: '+15555550123', family_name: 'Y' },
            },
          ],
        },
        {
          name: 'temp',
          passwordPolicy: { TemporaryPasswordValidityDays: 1, MinimumLength: 10 },
          clients: [{ name: 'web' }],
          users: [
            {
              username: 'rex',
              password: PASSWORD,
              attributes: { email: 'rex@example.com', email_verified: 'true' },
            },
          ],
        },
        {
          name: 'mail',
          usernameAttributes: ['email'],
          attributesRequireVerificationBeforeUpdate: ['email'],
          clients: [{ name: 'web' }],
          users: [
            { username: 'zoe@example.com', password: PASSWORD, attributes: { email_verified: 'true' } },
            { username: 'taken@example.com', password: PASSWORD, attributes: { email_verified: 'true' } },
          ],
        },
      ],
    },
  });
  poolId = emu.pools.main?.id as string;
  web = emu.pools.main?.clients.web?.id as string;
  legacy = emu.pools.main?.clients.legacy?.id as string;
  mailPool = emu.pools.mail?.id as string;
  mailWeb = emu.pools.mail?.clients.web?.id as string;
});

afterAll(async () => {
  await emu?.stop();
});

async function accessToken(pool: string, client: string, name: string, password = PASSWORD): Promise<string> {
  const r = await srpSignIn(emu.endpoint, pool, client, name, password);
  const token = (r.body as Challenge).AuthenticationResult?.AccessToken;
  if (!token) throw new Error(`sign-in of ${name} failed: ${JSON.stringify(r.body)}`);
  return token;
}

describe('ForgotPassword / ConfirmForgotPassword', () => {
  it('a code lives one hour: used at 59 minutes it works, at 61 it is ExpiredCodeException', async () => {
    await ok(emu.endpoint, 'ForgotPassword', { ClientId: web, Username: 'vera' });
    const late = (await emu.control.lastCode({ username: 'vera', poolId })) as string;
    await emu.control.advanceClock(61 * 60 * 1000);
    const expired = await call(emu.endpoint, 'ConfirmForgotPassword', {
      ClientId: web,
      Username: 'vera',
      ConfirmationCode: late,
      Password: 'Reset-Horse-1!',
    });
    expect(expired.body.__type).toBe('ExpiredCodeException');
    const sent = await ok(emu.endpoint, 'ForgotPassword', { ClientId: web, Username: 'vera' });
    expect(sent.CodeDeliveryDetails).toEqual({
      Destination: 'v***@e***',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    });
    const [last] = (await emu.control.messages({ username: 'vera', poolId })).slice(-1);
    expect(last).toMatchObject({ kind: 'FORGOT_PASSWORD', medium: 'EMAIL', destination: 'vera@example.com' });
    await emu.control.advanceClock(59 * 60 * 1000);
    await ok(emu.endpoint, 'ConfirmForgotPassword', {
      ClientId: web,
      Username: 'vera',
      ConfirmationCode: last?.code,
      Password: 'Reset-Horse-2!',
    });
    expect((await srpSignIn(emu.endpoint, poolId, web, 'vera', 'Reset-Horse-2!')).status).toBe(200);
  });

  it('an unverified e-mail gets no code: LEGACY says so, ENABLED answers as if one was sent', async () => {
    const refused = await call(emu.endpoint, 'ForgotPassword', { ClientId: legacy, Username: 'walt' });
    expect(refused.body).toEqual({
      __type: 'InvalidParameterException',
      message: 'Cannot reset password for the user as there is no registered/verified email or phone_number',
    });
    const quiet = await ok(emu.endpoint, 'ForgotPassword', { ClientId: web, Username: 'walt' });
    expect((quiet.CodeDeliveryDetails as { DeliveryMedium: string }).DeliveryMedium).toBe('EMAIL');
    expect(await emu.control.messages({ username: 'walt', poolId })).toEqual([]);
  });

  it('an unknown user: ENABLED answers like a known one (and ConfirmForgotPassword is a code mismatch); LEGACY says UserNotFoundException', async () => {
    const a = await ok(emu.endpoint, 'ForgotPassword', { ClientId: web, Username: 'nobody' });
    const b = await ok(emu.endpoint, 'ForgotPassword', { ClientId: web, Username: 'nobody' });
    expect(a.CodeDeliveryDetails).toEqual(b.CodeDeliveryDetails);
    expect(Object.keys(a.CodeDeliveryDetails as object).sort()).toEqual([
      'AttributeName',
      'DeliveryMedium',
      'Destination',
    ]);
    const confirm = await call(emu.endpoint, 'ConfirmForgotPassword', {
      ClientId: web,
      Username: 'nobody',
      ConfirmationCode: '123456',
      Password: 'Reset-Horse-3!',
    });
    expect(confirm.body.__type).toBe('CodeMismatchException');
    expect(
      (await ok(emu.endpoint, 'ResendConfirmationCode', { ClientId: web, Username: 'nobody' }))
        .CodeDeliveryDetails,
    ).toBeTruthy();
    for (const op of ['ForgotPassword', 'ResendConfirmationCode']) {
      const r = await call(emu.endpoint, op, { ClientId: legacy, Username: 'nobody' });
      expect(r.body.__type).toBe('UserNotFoundException');
    }
    const signIn = await call(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: web,
      AuthParameters: { USERNAME: 'nobody', PASSWORD },
    });
    expect(signIn.body).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });
});

describe('ChangePassword', () => {
  it('checks the policy and the previous password; five wrong previous passwords in an hour are LimitExceededException', async () => {
    const token = await accessToken(poolId, web, 'xena');
    const weak = await call(emu.endpoint, 'ChangePassword', {
      AccessToken: token,
      PreviousPassword: PASSWORD,
      ProposedPassword: 'weakpass',
    });
    expect(weak.body).toEqual({
      __type: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password must have uppercase characters',
    });
    for (let i = 0; i < 5; i++) {
      const r = await call(emu.endpoint, 'ChangePassword', {
        AccessToken: token,
        PreviousPassword: `Wrong-Horse-${i}!`,
        ProposedPassword: 'Changed-Horse-1!',
      });
      expect(r.body.__type).toBe('NotAuthorizedException');
    }
    const limited = await call(emu.endpoint, 'ChangePassword', {
      AccessToken: token,
      PreviousPassword: PASSWORD,
      ProposedPassword: 'Changed-Horse-1!',
    });
    expect(limited.body.__type).toBe('LimitExceededException');
    await emu.control.advanceClock(HOUR + 1000);
    const fresh = await accessToken(poolId, web, 'xena');
    await ok(emu.endpoint, 'ChangePassword', {
      AccessToken: fresh,
      PreviousPassword: PASSWORD,
      ProposedPassword: 'Changed-Horse-1!',
    });
    expect((await srpSignIn(emu.endpoint, poolId, web, 'xena', 'Changed-Horse-1!')).status).toBe(200);
  });
});

describe('attributes', () => {
  it('UpdateUserAttributes changes the e-mail, marks it unverified and sends a code; VerifyUserAttribute verifies it', async () => {
    const token = await accessToken(poolId, web, 'walt');
    const r = await ok(emu.endpoint, 'UpdateUserAttributes', {
      AccessToken: token,
      UserAttributes: [
        { Name: 'email', Value: 'walter@example.com' },
        { Name: 'nickname', Value: 'W' },
      ],
    });
    expect(r.CodeDeliveryDetailsList).toEqual([
      { Destination: 'w***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' },
    ]);
    const attrs = (await ok(emu.endpoint, 'GetUser', { AccessToken: token })).UserAttributes;
    expect(attrs).toContainEqual({ Name: 'email', Value: 'walter@example.com' });
    expect(attrs).toContainEqual({ Name: 'email_verified', Value: 'false' });
    const sent = (await emu.control.messages({ username: 'walt', poolId })).at(-1);
    expect(sent).toMatchObject({ destination: 'walter@example.com', kind: 'VERIFY_EMAIL' });
    const wrong = await call(emu.endpoint, 'VerifyUserAttribute', {
      AccessToken: token,
      AttributeName: 'email',
      Code: sent?.code === '000000' ? '111111' : '000000',
    });
    expect(wrong.body.__type).toBe('CodeMismatchException');
    await ok(emu.endpoint, 'VerifyUserAttribute', {
      AccessToken: token,
      AttributeName: 'email',
      Code: sent?.code,
    });
    const reused = await call(emu.endpoint, 'VerifyUserAttribute', {
      AccessToken: token,
      AttributeName: 'email',
      Code: sent?.code,
    });
    expect(reused.body.__type).toBe('ExpiredCodeException');
    expect((await ok(emu.endpoint, 'GetUser', { AccessToken: token })).UserAttributes).toContainEqual({
      Name: 'email_verified',
      Value: 'true',
    });
  });

  it('GetUserAttributeVerificationCode: a code lives 24 hours', async () => {
    const token = await accessToken(poolId, web, 'yuri');
    const r = await ok(emu.endpoint, 'GetUserAttributeVerificationCode', {
      AccessToken: token,
      AttributeName: 'phone_number',
    });
    expect(r.CodeDeliveryDetails).toEqual({
      Destination: '+*******0123',
      DeliveryMedium: 'SMS',
      AttributeName: 'phone_number',
    });
    const sent = await emu.control.lastCode({ username: 'yuri', poolId });
    await emu.control.advanceClock(24 * HOUR + 1000);
    const fresh = await accessToken(poolId, web, 'yuri');
    const late = await call(emu.endpoint, 'VerifyUserAttribute', {
      AccessToken: fresh,
      AttributeName: 'phone_number',
      Code: sent,
    });
    expect(late.body.__type).toBe('ExpiredCodeException');
  });

  it('with AttributesRequireVerificationBeforeUpdate the old e-mail stays (and signs in) until the new one is verified', async () => {
    const token = await accessToken(mailPool, mailWeb, 'zoe@example.com');
    const taken = await call(emu.endpoint, 'UpdateUserAttributes', {
      AccessToken: token,
      UserAttributes: [{ Name: 'email', Value: 'taken@example.com' }],
    });
    expect(taken.body.__type).toBe('AliasExistsException');
    const r = await ok(emu.endpoint, 'UpdateUserAttributes', {
      AccessToken: token,
      UserAttributes: [{ Name: 'email', Value: 'zoe.new@example.com' }],
    });
    expect(r.CodeDeliveryDetailsList).toEqual([
      { Destination: 'z***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' },
    ]);
    const before = (await ok(emu.endpoint, 'GetUser', { AccessToken: token })).UserAttributes;
    expect(before).toContainEqual({ Name: 'email', Value: 'zoe@example.com' });
    expect(before).toContainEqual({ Name: 'email_verified', Value: 'true' });
    expect((await srpSignIn(emu.endpoint, mailPool, mailWeb, 'zoe@example.com', PASSWORD)).status).toBe(200);
    const sent = (await emu.control.messages({ poolId: mailPool })).at(-1);
    expect(sent?.destination).toBe('zoe.new@example.com');
    await ok(emu.endpoint, 'VerifyUserAttribute', {
      AccessToken: token,
      AttributeName: 'email',
      Code: sent?.code,
    });
    const after = (await ok(emu.endpoint, 'GetUser', { AccessToken: token })).UserAttributes;
    expect(after).toContainEqual({ Name: 'email', Value: 'zoe.new@example.com' });
    expect((await srpSignIn(emu.endpoint, mailPool, mailWeb, 'zoe.new@example.com', PASSWORD)).status).toBe(
      200,
    );
    expect((await srpSignIn(emu.endpoint, mailPool, mailWeb, 'zoe@example.com', PASSWORD)).status).toBe(400);
  });

  it('DeleteUserAttributes removes what it names; sub, the username attribute and required ones are refused', async () => {
    const token = await accessToken(poolId, web, 'xena', 'Changed-Horse-1!');
    for (const name of ['sub', 'family_name']) {
      const r = await call(emu.endpoint, 'DeleteUserAttributes', {
        AccessToken: token,
        UserAttributeNames: [name],
      });
      expect(r.body.__type).toBe('InvalidParameterException');
    }
    await ok(emu.endpoint, 'DeleteUserAttributes', {
      AccessToken: token,
      UserAttributeNames: ['given_name', 'email'],
    });
    const attrs = (await ok(emu.endpoint, 'GetUser', { AccessToken: token })).UserAttributes as {
      Name: string;
    }[];
    expect(attrs.map((a) => a.Name).sort()).toEqual(['family_name', 'sub']);
    const mailToken = await accessToken(mailPool, mailWeb, 'taken@example.com');
    const own = await call(emu.endpoint, 'DeleteUserAttributes', {
      AccessToken: mailToken,
      UserAttributeNames: ['email'],
    });
    expect(own.body.__type).toBe('InvalidParameterException');
  });
});

describe('MFA settings', () => {
  it('SetUserSettings turns SMS MFA on (GetUser shows MFAOptions and the lists); passkey MFA needs another method', async () => {
    const token = await accessToken(poolId, web, 'yuri');
    const alone = await call(emu.endpoint, 'SetUserMFAPreference', {
      AccessToken: token,
      WebAuthnMfaSettings: { Enabled: true },
    });
    expect(alone.body.__type).toBe('InvalidParameterException');
    await ok(emu.endpoint, 'SetUserSettings', {
      AccessToken: token,
      MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }],
    });
    const user = await ok(emu.endpoint, 'GetUser', { AccessToken: token });
    expect(user.MFAOptions).toEqual([{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);
    expect(user.UserMFASettingList).toEqual(['SMS_MFA']);
    await ok(emu.endpoint, 'SetUserMFAPreference', {
      AccessToken: token,
      WebAuthnMfaSettings: { Enabled: true },
    });
    await ok(emu.endpoint, 'SetUserSettings', { AccessToken: token, MFAOptions: [] });
    const off = await ok(emu.endpoint, 'GetUser', { AccessToken: token });
    expect(off.MFAOptions).toBeUndefined();
    expect(off.UserMFASettingList).toBeUndefined();
  });
});

describe('the policy everywhere a password is set', () => {
  const temp = (): { id: string; client: string } => ({
    id: emu.pools.temp?.id as string,
    client: emu.pools.temp?.clients.web?.id as string,
  });

  it('AdminSetUserPassword and NEW_PASSWORD_REQUIRED refuse a weak password; the challenge can be answered again', async () => {
    const { id, client } = temp();
    const weak = await call(emu.endpoint, 'AdminSetUserPassword', {
      UserPoolId: id,
      Username: 'rex',
      Password: 'Short-1!a',
      Permanent: true,
    });
    expect(weak.body).toEqual({
      __type: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password not long enough',
    });
    await ok(emu.endpoint, 'AdminCreateUser', {
      UserPoolId: id,
      Username: 'newt',
      TemporaryPassword: 'Temporary-Pass-1!',
      MessageAction: 'SUPPRESS',
    });
    const challenge = (await srpSignIn(emu.endpoint, id, client, 'newt', 'Temporary-Pass-1!'))
      .body as Challenge;
    expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    const answer = (password: string): Promise<{ status: number; body: Record<string, unknown> }> =>
      call(emu.endpoint, 'RespondToAuthChallenge', {
        ClientId: client,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: 'newt', NEW_PASSWORD: password },
      });
    expect((await answer('nocapitals-1!')).body).toEqual({
      __type: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password must have uppercase characters',
    });
    const done = (await answer('Long-Enough-Pass-1!')).body as Challenge;
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it("TemporaryPasswordValidityDays is the pool's: one day here", async () => {
    const { id, client } = temp();
    await ok(emu.endpoint, 'AdminCreateUser', {
      UserPoolId: id,
      Username: 'late',
      TemporaryPassword: 'Temporary-Pass-1!',
      MessageAction: 'SUPPRESS',
    });
    await emu.control.advanceClock(25 * HOUR);
    const r = await srpSignIn(emu.endpoint, id, client, 'late', 'Temporary-Pass-1!');
    expect(r.body).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Temporary password has expired and must be reset by an administrator.',
    });
  });

  it('ForgotPassword: five codes an hour, the sixth request is LimitExceededException', async () => {
    const { client } = temp();
    for (let i = 0; i < 5; i++)
      await ok(emu.endpoint, 'ForgotPassword', { ClientId: client, Username: 'rex' });
    const sixth = await call(emu.endpoint, 'ForgotPassword', { ClientId: client, Username: 'rex' });
    expect(sixth.body).toEqual({
      __type: 'LimitExceededException',
      message: 'Attempt limit exceeded, please try after some time.',
    });
    const sent = await emu.control.messages({ username: 'rex', poolId: emu.pools.temp?.id as string });
    expect(sent.filter((m) => m.kind === 'FORGOT_PASSWORD')).toHaveLength(5);
  });
});

describe('a failed delivery', () => {
  it('an injected codeDeliveryFailure is CodeDeliveryFailureException with no code made; the next request delivers', async () => {
    const client = emu.pools.temp?.clients.web?.id as string;
    await emu.control.advanceClock(HOUR + 1000);
    const before = (await emu.control.messages({ username: 'rex' })).length;
    await emu.control.injectFault({ operation: 'ForgotPassword', kind: 'codeDeliveryFailure' });
    const failed = await call(emu.endpoint, 'ForgotPassword', { ClientId: client, Username: 'rex' });
    expect(failed.body).toEqual({
      __type: 'CodeDeliveryFailureException',
      message: 'Unable to deliver the verification code.',
    });
    expect((await emu.control.messages({ username: 'rex' })).length).toBe(before);
    await ok(emu.endpoint, 'ForgotPassword', { ClientId: client, Username: 'rex' });
    expect((await emu.control.messages({ username: 'rex' })).length).toBe(before + 1);
  });
});
