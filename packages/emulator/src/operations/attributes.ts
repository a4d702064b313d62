// The signed-in user's attributes: UpdateUserAttributes, GetUserAttributeVerificationCode, VerifyUserAttribute,
// DeleteUserAttributes (AWS API reference; developer guide "Verifying updates to email addresses and phone numbers").
import {
  aliasExists,
  aliasHolder,
  attributeMap,
  checkClientAttributes,
  verifyBeforeUpdate,
} from '../account-rules.js';
import { checkAttributeName } from '../attribute-names.js';
import { issueCode, takeCode } from '../codes.js';
import { invalidParameter, requireString } from '../cognito-exception.js';
import type { EmulatorContext } from '../context.js';
import type { PoolRecord, UserRecord } from '../state.js';
import { checkAccessToken } from '../token-issuer.js';
import { checkDefined, checkMutable, requiredAttributes } from '../user-schema.js';

const VERIFIABLE = new Set(['email', 'phone_number']);

/** The value awaiting verification before it replaces the current one (AttributesRequireVerificationBeforeUpdate). */
const pendingOf = (user: UserRecord, attr: string): string | undefined =>
  user.codes.find((c) => c.kind === `VERIFY_${attr}`)?.value;

function sendVerification(
  ctx: EmulatorContext,
  user: UserRecord,
  attr: string,
  pending?: string,
): Record<string, string> {
  const medium = attr === 'phone_number' ? 'SMS' : 'EMAIL';
  return issueCode(ctx, user, `VERIFY_${attr}`, medium, `VERIFY_${attr.toUpperCase()}`, pending);
}

/** Refuses an e-mail or phone that another user signs in with, before anything of this call is stored. */
function checkUnique(
  ctx: EmulatorContext,
  pool: PoolRecord,
  user: UserRecord,
  attr: string,
  value: string,
): void {
  if (pool.usernameAttributes.includes(attr) && aliasHolder(ctx, pool, attr, value, user))
    throw aliasExists(attr);
  if (attr === 'preferred_username' && aliasHolder(ctx, pool, attr, value, user)) throw aliasExists(attr);
}

export function updateUserAttributes(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { pool, user } = checkAccessToken(ctx, body.AccessToken);
  const updates = attributeMap(body.UserAttributes);
  if (updates.size === 0) throw invalidParameter('UserAttributes must not be empty');
  checkClientAttributes(pool, updates);
  for (const name of updates.keys()) checkMutable(pool, name);
  for (const [k, v] of updates) checkUnique(ctx, pool, user, k, v);
  const details: Record<string, string>[] = [];
  for (const [k, v] of updates) {
    const current = Object.hasOwn(user.attributes, k) ? user.attributes[k] : undefined;
    if (!VERIFIABLE.has(k) || current === v) {
      user.attributes[k] = v;
      continue;
    }
    if (current !== undefined && verifyBeforeUpdate(pool, k)) {
      // The old value stays (and stays verified) until the new one is proven with VerifyUserAttribute.
      details.push(sendVerification(ctx, user, k, v));
      continue;
    }
    user.attributes[k] = v;
    user.attributes[`${k}_verified`] = 'false';
    user.codes = user.codes.filter((c) => c.kind !== `VERIFY_${k}`);
    if (pool.autoVerifiedAttributes.includes(k)) details.push(sendVerification(ctx, user, k));
  }
  user.modifiedAt = ctx.now();
  return details.length ? { CodeDeliveryDetailsList: details } : {};
}

export function getUserAttributeVerificationCode(
  ctx: EmulatorContext,
  body: Record<string, unknown>,
): unknown {
  const { user } = checkAccessToken(ctx, body.AccessToken);
  const attr = requireString(body, 'AttributeName');
  if (!VERIFIABLE.has(attr)) throw invalidParameter(`Invalid attribute name: ${attr.slice(0, 32)}`);
  const pending = pendingOf(user, attr);
  if (pending === undefined && !Object.hasOwn(user.attributes, attr))
    throw invalidParameter(`User has no ${attr} attribute to verify.`);
  return { CodeDeliveryDetails: sendVerification(ctx, user, attr, pending) };
}

export function verifyUserAttribute(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { pool, user } = checkAccessToken(ctx, body.AccessToken);
  const attr = requireString(body, 'AttributeName');
  if (!VERIFIABLE.has(attr)) throw invalidParameter(`Invalid attribute name: ${attr.slice(0, 32)}`);
  const code = requireString(body, 'Code');
  const entry = takeCode(ctx, user, `VERIFY_${attr}`, code, (e) => {
    const value = e.value ?? user.attributes[attr];
    // An alias another user holds verified cannot be verified here too (the API reference's AliasExistsException).
    if (value && aliasHolder(ctx, pool, attr, value, user)) throw aliasExists(attr);
  });
  if (entry.value !== undefined) user.attributes[attr] = entry.value;
  user.attributes[`${attr}_verified`] = 'true';
  user.modifiedAt = ctx.now();
  return {};
}

export function deleteUserAttributes(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { pool, user } = checkAccessToken(ctx, body.AccessToken);
  const names = body.UserAttributeNames;
  if (!Array.isArray(names) || names.length === 0 || !names.every((n): n is string => typeof n === 'string'))
    throw invalidParameter(
      "1 validation error detected: Value at 'userAttributeNames' failed to satisfy constraint: Member must not be null",
    );
  const required = requiredAttributes(pool);
  for (const name of names) {
    checkAttributeName(name);
    checkDefined(pool, name);
    if (name === 'sub' || name.endsWith('_verified') || pool.usernameAttributes.includes(name))
      throw invalidParameter(`Cannot delete attribute ${name.slice(0, 32)}`);
    if (required.includes(name))
      throw invalidParameter(`Attributes did not conform to the schema: ${name}: The attribute is required`);
  }
  for (const name of names) {
    if (Object.hasOwn(user.attributes, name)) delete user.attributes[name];
    if (VERIFIABLE.has(name)) {
      delete user.attributes[`${name}_verified`];
      user.codes = user.codes.filter((c) => c.kind !== `VERIFY_${name}`);
    }
  }
  user.modifiedAt = ctx.now();
  return {};
}
