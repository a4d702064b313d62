// The person's answer to a waiting state, checked against the step it answers and turned into the next request.

import { CogflowError, InputError } from '../errors.js';
import { createSRPEphemeral } from '../srp/index.js';
import type { ChallengeAnswer, RequestMetadata } from '../types.js';
import { contextOf, sending } from './context.js';
import { respondEffect } from './requests.js';
import type {
  DeviceSecrets,
  MachineEnv,
  RunSecrets,
  SignInContext,
  TransitionResult,
  WaitingState,
} from './types.js';

const CODE_FIELDS = {
  SMS_MFA: 'SMS_MFA_CODE',
  SOFTWARE_TOKEN_MFA: 'SOFTWARE_TOKEN_MFA_CODE',
  EMAIL_OTP: 'EMAIL_OTP_CODE',
  SMS_OTP: 'SMS_OTP_CODE',
} as const;

function nonEmpty(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new InputError(`${what} must be a non-empty string`);
  return value;
}

function stringMap(value: unknown, what: string): Record<string, string> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(`${what} must be an object of strings`);
  }
  for (const item of Object.values(value)) {
    if (typeof item !== 'string') throw new InputError(`${what} must be an object of strings`);
  }
  return value as Record<string, string>;
}

/** Answers a waiting state. A wrong-shaped answer throws an InputError and leaves the pending state usable. */
export function answered(
  state: WaitingState,
  answer: ChallengeAnswer,
  options: { device?: DeviceSecrets; metadata?: RequestMetadata },
  env: MachineEnv,
): TransitionResult {
  if (env.clock.now() > state.expiresAt) {
    return {
      state: {
        status: 'failed',
        id: state.id,
        error: new CogflowError('SESSION_EXPIRED', `The ${state.step} step has expired: sign in again`),
      },
      secrets: {},
      effects: [],
    };
  }
  if (answer === null || typeof answer !== 'object') throw new InputError('The answer must be an object');
  if (answer.type !== state.step) {
    throw new InputError(`The sign-in waits on ${state.step}; the answer is for another step`);
  }
  const context: SignInContext = contextOf(state);
  if (options.metadata) context.metadata = options.metadata;
  const secrets: RunSecrets = {};
  // Device secrets are re-read from the store for each run; only the device this sign-in named counts.
  if (options.device && options.device.deviceKey === context.deviceKey) secrets.device = options.device;
  const detail = state.detail;

  switch (answer.type) {
    case 'NEW_PASSWORD_REQUIRED': {
      if (detail.type !== 'NEW_PASSWORD_REQUIRED') break;
      const newPassword = nonEmpty(answer.newPassword, 'newPassword');
      const attributes = stringMap(answer.attributes, 'attributes');
      for (const name of detail.requiredAttributes) {
        if (attributes[name] === undefined && detail.userAttributes[name] === undefined) {
          throw new InputError(`The attribute ${name} is required`);
        }
      }
      const responses: Record<string, string> = { NEW_PASSWORD: newPassword };
      for (const [name, value] of Object.entries(attributes)) responses[`userAttributes.${name}`] = value;
      return respond(context, { ...secrets, password: newPassword }, env, 'NEW_PASSWORD_REQUIRED', responses);
    }
    case 'SMS_MFA':
    case 'SOFTWARE_TOKEN_MFA':
    case 'EMAIL_OTP':
    case 'SMS_OTP': {
      const code = nonEmpty(answer.code, 'code');
      return respond(context, secrets, env, answer.type, { [CODE_FIELDS[answer.type]]: code });
    }
    case 'SELECT_MFA_TYPE': {
      if (detail.type !== 'SELECT_MFA_TYPE') break;
      if (!detail.options.includes(answer.mfa))
        throw new InputError('That MFA type is not among the options');
      return respond(context, secrets, env, 'SELECT_MFA_TYPE', { ANSWER: answer.mfa });
    }
    case 'MFA_SETUP': {
      if (detail.type !== 'MFA_SETUP') break;
      if (!detail.options.includes(answer.method))
        throw new InputError('That MFA method is not offered for set-up');
      if (answer.method === 'SOFTWARE_TOKEN_MFA') {
        const body = context.session ? { Session: context.session } : {};
        return {
          state: sending(context, 'AssociateSoftwareToken', 'MFA_SETUP'),
          secrets,
          effects: [{ type: 'send', operation: 'AssociateSoftwareToken', body, retryable: false }],
        };
      }
      if (answer.method === 'EMAIL_OTP') {
        const email = nonEmpty(answer.email, 'email');
        return respond(context, secrets, env, 'MFA_SETUP', { EMAIL: email });
      }
      throw new InputError('That MFA method cannot be set up here');
    }
    case 'TOTP_SETUP': {
      const code = nonEmpty(answer.code, 'code');
      const body: { Session?: string; UserCode: string; FriendlyDeviceName?: string } = { UserCode: code };
      if (context.session) body.Session = context.session;
      if (answer.friendlyDeviceName !== undefined) {
        body.FriendlyDeviceName = nonEmpty(answer.friendlyDeviceName, 'friendlyDeviceName');
      }
      return {
        state: sending(context, 'VerifySoftwareToken', 'MFA_SETUP'),
        secrets,
        effects: [{ type: 'send', operation: 'VerifySoftwareToken', body, retryable: false }],
      };
    }
    case 'CUSTOM_CHALLENGE': {
      const extra = stringMap(answer.extra, 'extra');
      const value = nonEmpty(answer.answer, 'answer');
      return respond(context, secrets, env, 'CUSTOM_CHALLENGE', { ...extra, ANSWER: value });
    }
    case 'SELECT_CHALLENGE': {
      if (detail.type !== 'SELECT_CHALLENGE') break;
      if (!detail.available.includes(answer.challenge)) {
        throw new InputError('That challenge is not among the available ones');
      }
      if (answer.challenge === 'PASSWORD' || answer.challenge === 'PASSWORD_SRP') {
        const password = nonEmpty(answer.password, 'password');
        if (answer.challenge === 'PASSWORD') {
          return respond(context, { ...secrets, password }, env, 'SELECT_CHALLENGE', {
            ANSWER: 'PASSWORD',
            PASSWORD: password,
          });
        }
        const srp = createSRPEphemeral({ random: env.random, modPow: env.modPow });
        return respond(context, { ...secrets, password, srp }, env, 'SELECT_CHALLENGE', {
          ANSWER: 'PASSWORD_SRP',
          SRP_A: srp.srpA,
        });
      }
      return respond(context, secrets, env, 'SELECT_CHALLENGE', { ANSWER: answer.challenge });
    }
    case 'WEB_AUTHN': {
      const credential = answer.credential;
      if (credential === null || typeof credential !== 'object' || Array.isArray(credential)) {
        throw new InputError('credential must be the assertion as a JSON object');
      }
      let text: string;
      try {
        text = JSON.stringify(credential);
      } catch {
        throw new InputError('credential must be serializable to JSON');
      }
      return respond(context, secrets, env, 'WEB_AUTHN', { CREDENTIAL: text });
    }
    default:
      throw new InputError('Unknown answer type');
  }
  throw new InputError(`The pending ${state.step} step is malformed`);
}

function respond(
  context: SignInContext,
  secrets: RunSecrets,
  env: MachineEnv,
  challenge: string,
  responses: Record<string, string>,
): TransitionResult {
  return {
    state: sending(context, 'RespondToAuthChallenge', challenge),
    secrets,
    effects: [respondEffect(context, env, challenge, responses)],
  };
}
