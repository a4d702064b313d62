// Passwords a user changes: ForgotPassword, ConfirmForgotPassword, ChangePassword (AWS API reference; developer guide
// "Recovering user accounts" and "Managing user existence error responses").
import { userPoolName } from '@cogflow/core';
import {
  checkPasswordShape,
  recoveryMedium,
  revealsUnknownUsers,
  simulatedDelivery,
  unknownUser,
} from '../account-rules.js';
import { assertUnderLimit, countAttempt, issueCode, takeCode } from '../codes.js';
import {
  CognitoException,
  codeMismatch,
  invalidParameter,
  notAuthorized,
  requireString,
} from '../cognito-exception.js';
import type { EmulatorContext } from '../context.js';
import { checkPasswordPolicy } from '../pool-helpers.js';
import { createVerifier, passwordMatches } from '../srp-server.js';
import { checkAccessToken } from '../token-issuer.js';
import { namedUser } from './sign-up.js';

export function forgotPassword(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { client, pool, name, user } = namedUser(ctx, body);
  const legacy = revealsUnknownUsers(client);
  if (!user) {
    if (legacy) throw unknownUser();
    return { CodeDeliveryDetails: simulatedDelivery(name) };
  }
  if (!user.enabled) {
    if (legacy) throw notAuthorized('User is disabled.');
    return { CodeDeliveryDetails: simulatedDelivery(name) };
  }
  if (user.status === 'FORCE_CHANGE_PASSWORD')
    throw notAuthorized('User password cannot be reset in the current state.');
  const medium = recoveryMedium(pool, user);
  if (!medium) {
    if (!legacy) return { CodeDeliveryDetails: simulatedDelivery(name) };
    throw invalidParameter(
      'Cannot reset password for the user as there is no registered/verified email or phone_number',
    );
  }
  return { CodeDeliveryDetails: issueCode(ctx, user, 'FORGOT_PASSWORD', medium, 'FORGOT_PASSWORD') };
}

export async function confirmForgotPassword(
  ctx: EmulatorContext,
  body: Record<string, unknown>,
): Promise<unknown> {
  const { client, pool, user } = namedUser(ctx, body);
  const password = requireString(body, 'Password');
  const code = requireString(body, 'ConfirmationCode');
  if (!user) {
    if (revealsUnknownUsers(client)) throw unknownUser();
    throw codeMismatch('Invalid verification code provided, please try again.');
  }
  // The password first, as the service does: a refused password leaves the code for a retry (issue 18).
  checkPasswordShape('password', password);
  checkPasswordPolicy(pool, password);
  // Hashed before the code is taken, so from taking it to storing the verifier nothing awaits.
  const verifier = await createVerifier(userPoolName(pool.id), user.username, password);
  takeCode(ctx, user, 'FORGOT_PASSWORD', code);
  user.password = verifier;
  if (user.status === 'RESET_REQUIRED') user.status = 'CONFIRMED';
  user.failedSignIns = 0;
  delete user.lockedUntil;
  user.modifiedAt = ctx.now();
  return {};
}

export async function changePassword(ctx: EmulatorContext, body: Record<string, unknown>): Promise<unknown> {
  const { pool, user } = checkAccessToken(ctx, body.AccessToken);
  const proposed = requireString(body, 'ProposedPassword');
  const realm = userPoolName(pool.id);
  // PreviousPassword may be left out only by a user who has none (passwordless sign-in).
  if (user.password) {
    assertUnderLimit(ctx, user, 'CHANGE_PASSWORD');
    const previous = requireString(body, 'PreviousPassword');
    if (!(await passwordMatches(user.password, realm, user.username, previous))) {
      countAttempt(ctx, user, 'CHANGE_PASSWORD');
      throw notAuthorized();
    }
  }
  checkPasswordShape('proposedPassword', proposed);
  checkPasswordPolicy(pool, proposed);
  const verifier = await createVerifier(realm, user.username, proposed);
  if (!ctx.store.getUser(user.poolId, user.username))
    throw new CognitoException('UserNotFoundException', 'User does not exist.');
  user.password = verifier;
  user.modifiedAt = ctx.now();
  return {};
}
