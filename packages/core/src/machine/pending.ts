// Reading a pending sign-in back from JSON (another process, another request): only a well-formed waiting state
// of this version resumes; anything else is a StateError.

import { StateError } from '../errors.js';
import type { WaitingState } from './types.js';

const STEPS = new Set([
  'NEW_PASSWORD_REQUIRED',
  'SMS_MFA',
  'SOFTWARE_TOKEN_MFA',
  'EMAIL_OTP',
  'SMS_OTP',
  'SELECT_MFA_TYPE',
  'MFA_SETUP',
  'TOTP_SETUP',
  'CUSTOM_CHALLENGE',
  'SELECT_CHALLENGE',
  'WEB_AUTHN',
]);
const FLOWS = new Set(['USER_SRP_AUTH', 'USER_PASSWORD_AUTH', 'CUSTOM_AUTH', 'CUSTOM_AUTH_SRP', 'USER_AUTH']);

function optionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

function isRecord(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isStringMap(value: unknown): boolean {
  return isRecord(value) && Object.values(value as object).every((item) => typeof item === 'string');
}

/** Checks the shape of a pending sign-in; returns it typed, or throws a StateError that names no value. */
export function parsePending(value: unknown): WaitingState {
  const bad = (what: string): StateError =>
    new StateError(`Not a pending sign-in this version can resume: ${what}`);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw bad('not an object');
  const s = value as Record<string, unknown>;
  if (s.v !== 1) throw bad('version');
  if (s.status !== 'waiting') throw bad('status');
  if (typeof s.id !== 'string' || s.id === '') throw bad('id');
  if (typeof s.step !== 'string' || !STEPS.has(s.step)) throw bad('step');
  if (typeof s.flow !== 'string' || !FLOWS.has(s.flow)) throw bad('flow');
  if (typeof s.username !== 'string' || s.username === '') throw bad('username');
  if (s.userId === '' || s.deviceKey === '') throw bad('user or device');
  if (!optionalString(s.userId) || !optionalString(s.deviceKey) || !optionalString(s.deviceName)) {
    throw bad('user or device');
  }
  if (!optionalString(s.preferredChallenge)) throw bad('preferredChallenge');
  if (typeof s.session !== 'string' || s.session === '') throw bad('session');
  if (typeof s.rememberDevice !== 'boolean') throw bad('rememberDevice');
  if (s.rememberChoice !== undefined && typeof s.rememberChoice !== 'boolean') throw bad('rememberChoice');
  if (typeof s.retriedWithoutDevice !== 'boolean' || typeof s.deviceAuthenticated !== 'boolean')
    throw bad('flags');
  if (typeof s.expiresAt !== 'number' || !Number.isFinite(s.expiresAt)) throw bad('expiresAt');
  if (!isRecord(s.metadata)) throw bad('metadata');
  const metadata = s.metadata as Record<string, unknown>;
  for (const field of ['clientMetadata', 'analyticsMetadata', 'userContextData']) {
    if (metadata[field] !== undefined && !isStringMap(metadata[field])) throw bad('metadata');
  }
  const detail = s.detail as Record<string, unknown> | null;
  if (detail === null || typeof detail !== 'object' || detail.type !== s.step) throw bad('detail');
  const list = (field: string): boolean =>
    Array.isArray(detail[field]) && (detail[field] as unknown[]).every((item) => typeof item === 'string');
  const map = (field: string): boolean =>
    detail[field] !== null &&
    typeof detail[field] === 'object' &&
    !Array.isArray(detail[field]) &&
    Object.values(detail[field] as object).every((item) => typeof item === 'string');
  switch (s.step) {
    case 'NEW_PASSWORD_REQUIRED':
      if (!list('requiredAttributes') || !map('userAttributes')) throw bad('detail');
      break;
    case 'SELECT_MFA_TYPE':
    case 'MFA_SETUP':
      if (!list('options')) throw bad('detail');
      break;
    case 'SELECT_CHALLENGE':
      if (!list('available')) throw bad('detail');
      break;
    case 'CUSTOM_CHALLENGE':
      if (!map('parameters')) throw bad('detail');
      break;
    case 'WEB_AUTHN':
      if (
        detail.credentialRequestOptions === null ||
        typeof detail.credentialRequestOptions !== 'object' ||
        Array.isArray(detail.credentialRequestOptions)
      ) {
        throw bad('detail');
      }
      break;
  }
  return value as unknown as WaitingState;
}
