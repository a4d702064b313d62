// Readers of the account answers: every field this client uses is checked, and a malformed or hostile answer is a
// ProtocolError naming the operation and the field, never a value.

import type { ProtocolError } from '../errors.js';
import { isObject, isStringList, protocolFailure } from '../machine/parse.js';
import type {
  AuthFactors,
  CodeDeliveryDetails,
  Device,
  MFAMethod,
  MFAPreference,
  WebAuthnCredential,
} from './types.js';

export const malformed = (operation: string, field: string, problem = 'is malformed'): ProtocolError =>
  protocolFailure(operation, field, problem);

/** The answer itself: an object, or a ProtocolError. */
export function answerOf(operation: string, body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw malformed(operation, 'answer', 'is not an object');
  return body;
}

/** An optional string field; present, it must be a string (and non-empty when `nonEmpty`). */
export function optionalText(
  body: Record<string, unknown>,
  field: string,
  operation: string,
  nonEmpty = false,
): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || (nonEmpty && value === '')) throw malformed(operation, field);
  return value;
}

export function requiredText(body: Record<string, unknown>, field: string, operation: string): string {
  const value = optionalText(body, field, operation, true);
  if (value === undefined) throw malformed(operation, field, 'is missing');
  return value;
}

/** CodeDeliveryDetails, when the answer has them. */
export function codeDeliveryOf(value: unknown, operation: string): CodeDeliveryDetails | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw malformed(operation, 'CodeDeliveryDetails', 'is not an object');
  const details: CodeDeliveryDetails = {};
  const medium = optionalText(value, 'DeliveryMedium', operation);
  const destination = optionalText(value, 'Destination', operation);
  const attributeName = optionalText(value, 'AttributeName', operation);
  if (medium) details.medium = medium;
  if (destination) details.destination = destination;
  if (attributeName) details.attributeName = attributeName;
  return details;
}

/** A result with `codeDeliveryDetails` added when the answer had them (results carry no `undefined` fields). */
export function withDelivery<T extends object>(
  result: T,
  details: CodeDeliveryDetails | undefined,
): T & { codeDeliveryDetails?: CodeDeliveryDetails } {
  return details ? { ...result, codeDeliveryDetails: details } : result;
}

/** `[{ Name, Value }]` as a map; a null Value (no value yet) is left out. */
export function attributeMapOf(value: unknown, field: string, operation: string): Record<string, string> {
  if (!Array.isArray(value)) throw malformed(operation, field, 'is not a list');
  const map: Record<string, string> = {};
  for (const item of value) {
    if (!isObject(item) || typeof item.Name !== 'string' || !item.Name) throw malformed(operation, field);
    if (item.Value === undefined || item.Value === null) continue;
    if (typeof item.Value !== 'string') throw malformed(operation, field);
    map[item.Name] = item.Value;
  }
  return map;
}

const METHODS: Record<string, MFAMethod> = { SMS_MFA: 'SMS', SOFTWARE_TOKEN_MFA: 'TOTP', EMAIL_OTP: 'EMAIL' };

/** The MFA lists of GetUser or GetUserAuthFactors (UserMFASettingList, PreferredMfaSetting). */
export function mfaPreferenceOf(body: Record<string, unknown>, operation: string): MFAPreference {
  const list = body.UserMFASettingList ?? [];
  if (!isStringList(list)) throw malformed(operation, 'UserMFASettingList', 'is not a list of strings');
  // Factors this client does not know (a later addition to the service) are left out rather than guessed.
  const enabled = list.flatMap((name) => (Object.hasOwn(METHODS, name) ? [METHODS[name]!] : []));
  const preferredName = optionalText(body, 'PreferredMfaSetting', operation);
  const preference: MFAPreference = { enabled };
  if (preferredName && Object.hasOwn(METHODS, preferredName)) preference.preferred = METHODS[preferredName]!;
  return preference;
}

export function authFactorsOf(raw: unknown): AuthFactors {
  const operation = 'GetUserAuthFactors';
  const body = answerOf(operation, raw);
  const configured = body.ConfiguredUserAuthFactors ?? [];
  if (!isStringList(configured))
    throw malformed(operation, 'ConfiguredUserAuthFactors', 'is not a list of strings');
  return { ...mfaPreferenceOf(body, operation), configured };
}

