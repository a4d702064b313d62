// Admin* user operations and ListUsers (AWS API reference): create, read, delete, passwords, attributes, status.
import { userPoolName } from '@cogflow/core';
import { attributeValue, checkAttributeName, SEARCHABLE_ATTRIBUTES } from '../attribute-names.js';
import { CognitoException, invalidParameter, requireString, userNotFound } from '../cognito-exception.js';
import type { EmulatorContext, Handler } from '../context.js';
import { newOpaque } from '../ids.js';
import { adminUser, attributeList, checkPasswordPolicy, getPool } from '../pool-helpers.js';
import { createVerifier } from '../srp-server.js';
import type { UserRecord } from '../state.js';
import { preSignUp } from '../triggers/sign-up.js';
import { createUser } from '../user-factory.js';
import { checkDefined, checkMutable } from '../user-schema.js';
import { mfaSummary } from './mfa.js';
import { attributesFrom } from './users.js';

function userType(user: UserRecord): Record<string, unknown> {
  return {
    Username: user.username,
    Attributes: attributeList(user),
    UserCreateDate: user.createdAt / 1000,
    UserLastModifiedDate: user.modifiedAt / 1000,
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

export async function adminCreateUser(ctx: EmulatorContext, body: Record<string, unknown>): Promise<unknown> {
  const pool = getPool(ctx, body.UserPoolId);
  const name = requireString(body, 'Username');
  const action = body.MessageAction;
  if (action === 'RESEND') {
    const existing = ctx.store.findUser(pool, name);
    if (!existing) throw userNotFound();
    return { User: userType(existing) };
  }
  const temporary =
    typeof body.TemporaryPassword === 'string' && body.TemporaryPassword
      ? body.TemporaryPassword
      : `Tmp${newOpaque(9)}1!a`;
  checkPasswordPolicy(pool, temporary);
  const attributes = attributesFrom(pool, body.UserAttributes);
  await preSignUp(ctx, pool, { source: 'PreSignUp_AdminCreateUser', name, attributes, body });
  const user = await createUser(ctx, pool, {
    name,
    attributes,
    temporaryPassword: temporary,
  });
  if (action !== 'SUPPRESS') {
    const mediums = Array.isArray(body.DesiredDeliveryMediums)
      ? (body.DesiredDeliveryMediums as string[])
      : ['SMS'];
    for (const medium of mediums) {
      const destination = medium === 'EMAIL' ? user.attributes.email : user.attributes.phone_number;
      if (destination) {
        ctx.deliver({
          poolId: pool.id,
          username: user.username,
          medium: medium as 'SMS' | 'EMAIL',
          destination,
          code: temporary,
          kind: 'INVITATION',
        });
      }
    }
  }
  return { User: userType(user) };
}

export function adminGetUser(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { user } = adminUser(ctx, body);
  const t = userType(user);
  return {
    Username: t.Username,
    UserAttributes: t.Attributes,
    UserCreateDate: t.UserCreateDate,
    UserLastModifiedDate: t.UserLastModifiedDate,
    Enabled: t.Enabled,
    UserStatus: t.UserStatus,
    ...mfaSummary(user),
  };
}

export function adminDeleteUser(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { user } = adminUser(ctx, body);
  ctx.store.deleteUser(user);
  return {};
}

export async function adminSetUserPassword(
  ctx: EmulatorContext,
  body: Record<string, unknown>,
): Promise<unknown> {
  const { pool, user } = adminUser(ctx, body);
  const password = requireString(body, 'Password');
  checkPasswordPolicy(pool, password);
  user.password = await createVerifier(userPoolName(pool.id), user.username, password);
  if (body.Permanent === true) {
    user.status = 'CONFIRMED';
    delete user.temporaryPasswordExpiresAt;
  } else {
    user.status = 'FORCE_CHANGE_PASSWORD';
    user.temporaryPasswordExpiresAt =
      ctx.now() + pool.passwordPolicy.TemporaryPasswordValidityDays * 86_400_000;
  }
  user.modifiedAt = ctx.now();
  return {};
}

export function adminResetUserPassword(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { user } = adminUser(ctx, body);
  user.status = 'RESET_REQUIRED';
  user.modifiedAt = ctx.now();
  return {};
}

export function adminUpdateUserAttributes(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { pool, user } = adminUser(ctx, body);
  const updates = attributesFrom(pool, body.UserAttributes);
  for (const name of Object.keys(updates)) checkMutable(pool, name);
  Object.assign(user.attributes, updates);
  user.modifiedAt = ctx.now();
  return {};
}

export function adminDeleteUserAttributes(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { pool, user } = adminUser(ctx, body);
  const names = body.UserAttributeNames;
  if (!Array.isArray(names) || !names.every((n): n is string => typeof n === 'string'))
    throw invalidParameter('UserAttributeNames must be a list of attribute names');
  for (const name of names) checkDefined(pool, checkAttributeName(name));
  for (const name of names) delete user.attributes[name];
  user.modifiedAt = ctx.now();
  return {};
}

export function adminConfirmSignUp(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { user } = adminUser(ctx, body);
  if (user.status !== 'UNCONFIRMED')
    throw new CognitoException(
      'NotAuthorizedException',
      `User cannot be confirmed. Current status is ${user.status}`,
    );
  user.status = 'CONFIRMED';
  return {};
}

/** AdminEnableUser / AdminDisableUser: one handler per value of `enabled`. */
export function adminSetEnabled(enabled: boolean): Handler {
  return (ctx: EmulatorContext, body: Record<string, unknown>): unknown => {
    const { user } = adminUser(ctx, body);
    user.enabled = enabled;
    user.modifiedAt = ctx.now();
    return {};
  };
}

export function listUsers(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const pool = getPool(ctx, body.UserPoolId);
  let users = ctx.store.usersOf(pool.id);
  if (typeof body.Filter === 'string' && body.Filter) {
    const m = /^\s*([\w:]+)\s*(=|\^=)\s*"([^"]*)"\s*$/.exec(body.Filter);
    if (!m) throw invalidParameter('Invalid search filter');
    const [, attr, op, value] = m as unknown as [string, string, string, string];
    if (!SEARCHABLE_ATTRIBUTES.has(attr)) throw invalidParameter(`Invalid search attribute ${attr}`);
    const read = (u: UserRecord): string | undefined =>
      attr === 'username'
        ? u.username
        : attr === 'sub'
          ? u.sub
          : attr === 'status'
            ? u.enabled
              ? 'Enabled'
              : 'Disabled'
            : attr === 'cognito:user_status'
              ? u.status
              : attributeValue(u.attributes, attr);
    users = users.filter((u) => {
      const v = read(u);
      return v !== undefined && (op === '=' ? v === value : v.startsWith(value));
    });
  }
  const limit = typeof body.Limit === 'number' ? body.Limit : 60;
  return { Users: users.slice(0, limit).map(userType) };
}
