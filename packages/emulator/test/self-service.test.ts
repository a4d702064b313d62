// Self-service operations and e-mail sign-in: SignUp / ConfirmSignUp, ForgotPassword / ConfirmForgotPassword,
// ChangePassword, a pool whose UsernameAttributes is email, and AdminCreateUser's invitation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { type Challenge, call, ok, srpSignIn } from './wire.js';

let emu: Emulator;
let poolId: string;
let clientId: string;

beforeAll(async () => {
  emu = await startEmulator({
    seed: {
      pools: [
        {
          name: 'email',
          usernameAttributes: ['email'],
          clients: [{ name: 'web' }],
          users: [
            // Verified: ForgotPassword sends its code only to a verified e-mail or phone.
            {
              username: 'eve@example.com',
              password: 'Correct-Horse-9!',
              attributes: { email_verified: 'true' },
            },
            // Confirmed with a permanent password, for the disabled-user and the lockout tests.
            { username: 'dora@example.com', password: 'Correct-Horse-9!' },
            { username: 'luke@example.com', password: 'Correct-Horse-9!' },
          ],
        },
      ],
    },
  });
  const pool = emu.pools.email as { id: string; clients: Record<string, { id: string }> };
  poolId = pool.id;
  clientId = pool.clients.web?.id as string;
});

afterAll(async () => {
  await emu?.stop();
});

describe('e-mail as username', () => {
  it('signs in by e-mail; USER_ID_FOR_SRP and cognito:username are the sub-like username', async () => {
    const eph = await call(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: 'eve@example.com', SRP_A: 'abcdef' },
    });
    const params = (eph.body as Challenge).ChallengeParameters as Record<string, string>;
    expect(params.USER_ID_FOR_SRP).toMatch(/^[0-9a-f-]{36}$/);
    const r = (await srpSignIn(emu.endpoint, poolId, clientId, 'eve@example.com', 'Correct-Horse-9!'))
      .body as Challenge;
    const user = await ok(emu.endpoint, 'GetUser', { AccessToken: r.AuthenticationResult?.AccessToken });
    expect(user.Username).toBe(params.USER_ID_FOR_SRP);
    expect(user.UserAttributes).toContainEqual({ Name: 'email', Value: 'eve@example.com' });
  });
});

describe('sign-up and password reset', () => {
  it('SignUp sends a code; the user cannot sign in before ConfirmSignUp, and can after', async () => {
    const weak = await call(emu.endpoint, 'SignUp', {
      ClientId: clientId,
      Username: 'sam@example.com',
      Password: 'short',
    });
    expect(weak.body.__type).toBe('InvalidPasswordException');
    const up = await ok(emu.endpoint, 'SignUp', {
      ClientId: clientId,
      Username: 'sam@example.com',
      Password: 'Correct-Horse-9!',
    });
    expect(up.UserConfirmed).toBe(false);
    expect((up.CodeDeliveryDetails as { DeliveryMedium: string }).DeliveryMedium).toBe('EMAIL');
    const early = await srpSignIn(emu.endpoint, poolId, clientId, 'sam@example.com', 'Correct-Horse-9!');
    expect(early.body.__type).toBe('UserNotConfirmedException');
    const dup = await call(emu.endpoint, 'SignUp', {
      ClientId: clientId,
      Username: 'sam@example.com',
      Password: 'Correct-Horse-9!',
    });
    expect(dup.body.__type).toBe('UsernameExistsException');
    const code = (await emu.control.lastCode({ username: 'sam@example.com' })) as string;
    const wrong = await call(emu.endpoint, 'ConfirmSignUp', {
      ClientId: clientId,
      Username: 'sam@example.com',
      ConfirmationCode: code === '123456' ? '654321' : '123456',
    });
    expect(wrong.body.__type).toBe('CodeMismatchException');
    await ok(emu.endpoint, 'ConfirmSignUp', {
      ClientId: clientId,
      Username: 'sam@example.com',
      ConfirmationCode: code,
    });
    expect(
      (await srpSignIn(emu.endpoint, poolId, clientId, 'sam@example.com', 'Correct-Horse-9!')).status,
    ).toBe(200);
  });

  it('ForgotPassword and ConfirmForgotPassword set a new password; a code expires', async () => {
    await ok(emu.endpoint, 'ForgotPassword', { ClientId: clientId, Username: 'eve@example.com' });
    const code = (await emu.control.lastCode({ username: 'eve@example.com' })) as string;
    await ok(emu.endpoint, 'ConfirmForgotPassword', {
      ClientId: clientId,
      Username: 'eve@example.com',
      ConfirmationCode: code,
      Password: 'Reset-Pass-3!',
    });
    expect((await srpSignIn(emu.endpoint, poolId, clientId, 'eve@example.com', 'Reset-Pass-3!')).status).toBe(
      200,
    );
    const reused = await call(emu.endpoint, 'ConfirmForgotPassword', {
      ClientId: clientId,
      Username: 'eve@example.com',
      ConfirmationCode: code,
      Password: 'Reset-Pass-4!',
    });
    expect(reused.body.__type).toBe('ExpiredCodeException');

    await ok(emu.endpoint, 'ForgotPassword', { ClientId: clientId, Username: 'eve@example.com' });
    const late = (await emu.control.lastCode({ username: 'eve@example.com' })) as string;
    await emu.control.advanceClock(25 * 60 * 60 * 1000);
    const expired = await call(emu.endpoint, 'ConfirmForgotPassword', {
      ClientId: clientId,
      Username: 'eve@example.com',
      ConfirmationCode: late,
      Password: 'Reset-Pass-5!',
    });
    expect(expired.body.__type).toBe('ExpiredCodeException');
  });

  it('ChangePassword needs the previous password', async () => {
    const r = (await srpSignIn(emu.endpoint, poolId, clientId, 'sam@example.com', 'Correct-Horse-9!'))
      .body as Challenge;
    const access = r.AuthenticationResult?.AccessToken;
    const wrong = await call(emu.endpoint, 'ChangePassword', {
      AccessToken: access,
      PreviousPassword: 'Nope-Nope-1!',
      ProposedPassword: 'Changed-Pass-6!',
    });
    expect(wrong.body.__type).toBe('NotAuthorizedException');
    await ok(emu.endpoint, 'ChangePassword', {
      AccessToken: access,
      PreviousPassword: 'Correct-Horse-9!',
      ProposedPassword: 'Changed-Pass-6!',
    });
    expect(
      (await srpSignIn(emu.endpoint, poolId, clientId, 'sam@example.com', 'Changed-Pass-6!')).status,
    ).toBe(200);
  });

  it('AdminCreateUser delivers the temporary password unless MessageAction is SUPPRESS', async () => {
    await ok(emu.endpoint, 'AdminCreateUser', {
      UserPoolId: poolId,
      Username: 'ivan@example.com',
      TemporaryPassword: 'Temporary-Pass-1!',
      DesiredDeliveryMediums: ['EMAIL'],
    });
    const [invite] = await emu.control.messages({ username: 'ivan@example.com' });
    expect(invite).toMatchObject({
      medium: 'EMAIL',
      destination: 'ivan@example.com',
      kind: 'INVITATION',
      code: 'Temporary-Pass-1!',
    });
    await ok(emu.endpoint, 'AdminCreateUser', {
      UserPoolId: poolId,
      Username: 'quiet@example.com',
      TemporaryPassword: 'Temporary-Pass-1!',
      MessageAction: 'SUPPRESS',
    });
    expect(await emu.control.messages({ username: 'quiet@example.com' })).toEqual([]);
    const first = (await srpSignIn(emu.endpoint, poolId, clientId, 'quiet@example.com', 'Temporary-Pass-1!'))
      .body as Challenge;
    expect(first.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
  });
});

describe('temporary passwords', () => {
  it('expire after TemporaryPasswordValidityDays (7 by default)', async () => {
    await ok(emu.endpoint, 'AdminCreateUser', {
      UserPoolId: poolId,
      Username: 'tardy@example.com',
      TemporaryPassword: 'Temporary-Pass-1!',
      MessageAction: 'SUPPRESS',
    });
    await emu.control.advanceClock(8 * 24 * 60 * 60 * 1000);
    const r = await srpSignIn(emu.endpoint, poolId, clientId, 'tardy@example.com', 'Temporary-Pass-1!');
    expect(r.body).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Temporary password has expired and must be reset by an administrator.',
    });
  });
});

