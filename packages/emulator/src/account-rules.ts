// The pool's rules for self-service accounts: which attributes a user may write, alias uniqueness, where codes go,
// and what an unknown user hears (AWS API reference; developer guide on attributes, verification and user existence).
import { createHash } from 'node:crypto';
import { attributeValue, checkAttributeName } from './attribute-names.js';
import { CognitoException, invalidParameter, notAuthorized } from './cognito-exception.js';
import type { EmulatorContext } from './context.js';
import { maskDestination } from './pool-helpers.js';
import type { ClientRecord, PoolRecord, UserRecord } from './state.js';
import { checkClientMayWrite, checkDefined, requiredAttributes } from './user-schema.js';

/** Attributes only the service or an administrator sets: an app client writing them is refused. */
const NOT_CLIENT_WRITABLE = new Set(['sub', 'email_verified', 'phone_number_verified', 'identities']);

/** Checks attributes an app client sends (SignUp, UpdateUserAttributes) before anything is stored. */
export function checkClientAttributes(pool: PoolRecord, updates: Map<string, string>): void {
  for (const name of updates.keys()) {
    if (NOT_CLIENT_WRITABLE.has(name))
      throw notAuthorized('A client attempted to write unauthorized attribute');
    checkClientMayWrite(name);
    checkDefined(pool, checkAttributeName(name));
  }
}

/** The Schema's required attributes that `attributes` lacks, in the service's message. */
export function checkRequiredAttributes(pool: PoolRecord, attributes: Record<string, string>): void {
  for (const name of requiredAttributes(pool)) {
    if (!attributeValue(attributes, name))
      throw invalidParameter(`Attributes did not conform to the schema: ${name}: The attribute is required`);
  }
}

/** UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate, honoured only for auto-verified ones. */
export function verifyBeforeUpdate(pool: PoolRecord, attr: string): boolean {
  const settings = pool.extra.UserAttributeUpdateSettings as
    | { AttributesRequireVerificationBeforeUpdate?: unknown }
    | undefined;
  const list = settings?.AttributesRequireVerificationBeforeUpdate;
  return Array.isArray(list) && list.includes(attr) && pool.autoVerifiedAttributes.includes(attr);
}

/** Another user of the pool who holds `value` as a verified sign-in alias (or as a username attribute). */
export function aliasHolder(
  ctx: EmulatorContext,
  pool: PoolRecord,
  attr: string,
  value: string,
  self: UserRecord,
): UserRecord | undefined {
  const asUsername = pool.usernameAttributes.includes(attr);
  if (!asUsername && !pool.aliasAttributes.includes(attr)) return undefined;
  const wanted = value.toLowerCase();
  // Aliases other than the phone follow UsernameConfiguration.CaseSensitive; username attributes never do here.
  const exact = pool.usernameCaseSensitive === true && !asUsername && attr !== 'phone_number';
  return ctx.store
    .usersOf(pool.id)
    .find(
      (u) =>
        u !== self &&
        (exact
          ? attributeValue(u.attributes, attr) === value
          : attributeValue(u.attributes, attr)?.toLowerCase() === wanted) &&
        (asUsername ||
          attr === 'preferred_username' ||
          attributeValue(u.attributes, `${attr}_verified`) === 'true'),
    );
}

export const aliasExists = (attr: string): CognitoException =>
  new CognitoException(
    'AliasExistsException',
    `An account with the ${attr === 'phone_number' ? 'phone number' : attr} already exists.`,
  );

/**
 * Where a sign-up confirmation goes: the pool's AutoVerifiedAttributes decide; with both, SMS first and e-mail when
 * the user has no phone (the console's "SMS, or email if SMS is not available"). None when the pool verifies nothing.
 */
export function confirmationMedium(pool: PoolRecord, user: UserRecord): 'SMS' | 'EMAIL' | undefined {
  if (pool.autoVerifiedAttributes.includes('phone_number') && user.attributes.phone_number) return 'SMS';
  if (pool.autoVerifiedAttributes.includes('email') && user.attributes.email) return 'EMAIL';
  return undefined;
}

/**
 * Where a ForgotPassword code goes: a verified e-mail or phone, in the order of AccountRecoverySetting (without it,
 * the legacy order: phone, then e-mail). With the setting, a phone that serves SMS MFA is not used for recovery.
 */
export function recoveryMedium(pool: PoolRecord, user: UserRecord): 'SMS' | 'EMAIL' | undefined {
  const setting = pool.extra.AccountRecoverySetting as
    | { RecoveryMechanisms?: { Name?: string; Priority?: number }[] }
    | undefined;
  const mechanisms = setting?.RecoveryMechanisms
    ? [...setting.RecoveryMechanisms].sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0)).map((m) => m.Name)
    : ['verified_phone_number', 'verified_email'];
  for (const m of mechanisms) {
    if (m === 'verified_email' && user.attributes.email && user.attributes.email_verified === 'true')
      return 'EMAIL';
    if (
      m === 'verified_phone_number' &&
      user.attributes.phone_number &&
      user.attributes.phone_number_verified === 'true' &&
      !(setting && user.mfa.sms)
    )
      return 'SMS';
  }
  return undefined;
}

/** LEGACY clients tell that a user does not exist; ENABLED ones (the emulator's default) answer as if it did. */
export const revealsUnknownUsers = (client: ClientRecord): boolean =>
  client.preventUserExistenceErrors === 'LEGACY';

export const unknownUser = (): CognitoException =>
  new CognitoException('UserNotFoundException', 'Username/client id combination not found.');

/**
 * The CodeDeliveryDetails the service gives for a user it will not reveal: a made-up e-mail destination, the same
 * for the same name, so two calls do not differ.
 */
export function simulatedDelivery(name: string): {
  Destination: string;
  DeliveryMedium: 'EMAIL';
  AttributeName: 'email';
} {
  const h = createHash('sha256').update(name).digest();
  const letter = (i: number): string => String.fromCharCode(97 + ((h[i] ?? 0) % 26));
  const destination = name.includes('@') ? name : `${letter(0)}@${letter(1)}.com`;
  return {
    Destination: maskDestination('EMAIL', destination),
    DeliveryMedium: 'EMAIL',
    AttributeName: 'email',
  };
}

/** The API's pattern for a new password (no leading or trailing whitespace, 256 characters at most). */
export function checkPasswordShape(member: string, password: string): void {
  if (password.length > 256 || !/^\S+.*\S+$/s.test(password))
    throw invalidParameter(
      `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\S]+.*[\\S]+$`,
    );
}

/** UserAttributes as the service takes them: a list of `{Name, Value}`; own-property map, later names win. */
export function attributeMap(list: unknown, member = 'userAttributes'): Map<string, string> {
  const out = new Map<string, string>();
  if (list === undefined || list === null) return out;
  if (!Array.isArray(list)) throw invalidParameter(`${member} must be a list of attributes`);
  for (const a of list as { Name?: unknown; Value?: unknown }[]) {
    if (typeof a?.Name !== 'string' || a.Name.length === 0)
      throw invalidParameter(
        `1 validation error detected: Value at '${member}.member.name' failed to satisfy constraint: Member must not be null`,
      );
    out.set(a.Name, typeof a.Value === 'string' ? a.Value : '');
  }
  return out;
}
