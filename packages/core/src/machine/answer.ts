// The person's answer to a waiting state, checked against the step it answers and turned into the next request.

import { CogflowError, InputError } from '../errors.js';
import { createSRPEphemeral } from '../srp/index.js';
import type { RequestMetadata } from '../types.js';
import { contextOf, failure, request } from './context.js';
import { namedDevice } from './device.js';
import { CODE_STEPS, isObject, isStringMap } from './parse.js';
import { respond } from './requests.js';
import type { DeviceSecrets, MachineEnv, RunSecrets, TransitionResult, WaitingState } from './types.js';

function nonEmpty(value: unknown, what: string): string {
  if (typeof value !== 'string' || !value) throw new InputError(`${what} is empty`);
  return value;
}

function stringMap(value: unknown, what: string): Record<string, string> {
  if (value !== undefined && !isStringMap(value)) throw new InputError(`${what} is not a map of strings`);
  return value ?? {};
}

/** Answers a waiting state. A wrong-shaped answer throws an InputError and leaves the pending state usable. */
export async function answered(
  state: WaitingState,
  answer: unknown,
  options: { device?: DeviceSecrets; metadata?: RequestMetadata },
  env: MachineEnv,
): Promise<TransitionResult> {
  const step = state.step;
  if (env.clock.now() > state.expiresAt) {
    return failure(state.id, new CogflowError('SESSION_EXPIRED', `${step} expired`));
  }
  // The answer comes from the caller: each field is checked before use (ChallengeAnswer is what it should be).
  if (!isObject(answer) || answer.type !== step)
    throw new InputError(`The step is ${step}: answer with { type: '${step}', ... }`);
  const context = contextOf(state);
  if (options.metadata) context.metadata = options.metadata;
  const secrets: RunSecrets = {};
  // Device secrets are re-read from the store for each run; only the device this sign-in named counts.
  const device = namedDevice(context, options.device);
  if (device) secrets.device = device;
  const detail = state.detail as unknown as Record<string, string[]> & {
    userAttributes: Record<string, string>;
  };
  const go = (responses: Record<string, string>, extra?: RunSecrets): Promise<TransitionResult> =>
    respond(context, { ...secrets, ...extra }, env, step, responses);
  /** The choice, if the step offered it in `list`. */
  const offered = (choice: unknown, list: string): string => {
    if (!detail[list]!.includes(choice as string)) throw new InputError(`Pick one of ${detail[list]}`);
    return choice as string;
  };

  if (CODE_STEPS.includes(step)) return go({ [`${step}_CODE`]: nonEmpty(answer.code, 'code') });
  switch (step) {
    case 'NEW_PASSWORD_REQUIRED': {
      const newPassword = nonEmpty(answer.newPassword, 'newPassword');
      const attributes = stringMap(answer.attributes, 'attributes');
      const responses: Record<string, string> = { NEW_PASSWORD: newPassword };
      for (const name of detail.requiredAttributes!) {
        if (attributes[name] === undefined && detail.userAttributes[name] === undefined) {
          throw new InputError(`The attribute ${name} is required`);
        }
      }
      for (const [name, value] of Object.entries(attributes)) responses[`userAttributes.${name}`] = value;
      return go(responses, { password: newPassword });
    }
    case 'SELECT_MFA_TYPE':
      return go({ ANSWER: offered(answer.mfa, 'options') });
    case 'MFA_SETUP': {
      const method = offered(answer.method, 'options');
      if (method === 'EMAIL_OTP') return go({ EMAIL: nonEmpty(answer.email, 'email') });
      if (method !== 'SOFTWARE_TOKEN_MFA')
        throw new InputError('MFA_SETUP: method is SOFTWARE_TOKEN_MFA or EMAIL_OTP');
      // A waiting state always holds its challenge's Session (parsePending checks it).
      return request(context, secrets, 'AssociateSoftwareToken', { Session: context.session }, false, step);
    }
    case 'TOTP_SETUP': {
      const body: Record<string, string> = {
        UserCode: nonEmpty(answer.code, 'code'),
        Session: context.session!,
      };
      if (answer.friendlyDeviceName !== undefined) {
        body.FriendlyDeviceName = nonEmpty(answer.friendlyDeviceName, 'friendlyDeviceName');
      }
      return request(context, secrets, 'VerifySoftwareToken', body, false, 'MFA_SETUP');
    }
    case 'CUSTOM_CHALLENGE': {
      const extra = stringMap(answer.extra, 'extra');
      return go({ ...extra, ANSWER: nonEmpty(answer.answer, 'answer') });
    }
    case 'SELECT_CHALLENGE': {
      const choice = offered(answer.challenge, 'available');
      if (choice !== 'PASSWORD' && choice !== 'PASSWORD_SRP') return go({ ANSWER: choice });
      const password = nonEmpty(answer.password, 'password');
      if (choice === 'PASSWORD') return go({ ANSWER: choice, PASSWORD: password }, { password });
      const srp = createSRPEphemeral(env);
      return go({ ANSWER: choice, SRP_A: srp.srpA }, { password, srp });
    }
  }
  // WEB_AUTHN
  if (!isObject(answer.credential)) throw new InputError('credential is not a PublicKeyCredential');
  let text: string;
  try {
    text = JSON.stringify(answer.credential);
  } catch {
    throw new InputError('credential is not JSON');
  }
  return go({ CREDENTIAL: text });
}
