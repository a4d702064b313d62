// The life of a user, end to end through @cogflow/node against the emulator: sign up, confirm with the code from
// the inbox, sign in, change the password, forget and reset it, update and verify an e-mail, TOTP from settings,
// devices, and deleting the account with every local trace of it. Wrong, expired and reused codes each give their
// typed error.
import {
  AdminResetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  type AuthClient,
  autoSignIn,
  CogflowError,
  confirmResetPassword,
  confirmSignIn,
  confirmSignUp,
  confirmUserAttribute,
  deleteUser,
  deleteUserAttributes,
  fetchAuthFactors,
  fetchDevice,
  fetchDevices,
  fetchMFAPreference,
  fetchUserAttributes,
  forgetDevice,
  getTokens,
  peekTokens,
  resendSignUpCode,
  resetPassword,
  type SignInResult,
  sendUserAttributeVerificationCode,
  setUpTOTP,
  signIn,
  signOut,
  signUp,
  updateMFAPreference,
  updatePassword,
  updateUserAttributes,
  verifyTOTPSetup,
} from '@cogflow/core';
import { type Emulator, startEmulator } from '@cogflow/emulator';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeAuth, sdkTransport } from '../src/index.js';
import { type RecordingTransport, recording } from './helpers/recording-transport.js';

const PASSWORD = 'Sign-Up-Pass-1!';
const CHANGED = 'Changed-Pass-2!';
const RESET = 'Reset-Pass-3!';

let emulator: Emulator;
/** The client's clock follows the emulator's: advancing one advances the other (unless a test means skew). */
let offset = 0;
const clock = { now: () => Date.now() + offset };

async function advance(ms: number, clientToo = true): Promise<void> {
  await emulator.control.advanceClock(ms);
  if (clientToo) offset += ms;
}

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    seed: {
      pools: [
        {
          name: 'accounts',
          mfaConfiguration: 'OPTIONAL',
          enabledMfas: ['SOFTWARE_TOKEN_MFA'],
          autoVerifiedAttributes: ['email'],
          aliasAttributes: ['email'],
          deviceConfiguration: {
            ChallengeRequiredOnNewDevice: true,
            DeviceOnlyRememberedOnUserPrompt: false,
          },
          clients: [{ name: 'web' }, { name: 'server', generateSecret: true }],
          users: [
            {
              username: 'reset-me',
              password: PASSWORD,
              attributes: { email: 'reset@example.com', email_verified: 'true' },
            },
            {
              username: 'revoked',
              password: PASSWORD,
              attributes: { email: 'revoked@example.com', email_verified: 'true' },
            },
          ],
        },
      ],
    },
  });
});

afterAll(async () => {
  await emulator?.stop();
});

/** A Map-backed store whose every entry a test can inspect. */
function inspectableStore() {
  const data = new Map<string, string>();
  return {
    data,
    get: (key: string) => data.get(key),
    set: (key: string, value: string) => void data.set(key, value),
    delete: (key: string) => void data.delete(key),
  };
}

interface Harness {
  auth: AuthClient;
  store: ReturnType<typeof inspectableStore>;
  wire: RecordingTransport;
}

function harness(client = 'web', store = inspectableStore()): Harness {
  const pool = emulator.pools.accounts!;
  const wire = recording(sdkTransport({ region: emulator.region, endpoint: emulator.endpoint }));
  const auth = createNodeAuth({
    userPoolId: pool.id,
    clientId: pool.clients[client]!.id,
    ...(pool.clients[client]!.secret ? { clientSecret: pool.clients[client]!.secret } : {}),
    transport: wire,
    store,
    clock,
  });
  return { auth, store, wire };
}

async function code(username: string): Promise<string> {
  const value = await emulator.control.lastCode({ username, poolId: emulator.pools.accounts!.id });
  if (!value) throw new Error(`no code for ${username}`);
  return value;
}

async function rejection(promise: Promise<unknown>): Promise<CogflowError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CogflowError);
  return error as CogflowError;
}

function signedIn(result: SignInResult): Extract<SignInResult, { status: 'SIGNED_IN' }> {
  if (result.status !== 'SIGNED_IN') throw new Error(`expected SIGNED_IN, got ${result.status}`);
  return result;
}