/** An epoch-seconds date of the JSON 1.1 protocol. */
function dateOf(value: unknown, field: string, operation: string): Date | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw malformed(operation, field);
  return new Date(value * 1000);
}

/** Sets `out[key]` only when `value` is defined (results carry no `undefined` fields). */
function set<T extends object, K extends keyof T>(out: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) out[key] = value;
}

export function deviceOf(raw: unknown, operation: string): Device {
  if (!isObject(raw)) throw malformed(operation, 'Device', 'is not an object');
  const id = requiredText(raw, 'DeviceKey', operation);
  const attributes = attributeMapOf(raw.DeviceAttributes ?? [], 'DeviceAttributes', operation);
  const device: Device = { id, attributes };
  set(device, 'name', attributes.device_name);
  // The service keeps the remembered status in `dev:device_remembered_status` (`device_status` says `valid`).
  const status = attributes['dev:device_remembered_status'];
  if (status === 'remembered' || status === 'not_remembered') device.remembered = status === 'remembered';
  set(device, 'createDate', dateOf(raw.DeviceCreateDate, 'DeviceCreateDate', operation));
  set(device, 'lastModifiedDate', dateOf(raw.DeviceLastModifiedDate, 'DeviceLastModifiedDate', operation));
  set(
    device,
    'lastAuthenticatedDate',
    dateOf(raw.DeviceLastAuthenticatedDate, 'DeviceLastAuthenticatedDate', operation),
  );
  return device;
}

/** A list field of an answer, `[]` when absent. */
export function listOf(body: Record<string, unknown>, field: string, operation: string): unknown[] {
  const list = body[field] ?? [];
  if (!Array.isArray(list)) throw malformed(operation, field, 'is not a list');
  return list;
}

/** One page of a listing: its items (each read by `item`) and the token of the next page, if any. */
export function pageOf<T>(
  raw: unknown,
  operation: string,
  listField: string,
  tokenField: string,
  item: (value: unknown) => T,
): { items: T[]; next?: string } {
  const body = answerOf(operation, raw);
  const items = listOf(body, listField, operation).map(item);
  const next = optionalText(body, tokenField, operation);
  return next ? { items, next } : { items };
}

export function credentialOf(raw: unknown): WebAuthnCredential {
  const operation = 'ListWebAuthnCredentials';
  if (!isObject(raw)) throw malformed(operation, 'Credentials');
  const transports = raw.AuthenticatorTransports ?? [];
  if (!isStringList(transports)) throw malformed(operation, 'AuthenticatorTransports');
  const credential: WebAuthnCredential = {
    credentialId: requiredText(raw, 'CredentialId', operation),
    authenticatorTransports: transports,
  };
  set(credential, 'friendlyCredentialName', optionalText(raw, 'FriendlyCredentialName', operation));
  set(credential, 'relyingPartyId', optionalText(raw, 'RelyingPartyId', operation));
  set(credential, 'authenticatorAttachment', optionalText(raw, 'AuthenticatorAttachment', operation));
  set(credential, 'createdAt', dateOf(raw.CreatedAt, 'CreatedAt', operation));
  return credential;
}

/** A Session in an answer (SignUp, ConfirmSignUp), when there is one. */
export function sessionOf(body: Record<string, unknown>, operation: string): string | undefined {
  return optionalText(body, 'Session', operation, true);
}

export function signUpOf(raw: unknown): {
  confirmed: boolean;
  userSub: string;
  details?: CodeDeliveryDetails;
  session?: string;
} {
  const operation = 'SignUp';
  const body = answerOf(operation, raw);
  if (typeof body.UserConfirmed !== 'boolean') throw malformed(operation, 'UserConfirmed');
  const out: ReturnType<typeof signUpOf> = {
    confirmed: body.UserConfirmed,
    userSub: requiredText(body, 'UserSub', operation),
  };
  set(out, 'details', codeDeliveryOf(body.CodeDeliveryDetails, operation));
  set(out, 'session', sessionOf(body, operation));
  return out;
}
