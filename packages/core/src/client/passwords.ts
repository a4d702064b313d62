// Passwords: resetPassword and confirmResetPassword (ForgotPassword, ConfirmForgotPassword) for a user who cannot
// sign in, updatePassword (ChangePassword) for a signed-in one.

import { codeDeliveryOf, withDelivery } from '../account/parse.js';
import { inputOf, required } from '../account/requests.js';
import type {
  ConfirmResetPasswordInput,
  ResetPasswordResult,
  UpdatePasswordInput,
  UsernameInput,
} from '../account/types.js';
import type { AuthClient } from '../types.js';
import { withAccessToken } from './access.js';
import { sendPublic } from './public-request.js';

/**
 * Starts a password reset (ForgotPassword): a code goes to the user's verified e-mail or phone. With the pool's
 * PreventUserExistenceErrors an unknown user gets the same answer (a simulated delivery), so a page learns nothing.
 */
export async function resetPassword(auth: AuthClient, input: UsernameInput): Promise<ResetPasswordResult> {
  const operation = 'ForgotPassword';
  const answer = await sendPublic(auth.core, operation, inputOf(input, 'resetPassword'), {});
  const details = codeDeliveryOf(answer.CodeDeliveryDetails, operation);
  return withDelivery({ nextStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE' }, details);
}

/**
 * Sets the new password with the code resetPassword sent (ConfirmForgotPassword). A password the pool's policy
 * refuses is INVALID_PASSWORD (its message says which rule) and leaves the code for another try.
 */
export async function confirmResetPassword(
  auth: AuthClient,
  input: ConfirmResetPasswordInput,
): Promise<void> {
  const { confirmationCode, newPassword } = inputOf(input, 'confirmResetPassword');
  await sendPublic(auth.core, 'ConfirmForgotPassword', input, {
    ConfirmationCode: required(confirmationCode, 'confirmationCode'),
    Password: required(newPassword, 'newPassword'),
  });
}

/** Changes the signed-in user's password (ChangePassword with the access token). */
export async function updatePassword(
  auth: AuthClient,
  username: string,
  input: UpdatePasswordInput,
): Promise<void> {
  const { oldPassword, newPassword } = inputOf(input, 'updatePassword');
  const body = {
    PreviousPassword: required(oldPassword, 'oldPassword'),
    ProposedPassword: required(newPassword, 'newPassword'),
  };
  await withAccessToken(auth, username, 'ChangePassword', body, false, input);
}
