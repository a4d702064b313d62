// The signed-in user's own operations and self-service sign-up: GetUser, GetUserAuthFactors, ChangePassword,
// UpdateUserAttributes, VerifyUserAttribute, DeleteUser, SignUp, ConfirmSignUp, ResendConfirmationCode,
// ForgotPassword, ConfirmForgotPassword (AWS API reference).
import { userPoolName } from '@cogflow/core';
import {
  CognitoException,
  codeMismatch,
  expiredCode,
  notAuthorized,
  requireString,
} from '../cognito-exception.js';
import type { EmulatorContext } from '../context.js';
import { attributeList, checkPasswordPolicy, checkSecretHash, getClient, sendCode } from '../pool-helpers.js';
import { createVerifier, passwordMatches } from '../srp-server.js';
import type { PoolRecord, UserRecord } from '../state.js';
import { checkAccessToken } from '../token-issuer.js';
import { createUser } from '../user-factory.js';
import { mfaSummary } from './mfa.js';

const CODE_TTL_MS = 24 * 60 * 60 * 1000;

function attributesFrom(list: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(list)) return out;
  for (const a of list as { Name?: unknown; Value?: unknown }[]) {
    if (typeof a?.Name === 'string') out[a.Name] = typeof a.Value === 'string' ? a.Value : '';
  }
  return out;
}

export { attributesFrom };

export function getUser(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { user } = checkAccessToken(ctx, body.AccessToken);
  return { Username: user.username, UserAttributes: attributeList(user), ...mfaSummary(user) };
}

export function getUserAuthFactors(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { pool, user } = checkAccessToken(ctx, body.AccessToken);
  const factors: string[] = [];
  if (user.password) factors.push('PASSWORD');
  if (pool.allowedFirstAuthFactors.includes('EMAIL_OTP') && user.attributes.email) factors.push('EMAIL_OTP');
  if (pool.allowedFirstAuthFactors.includes('SMS_OTP') && user.attributes.phone_number)
    factors.push('SMS_OTP');
  if (pool.allowedFirstAuthFactors.includes('WEB_AUTHN') && user.webauthn.length) factors.push('WEB_AUTHN');
  return { Username: user.username, ConfiguredUserAuthFactors: factors, ...mfaSummary(user) };
}

export async function changePassword(ctx: EmulatorContext, body: Record<string, unknown>): Promise<unknown> {
  const { pool, user } = checkAccessToken(ctx, body.AccessToken);
  const proposed = requireString(body, 'ProposedPassword');
  const previous = typeof body.PreviousPassword === 'string' ? body.PreviousPassword : '';
  const realm = userPoolName(pool.id);
  if (!user.password || !(await passwordMatches(user.password, realm, user.username, previous)))
    throw notAuthorized();
  checkPasswordPolicy(pool, proposed);
  user.password = await createVerifier(realm, user.username, proposed);
  user.modifiedAt = ctx.now();
  return {};
}

function verificationFor(ctx: EmulatorContext, user: UserRecord, attr: string): Record<string, string> {
  const medium = attr === 'phone_number' ? 'SMS' : 'EMAIL';
  const sent = sendCode(ctx, user, medium, `VERIFY_${attr.toUpperCase()}`);
  user.codes = user.codes.filter((c) => c.kind !== `VERIFY_${attr}`);
  user.codes.push({ kind: `VERIFY_${attr}`, code: sent.code, expiresAt: ctx.now() + CODE_TTL_MS });
  return { Destination: sent.masked, DeliveryMedium: medium, AttributeName: attr };
}

export function updateUserAttributes(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { user } = checkAccessToken(ctx, body.AccessToken);
  const updates = attributesFrom(body.UserAttributes);
  const details: Record<string, string>[] = [];
  for (const [k, v] of Object.entries(updates)) {
    const changed = user.attributes[k] !== v;
    user.attributes[k] = v;
    if (changed && (k === 'email' || k === 'phone_number')) {
      user.attributes[`${k}_verified`] = 'false';
      details.push(verificationFor(ctx, user, k));
    }
  }
  user.modifiedAt = ctx.now();
  return details.length ? { CodeDeliveryDetailsList: details } : {};
}

export function getUserAttributeVerificationCode(
  ctx: EmulatorContext,
  body: Record<string, unknown>,
): unknown {
  const { user } = checkAccessToken(ctx, body.AccessToken);
  return { CodeDeliveryDetails: verificationFor(ctx, user, requireString(body, 'AttributeName')) };
}

function takeCode(ctx: EmulatorContext, user: UserRecord, kind: string, code: string): void {
  const entry = user.codes.find((c) => c.kind === kind);
  if (!entry) throw expiredCode();
  if (entry.expiresAt <= ctx.now()) {
    user.codes = user.codes.filter((c) => c !== entry);
    throw expiredCode();
  }
  if (entry.code !== code) throw codeMismatch('Invalid verification code provided, please try again.');
  user.codes = user.codes.filter((c) => c !== entry);
}

