// The service's challenge answers: the machine answers PASSWORD_VERIFIER and the device challenges itself, and
// turns every other challenge into a typed step for a person (PROTOCOL.md, "Other challenges").

import { ProtocolError } from '../errors.js';
import type { AuthenticationResult } from '../protocol/operations.js';
import { signClaim } from '../srp/claim.js';
import { bytesFromBase64, HEX } from '../srp/codec.js';
import { createSRPEphemeral, formatTimestamp, SRP_N, userPoolName } from '../srp/index.js';
import { contextOf, wait } from './context.js';
import { namedDevice, tokensArrived } from './device.js';
import {
  CODE_STEPS,
  FIRST_FACTORS,
  isObject,
  isStringList,
  isStringMap,
  jsonParam,
  known,
  MFA_TYPES,
  type Params,
  param,
  protocolFailure,
  STEPS,
} from './parse.js';
import { respond } from './requests.js';
import type {
  MachineEnv,
  PendingDetail,
  RunSecrets,
  SendingState,
  SignInContext,
  TransitionResult,
} from './types.js';

/** The response body of InitiateAuth or RespondToAuthChallenge: tokens, or the next challenge. */
export async function challengeAnswered(
  state: SendingState,
  secrets: RunSecrets,
  body: unknown,
  env: MachineEnv,
): Promise<TransitionResult> {
  const where = state.challenge ?? state.operation;
  if (!isObject(body)) throw protocolFailure(where, 'answer', 'is not an object');
  const result = body.AuthenticationResult;
  if (result != null) {
    if (typeof result !== 'object') throw protocolFailure(where, 'AuthenticationResult', 'is not an object');
    return tokensArrived(state, secrets, result as AuthenticationResult, env);
  }
  const name = body.ChallengeName;
  if (typeof name !== 'string' || !name) throw protocolFailure(where, 'ChallengeName');
  const params = body.ChallengeParameters ?? {};
  if (!isStringMap(params)) throw protocolFailure(name, 'ChallengeParameters', 'is not a map of strings');
  if (body.Session !== undefined && typeof body.Session !== 'string')
    throw protocolFailure(name, 'Session', 'is malformed');
  const context = contextOf(state);
  // A session is single-use: the next request carries this one or none.
  delete context.session;
  if (body.Session) context.session = body.Session;
  const userId = params.USER_ID_FOR_SRP || params.USERNAME;
  if (userId) context.userId = userId;

  if (name === 'PASSWORD_VERIFIER' || name === 'DEVICE_PASSWORD_VERIFIER') {
    return verify(context, secrets, params, env, name);
  }
  if (name === 'DEVICE_SRP_AUTH') {
    if (!namedDevice(context, secrets.device)) {
      throw protocolFailure(name, 'ChallengeName', 'arrived without device secrets');
    }
    const deviceSRP = createSRPEphemeral(env);
    return respond(context, { ...secrets, deviceSRP }, env, name, { SRP_A: deviceSRP.srpA });
  }
  if (!STEPS.includes(name) || name === 'TOTP_SETUP') {
    throw new ProtocolError('Unknown challenge', {
      challenge: name.slice(0, 64),
      field: 'ChallengeName',
    });
  }
  if (!context.session) throw protocolFailure(name, 'Session');
  return wait(context, personStep(name, params, body.AvailableChallenges), env);
}

