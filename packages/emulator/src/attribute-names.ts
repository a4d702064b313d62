// User attribute names a request may use (the user-pool schema's standard attributes, custom: and dev:custom:) and
// own-property reads of a user's attributes, so a name like `constructor` never reads what every object inherits.
import { invalidParameter } from './cognito-exception.js';

/** The standard attributes of every user pool (Amazon Cognito Developer Guide, "Standard attributes"). */
export const STANDARD_ATTRIBUTES: ReadonlySet<string> = new Set([
  'address',
  'birthdate',
  'email',
  'email_verified',
  'family_name',
  'gender',
  'given_name',
  'identities',
  'locale',
  'middle_name',
  'name',
  'nickname',
  'phone_number',
  'phone_number_verified',
  'picture',
  'preferred_username',
  'profile',
  'sub',
  'updated_at',
  'website',
  'zoneinfo',
]);

/** The attributes ListUsers may filter on (API reference, ListUsers `Filter`); custom attributes are not searchable. */
export const SEARCHABLE_ATTRIBUTES: ReadonlySet<string> = new Set([
  'username',
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'cognito:user_status',
  'status',
  'sub',
]);

// AttributeType.Name: 1 to 32 characters of letters, marks, symbols, numbers and punctuation (API reference).
const CUSTOM = /^(?:dev:)?custom:[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;

/** A name a request may set or delete: a standard attribute or a custom one; else InvalidParameterException. */
export function checkAttributeName(name: unknown): string {
  if (typeof name === 'string' && name.length <= 32 && (STANDARD_ATTRIBUTES.has(name) || CUSTOM.test(name)))
    return name;
  throw untypedAttribute(String(name));
}

/** The service's answer to an attribute name it has no type for (not standard, or custom but not in the schema). */
export const untypedAttribute = (name: string): ReturnType<typeof invalidParameter> =>
  invalidParameter(
    `Attributes did not conform to the schema: Type for attribute {${name.slice(0, 64)}} could not be determined`,
  );

/** The user's own value for `name`, never one inherited from Object.prototype. */
export function attributeValue(attributes: Record<string, string>, name: string): string | undefined {
  return Object.hasOwn(attributes, name) ? attributes[name] : undefined;
}
