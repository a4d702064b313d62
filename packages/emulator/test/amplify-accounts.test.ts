// Amplify v6 (an independent client) runs the whole life of a user against the emulator: sign-up, confirmation with
// the inbox code and autoSignIn (the ConfirmSignUp Session + USER_AUTH), passwords, attributes, TOTP from settings,
// devices, deletion; wrong, expired (control clock) and reused codes each get their typed service error.
import { Amplify } from 'aws-amplify';
import {
  autoSignIn,
  confirmResetPassword,
  confirmSignIn,
  confirmSignUp,
  confirmUserAttribute,
  deleteUser,
  deleteUserAttributes,
  fetchAuthSession,
  fetchDevices,
  fetchMFAPreference,
  fetchUserAttributes,
  forgetDevice,
  rememberDevice,
  resetPassword,
  sendUserAttributeVerificationCode,
  setUpTOTP,
  signIn,
  signOut,
  signUp,
  updateMFAPreference,
  updatePassword,
  updateUserAttributes,
  verifyTOTPSetup,
} from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { errorOf, MapKeyValueStorage, shimNavigatorForAmplify, totpFor } from './helpers.js';
import { type Challenge, deviceVerifier, ok, srpSignIn } from './wire.js';

const PASSWORD = 'Correct-Horse-9!';
const MINUTE = 60 * 1000;

shimNavigatorForAmplify();

let emu: Emulator;
let poolId: string;
let clientId: string;

beforeAll(async () => {
  emu = await startEmulator({
    seed: {
      pools: [
        {
          name: 'life',
          mfaConfiguration: 'OPTIONAL',
          enabledMfas: ['SOFTWARE_TOKEN_MFA'],
          deviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
          clients: [{ name: 'web' }],
        },
      ],
    },
  });
  const pool = emu.pools.life as { id: string; clients: Record<string, { id: string }> };
  poolId = pool.id;
  clientId = pool.clients.web?.id as string;
  Amplify.configure({
    Auth: {
      Cognito: { userPoolId: pool.id, userPoolClientId: clientId, userPoolEndpoint: emu.endpoint },
    },
  });
  cognitoUserPoolsTokenProvider.setKeyValueStorage(new MapKeyValueStorage());
});

afterAll(async () => {
  await signOut().catch(() => undefined);
  await emu?.stop();
});

const inbox = async (kind: string): Promise<string> => {
  const m = (await emu.control.messages({ username: 'mia', poolId })).filter((x) => x.kind === kind).at(-1);
  if (!m) throw new Error(`no ${kind} message`);
  return m.code;
};
const wrongOf = (code: string): string => (code === '000000' ? '111111' : '000000');
const failure = async (p: Promise<unknown>): Promise<string | undefined> =>
  errorOf(await p.then(() => undefined).catch((e: unknown) => e)).name;

