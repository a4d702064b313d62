// Builders of the account requests: inputs checked (a typed InputError that names the field, never its value),
// SECRET_HASH over the request's Username for confidential clients, metadata passed through.

import { InputError, mustBe, NON_EMPTY } from '../errors.js';
import { pickMetadata, secretHash, withMetadata } from '../machine/requests.js';
import type { MachineEnv } from '../machine/types.js';
import type { AttributeType } from '../protocol/operations.js';
import type { RequestMetadata } from '../types.js';
import type { MFAPreferenceValue, UpdateMFAPreferenceInput } from './types.js';

const STRING_MAP = "an object of string values, e.g. { email: 'a@example.com' }";

/** A required, non-empty string field of an input. */
export function required(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw mustBe(field, NON_EMPTY);
  return value;
}

/** An attribute map as the wire's list of `{ Name, Value }`; names and values must be strings. */
export function attributeList(map: unknown, field: string, allowEmpty = false): AttributeType[] {
  if (map === undefined && allowEmpty) return [];
  if (map === null || typeof map !== 'object' || Array.isArray(map)) throw mustBe(field, STRING_MAP);
  const list = Object.entries(map).map(([Name, Value]) => {
    if (typeof Value !== 'string') throw mustBe(`${field}.${Name.slice(0, 64)}`, 'a string');
    return { Name, Value };
  });
  if (!list.length && !allowEmpty) throw mustBe(field, 'a non-empty object of string values');
  return list;
}

/**
 * The fields of every unsigned account request (SignUp, ConfirmSignUp, ResendConfirmationCode, ForgotPassword,
 * ConfirmForgotPassword): ClientId, Username, SecretHash, ClientMetadata / AnalyticsMetadata / UserContextData.
 */
export async function publicRequest<T extends object>(
  env: Pick<MachineEnv, 'clientId' | 'clientSecret' | 'hash'>,
  username: unknown,
  input: RequestMetadata | undefined,
  fields: T,
): Promise<T & { ClientId: string; Username: string; SecretHash?: string }> {
  const Username = required(username, 'username');
  const hash = await secretHash(env, Username);
  const body = { ClientId: env.clientId, Username, ...fields } as T & {
    ClientId: string;
    Username: string;
    SecretHash?: string;
  };
  if (hash.SECRET_HASH) body.SecretHash = hash.SECRET_HASH;
  return withMetadata(body, pickMetadata(input));
}

const SETTINGS = [
  ['sms', 'SMSMfaSettings'],
  ['totp', 'SoftwareTokenMfaSettings'],
  ['email', 'EmailMfaSettings'],
] as const;

const PREFERENCES: Record<MFAPreferenceValue, { Enabled: boolean; PreferredMfa?: boolean }> = {
  ENABLED: { Enabled: true },
  DISABLED: { Enabled: false, PreferredMfa: false },
  PREFERRED: { Enabled: true, PreferredMfa: true },
  NOT_PREFERRED: { Enabled: true, PreferredMfa: false },
};

/** SetUserMFAPreference's settings from Amplify-style values; a factor left out is left as it is. */
export function mfaPreferenceBody(input: UpdateMFAPreferenceInput): Record<string, unknown> {
  inputOf(input, 'updateMFAPreference');
  const body: Record<string, unknown> = {};
  for (const [key, name] of SETTINGS) {
    const value = input[key];
    if (value === undefined) continue;
    if (!Object.hasOwn(PREFERENCES, value))
      throw mustBe(key, `one of ${Object.keys(PREFERENCES).join(', ')}`);
    body[name] = PREFERENCES[value];
  }
  if (input.webAuthn !== undefined) {
    if (input.webAuthn !== 'ENABLED' && input.webAuthn !== 'DISABLED')
      throw mustBe('webAuthn', 'ENABLED or DISABLED');
    body.WebAuthnMfaSettings = { Enabled: input.webAuthn === 'ENABLED' };
  }
  if (!Object.keys(body).length)
    throw new InputError('updateMFAPreference changes nothing: pass sms, totp, email or webAuthn');
  return body;
}

/** The input object of an operation, or a typed InputError. */
export function inputOf<T>(input: T, what: string): NonNullable<T> {
  if (input === null || typeof input !== 'object') throw new InputError(`${what} needs an input object`);
  return input as NonNullable<T>;
}
