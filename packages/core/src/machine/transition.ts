// The sign-in machine: a pure transition from (state, event) to (next state, effects), in the manner of xstate.
// It never performs an effect; the driver (client.ts) does, and feeds the outcome back as an event.

import { CogflowError, InputError, ServiceError, StateError } from '../errors.js';
import { createSRPEphemeral } from '../srp/index.js';
import type { SignInFlow } from '../types.js';
import { answered } from './answer.js';
import { challengeAnswered } from './challenge.js';
import { contextOf, sending } from './context.js';
import { deviceConfirmed, deviceFailed, deviceStatusUpdated } from './device.js';
import { parsePending } from './pending.js';
import { randomId, secretHash, withMetadata } from './requests.js';
import { softwareTokenAssociated, softwareTokenVerified } from './totp.js';
import type {
  DeviceSecrets,
  MachineEnv,
  RunSecrets,
  SendingState,
  SignInContext,
  SignInEvent,
  Snapshot,
  StartInput,
  TransitionResult,
} from './types.js';

const FLOWS: readonly SignInFlow[] = [
  'USER_SRP_AUTH',
  'USER_PASSWORD_AUTH',
  'CUSTOM_AUTH',
  'CUSTOM_AUTH_SRP',
  'USER_AUTH',
];
const FIRST_FACTORS = ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];

const STATUSES = new Set(['idle', 'sending', 'waiting', 'signed-in', 'failed']);

/** The state's status for a message: only a known name, never a value that came from outside. */
function statusName(status: unknown): string {
  return typeof status === 'string' && STATUSES.has(status) ? status : 'unknown';
}

/** The state every sign-in starts from. */
export function initialSnapshot(): Snapshot {
  return { state: { status: 'idle' }, secrets: {} };
}

/** Whether a flow (and preferred first factor) needs the password in memory. */
export function flowNeedsPassword(flow: SignInFlow, preferred?: string): boolean {
  if (flow === 'USER_SRP_AUTH' || flow === 'USER_PASSWORD_AUTH' || flow === 'CUSTOM_AUTH_SRP') return true;
  return flow === 'USER_AUTH' && (preferred === 'PASSWORD' || preferred === 'PASSWORD_SRP');
}

/**
 * Runs one step of the machine. Misuse (an event that does not fit the state, an answer of the wrong shape)
 * throws a typed CogflowError and changes nothing; everything the service says, errors included, ends in a
 * state: `failed` carries the error, together with effects that must still run (forgetting a dead device).
 */
export function transition(snapshot: Snapshot, event: SignInEvent, env: MachineEnv): TransitionResult {
  const { state, secrets } = snapshot;
  if (event === null || typeof event !== 'object') throw new StateError('An event must be an object');
  if (state === null || typeof state !== 'object') throw new StateError('A state must be an object');
  switch (event.type) {
    case 'start':
      if (state.status !== 'idle')
        throw new StateError(`A sign-in cannot start from the ${statusName(state.status)} state`);
      return start(event.input, event.device, env);
    case 'answer':
      if (state.status !== 'waiting') {
        throw new StateError(`An answer does not fit the ${statusName(state.status)} state`);
      }
      {
        // A waiting state may come from JSON written by another process: only a well-formed one resumes.
        const waitingState = parsePending(state);
        return guard(waitingState.id, () =>
          answered(waitingState, event.answer, { device: event.device, metadata: event.metadata }, env),
        );
      }
    case 'response':
      if (state.status !== 'sending') {
        throw new StateError(`A service answer does not fit the ${statusName(state.status)} state`);
      }
      if (event.operation !== state.operation) {
        throw new StateError('The service answer is for another operation than the one in flight');
      }
      return guard(state.id, () => responded(state, secrets, event.body, env));
    case 'error':
      if (state.status !== 'sending') {
        throw new StateError(`A service error does not fit the ${statusName(state.status)} state`);
      }
      if (!(event.error instanceof CogflowError))
        throw new StateError('An error event carries a CogflowError');
      return guard(state.id, () => failed(state, secrets, event.error, env));
    default:
      throw new StateError('Unknown event type');
  }
}

/** Turns a CogflowError raised while reading the service's answer into the failed state; misuse still throws. */
function guard(id: string, run: () => TransitionResult): TransitionResult {
  try {
    return run();
  } catch (error) {
    if (error instanceof CogflowError && error.code !== 'INVALID_INPUT' && error.code !== 'INVALID_STATE') {
      return { state: { status: 'failed', id, error }, secrets: {}, effects: [] };
    }
    throw error;
  }
}

function start(input: StartInput, device: DeviceSecrets | undefined, env: MachineEnv): TransitionResult {
  if (input === null || typeof input !== 'object') throw new InputError('signIn takes an input object');
  if (typeof input.username !== 'string' || input.username.trim() === '') {
    throw new InputError('username must be a non-empty string');
  }
  const flow = input.flow ?? 'USER_SRP_AUTH';
  if (!FLOWS.includes(flow)) throw new InputError('Unknown sign-in flow');
  if (input.preferredChallenge !== undefined) {
    if (flow !== 'USER_AUTH') throw new InputError('preferredChallenge belongs to the USER_AUTH flow');
    if (!FIRST_FACTORS.includes(input.preferredChallenge)) throw new InputError('Unknown preferredChallenge');
  }
  const secrets: RunSecrets = {};
  if (flowNeedsPassword(flow, input.preferredChallenge)) {
    if (typeof input.password !== 'string' || input.password === '') {
      throw new InputError(`The ${flow} flow needs a password`);
    }
    secrets.password = input.password;
  }
  if (device !== undefined) secrets.device = device;
  const context: SignInContext = {
    v: 1,
    id: randomId(env),
    flow,
    username: input.username,
    rememberDevice: input.rememberDevice ?? true,
    metadata: {},
    retriedWithoutDevice: false,
    deviceAuthenticated: false,
  };
  if (input.rememberDevice !== undefined) {
    if (typeof input.rememberDevice !== 'boolean') throw new InputError('rememberDevice must be a boolean');
    context.rememberChoice = input.rememberDevice;
  }
  if (input.deviceName !== undefined) context.deviceName = input.deviceName;
  if (input.preferredChallenge !== undefined) context.preferredChallenge = input.preferredChallenge;
  if (input.clientMetadata) context.metadata.clientMetadata = input.clientMetadata;
  if (input.analyticsMetadata) context.metadata.analyticsMetadata = input.analyticsMetadata;
  if (input.userContextData) context.metadata.userContextData = input.userContextData;
  return initiate(context, secrets, env);
}