it('runs the life of a user: sign-up to deletion', async () => {
  // Sign-up, then confirmation with the inbox code, then autoSignIn through the ConfirmSignUp Session.
  const up = await signUp({
    username: 'mia',
    password: PASSWORD,
    options: { userAttributes: { email: 'mia@example.com' }, autoSignIn: { authFlowType: 'USER_AUTH' } },
  });
  expect(up.nextStep.signUpStep).toBe('CONFIRM_SIGN_UP');
  expect(up.nextStep).toMatchObject({
    codeDeliveryDetails: { destination: 'm***@e***', deliveryMedium: 'EMAIL', attributeName: 'email' },
  });
  const signUpCode = await inbox('SIGN_UP');
  expect(await failure(confirmSignUp({ username: 'mia', confirmationCode: wrongOf(signUpCode) }))).toBe(
    'CodeMismatchException',
  );
  const confirmed = await confirmSignUp({ username: 'mia', confirmationCode: signUpCode });
  expect(confirmed.nextStep.signUpStep).toBe('COMPLETE_AUTO_SIGN_IN');
  const before = await emu.control.stats();
  const auto = await autoSignIn();
  expect(auto.nextStep.signInStep).toBe('DONE');
  const after = await emu.control.stats();
  expect((after.InitiateAuth ?? 0) - (before.InitiateAuth ?? 0)).toBe(1);
  expect((after.RespondToAuthChallenge ?? 0) - (before.RespondToAuthChallenge ?? 0)).toBe(0);
  expect(await failure(confirmSignUp({ username: 'mia', confirmationCode: signUpCode }))).toBe(
    'NotAuthorizedException',
  );
  const attrs = await fetchUserAttributes();
  expect(attrs).toMatchObject({ email: 'mia@example.com', email_verified: 'true' });

  // Passwords: change with the old one; then forget it and reset it with the code.
  expect(
    await failure(updatePassword({ oldPassword: 'Wrong-Horse-1!', newPassword: 'Second-Horse-2!' })),
  ).toBe('NotAuthorizedException');
  expect(await failure(updatePassword({ oldPassword: PASSWORD, newPassword: 'short' }))).toBe(
    'InvalidPasswordException',
  );
  await updatePassword({ oldPassword: PASSWORD, newPassword: 'Second-Horse-2!' });
  await signOut();
  const reset = await resetPassword({ username: 'mia' });
  expect(reset.nextStep.resetPasswordStep).toBe('CONFIRM_RESET_PASSWORD_WITH_CODE');
  const stale = await inbox('FORGOT_PASSWORD');
  const badReset = confirmResetPassword({
    username: 'mia',
    confirmationCode: wrongOf(stale),
    newPassword: 'Third-Horse-3!',
  });
  expect(await failure(badReset)).toBe('CodeMismatchException');
  await emu.control.advanceClock(61 * MINUTE);
  const lateReset = confirmResetPassword({
    username: 'mia',
    confirmationCode: stale,
    newPassword: 'Third-Horse-3!',
  });
  expect(await failure(lateReset)).toBe('ExpiredCodeException');
  await resetPassword({ username: 'mia' });
  const fresh = await inbox('FORGOT_PASSWORD');
  await confirmResetPassword({ username: 'mia', confirmationCode: fresh, newPassword: 'Third-Horse-3!' });
  const reusedReset = confirmResetPassword({
    username: 'mia',
    confirmationCode: fresh,
    newPassword: 'Fourth-Horse-4!',
  });
  expect(await failure(reusedReset)).toBe('ExpiredCodeException');
  expect((await signIn({ username: 'mia', password: 'Third-Horse-3!' })).nextStep.signInStep).toBe('DONE');

  // Attributes: a new e-mail is verified with the inbox code; a resent code expires after 24 hours.
  const changed = await updateUserAttributes({
    userAttributes: { email: 'mia.new@example.com', given_name: 'Mia' },
  });
  expect(changed.email?.nextStep.updateAttributeStep).toBe('CONFIRM_ATTRIBUTE_WITH_CODE');
  expect(changed.given_name?.isUpdated).toBe(true);
  const verifyCode = await inbox('VERIFY_EMAIL');
  const badVerify = confirmUserAttribute({
    userAttributeKey: 'email',
    confirmationCode: wrongOf(verifyCode),
  });
  expect(await failure(badVerify)).toBe('CodeMismatchException');
  await confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: verifyCode });
  expect(
    await failure(confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: verifyCode })),
  ).toBe('ExpiredCodeException');
  expect(await fetchUserAttributes()).toMatchObject({ email: 'mia.new@example.com', email_verified: 'true' });
  await deleteUserAttributes({ userAttributeKeys: ['given_name'] });
  expect((await fetchUserAttributes()).given_name).toBeUndefined();
  const resent = await sendUserAttributeVerificationCode({ userAttributeKey: 'email' });
  expect(resent.destination).toBe('m***@e***');
  const dayOld = await inbox('VERIFY_EMAIL');
  await emu.control.advanceClock(24 * 60 * MINUTE + 1000);
  // A fresh sign-in: Amplify judges token expiry on its own clock, so it gets tokens minted at the moved clock.
  await signOut();
  await signIn({ username: 'mia', password: 'Third-Horse-3!' });
  expect(await failure(confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: dayOld }))).toBe(
    'ExpiredCodeException',
  );

  // TOTP from settings, then a sign-in with it.
  expect((await fetchMFAPreference()).enabled).toBeUndefined();
  const totp = await setUpTOTP();
  const secret = totp.sharedSecret;
  expect(totp.getSetupUri('cogflow').href).toContain(secret);
  await verifyTOTPSetup({ code: totpFor(secret).generate({ timestamp: await emu.control.now() }) });
  await updateMFAPreference({ totp: 'PREFERRED' });
  expect(await fetchMFAPreference()).toEqual({ enabled: ['TOTP'], preferred: 'TOTP' });
  await signOut();
  await emu.control.advanceClock(30_000);
  const mfa = await signIn({ username: 'mia', password: 'Third-Horse-3!' });
  expect(mfa.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
  const totpCode = totpFor(secret).generate({ timestamp: await emu.control.now() });
  expect(await failure(confirmSignIn({ challengeResponse: wrongOf(totpCode) }))).toBe(
    'CodeMismatchException',
  );
  expect((await confirmSignIn({ challengeResponse: totpCode })).nextStep.signInStep).toBe('DONE');

  // Devices: this one, remembered, then it stands in for MFA. Another device (signed in over the wire) is forgotten
  // by its key; forgetting this one ends its tokens, and the next sign-in is from a new device, so MFA is asked again.
  await rememberDevice();
  await signOut();
  const trusted = await signIn({ username: 'mia', password: 'Third-Horse-3!' });
  expect(trusted.nextStep.signInStep).toBe('DONE');
  const wire = (await srpSignIn(emu.endpoint, poolId, clientId, 'mia', 'Third-Horse-3!')).body as Challenge;
  expect(wire.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
  const other = (await ok(emu.endpoint, 'RespondToAuthChallenge', {
    ClientId: clientId,
    ChallengeName: 'SOFTWARE_TOKEN_MFA',
    Session: wire.Session,
    ChallengeResponses: {
      USERNAME: 'mia',
      SOFTWARE_TOKEN_MFA_CODE: await emu.control.totpCode({ username: 'mia', poolId }),
    },
  })) as Challenge;
  const meta = other.AuthenticationResult?.NewDeviceMetadata as { DeviceKey: string; DeviceGroupKey: string };
  await ok(emu.endpoint, 'ConfirmDevice', {
    AccessToken: other.AuthenticationResult?.AccessToken,
    DeviceKey: meta.DeviceKey,
    DeviceName: 'laptop',
    DeviceSecretVerifierConfig: (await deviceVerifier(meta.DeviceGroupKey, meta.DeviceKey)).verifierConfig,
  });
  const current = (await fetchAuthSession()).tokens?.accessToken.payload.device_key;
  const listed = (await fetchDevices()).map((d) => d.id);
  expect(listed).toContain(meta.DeviceKey);
  expect(listed).toContain(current);
  await forgetDevice({ device: { id: meta.DeviceKey } });
  expect((await fetchDevices()).map((d) => d.id)).not.toContain(meta.DeviceKey);
  await forgetDevice();
  await signOut();
  await emu.control.advanceClock(30_000);
  const again = await signIn({ username: 'mia', password: 'Third-Horse-3!' });
  expect(again.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
  await confirmSignIn({ challengeResponse: await emu.control.totpCode({ username: 'mia', poolId }) });
  expect((await fetchDevices()).map((d) => d.id)).not.toContain(current);

  // Deletion: the account is gone; a sign-in is refused as for any unknown name.
  await deleteUser();
  expect(await failure(signIn({ username: 'mia', password: 'Third-Horse-3!' }))).toBe(
    'NotAuthorizedException',
  );
});
