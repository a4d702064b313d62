// Creates user records the way AdminCreateUser, SignUp and the seed do: canonical username, sub, verifier.
import { userPoolName } from '@cogflow/core';
import { attributeValue } from './attribute-names.js';
import { CognitoException } from './cognito-exception.js';
import type { EmulatorContext } from './context.js';
import { newSub } from './ids.js';
import { createVerifier } from './srp-server.js';
import type { PoolRecord, UserRecord } from './state.js';

export interface NewUser {
  name: string;
  attributes?: Record<string, string>;
  password?: string;
  temporaryPassword?: string;
  status?: UserRecord['status'];
}

/**
 * In a pool that signs in with e-mail or phone (UsernameAttributes), the name given is that attribute and the
 * username becomes the sub, as the service does; elsewhere the name is the username.
 */
export async function createUser(ctx: EmulatorContext, pool: PoolRecord, spec: NewUser): Promise<UserRecord> {
  const attributes = { ...(spec.attributes ?? {}) };
  const sub = attributes.sub ?? newSub();
  delete attributes.sub;
  let username = spec.name;
  if (pool.usernameAttributes.length > 0) {
    const isEmail = spec.name.includes('@');
    const attr = isEmail ? 'email' : spec.name.startsWith('+') ? 'phone_number' : undefined;
    if (!attr || !pool.usernameAttributes.includes(attr as 'email')) {
      throw new CognitoException(
        'InvalidParameterException',
        `Username should be ${pool.usernameAttributes.join(' or ')}.`,
      );
    }
    attributes[attr] = spec.name;
    username = sub;
  }
  const secret = spec.password ?? spec.temporaryPassword;
  // Hashed first: from the clash checks to putUser nothing awaits, so two sign-ups of one name cannot both pass.
  const password = secret ? await createVerifier(userPoolName(pool.id), username, secret) : undefined;
  if (ctx.store.findUser(pool, spec.name) || ctx.store.getUser(pool.id, username)) {
    throw new CognitoException('UsernameExistsException', 'User account already exists');
  }
  for (const attr of [...pool.usernameAttributes, ...pool.aliasAttributes]) {
    const value = attributeValue(attributes, attr);
    if (!value) continue;
    const asUsername = pool.usernameAttributes.includes(attr);
    // An e-mail or phone alias counts only once verified: a sign-up may share it until its confirmation claims it.
    if (
      !asUsername &&
      attr !== 'preferred_username' &&
      attributeValue(attributes, `${attr}_verified`) !== 'true'
    )
      continue;
    const clash = ctx.store
      .usersOf(pool.id)
      .find(
        (u) =>
          attributeValue(u.attributes, attr)?.toLowerCase() === value.toLowerCase() &&
          (asUsername ||
            attr === 'preferred_username' ||
            attributeValue(u.attributes, `${attr}_verified`) === 'true'),
      );
    if (clash)
      throw new CognitoException(
        pool.usernameAttributes.includes(attr) ? 'UsernameExistsException' : 'AliasExistsException',
        'An account with the given email already exists.',
      );
  }
  const now = ctx.now();
  const user: UserRecord = {
    poolId: pool.id,
    username,
    sub,
    attributes,
    status: spec.status ?? (spec.password ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD'),
    enabled: true,
    createdAt: now,
    modifiedAt: now,
    ...(password ? { password } : {}),
    ...(!spec.password && spec.temporaryPassword
      ? { temporaryPasswordExpiresAt: now + pool.passwordPolicy.TemporaryPasswordValidityDays * 86_400_000 }
      : {}),
    mfa: { sms: false, totp: false, email: false },
    webauthn: [],
    codes: [],
    failedSignIns: 0,
  };
  ctx.store.putUser(user);
  return user;
}
