// Self-service sign-up: SignUp, ConfirmSignUp, ResendConfirmationCode, and the Sessions that let a user confirmed
// by code sign in straight away with USER_AUTH (AWS API reference, SignUp / ConfirmSignUp / InitiateAuth Session).
import {
  aliasExists,
  aliasHolder,
  attributeMap,
  checkClientAttributes,
  checkPasswordShape,
  checkRequiredAttributes,
  confirmationMedium,
  revealsUnknownUsers,
  simulatedDelivery,
  unknownUser,
} from '../account-rules.js';
import { type CodeEntry, issueCode, takeCode } from '../codes.js';
import { CognitoException, codeMismatch, notAuthorized, requireString } from '../cognito-exception.js';
import type { EmulatorContext } from '../context.js';
import { checkPasswordPolicy, checkSecretHash, getClient } from '../pool-helpers.js';
import { AUTH_SESSION_VALIDITY, type AuthContext } from '../sessions.js';
import type { ClientRecord, PoolRecord, UserRecord } from '../state.js';
import { markAutoVerified, preSignUp } from '../triggers/sign-up.js';
import { createUser } from '../user-factory.js';

/** What a SignUp Session may do next, and what ConfirmSignUp's may: the step names inside the session table. */
export const CONFIRM_SIGN_UP = 'CONFIRM_SIGN_UP';
export const SIGN_IN_AFTER_SIGN_UP = 'SIGN_IN_AFTER_SIGN_UP';

function openSession(ctx: EmulatorContext, client: ClientRecord, user: UserRecord, step: string): string {
  const auth: AuthContext = {
    poolId: user.poolId,
    clientId: client.id,
    username: user.username,
    flow: step === SIGN_IN_AFTER_SIGN_UP ? 'USER_AUTH' : 'SIGN_UP',
    sessionTtlMs: (client.authSessionValidityMinutes ?? AUTH_SESSION_VALIDITY.default) * 60_000,
    expect: [step],
    expiresAt: 0,
  };
  return ctx.sessions.open(auth);
}

function optionalMap(body: Record<string, unknown>, member: string): void {
  const v = body[member];
  if (v !== undefined && v !== null && (typeof v !== 'object' || Array.isArray(v)))
    throw new CognitoException('InvalidParameterException', `${member} must be a map of strings`);
}

/** In a pool with an e-mail (phone) alias, a username may not look like one: it would shadow another's alias. */
function checkUsernameShape(pool: PoolRecord, name: string): void {
  if (/\s/.test(name))
    throw new CognitoException(
      'InvalidParameterException',
      "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
    );
  if (pool.usernameAttributes.length > 0) return;
  if (pool.aliasAttributes.includes('email') && /^[^@\s]+@[^@\s]+$/.test(name))
    throw new CognitoException(
      'InvalidParameterException',
      'Username cannot be of email format, since user pool is configured for email alias.',
    );
  if (pool.aliasAttributes.includes('phone_number') && /^\+[0-9]+$/.test(name))
    throw new CognitoException(
      'InvalidParameterException',
      'Username cannot be of phone number format, since user pool is configured for phone number alias.',
    );
}

export async function signUp(ctx: EmulatorContext, body: Record<string, unknown>): Promise<unknown> {
  const { client, pool } = getClient(ctx, requireString(body, 'ClientId'));
  const name = requireString(body, 'Username');
  checkSecretHash(client, body.SecretHash, name);
  checkUsernameShape(pool, name);
  const updates = attributeMap(body.UserAttributes);
  checkClientAttributes(pool, updates);
  // ValidationData and ClientMetadata go to the Lambda triggers only; they must have the API's shape.
  attributeMap(body.ValidationData, 'validationData');
  optionalMap(body, 'ClientMetadata');
  const password = requireString(body, 'Password');
  checkPasswordShape('password', password);
  checkPasswordPolicy(pool, password);
  const attributes = Object.fromEntries(updates);
  checkRequiredAttributes(pool, {
    ...attributes,
    ...(pool.usernameAttributes.length > 0 ? { [name.includes('@') ? 'email' : 'phone_number']: name } : {}),
  });
  const answer = await preSignUp(ctx, pool, {
    source: 'PreSignUp_SignUp',
    name,
    clientId: client.id,
    attributes,
    body,
  });
  const status = answer.autoConfirmUser ? 'CONFIRMED' : 'UNCONFIRMED';
  const user = await createUser(ctx, pool, { name, attributes, password, status });
  markAutoVerified(user, answer);
  if (answer.autoConfirmUser)
    return {
      UserConfirmed: true,
      UserSub: user.sub,
      Session: openSession(ctx, client, user, SIGN_IN_AFTER_SIGN_UP),
    };
  const medium = confirmationMedium(pool, user);
  const details = medium ? issueCode(ctx, user, 'SIGN_UP', medium, 'SIGN_UP') : undefined;
  return {
    UserConfirmed: false,
    UserSub: user.sub,
    ...(details ? { CodeDeliveryDetails: details } : {}),
    Session: openSession(ctx, client, user, CONFIRM_SIGN_UP),
  };
}

