// MFA in settings, outside a sign-in: fetchMFAPreference (GetUser's MFA lists), updateMFAPreference
// (SetUserMFAPreference), TOTP set-up with the access token (setUpTOTP, verifyTOTPSetup), fetchAuthFactors.

import { answerOf, authFactorsOf, malformed, mfaPreferenceOf, requiredText } from '../account/parse.js';
import { inputOf, mfaPreferenceBody, required } from '../account/requests.js';
import type {
  AccountCallOptions,
  AuthFactors,
  MFAPreference,
  TOTPSetupDetails,
  UpdateMFAPreferenceInput,
  VerifyTOTPSetupInput,
} from '../account/types.js';
import { serviceError } from '../errors.js';
import { totpSetupStep } from '../machine/totp.js';
import type { AuthClient } from '../types.js';
import { withAccessToken } from './access.js';

/** The MFA factors the user has turned on, and the preferred one (GetUser). */
export async function fetchMFAPreference(
  auth: AuthClient,
  username: string,
  options?: AccountCallOptions,
): Promise<MFAPreference> {
  const { answer } = await withAccessToken(auth, username, 'GetUser', {}, true, options);
  return mfaPreferenceOf(answerOf('GetUser', answer), 'GetUser');
}

/** Turns factors on or off and sets the preferred one (SetUserMFAPreference); factors left out stay as they are. */
export async function updateMFAPreference(
  auth: AuthClient,
  username: string,
  input: UpdateMFAPreferenceInput,
): Promise<void> {
  const body = mfaPreferenceBody(input);
  await withAccessToken(auth, username, 'SetUserMFAPreference', body, true, input);
}

/**
 * Starts TOTP set-up for a signed-in user (AssociateSoftwareToken with the access token): show the secret or a QR
 * code of the URI, then verifyTOTPSetup with the first code. TOTP is then available; updateMFAPreference turns
 * it on as MFA.
 */
export async function setUpTOTP(
  auth: AuthClient,
  username: string,
  options?: AccountCallOptions,
): Promise<TOTPSetupDetails> {
  const operation = 'AssociateSoftwareToken';
  const { answer, core } = await withAccessToken(auth, username, operation, {}, false, options);
  const secretCode = requiredText(answerOf(operation, answer), 'SecretCode', operation);
  if (!/^[A-Z2-7]+=*$/i.test(secretCode)) throw malformed(operation, 'SecretCode', 'is not base32');
  // The same secret and URI as a TOTP set-up inside a sign-in shows.
  const { type: _, ...details } = totpSetupStep(username, secretCode, core.env) as TOTPSetupDetails & {
    type: string;
  };
  return details;
}

/** Proves the authenticator with its first code (VerifySoftwareToken). A wrong code is CODE_MISMATCH. */
export async function verifyTOTPSetup(
  auth: AuthClient,
  username: string,
  input: VerifyTOTPSetupInput,
): Promise<void> {
  const { code, friendlyDeviceName } = inputOf(input, 'verifyTOTPSetup');
  const body: { UserCode: string; FriendlyDeviceName?: string } = { UserCode: required(code, 'code') };
  if (friendlyDeviceName) body.FriendlyDeviceName = friendlyDeviceName;
  const operation = 'VerifySoftwareToken';
  const { answer } = await withAccessToken(auth, username, operation, body, false, input);
  const status = answerOf(operation, answer).Status;
  if (status === 'ERROR') throw serviceError('CodeMismatchException', 'The TOTP code was not accepted');
  if (status !== 'SUCCESS') throw malformed(operation, 'Status');
}

/** The user's sign-in factors and MFA settings (GetUserAuthFactors): what USER_AUTH can offer this user. */
export async function fetchAuthFactors(
  auth: AuthClient,
  username: string,
  options?: AccountCallOptions,
): Promise<AuthFactors> {
  const { answer } = await withAccessToken(auth, username, 'GetUserAuthFactors', {}, true, options);
  return authFactorsOf(answer);
}