/** InitiateAuth for the context's flow; SRP flows draw a fresh ephemeral kept in the run's memory. */
function initiate(base: SignInContext, secrets: RunSecrets, env: MachineEnv): TransitionResult {
  const context: SignInContext = { ...base };
  delete context.session;
  delete context.userId;
  delete context.deviceKey;
  const next: RunSecrets = { ...secrets };
  delete next.srp;
  const params: Record<string, string> = { USERNAME: context.username, ...secretHash(env, context.username) };
  if (secrets.device && !context.retriedWithoutDevice) {
    params.DEVICE_KEY = secrets.device.deviceKey;
    context.deviceKey = secrets.device.deviceKey;
  }
  const password = secrets.password;
  let authFlow: 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH' | 'CUSTOM_AUTH' | 'USER_AUTH';
  const srp = (): void => {
    next.srp = createSRPEphemeral({ random: env.random, modPow: env.modPow });
    params.SRP_A = next.srp.srpA;
  };
  switch (context.flow) {
    case 'USER_SRP_AUTH':
      authFlow = 'USER_SRP_AUTH';
      srp();
      break;
    case 'USER_PASSWORD_AUTH':
      authFlow = 'USER_PASSWORD_AUTH';
      params.PASSWORD = password as string;
      break;
    case 'CUSTOM_AUTH':
      authFlow = 'CUSTOM_AUTH';
      break;
    case 'CUSTOM_AUTH_SRP':
      authFlow = 'CUSTOM_AUTH';
      params.CHALLENGE_NAME = 'SRP_A';
      srp();
      break;
    default:
      authFlow = 'USER_AUTH';
      if (context.preferredChallenge) params.PREFERRED_CHALLENGE = context.preferredChallenge;
      if (context.preferredChallenge === 'PASSWORD') params.PASSWORD = password as string;
      if (context.preferredChallenge === 'PASSWORD_SRP') srp();
  }
  // An SRP or custom start consumes nothing on the service, so a transport may retry it. USER_AUTH and custom
  // flows may send a code or run a trigger, and a password start counts a failed attempt: those are not retried.
  const retryable = authFlow === 'USER_SRP_AUTH' || context.flow === 'CUSTOM_AUTH_SRP';
  return {
    state: sending(context, 'InitiateAuth', 'InitiateAuth'),
    secrets: next,
    effects: [
      {
        type: 'send',
        operation: 'InitiateAuth',
        body: withMetadata(
          { AuthFlow: authFlow, ClientId: env.clientId, AuthParameters: params },
          context.metadata,
        ),
        retryable,
      },
    ],
  };
}

function responded(
  state: SendingState,
  secrets: RunSecrets,
  body: unknown,
  env: MachineEnv,
): TransitionResult {
  switch (state.operation) {
    case 'InitiateAuth':
    case 'RespondToAuthChallenge':
      return challengeAnswered(state, secrets, body, env);
    case 'AssociateSoftwareToken':
      return softwareTokenAssociated(state, body, env);
    case 'VerifySoftwareToken':
      return softwareTokenVerified(state, secrets, body, env);
    case 'ConfirmDevice':
      if (body === null || typeof body !== 'object') return deviceConfirmed(state, secrets, {});
      return deviceConfirmed(state, secrets, body);
    default:
      return deviceStatusUpdated(state, secrets);
  }
}

/** "Device does not exist" and the like: the service forgot the device, so the local secrets are useless. */
function deviceIsGone(error: CogflowError): boolean {
  return (
    error instanceof ServiceError && error.code === 'RESOURCE_NOT_FOUND' && /device/i.test(error.message)
  );
}

function failed(
  state: SendingState,
  secrets: RunSecrets,
  error: CogflowError,
  env: MachineEnv,
): TransitionResult {
  if (state.operation === 'ConfirmDevice' || state.operation === 'UpdateDeviceStatus') {
    return deviceFailed(state, secrets, error);
  }
  const context = contextOf(state);
  if (context.deviceKey && deviceIsGone(error)) {
    const username = context.userId ?? context.username;
    const aliases = context.userId && context.userId !== context.username ? [context.username] : [];
    const effects: TransitionResult['effects'] = [
      { type: 'delete-device', username, aliases },
      { type: 'emit', event: { type: 'device-forgotten', username } },
    ];
    const canRetry =
      !context.retriedWithoutDevice &&
      (!flowNeedsPassword(context.flow, context.preferredChallenge) || secrets.password !== undefined);
    if (canRetry) {
      const { device: _gone, ...rest } = secrets;
      const retried = initiate(
        { ...context, retriedWithoutDevice: true, deviceAuthenticated: false },
        rest,
        env,
      );
      return { ...retried, effects: [...effects, ...retried.effects] };
    }
    return { state: { status: 'failed', id: context.id, error }, secrets: {}, effects };
  }
  return { state: { status: 'failed', id: context.id, error }, secrets: {}, effects: [] };
}
