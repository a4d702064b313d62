// The sign-in machine: a pure transition from (state, event) to (next state, effects), in the manner of xstate.
// It never performs an effect; the driver (client.ts) does, and feeds the outcome back as an event. It is async
// only because the Hash port may be (WebCrypto's digest and HMAC answer with promises).

import { CogflowError, InputError, ServiceError, StateError } from '../errors.js';
import { createSRPEphemeral } from '../srp/index.js';
import type { SignInFlow } from '../types.js';
import { answered } from './answer.js';
import { challengeAnswered } from './challenge.js';
import { contextOf, failure, randomId, request } from './context.js';
import { deviceConfirmed, deviceFailed, deviceStatusUpdated } from './device.js';
import { FIRST_FACTORS, FLOWS, isObject } from './parse.js';
import { parsePending } from './pending.js';
import { pickMetadata, secretHash, withMetadata } from './requests.js';
import { accountStep, codeResent, resendCode, resendFailed } from './resend-code.js';
import { softwareTokenAssociated, softwareTokenVerified } from './totp.js';
import type {
  AccountStepState,
  DeviceSecrets,
  MachineEnv,
  RunSecrets,
  SendingState,
  SignInContext,
  SignInEvent,
  SignInState,
  Snapshot,
  StartInput,
  TransitionResult,
} from './types.js';

/** The state every sign-in starts from. */
export function initialSnapshot(): Snapshot {
  return { state: { status: 'idle' }, secrets: {} };
}

/** The password factor a flow starts with: PASSWORD (sent as is), PASSWORD_SRP, or none. */
function factorOf(flow: string, preferred: string | undefined): string | undefined {
  if (flow === 'USER_AUTH') return preferred;
  if (flow === 'USER_PASSWORD_AUTH') return 'PASSWORD';
  return flow === 'USER_SRP_AUTH' || flow === 'CUSTOM_AUTH_SRP' ? 'PASSWORD_SRP' : undefined;
}

/** Whether a flow (and preferred first factor) needs the password in memory. */
export function flowNeedsPassword(flow: SignInFlow, preferred?: string): boolean {
  const factor = factorOf(flow, preferred);
  return factor === 'PASSWORD' || factor === 'PASSWORD_SRP';
}

/** The account steps a sign-in error means, by its code (one of a fixed union: no inherited name is one). */
const ACCOUNT_STEPS: Record<string, AccountStepState['step'] | undefined> = {
  USER_NOT_CONFIRMED: 'CONFIRM_SIGN_UP',
  PASSWORD_RESET_REQUIRED: 'RESET_PASSWORD',
};

/** The status the event needs the state in. */
const NEEDS: Record<string, SignInState['status']> = {
  start: 'idle',
  answer: 'waiting',
  response: 'sending',
  error: 'sending',
};

/**
 * Runs one step of the machine. Misuse (an event that does not fit the state, an answer of the wrong shape)
 * throws a typed CogflowError and changes nothing; everything the service says, errors included, ends in a
 * state: `failed` carries the error, together with effects that must still run (forgetting a dead device).
 */
export async function transition(
  snapshot: Snapshot,
  event: SignInEvent,
  env: MachineEnv,
): Promise<TransitionResult> {
  const { state, secrets } = snapshot;
  if (!isObject(event) || !isObject(state)) throw new StateError('Bad state or event');
  const needs = Object.hasOwn(NEEDS, event.type) ? NEEDS[event.type] : undefined;
  if (!needs) throw new StateError('Unknown event type');
  // Only a known name goes into the message, never a value that came from outside.
  if (state.status !== needs) throw new StateError(`A ${event.type} event needs the ${needs} state`);
  if (event.type === 'start') return start(event.input, event.device, env);
  // Sending, or waiting for an answer event: either way the state carries the sign-in's id.
  const sending = state as SendingState;
  try {
    // A waiting state may come from JSON written by another process: only a well-formed one resumes.
    if (event.type === 'answer') return await answered(parsePending(state), event.answer, event, env);
    if (event.type === 'error') {
      if (!(event.error instanceof CogflowError)) throw new StateError('Untyped error event');
      return await failed(sending, secrets, event.error, env);
    }
    if (event.operation !== sending.operation) throw new StateError('Answer for another operation');
    return await responded(sending, secrets, event.body, env);
  } catch (error) {
    // A CogflowError raised while reading the service's answer ends in the failed state; misuse still throws.
    if (error instanceof CogflowError && error.code !== 'INVALID_INPUT' && error.code !== 'INVALID_STATE') {
      return failure(sending.id, error);
    }
    throw error;
  }
}

