// Reading a pending sign-in back from JSON (another process, another request): only a well-formed waiting state
// of this version resumes; anything else is a StateError.

import { StateError } from '../errors.js';
import { FLOWS, isObject, isStringList, isStringMap, METADATA, STEPS } from './parse.js';
import type { SignInContext, WaitingState } from './types.js';

type Check = (value: unknown, state: Record<string, unknown>) => boolean;

const text: Check = (v) => typeof v === 'string' && v !== '';
const optional =
  (check: Check): Check =>
  (v, s) =>
    v === undefined || check(v, s);
const flag: Check = (v) => typeof v === 'boolean';
const anyText: Check = (v) => typeof v === 'string';

/**
 * The fields of SignInContext, in the order the next state carries them (contextOf), each with its check in a
 * pending state. A waiting state always holds the Session of the challenge it waits on.
 */
export const CONTEXT_FIELDS: Record<keyof SignInContext, Check> = {
  v: (v) => v === 1,
  id: text,
  flow: (v) => FLOWS.includes(v as string),
  username: text,
  rememberDevice: flag,
  metadata: (m) => isObject(m) && METADATA.every((key) => optional(isStringMap)(m[key], m)),
  retriedWithoutDevice: flag,
  deviceAuthenticated: flag,
  userId: optional(text),
  session: text,
  deviceKey: optional(text),
  deviceName: optional(anyText),
  rememberChoice: optional(flag),
  preferredChallenge: optional(anyText),
  resendSignUpCode: optional(flag),
};

/** What each step's detail holds besides its type. */
const DETAILS: Record<string, (detail: Record<string, unknown>) => boolean> = {
  NEW_PASSWORD_REQUIRED: (d) => isStringList(d.requiredAttributes) && isStringMap(d.userAttributes),
  SELECT_MFA_TYPE: (d) => isStringList(d.options),
  MFA_SETUP: (d) => isStringList(d.options),
  SELECT_CHALLENGE: (d) => isStringList(d.available),
  CUSTOM_CHALLENGE: (d) => isStringMap(d.parameters),
  WEB_AUTHN: (d) => isObject(d.credentialRequestOptions),
};

const { v: version, ...OTHER_CONTEXT_FIELDS } = CONTEXT_FIELDS;

/**
 * Checked in this order: the version first, so a state of another version is reported as such, then whether it
 * is a waiting state at all, then the context.
 */
const RULES: Record<string, Check> = {
  v: version,
  status: (v) => v === 'waiting',
  step: (v) => STEPS.includes(v as string),
  ...OTHER_CONTEXT_FIELDS,
  expiresAt: (v) => Number.isFinite(v),
  detail: (d, s) => isObject(d) && d.type === s.step && (DETAILS[d.type as string]?.(d) ?? true),
};

/** Checks the shape of a pending sign-in; returns it typed, or throws a StateError that names no value. */
export function parsePending(value: unknown): WaitingState {
  const state = (isObject(value) ? value : {}) as Record<string, unknown>;
  for (const [field, check] of Object.entries(RULES)) {
    if (!check(state[field], state)) {
      throw new StateError(`Bad pending sign-in: ${field}`);
    }
  }
  return value as WaitingState;
}