/** What to ask the person, with prefixes stripped and JSON parameters parsed. */
function personStep(name: string, params: Params, available: unknown): PendingDetail {
  /** A JSON parameter of the expected shape; `fallback` stands in for an absent one (none: it is required). */
  const json = <T>(
    field: string,
    shape: (value: unknown) => value is T,
    problem: string,
    fallback?: T,
  ): T => {
    const value = jsonParam(params, field, name, fallback);
    if (!shape(value)) throw protocolFailure(name, field, problem);
    return value;
  };
  switch (name) {
    case 'NEW_PASSWORD_REQUIRED': {
      const required = json('requiredAttributes', isStringList, 'is not a list of strings', []);
      const current = json('userAttributes', isObject, 'is not an object', {});
      const userAttributes: Record<string, string> = {};
      for (const [key, value] of Object.entries(current)) {
        // The service sends null for attributes that have no value yet; an absent value reads as empty.
        if (value === null) continue;
        if (typeof value !== 'string') {
          throw protocolFailure(name, 'userAttributes', 'holds a value that is not a string');
        }
        userAttributes[key] = value;
      }
      return {
        type: name,
        requiredAttributes: required.map((attribute) => attribute.replace(/^userAttributes\./, '')),
        userAttributes,
      };
    }
    case 'SELECT_MFA_TYPE':
    case 'MFA_SETUP': {
      const field = name === 'MFA_SETUP' ? 'MFAS_CAN_SETUP' : 'MFAS_CAN_CHOOSE';
      return {
        type: name,
        options: known(jsonParam(params, field, name), MFA_TYPES, field, name),
      } as PendingDetail;
    }
    case 'CUSTOM_CHALLENGE':
      return { type: name, parameters: params };
    case 'SELECT_CHALLENGE':
      return {
        type: name,
        available: known(available, FIRST_FACTORS, 'AvailableChallenges', name),
      } as PendingDetail;
    case 'WEB_AUTHN': {
      const options = json('CREDENTIAL_REQUEST_OPTIONS', isObject, 'is not an object');
      return { type: name, credentialRequestOptions: options };
    }
  }
  const step: Record<string, string> = { type: name };
  // SMS_MFA, EMAIL_OTP and SMS_OTP say where the code went; SOFTWARE_TOKEN_MFA has nothing to say.
  if (name !== CODE_STEPS[1]) {
    if (params.CODE_DELIVERY_DELIVERY_MEDIUM) step.deliveryMedium = params.CODE_DELIVERY_DELIVERY_MEDIUM;
    if (params.CODE_DELIVERY_DESTINATION) step.destination = params.CODE_DELIVERY_DESTINATION;
  }
  return step as unknown as PendingDetail;
}

/** PASSWORD_VERIFIER or DEVICE_PASSWORD_VERIFIER: the SRP proof over SALT, SRP_B and SECRET_BLOCK (PROTOCOL.md). */
async function verify(
  context: SignInContext,
  secrets: RunSecrets,
  params: Params,
  env: MachineEnv,
  name: string,
): Promise<TransitionResult> {
  const forDevice = name === 'DEVICE_PASSWORD_VERIFIER';
  const device = namedDevice(context, secrets.device);
  const ephemeral = forDevice ? secrets.deviceSRP : secrets.srp;
  const ready = forDevice ? device : secrets.password !== undefined;
  if (!ephemeral || !ready) throw protocolFailure(name, 'ChallengeName', 'arrived without SRP_A');
  if (!forDevice) context.userId = param(params, 'USER_ID_FOR_SRP', name);
  const hex = (field: string): bigint => {
    if (!HEX.test(param(params, field, name))) throw protocolFailure(name, field, 'is not hex');
    return BigInt(`0x${params[field]}`);
  };
  const salt = hex('SALT');
  const B = hex('SRP_B');
  if (B % SRP_N === 0n) throw protocolFailure(name, 'SRP_B', 'is 0 mod N');
  let secretBlock: Uint8Array;
  try {
    secretBlock = bytesFromBase64(param(params, 'SECRET_BLOCK', name));
  } catch {
    throw protocolFailure(name, 'SECRET_BLOCK', 'is missing or not base64');
  }
  const timestamp = formatTimestamp(env.clock.now());
  const signature = await signClaim({
    a: ephemeral.a,
    A: ephemeral.A,
    modPow: env.modPow,
    hash: env.hash,
    ...(forDevice
      ? { poolName: device!.deviceGroupKey, userId: device!.deviceKey, password: device!.devicePassword }
      : { poolName: userPoolName(env.userPoolId), userId: context.userId!, password: secrets.password! }),
    B,
    salt,
    secretBlock,
    timestamp,
    challenge: name,
  });
  const rest = { ...secrets };
  delete rest[forDevice ? 'deviceSRP' : 'srp'];
  if (forDevice) context.deviceAuthenticated = true;
  return respond(context, rest, env, name, {
    PASSWORD_CLAIM_SECRET_BLOCK: params.SECRET_BLOCK!,
    TIMESTAMP: timestamp,
    PASSWORD_CLAIM_SIGNATURE: signature,
  });
}
