// The person's answer to a waiting state, checked against the step it answers and turned into the next request.

import { CogflowError, InputError } from '../errors.js';
import { createSRPEphemeral } from '../srp/index.js';
import type { ChallengeAnswer, RequestMetadata } from '../types.js';
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
  answer: ChallengeAnswer,
  options: { device?: DeviceSecrets; metadata?: RequestMetadata },
  env: MachineEnv,
): Promise<TransitionResult> {
  const step = state.step;
  if (env.clock.now() > state.expiresAt) {
    return failure(state.id, new CogflowError('SESSION_EXPIRED', `${step} expired`));
  }
  if (!isObject(answer) || answer.type !== step) throw new InputError(`Answer ${step}`);
  const context = contextOf(state);
  if (options.metadata) context.metadata = options.metadata;
  const secrets: RunSecrets = {};
  // Device secrets are re-read from the store for each run; only the device this sign-in named counts.
  const device = namedDevice(context, options.device);
  if (device) secrets.device = device;
  const detail = state.detail as unknown as Record<string, string[]> & {
    userAttributes: Record<string, string>;
  };
  const a = answer as unknown as Record<string, string | undefined>;
  const go = (responses: Record<string, string>, extra?: RunSecrets): Promise<TransitionResult> =>
    respond(context, { ...secrets, ...extra }, env, step, responses);
  const offered = (choice: string | undefined, list: string): void => {
    if (!detail[list]!.includes(choice!)) throw new InputError(`Not in ${list}`);
  };

  if (CODE_STEPS.includes(step)) return go({ [`${step}_CODE`]: nonEmpty(a.code, 'code') });
  switch (step) {
    case 'NEW_PASSWORD_REQUIRED': {
      const newPassword = nonEmpty(a.newPassword, 'newPassword');
      const attributes = stringMap(a.attributes, 'attributes');
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
      offered(a.mfa, 'options');
      return go({ ANSWER: a.mfa! });
    case 'MFA_SETUP':
      offered(a.method, 'options');
      if (a.method === 'EMAIL_OTP') return go({ EMAIL: nonEmpty(a.email, 'email') });
      if (a.method !== 'SOFTWARE_TOKEN_MFA') throw new InputError('Bad method');
      // A waiting state always holds its challenge's Session (parsePending checks it).
      return request(context, secrets, 'AssociateSoftwareToken', { Session: context.session }, false, step);
    case 'TOTP_SETUP': {
      const body: Record<string, string> = { UserCode: nonEmpty(a.code, 'code'), Session: context.session! };
      if (a.friendlyDeviceName !== undefined) {
        body.FriendlyDeviceName = nonEmpty(a.friendlyDeviceName, 'friendlyDeviceName');
      }
      return request(context, secrets, 'VerifySoftwareToken', body, false, 'MFA_SETUP');
    }
    case 'CUSTOM_CHALLENGE': {
      const extra = stringMap(a.extra, 'extra');
      return go({ ...extra, ANSWER: nonEmpty(a.answer, 'answer') });
    }
    case 'SELECT_CHALLENGE': {
      const choice = a.challenge!;
      offered(choice, 'available');
      if (choice !== 'PASSWORD' && choice !== 'PASSWORD_SRP') return go({ ANSWER: choice });
      const password = nonEmpty(a.password, 'password');
      if (choice === 'PASSWORD') return go({ ANSWER: choice, PASSWORD: password }, { password });
      const srp = createSRPEphemeral(env);
      return go({ ANSWER: choice, SRP_A: srp.srpA }, { password, srp });
    }
  }
  // WEB_AUTHN
  if (!isObject(a.credential)) throw new InputError('credential is not an object');
  let text: string;
  try {
    text = JSON.stringify(a.credential);
  } catch {
    throw new InputError('credential is not JSON');
  }
  return go({ CREDENTIAL: text });
}
