// The walkthrough's account screens: sign up, confirm with the e-mailed code, auto sign-in, change the password,
// forget and reset it, a new e-mail verified, MFA settings, the devices, and deleting the account.

import {
  autoSignIn,
  confirmResetPassword,
  confirmSignUp,
  confirmUserAttribute,
  deleteUser,
  fetchDevices,
  fetchMFAPreference,
  fetchUserAttributes,
  peekTokens,
  resetPassword,
  signIn,
  signUp,
  updatePassword,
  updateUserAttributes,
} from '@cogflow/core';
import { check, type WalkthroughContext } from './scenario.js';

const NEW_USER = 'nina';
const PASSWORDS = ['Nina-Signs-Up-1!', 'Nina-Changed-2!', 'Nina-Reset-3!'] as const;

export async function runAccounts(ctx: WalkthroughContext): Promise<void> {
  const { out, client, emulator } = ctx;
  const [first, changed, reset] = PASSWORDS;

  out.heading('Sign up: a new user, a code by e-mail');
  const up = await signUp(client, {
    username: NEW_USER,
    password: first,
    attributes: { email: 'nina@example.com' },
  });
  check(up.nextStep === 'CONFIRM_SIGN_UP', 'sign-up asks for the confirmation code');
  if (up.nextStep === 'CONFIRM_SIGN_UP')
    out.success(
      `A code went by ${up.codeDeliveryDetails?.medium} to ${up.codeDeliveryDetails?.destination}.`,
    );
  const early = await signIn(client, { username: NEW_USER, password: first });
  check(early.status === 'CONFIRM_SIGN_UP', 'signing in before the confirmation says CONFIRM_SIGN_UP');
  out.note('Signing in now is not an error: the result says CONFIRM_SIGN_UP.');

  out.heading('Confirm, then sign in straight away on the confirmation (autoSignIn, USER_AUTH)');
  const confirmed = await confirmSignUp(client, {
    username: NEW_USER,
    confirmationCode: await emulator.deliveredCode(NEW_USER),
  });
  check(confirmed.nextStep === 'COMPLETE_AUTO_SIGN_IN', 'the confirmation offers auto sign-in');
  const auto = await autoSignIn(client, { username: NEW_USER, rememberDevice: true });
  check(auto.status === 'SIGNED_IN', 'autoSignIn signed nina in without her password');
  out.success('Signed in with the Session ConfirmSignUp returned: no password was sent.');

  out.heading('Change the password, then forget it and reset it with an e-mailed code');
  await updatePassword(client, NEW_USER, { oldPassword: first, newPassword: changed });
  out.success('ChangePassword with her access token.');
  const resetting = await resetPassword(client, { username: NEW_USER });
  out.note(`ForgotPassword: a code went to ${resetting.codeDeliveryDetails?.destination}.`);
  await confirmResetPassword(client, {
    username: NEW_USER,
    confirmationCode: await emulator.deliveredCode(NEW_USER),
    newPassword: reset,
  });
  out.success('ConfirmForgotPassword: the new password is set.');

  out.heading('Profile: a new e-mail, verified with its code');
  const updated = await updateUserAttributes(client, NEW_USER, { attributes: { email: 'nina@example.org' } });
  check(updated.email?.nextStep === 'CONFIRM_ATTRIBUTE_WITH_CODE', 'the new e-mail waits on its code');
  await confirmUserAttribute(client, NEW_USER, {
    attributeKey: 'email',
    confirmationCode: await emulator.deliveredCode(NEW_USER),
  });
  const attributes = await fetchUserAttributes(client, NEW_USER);
  check(attributes.email_verified === 'true', 'the new e-mail is verified');
  out.success(`E-mail ${attributes.email} verified.`);

  out.heading('MFA settings and devices');
  const mfa = await fetchMFAPreference(client, NEW_USER);
  out.note(`MFA factors turned on: ${mfa.enabled.length ? mfa.enabled.join(', ') : 'none'}.`);
  const devices = await fetchDevices(client, NEW_USER);
  check(devices.length >= 1, 'the service lists her device');
  for (const device of devices) out.note(`Device ${device.id} (${device.name ?? 'unnamed'}).`);

  out.heading('Delete the account: the user and every local trace');
  await deleteUser(client, NEW_USER);
  check((await peekTokens(client, NEW_USER)) === undefined, 'no tokens are left after deleteUser');
  out.success('Deleted: the service no longer knows nina, and this client keeps nothing of hers.');
}