function start(
  input: StartInput,
  device: DeviceSecrets | undefined,
  env: MachineEnv,
): Promise<TransitionResult> {
  if (!isObject(input)) throw new InputError('signIn needs an object: { username, password }');
  const {
    username,
    password,
    preferredChallenge,
    rememberDevice,
    deviceName,
    resendSignUpCode,
    flow = 'USER_SRP_AUTH',
  } = input;
  if (typeof username !== 'string' || !username.trim()) throw new InputError('username is empty');
  if (!FLOWS.includes(flow)) throw new InputError(`flow is one of ${FLOWS.join(', ')}`);
  if (
    preferredChallenge !== undefined &&
    (flow !== 'USER_AUTH' || !FIRST_FACTORS.includes(preferredChallenge))
  ) {
    throw new InputError(`preferredChallenge needs flow USER_AUTH and one of ${FIRST_FACTORS.join(', ')}`);
  }
  const secrets: RunSecrets = {};
  if (flowNeedsPassword(flow, preferredChallenge)) {
    if (typeof password !== 'string' || !password) throw new InputError(`${flow} needs a password`);
    secrets.password = password;
  }
  if (device !== undefined) secrets.device = device;
  if (rememberDevice !== undefined && typeof rememberDevice !== 'boolean') {
    throw new InputError('rememberDevice is not a boolean');
  }
  if (resendSignUpCode !== undefined && typeof resendSignUpCode !== 'boolean') {
    throw new InputError('resendSignUpCode is not a boolean');
  }
  // contextOf drops the optional fields the caller left out.
  const context = contextOf({
    v: 1,
    id: randomId(env),
    flow,
    username,
    // No default yes: a pool that asks the person gets no answer until the caller gives one (see deviceConfirmed).
    rememberDevice: rememberDevice ?? false,
    metadata: pickMetadata(input),
    retriedWithoutDevice: false,
    deviceAuthenticated: false,
    deviceName,
    // The caller's explicit choice, when given, may also flip a known device's remembered status.
    rememberChoice: rememberDevice,
    preferredChallenge,
    resendSignUpCode: resendSignUpCode || undefined,
  });
  return initiate(context, secrets, env);
}

/** InitiateAuth for the context's flow; SRP flows draw a fresh ephemeral kept in the run's memory. */
async function initiate(
  base: SignInContext,
  secrets: RunSecrets,
  env: MachineEnv,
): Promise<TransitionResult> {
  const { session: _session, userId: _userId, deviceKey: _deviceKey, ...context } = base;
  const next: RunSecrets = { ...secrets };
  delete next.srp;
  const { flow, preferredChallenge: preferred, username } = context as SignInContext;
  const params: Record<string, string> = { USERNAME: username, ...(await secretHash(env, username)) };
  // A retry after the service forgot the device comes without it (failed() drops it from the secrets).
  if (secrets.device) {
    params.DEVICE_KEY = secrets.device.deviceKey;
    (context as SignInContext).deviceKey = params.DEVICE_KEY;
  }
  const factor = factorOf(flow, preferred);
  if (flow === 'CUSTOM_AUTH_SRP') params.CHALLENGE_NAME = 'SRP_A';
  if (flow === 'USER_AUTH' && preferred) params.PREFERRED_CHALLENGE = preferred;
  if (factor === 'PASSWORD') params.PASSWORD = secrets.password!;
  if (factor === 'PASSWORD_SRP') {
    next.srp = createSRPEphemeral(env);
    params.SRP_A = next.srp.srpA;
  }
  // An SRP or custom start consumes nothing on the service, so a transport may retry it. USER_AUTH and custom
  // flows may send a code or run a trigger, and a password start counts a failed attempt: those are not retried.
  const body = withMetadata(
    {
      AuthFlow: flow === 'CUSTOM_AUTH_SRP' ? 'CUSTOM_AUTH' : flow,
      ClientId: env.clientId,
      AuthParameters: params,
    },
    context.metadata,
  );
  return request(
    context as SignInContext,
    next,
    'InitiateAuth',
    body,
    flow === 'USER_SRP_AUTH' || flow === 'CUSTOM_AUTH_SRP',
    'InitiateAuth',
  );
}

async function responded(
  state: SendingState,
  secrets: RunSecrets,
  body: unknown,
  env: MachineEnv,
): Promise<TransitionResult> {
  switch (state.operation) {
    case 'AssociateSoftwareToken':
      return softwareTokenAssociated(state, body, env);
    case 'VerifySoftwareToken':
      return softwareTokenVerified(state, secrets, body, env);
    case 'ConfirmDevice':
      return deviceConfirmed(state, secrets, isObject(body) ? body : {});
    case 'UpdateDeviceStatus':
      return deviceStatusUpdated(state, secrets);
    case 'ResendConfirmationCode':
      return codeResent(state, body);
  }
  return challengeAnswered(state, secrets, body, env);
}

async function failed(
  state: SendingState,
  secrets: RunSecrets,
  error: CogflowError,
  env: MachineEnv,
): Promise<TransitionResult> {
  if (state.operation === 'ConfirmDevice' || state.operation === 'UpdateDeviceStatus') {
    return deviceFailed(state, secrets, error);
  }
  if (state.operation === 'ResendConfirmationCode') return resendFailed(state, error);
  // "Do this first" (UserNotConfirmed, PasswordResetRequired): the sign-in ends with that step, not an error.
  const step = ACCOUNT_STEPS[error.code];
  if (step === 'CONFIRM_SIGN_UP' && state.resendSignUpCode) return resendCode(state, env);
  if (step) return accountStep(state, step);
  const context = contextOf(state);
  // "Device does not exist" and the like: the service forgot the device, so the local secrets are useless.
  if (
    !context.deviceKey ||
    !(error instanceof ServiceError && error.code === 'RESOURCE_NOT_FOUND' && /device/i.test(error.message))
  ) {
    return failure(context.id, error);
  }
  const username = context.userId ?? context.username;
  const effects: TransitionResult['effects'] = [
    { type: 'delete-device', username },
    { type: 'emit', event: { type: 'device-forgotten', username } },
  ];
  if (
    context.retriedWithoutDevice ||
    (flowNeedsPassword(context.flow, context.preferredChallenge) && secrets.password === undefined)
  ) {
    return failure(context.id, error, effects);
  }
  const { device: _gone, ...rest } = secrets;
  const retried = await initiate(
    { ...context, retriedWithoutDevice: true, deviceAuthenticated: false },
    rest,
    env,
  );
  retried.effects.unshift(...effects);
  return retried;
}
