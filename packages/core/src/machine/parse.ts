// Checks on the service's challenge answers: every malformed or hostile field becomes a ProtocolError naming the
// challenge and the field, never the value. Also the names this client knows.

import { ProtocolError } from '../errors.js';

export type Params = Record<string, string>;

export const FLOWS = ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH', 'CUSTOM_AUTH', 'CUSTOM_AUTH_SRP', 'USER_AUTH'];
export const FIRST_FACTORS = ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];
/** The metadata a caller may pass through; each goes on the wire under its capitalised name. */
export const METADATA = ['clientMetadata', 'analyticsMetadata', 'userContextData'] as const;
export const MFA_TYPES = ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'];
/** The code challenges: each is answered with `<name>_CODE`. */
export const CODE_STEPS = ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP', 'SMS_OTP'];
/** The challenges a person answers (TOTP_SETUP is ours: the TOTP part of MFA_SETUP). */
export const STEPS = [
  ...CODE_STEPS,
  'NEW_PASSWORD_REQUIRED',
  'SELECT_MFA_TYPE',
  'MFA_SETUP',
  'CUSTOM_CHALLENGE',
  'SELECT_CHALLENGE',
  'WEB_AUTHN',
  'TOTP_SETUP',
];

export function protocolFailure(challenge: string, field: string, problem = 'is missing'): ProtocolError {
  return new ProtocolError(`${challenge}: ${field} ${problem}`, { challenge, field });
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

export const isStringMap = (value: unknown): value is Record<string, string> =>
  isObject(value) && isStringList(Object.values(value));

/** A required parameter (non-empty). */
export function param(params: Params, field: string, challenge: string): string {
  const value = params[field];
  if (!value) throw protocolFailure(challenge, field);
  return value;
}

/** A parameter holding JSON; `fallback` stands in for an absent one (none: it is required). */
export function jsonParam(params: Params, field: string, challenge: string, fallback?: unknown): unknown {
  if (!params[field] && fallback !== undefined) return fallback;
  const text = param(params, field, challenge);
  try {
    return JSON.parse(text);
  } catch {
    throw protocolFailure(challenge, field, 'is not JSON');
  }
}

/** The names of `list` this client knows; unknown ones are dropped rather than offered to a person. */
export function known(list: unknown, names: string[], field: string, challenge: string): string[] {
  if (!isStringList(list)) throw protocolFailure(challenge, field, 'is not a list of strings');
  const out = list.filter((item) => names.includes(item));
  if (!out.length) throw protocolFailure(challenge, field, 'offers nothing known');
  return out;
}