async function totp(secret: string, stepOffset = 0): Promise<string> {
  const now = await emulator.control.now();
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: now + stepOffset * 30_000,
  });
}

/** Nothing the person typed or was sent may sit in the store or in an error message. */
function expectClean(text: string, secrets: string[]): void {
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe('the life of a user through @cogflow/node', () => {
  it('signs up, confirms, signs in, changes and resets the password, verifies an e-mail, sets up TOTP, manages devices, and deletes the account', async () => {
    const { auth, store, wire } = harness();
    const user = 'mia';
    const secrets: string[] = [PASSWORD, CHANGED, RESET];

    // Sign up: a code went by e-mail to a masked destination.
    const up = await signUp(auth, {
      username: user,
      password: PASSWORD,
      attributes: { email: 'mia@example.com' },
    });
    expect(up.nextStep).toBe('CONFIRM_SIGN_UP');
    if (up.nextStep !== 'CONFIRM_SIGN_UP') throw new Error('unreachable');
    expect(up.userSub).toMatch(/^[0-9a-f-]{36}$/);
    expect(up.codeDeliveryDetails?.medium).toBe('EMAIL');
    expect(up.codeDeliveryDetails?.attributeName).toBe('email');
    expect(up.codeDeliveryDetails?.destination).toMatch(/\*/);
    expect(up.codeDeliveryDetails?.destination).not.toBe('mia@example.com');
    // The same name again is USERNAME_EXISTS; a password the policy refuses is INVALID_PASSWORD with its reason.
    expect((await rejection(signUp(auth, { username: user, password: PASSWORD }))).code).toBe(
      'USERNAME_EXISTS',
    );
    const weak = await rejection(signUp(auth, { username: 'weak', password: 'short' }));
    expect(weak.code).toBe('INVALID_PASSWORD');
    expect(weak.message).toMatch(/password/i);
    expectClean(weak.message, ['short']);

    // Signing in before the confirmation is a typed next step; then a new code, as the step suggests.
    const first = await code(user);
    const early = await signIn(auth, { username: user, password: PASSWORD });
    expect(early).toEqual({ status: 'CONFIRM_SIGN_UP', username: user });
    const resentTo = await resendSignUpCode(auth, {
      username: early.status === 'CONFIRM_SIGN_UP' ? early.username : '',
    });
    expect(resentTo.medium).toBe('EMAIL');
    const resent = await code(user);
    expect(resent).not.toBe(first);
    // The earlier code stopped working: the resent one is the one that counts.
    expect((await rejection(confirmSignUp(auth, { username: user, confirmationCode: first }))).code).toBe(
      'CODE_MISMATCH',
    );
    const again = await resendSignUpCode(auth, { username: user });
    expect(again.medium).toBe('EMAIL');
    const latest = await code(user);
    secrets.push(first, resent, latest);

    // Confirm with the code from the inbox, then sign in on the confirmation's Session without the password.
    const confirmed = await confirmSignUp(auth, { username: user, confirmationCode: latest });
    expect(confirmed.nextStep).toBe('COMPLETE_AUTO_SIGN_IN');
    // A code used once is spent: the user is confirmed now, so confirming again is refused.
    expect((await rejection(confirmSignUp(auth, { username: user, confirmationCode: latest }))).code).toBe(
      'NOT_AUTHORIZED',
    );
    const auto = signedIn(await autoSignIn(auth, { username: user }));
    expect(auto.user.username).toBe(user);
    const initiate = wire.bodies.filter((c) => c.operation === 'InitiateAuth').at(-1)!.body as {
      AuthFlow: string;
      Session?: string;
      AuthParameters: Record<string, string>;
    };
    expect(initiate.AuthFlow).toBe('USER_AUTH');
    expect(initiate.Session).toBeTruthy();
    expect(initiate.AuthParameters.PASSWORD).toBeUndefined();
    // The Session is single-use and was taken from the store.
    expect((await rejection(autoSignIn(auth, { username: user }))).code).toBe('SESSION_EXPIRED');
    expect([...store.data.keys()].some((k) => k.includes(':sign-up:'))).toBe(false);

    // Change the password: the old one must be right.
    const wrongOld = await rejection(
      updatePassword(auth, user, { oldPassword: 'Not-It-1!', newPassword: CHANGED }),
    );
    expect(wrongOld.code).toBe('NOT_AUTHORIZED');
    await updatePassword(auth, user, { oldPassword: PASSWORD, newPassword: CHANGED });
    signedIn(await signIn(auth, { username: user, password: CHANGED }));
    expect((await rejection(signIn(auth, { username: user, password: PASSWORD }))).code).toBe(
      'NOT_AUTHORIZED',
    );

    // Forgot it: a code by e-mail; a wrong code, a refused password (the code stays), then the right one.
    const reset = await resetPassword(auth, { username: user });
    expect(reset.nextStep).toBe('CONFIRM_RESET_PASSWORD_WITH_CODE');
    expect(reset.codeDeliveryDetails?.medium).toBe('EMAIL');
    const resetCode = await code(user);
    secrets.push(resetCode);
    const wrong = await rejection(
      confirmResetPassword(auth, { username: user, confirmationCode: '000000', newPassword: RESET }),
    );
    expect(wrong.code).toBe('CODE_MISMATCH');
    const refused = await rejection(
      confirmResetPassword(auth, { username: user, confirmationCode: resetCode, newPassword: 'weak' }),
    );
    expect(refused.code).toBe('INVALID_PASSWORD');
    await confirmResetPassword(auth, { username: user, confirmationCode: resetCode, newPassword: RESET });
    const reused = await rejection(
      confirmResetPassword(auth, { username: user, confirmationCode: resetCode, newPassword: RESET }),
    );
    expect(reused.code).toBe('EXPIRED_CODE');
    // A reset code lives one hour.
    await resetPassword(auth, { username: user });
    const stale = await code(user);
    await advance(61 * 60_000);
    const expired = await rejection(
      confirmResetPassword(auth, { username: user, confirmationCode: stale, newPassword: CHANGED }),
    );
    expect(expired.code).toBe('EXPIRED_CODE');
    signedIn(await signIn(auth, { username: user, password: RESET }));

    // Attributes: a new e-mail waits on its code; wrong, then right; a plain attribute is done at once.
    const before = await fetchUserAttributes(auth, user);
    expect(before).toMatchObject({ email: 'mia@example.com', email_verified: 'true' });
    expect(before.sub).toBe(up.userSub);
    const updated = await updateUserAttributes(auth, user, {
      attributes: { email: 'mia@example.org', given_name: 'Mia' },
    });
    expect(updated.given_name).toEqual({ nextStep: 'DONE' });
    expect(updated.email?.nextStep).toBe('CONFIRM_ATTRIBUTE_WITH_CODE');
    const emailCode = await code(user);
    secrets.push(emailCode);
    const badEmailCode = await rejection(
      confirmUserAttribute(auth, user, { attributeKey: 'email', confirmationCode: '000000' }),
    );
    expect(badEmailCode.code).toBe('CODE_MISMATCH');
    await confirmUserAttribute(auth, user, { attributeKey: 'email', confirmationCode: emailCode });
    const reusedEmailCode = await rejection(
      confirmUserAttribute(auth, user, { attributeKey: 'email', confirmationCode: emailCode }),
    );
    expect(reusedEmailCode.code).toBe('EXPIRED_CODE');
    expect(await fetchUserAttributes(auth, user)).toMatchObject({
      email: 'mia@example.org',
      email_verified: 'true',
      given_name: 'Mia',
    });
    // The verified e-mail is a sign-in alias now; this store records it as pointing to the user.
    signedIn(await signIn(auth, { username: 'mia@example.org', password: RESET }));
    expect(store.data.get(auth.core.keys.alias('mia@example.org'))).toContain('"username":"mia"');
    // A verification code lives 24 hours.
    const sent = await sendUserAttributeVerificationCode(auth, user, { attributeKey: 'email' });
    expect(sent.medium).toBe('EMAIL');
    const dayOld = await code(user);
    await advance(25 * 60 * 60_000);
    const dayOldError = await rejection(
      confirmUserAttribute(auth, user, { attributeKey: 'email', confirmationCode: dayOld }),
    );
    expect(dayOldError.code).toBe('EXPIRED_CODE');
    await deleteUserAttributes(auth, user, { attributeKeys: ['given_name'] });
    expect((await fetchUserAttributes(auth, user)).given_name).toBeUndefined();

    // TOTP from settings: a wrong first code, the right one, then TOTP preferred.
    expect(await fetchMFAPreference(auth, user)).toEqual({ enabled: [] });
    const setup = await setUpTOTP(auth, user);
    expect(setup.otpauthURI).toBe(`otpauth://totp/Cognito:${user}?secret=${setup.secretCode}&issuer=Cognito`);
    secrets.push(setup.secretCode);
    const badTOTP = await rejection(verifyTOTPSetup(auth, user, { code: '000000' }));
    // The service's own type for a wrong first code: EnableSoftwareTokenMFAException.
    expect(badTOTP.code).toBe('ENABLE_SOFTWARE_TOKEN_MFA');
    await verifyTOTPSetup(auth, user, { code: await totp(setup.secretCode), friendlyDeviceName: 'phone' });
    await updateMFAPreference(auth, user, { totp: 'PREFERRED' });
    expect(await fetchMFAPreference(auth, user)).toEqual({ enabled: ['TOTP'], preferred: 'TOTP' });
    const factors = await fetchAuthFactors(auth, user);
    expect(factors.enabled).toEqual(['TOTP']);
    expect(factors.configured).toContain('PASSWORD');

    // A second store (another machine): a new device, so TOTP is asked; the next step's code (this one is spent).
    const other = harness();
    const challenged = await signIn(other.auth, { username: user, password: RESET });
    if (challenged.status !== 'CHALLENGE') throw new Error(`expected a challenge, got ${challenged.status}`);
    expect(challenged.step.type).toBe('SOFTWARE_TOKEN_MFA');
    await advance(30_000);
    const withTOTP = signedIn(
      await confirmSignIn(other.auth, challenged.pending, {
        type: 'SOFTWARE_TOKEN_MFA',
        code: await totp(setup.secretCode),
      }),
    );
    expect(withTOTP.device.status).toBe('confirmed');

    // Devices: both are listed; the other machine's is forgotten from here by its key, then this one.
    const devices = await fetchDevices(auth, user);
    const mine = (await peekTokens(auth, user))!.deviceKey!;
    const theirs = (await peekTokens(other.auth, user))!.deviceKey!;
    // Three: this store's first device was confirmed under the name typed then; the sign-in by e-mail alias
    // (not yet recorded here) confirmed a new one; and the other machine's.
    expect(devices).toHaveLength(3);
    expect(devices.map((d) => d.id)).toEqual(expect.arrayContaining([mine, theirs]));
    const orphan = devices.find((d) => d.id !== mine && d.id !== theirs)!.id;
    const one = await fetchDevice(auth, user, { deviceKey: theirs });
    expect(one.id).toBe(theirs);
    expect(one.remembered).toBe(true);
    expect(one.lastAuthenticatedDate).toBeInstanceOf(Date);
    await forgetDevice(auth, user, { deviceKey: theirs });
    await forgetDevice(auth, user, { deviceKey: orphan });
    expect((await fetchDevices(auth, user)).map((d) => d.id)).toEqual([mine]);
    // Forgetting others keeps this device's secrets here.
    expect(store.data.has(auth.core.keys.device(user))).toBe(true);
    // Forgetting a device revokes its tokens: the other machine's session is over, with a typed error.
    const revoked = await rejection(fetchUserAttributes(other.auth, user));
    expect(revoked.code).toBe('TOKEN_REVOKED');
    expect(await peekTokens(other.auth, user)).toBeUndefined();

    // This device, forgotten on the service and then here. The emulator revokes a forgotten device's tokens, so
    // the next call says TOKEN_REVOKED once, and the local tokens go.
    await forgetDevice(auth, user);
    expect(store.data.has(auth.core.keys.device(user))).toBe(false);
    expect((await rejection(fetchDevices(auth, user))).code).toBe('TOKEN_REVOKED');
    expect(await peekTokens(auth, user)).toBeUndefined();

    // A pending sign-in sharing this store (no device now: TOTP is asked), and a finished one with a new device.
    const pending = await signIn(harness('web', store).auth, {
      username: 'mia@example.org',
      password: RESET,
    });
    expect(pending.status).toBe('CHALLENGE');
    const again2 = await signIn(auth, { username: user, password: RESET });
    if (again2.status !== 'CHALLENGE') throw new Error(`expected a challenge, got ${again2.status}`);
    await advance(30_000);
    const code2 = await totp(setup.secretCode);
    signedIn(await confirmSignIn(auth, again2.pending, { type: 'SOFTWARE_TOKEN_MFA', code: code2 }));
    expect([...store.data.keys()].some((k) => k.includes(':pending:'))).toBe(true);
    expect(store.data.has(auth.core.keys.device(user))).toBe(true);
    expect(store.data.has(auth.core.keys.alias('mia@example.org'))).toBe(true);

    // Deleting the account: every local trace of the user goes.
    await deleteUser(auth, user);
    // What is left is the app client's signed-in index (core's), and it no longer names her.
    expect([...store.data.keys()]).toEqual([auth.core.keys.users()]);
    expect(JSON.parse(store.data.get(auth.core.keys.users())!).users).toEqual([]);
    expect((await rejection(signIn(auth, { username: user, password: RESET }))).code).toBe('NOT_AUTHORIZED');
    expect((await rejection(getTokens(auth, user))).code).toBe('NO_SESSION');

    // Nothing secret was ever stored, and no request carried a code where it does not belong.
    expectClean(JSON.stringify([...store.data.values()]), secrets);
  });

  it('says TOKEN_REVOKED after a global sign-out elsewhere, and TOKEN_EXPIRED when the service clock is ahead', async () => {
    const a = harness();
    const b = harness();
    signedIn(await signIn(a.auth, { username: 'revoked', password: PASSWORD }));
    signedIn(await signIn(b.auth, { username: 'revoked', password: PASSWORD }));
    await signOut(b.auth, 'revoked', { global: true });
    const error = await rejection(
      updateUserAttributes(a.auth, 'revoked', { attributes: { given_name: 'R' } }),
    );
    expect(error.code).toBe('TOKEN_REVOKED');
    expect(await peekTokens(a.auth, 'revoked')).toBeUndefined();

    signedIn(await signIn(a.auth, { username: 'revoked', password: PASSWORD }));
    // Only the service's clock moves: here the token still looks valid.
    await advance(2 * 60 * 60_000, false);
    const skewed = await rejection(fetchUserAttributes(a.auth, 'revoked'));
    expect(skewed.code).toBe('TOKEN_EXPIRED');
    offset += 2 * 60 * 60_000;
    // Once the clocks agree again, getTokens refreshes and the call goes through.
    expect((await fetchUserAttributes(a.auth, 'revoked')).email).toBe('revoked@example.com');
  });

  it('hands back RESET_PASSWORD when an administrator required a new password', async () => {
    const pool = emulator.pools.accounts!;
    const admin = new CognitoIdentityProviderClient({
      region: emulator.region,
      endpoint: emulator.endpoint,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    await admin.send(new AdminResetUserPasswordCommand({ UserPoolId: pool.id, Username: 'reset-me' }));
    const { auth } = harness('server');
    const result = await signIn(auth, { username: 'reset-me', password: PASSWORD });
    expect(result).toEqual({ status: 'RESET_PASSWORD', username: 'reset-me' });
    // Confidential client: SECRET_HASH on the unsigned account operations.
    await resetPassword(auth, { username: 'reset-me' });
    await confirmResetPassword(auth, {
      username: 'reset-me',
      confirmationCode: await code('reset-me'),
      newPassword: RESET,
    });
    signedIn(await signIn(auth, { username: 'reset-me', password: RESET }));
  });

  it('refuses bad input with a typed error before anything is sent', async () => {
    const { auth, wire } = harness();
    const calls = wire.calls.length;
    for (const attempt of [
      () => signUp(auth, { username: '', password: PASSWORD }),
      () => signUp(auth, { username: 'x', password: PASSWORD, attributes: { email: 1 as never } }),
      () => confirmSignUp(auth, { username: 'x', confirmationCode: '' }),
      () => resetPassword(auth, null as never),
      () => updateMFAPreference(auth, 'x', { totp: 'SOMETIMES' as never }),
      () => updateMFAPreference(auth, 'x', {}),
      () => deleteUserAttributes(auth, 'x', { attributeKeys: [] }),
    ]) {
      expect((await rejection(attempt())).code).toBe('INVALID_INPUT');
    }
    expect(wire.calls.length).toBe(calls);
  });
});