describe('account state is told only after the password', () => {
  it('a disabled user with the right password hears "User is disabled."; with a wrong one, the usual refusal', async () => {
    await ok(emu.endpoint, 'AdminDisableUser', { UserPoolId: poolId, Username: 'dora@example.com' });
    const right = await call(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: 'dora@example.com', PASSWORD: 'Correct-Horse-9!' },
    });
    expect(right.body).toEqual({ __type: 'NotAuthorizedException', message: 'User is disabled.' });
    const wrong = await srpSignIn(emu.endpoint, poolId, clientId, 'dora@example.com', 'Wrong-Horse-9!');
    expect(wrong.body).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    await ok(emu.endpoint, 'AdminEnableUser', { UserPoolId: poolId, Username: 'dora@example.com' });
    expect(
      (await srpSignIn(emu.endpoint, poolId, clientId, 'dora@example.com', 'Correct-Horse-9!')).status,
    ).toBe(200);
  });
});

describe('failed passwords', () => {
  it('lock the user for a second after five in a row, then for longer; the right password works once the lock ends', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await srpSignIn(emu.endpoint, poolId, clientId, 'luke@example.com', `Wrong-Horse-${i}!`);
      expect(r.body).toEqual({
        __type: 'NotAuthorizedException',
        message: 'Incorrect username or password.',
      });
    }
    const locked = await srpSignIn(emu.endpoint, poolId, clientId, 'luke@example.com', 'Correct-Horse-9!');
    expect(locked.body).toEqual({ __type: 'NotAuthorizedException', message: 'Password attempts exceeded' });
    await emu.control.advanceClock(1_100);
    // A sixth failure doubles the lock.
    await call(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: 'luke@example.com', PASSWORD: 'Wrong-Horse-6!' },
    });
    await emu.control.advanceClock(1_100);
    const still = await call(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: 'luke@example.com', PASSWORD: 'Correct-Horse-9!' },
    });
    expect(still.body.message).toBe('Password attempts exceeded');
    await emu.control.advanceClock(1_000);
    expect(
      (await srpSignIn(emu.endpoint, poolId, clientId, 'luke@example.com', 'Correct-Horse-9!')).status,
    ).toBe(200);
    // Success resets the count: one more failure is an ordinary refusal.
    const after = await srpSignIn(emu.endpoint, poolId, clientId, 'luke@example.com', 'Wrong-Horse-7!');
    expect(after.body.message).toBe('Incorrect username or password.');
  });
});