/** The client and the user a public call names by Username (SECRET_HASH over that name as sent). */
export function namedUser(
  ctx: EmulatorContext,
  body: Record<string, unknown>,
): { client: ClientRecord; pool: PoolRecord; name: string; user: UserRecord | undefined } {
  const { client, pool } = getClient(ctx, requireString(body, 'ClientId'));
  const name = requireString(body, 'Username');
  checkSecretHash(client, body.SecretHash, name);
  return { client, pool, name, user: ctx.store.findUser(pool, name) };
}

/**
 * The confirmation proves the attribute the code went to: it becomes verified. If it is a sign-in alias another
 * user holds, AliasExistsException, unless ForceAliasCreation moves the alias here (the other loses it).
 */
function claimAlias(
  ctx: EmulatorContext,
  pool: PoolRecord,
  user: UserRecord,
  entry: CodeEntry,
  force: boolean,
): () => void {
  const attr = entry.attribute ?? 'email';
  const value = user.attributes[attr];
  const holder = value ? aliasHolder(ctx, pool, attr, value, user) : undefined;
  if (holder && !force) throw aliasExists(attr);
  return () => {
    if (holder) holder.attributes[`${attr}_verified`] = 'false';
    user.attributes[`${attr}_verified`] = 'true';
  };
}

export function confirmSignUp(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { client, pool, user } = namedUser(ctx, body);
  const code = requireString(body, 'ConfirmationCode');
  if (!user) {
    if (revealsUnknownUsers(client)) throw unknownUser();
    throw codeMismatch('Invalid verification code provided, please try again.');
  }
  if (user.status !== 'UNCONFIRMED')
    throw notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
  // A SignUp Session still alive must be this user's and this client's; an expired or unknown one is ignored.
  const session = typeof body.Session === 'string' && body.Session ? body.Session : undefined;
  const signUpAuth = session ? ctx.sessions.lookup(session) : undefined;
  if (
    signUpAuth &&
    (signUpAuth.username !== user.username ||
      signUpAuth.clientId !== client.id ||
      signUpAuth.poolId !== pool.id)
  )
    throw notAuthorized('Invalid session for the user.');
  let verify: () => void = () => {};
  takeCode(ctx, user, 'SIGN_UP', code, (entry) => {
    verify = claimAlias(ctx, pool, user, entry, body.ForceAliasCreation === true);
  });
  verify();
  if (signUpAuth) ctx.sessions.consume(session);
  user.status = 'CONFIRMED';
  user.modifiedAt = ctx.now();
  return { Session: openSession(ctx, client, user, SIGN_IN_AFTER_SIGN_UP) };
}

export function resendConfirmationCode(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { client, pool, name, user } = namedUser(ctx, body);
  optionalMap(body, 'ClientMetadata');
  if (!user) {
    if (revealsUnknownUsers(client)) throw unknownUser();
    return { CodeDeliveryDetails: simulatedDelivery(name) };
  }
  if (user.status !== 'UNCONFIRMED')
    throw new CognitoException('InvalidParameterException', 'User is already confirmed.');
  const medium = confirmationMedium(pool, user);
  if (!medium) throw new CognitoException('InvalidParameterException', 'Auto verification not turned on.');
  return { CodeDeliveryDetails: issueCode(ctx, user, 'SIGN_UP', medium, 'SIGN_UP') };
}