export function verifyUserAttribute(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { user } = checkAccessToken(ctx, body.AccessToken);
  const attr = requireString(body, 'AttributeName');
  takeCode(ctx, user, `VERIFY_${attr}`, requireString(body, 'Code'));
  user.attributes[`${attr}_verified`] = 'true';
  return {};
}

export function deleteUser(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { user } = checkAccessToken(ctx, body.AccessToken);
  ctx.store.deleteUser(user);
  return {};
}

function confirmationMedium(pool: PoolRecord, user: UserRecord): 'SMS' | 'EMAIL' {
  if (pool.autoVerifiedAttributes.includes('email') && user.attributes.email) return 'EMAIL';
  if (pool.autoVerifiedAttributes.includes('phone_number') && user.attributes.phone_number) return 'SMS';
  return user.attributes.email ? 'EMAIL' : 'SMS';
}

function sendConfirmation(
  ctx: EmulatorContext,
  pool: PoolRecord,
  user: UserRecord,
  kind: string,
): Record<string, string> {
  const medium = confirmationMedium(pool, user);
  const sent = sendCode(ctx, user, medium, kind);
  user.codes = user.codes.filter((c) => c.kind !== kind);
  user.codes.push({ kind, code: sent.code, expiresAt: ctx.now() + CODE_TTL_MS });
  return {
    Destination: sent.masked,
    DeliveryMedium: medium,
    AttributeName: medium === 'SMS' ? 'phone_number' : 'email',
  };
}

export async function signUp(ctx: EmulatorContext, body: Record<string, unknown>): Promise<unknown> {
  const { client, pool } = getClient(ctx, requireString(body, 'ClientId'));
  const name = requireString(body, 'Username');
  checkSecretHash(client, body.SecretHash, name);
  const password = requireString(body, 'Password');
  checkPasswordPolicy(pool, password);
  const user = await createUser(ctx, pool, {
    name,
    attributes: attributesFrom(body.UserAttributes),
    password,
    status: 'UNCONFIRMED',
  });
  const hasDestination = Boolean(user.attributes.email || user.attributes.phone_number);
  const details = hasDestination ? sendConfirmation(ctx, pool, user, 'SIGN_UP') : undefined;
  return { UserConfirmed: false, UserSub: user.sub, ...(details ? { CodeDeliveryDetails: details } : {}) };
}

function clientUser(
  ctx: EmulatorContext,
  body: Record<string, unknown>,
): { pool: PoolRecord; user: UserRecord } {
  const { client, pool } = getClient(ctx, requireString(body, 'ClientId'));
  const name = requireString(body, 'Username');
  const user = ctx.store.findUser(pool, name);
  // SecretHash is over Username as sent (an alias stays an alias).
  checkSecretHash(client, body.SecretHash, name);
  if (!user) throw new CognitoException('UserNotFoundException', 'Username/client id combination not found.');
  return { pool, user };
}

export function confirmSignUp(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { user } = clientUser(ctx, body);
  if (user.status !== 'UNCONFIRMED')
    throw notAuthorized('User cannot be confirmed. Current status is CONFIRMED');
  takeCode(ctx, user, 'SIGN_UP', requireString(body, 'ConfirmationCode'));
  user.status = 'CONFIRMED';
  if (user.attributes.email) user.attributes.email_verified = 'true';
  else if (user.attributes.phone_number) user.attributes.phone_number_verified = 'true';
  return {};
}

export function resendConfirmationCode(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { pool, user } = clientUser(ctx, body);
  if (user.status !== 'UNCONFIRMED')
    throw new CognitoException('InvalidParameterException', 'User is already confirmed.');
  return { CodeDeliveryDetails: sendConfirmation(ctx, pool, user, 'SIGN_UP') };
}

export function forgotPassword(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { pool, user } = clientUser(ctx, body);
  return { CodeDeliveryDetails: sendConfirmation(ctx, pool, user, 'FORGOT_PASSWORD') };
}

export async function confirmForgotPassword(
  ctx: EmulatorContext,
  body: Record<string, unknown>,
): Promise<unknown> {
  const { pool, user } = clientUser(ctx, body);
  const password = requireString(body, 'Password');
  const code = requireString(body, 'ConfirmationCode');
  // The policy first, as the service does: a refused password leaves the code for a retry.
  checkPasswordPolicy(pool, password);
  takeCode(ctx, user, 'FORGOT_PASSWORD', code);
  user.password = await createVerifier(userPoolName(pool.id), user.username, password);
  if (user.status === 'RESET_REQUIRED' || user.status === 'FORCE_CHANGE_PASSWORD') user.status = 'CONFIRMED';
  user.modifiedAt = ctx.now();
  return {};
}
