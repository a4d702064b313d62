// Checks on the service's challenge answers: every malformed or hostile field becomes a ProtocolError naming the
// challenge and the field, never the value.

import { ProtocolError } from '../errors.js';
import type { FirstFactor, MFAType } from '../types.js';

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const MFA_TYPES: readonly string[] = ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'];
const FIRST_FACTORS: readonly string[] = ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];

export type Params = Record<string, string>;

function fail(challenge: string, field: string, problem: string): ProtocolError {
  return new ProtocolError(`${challenge}: ${field} ${problem}`, { challenge, field });
}

/** The body of a challenge-bearing answer must be an object; its ChallengeParameters a map of strings. */
export function challengeParameters(raw: unknown, challenge: string): Params {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw fail(challenge, 'ChallengeParameters', 'is not an object');
  const out: Params = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') throw fail(challenge, `ChallengeParameters.${key}`, 'is not a string');
    out[key] = value;
  }
  return out;
}

export function requireString(params: Params, field: string, challenge: string): string {
  const value = params[field];
  if (value === undefined || value === '') throw fail(challenge, field, 'is missing');
  return value;
}

export function requireHex(params: Params, field: string, challenge: string): string {
  const value = requireString(params, field, challenge);
  if (!HEX.test(value)) throw fail(challenge, field, 'is not hex');
  return value;
}

export function requireBase64(params: Params, field: string, challenge: string): string {
  const value = requireString(params, field, challenge);
  if (!BASE64.test(value)) throw fail(challenge, field, 'is not base64');
  return value;
}

/** The group modulus is passed in so this module stays free of the SRP code. */
export function requireServerPublic(params: Params, challenge: string, modulus: bigint): string {
  const value = requireHex(params, 'SRP_B', challenge);
  if (BigInt(`0x${value}`) % modulus === 0n) throw fail(challenge, 'SRP_B', 'is 0 mod N');
  return value;
}

export function parseJSON(text: string, field: string, challenge: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw fail(challenge, field, 'is not JSON');
  }
}

export function requireStringArray(value: unknown, field: string, challenge: string): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw fail(challenge, field, 'is not a list of strings');
  }
  return value as string[];
}

export function requireStringMap(value: unknown, field: string, challenge: string): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw fail(challenge, field, 'is not an object');
  }
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    // The service sends null for attributes that have no value yet; an absent value reads as empty.
    if (item === null) continue;
    if (typeof item !== 'string') throw fail(challenge, field, 'holds a value that is not a string');
    out[key] = item;
  }
  return out;
}

export function requireObject(value: unknown, field: string, challenge: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw fail(challenge, field, 'is not an object');
  }
  return value as Record<string, unknown>;
}

/** MFA names the client knows; unknown ones are dropped rather than offered to a person who cannot use them. */
export function mfaTypes(list: string[], field: string, challenge: string): MFAType[] {
  const known = list.filter((item) => MFA_TYPES.includes(item)) as MFAType[];
  if (known.length === 0) throw fail(challenge, field, 'offers no method this client knows');
  return known;
}

export function firstFactors(list: string[], field: string, challenge: string): FirstFactor[] {
  const known = list.filter((item) => FIRST_FACTORS.includes(item)) as FirstFactor[];
  if (known.length === 0) throw fail(challenge, field, 'offers no challenge this client knows');
  return known;
}

export function protocolFailure(challenge: string, field: string, problem: string): ProtocolError {
  return fail(challenge, field, problem);
}
