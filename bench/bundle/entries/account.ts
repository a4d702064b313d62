// Bundle entry `account`, written as README.md tells a page to: sign-in (as the `sign-in` entry) plus every account
// operation: sign-up and its confirmation, autoSignIn, password reset and change, attributes and their
// verification, MFA settings and TOTP set-up, devices, passkey management, deleting the account.

import {
  autoSignIn,
  type ChallengeAnswer,
  confirmResetPassword,
  confirmSignIn,
  confirmSignUp,
  confirmUserAttribute,
  createBrowserAuth,
  deleteUser,
  deleteUserAttributes,
  deleteWebAuthnCredential,
  fetchAuthFactors,
  fetchDevice,
  fetchDevices,
  fetchMFAPreference,
  fetchUserAttributes,
  forgetDevice,
  getTokens,
  listWebAuthnCredentials,
  type NextStep,
  rememberDevice,
  resendSignUpCode,
  resetPassword,
  type SignInResult,
  sendUserAttributeVerificationCode,
  setUpTOTP,
  signIn,
  signUp,
  updateMFAPreference,
  updatePassword,
  updateUserAttributes,
  verifyTOTPSetup,
} from '@cogflow/browser';

export async function account(
  username: string,
  password: string,
  ask: (step: NextStep | string) => Promise<ChallengeAnswer & { code?: string }>,
): Promise<unknown> {
  const auth = createBrowserAuth({ userPoolId: 'eu-west-1_Example', clientId: 'exampleclientid' });
  const code = async (what: string): Promise<string> => (await ask(what)).code ?? '';
  const up = await signUp(auth, { username, password, attributes: { email: username } });
  if (up.nextStep === 'CONFIRM_SIGN_UP') {
    await resendSignUpCode(auth, { username });
    await confirmSignUp(auth, { username, confirmationCode: await code('sign-up') });
  }
  let result: SignInResult = await autoSignIn(auth, { username });
  if (result.status !== 'SIGNED_IN') result = await signIn(auth, { username, password });
  while (result.status === 'CHALLENGE')
    result = await confirmSignIn(auth, result.pending, await ask(result.step));
  await updatePassword(auth, username, { oldPassword: password, newPassword: `${password}!` });
  await resetPassword(auth, { username });
  await confirmResetPassword(auth, {
    username,
    confirmationCode: await code('reset'),
    newPassword: password,
  });
  await updateUserAttributes(auth, username, { attributes: { email: username } });
  await sendUserAttributeVerificationCode(auth, username, { attributeKey: 'email' });
  await confirmUserAttribute(auth, username, {
    attributeKey: 'email',
    confirmationCode: await code('email'),
  });
  await deleteUserAttributes(auth, username, { attributeKeys: ['given_name'] });
  const setup = await setUpTOTP(auth, username);
  await verifyTOTPSetup(auth, username, { code: await code(setup.otpauthURI) });
  await updateMFAPreference(auth, username, { totp: 'PREFERRED' });
  const devices = await fetchDevices(auth, username);
  for (const device of devices) {
    await fetchDevice(auth, username, { deviceKey: device.id });
    await rememberDevice(auth, username, { deviceKey: device.id, remembered: false });
    await forgetDevice(auth, username, { deviceKey: device.id });
  }
  for (const credential of await listWebAuthnCredentials(auth, username))
    await deleteWebAuthnCredential(auth, username, { credentialId: credential.credentialId });
  const facts = [
    await fetchUserAttributes(auth, username),
    await fetchMFAPreference(auth, username),
    await fetchAuthFactors(auth, username),
    await getTokens(auth, username),
  ];
  await deleteUser(auth, username);
  return facts;
}
