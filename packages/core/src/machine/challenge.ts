// The service's challenge answers: the machine answers PASSWORD_VERIFIER and the device challenges itself, and
// turns every other challenge into a typed step for a person (PROTOCOL.md, "Other challenges").

import { ProtocolError } from '../errors.js';
import type { ChallengeResponseBody } from '../protocol/operations.js';
import { computeSRPClaim, createSRPEphemeral, formatTimestamp, SRP_N, userPoolName } from '../srp/index.js';
import type { NextStep } from '../types.js';
import { contextOf, sending, waiting } from './context.js';
import { tokensArrived } from './device.js';
import {
  challengeParameters,
  firstFactors,
  mfaTypes,
  type Params,
  parseJSON,
  protocolFailure,
  requireBase64,
  requireHex,
  requireObject,
  requireServerPublic,
  requireString,
  requireStringArray,
  requireStringMap,
} from './parse.js';
import { randomId, respondEffect } from './requests.js';
import type { MachineEnv, RunSecrets, SendingState, SignInContext, TransitionResult } from './types.js';

const PERSON_CHALLENGES = new Set([
  'NEW_PASSWORD_REQUIRED',
  'SMS_MFA',
  'SOFTWARE_TOKEN_MFA',
  'EMAIL_OTP',
  'SMS_OTP',
  'SELECT_MFA_TYPE',
  'MFA_SETUP',
  'CUSTOM_CHALLENGE',
  'SELECT_CHALLENGE',
  'WEB_AUTHN',
]);

/** The response body of InitiateAuth or RespondToAuthChallenge: tokens, or the next challenge. */
export function challengeAnswered(
  state: SendingState,
  secrets: RunSecrets,
  raw: unknown,
  env: MachineEnv,
): TransitionResult {
  const where = state.challenge ?? state.operation;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ProtocolError(`${where}: the answer is not an object`, { challenge: where });
  }
  const body = raw as ChallengeResponseBody;
  if (body.AuthenticationResult !== undefined && body.AuthenticationResult !== null) {
    if (typeof body.AuthenticationResult !== 'object') {
      throw protocolFailure(where, 'AuthenticationResult', 'is not an object');
    }
    return tokensArrived(state, secrets, body.AuthenticationResult, env);
  }
  const name = body.ChallengeName;
  if (typeof name !== 'string' || name === '') {
    throw protocolFailure(where, 'ChallengeName', 'is missing and there are no tokens');
  }
  const params = challengeParameters(body.ChallengeParameters, name);
  if (body.Session !== undefined && typeof body.Session !== 'string') {
    throw protocolFailure(name, 'Session', 'is not a string');
  }
  const context: SignInContext = contextOf(state);
  // A session is single-use: the next request carries this one or none.
  delete context.session;
  if (body.Session) context.session = body.Session;
  const userId = params.USER_ID_FOR_SRP || params.USERNAME;
  if (userId) context.userId = userId;

  switch (name) {
    case 'PASSWORD_VERIFIER':
      return passwordVerifier(context, secrets, params, env);
    case 'DEVICE_SRP_AUTH':
      return deviceSRPAuth(context, secrets, env);
    case 'DEVICE_PASSWORD_VERIFIER':
      return devicePasswordVerifier(context, secrets, params, env);
  }
  if (!PERSON_CHALLENGES.has(name)) {
    throw new ProtocolError(`The service sent a challenge this client does not know`, {
      challenge: name.slice(0, 64),
      field: 'ChallengeName',
    });
  }
  if (!context.session) throw protocolFailure(name, 'Session', 'is missing');
  const step = personStep(name, params, body.AvailableChallenges);
  return {
    state: waiting({ ...context, id: randomId(env) }, step, env.clock.now() + env.pendingTTLSeconds * 1000),
    secrets: {},
    effects: [],
  };
}

/** What to ask the person, with prefixes stripped and JSON parameters parsed. */
function personStep(
  name: string,
  params: Params,
  available: unknown,
): Exclude<NextStep, { type: 'TOTP_SETUP' }> {
  switch (name) {
    case 'NEW_PASSWORD_REQUIRED': {
      const required = params.requiredAttributes
        ? requireStringArray(
            parseJSON(params.requiredAttributes, 'requiredAttributes', name),
            'requiredAttributes',
            name,
          )
        : [];
      const current = params.userAttributes
        ? requireStringMap(parseJSON(params.userAttributes, 'userAttributes', name), 'userAttributes', name)
        : {};
      return {
        type: 'NEW_PASSWORD_REQUIRED',
        requiredAttributes: required.map((attribute) => attribute.replace(/^userAttributes\./, '')),
        userAttributes: current,
      };
    }
    case 'SMS_MFA':
    case 'EMAIL_OTP':
    case 'SMS_OTP': {
      const step: NextStep = { type: name };
      if (params.CODE_DELIVERY_DELIVERY_MEDIUM) step.deliveryMedium = params.CODE_DELIVERY_DELIVERY_MEDIUM;
      if (params.CODE_DELIVERY_DESTINATION) step.destination = params.CODE_DELIVERY_DESTINATION;
      return step;
    }
    case 'SOFTWARE_TOKEN_MFA':
      return { type: 'SOFTWARE_TOKEN_MFA' };
    case 'SELECT_MFA_TYPE': {
      const list = parseJSON(requireString(params, 'MFAS_CAN_CHOOSE', name), 'MFAS_CAN_CHOOSE', name);
      return {
        type: 'SELECT_MFA_TYPE',
        options: mfaTypes(requireStringArray(list, 'MFAS_CAN_CHOOSE', name), 'MFAS_CAN_CHOOSE', name),
      };
    }
    case 'MFA_SETUP': {
      const list = parseJSON(requireString(params, 'MFAS_CAN_SETUP', name), 'MFAS_CAN_SETUP', name);
      return {
        type: 'MFA_SETUP',
        options: mfaTypes(requireStringArray(list, 'MFAS_CAN_SETUP', name), 'MFAS_CAN_SETUP', name),
      };
    }
    case 'CUSTOM_CHALLENGE':
      return { type: 'CUSTOM_CHALLENGE', parameters: params };
    case 'SELECT_CHALLENGE':
      return {
        type: 'SELECT_CHALLENGE',
        available: firstFactors(
          requireStringArray(available, 'AvailableChallenges', name),
          'AvailableChallenges',
          name,
        ),
      };
    default: {
      const options = parseJSON(
        requireString(params, 'CREDENTIAL_REQUEST_OPTIONS', name),
        'CREDENTIAL_REQUEST_OPTIONS',
        name,
      );
      return {
        type: 'WEB_AUTHN',
        credentialRequestOptions: requireObject(options, 'CREDENTIAL_REQUEST_OPTIONS', name),
      };
    }
  }
}

/** The SRP proof over SALT, SRP_B and SECRET_BLOCK, as PROTOCOL.md describes it. */
function claim(
  name: string,
  params: Params,
  proof: { poolName: string; userId: string; password: string; ephemeral: RunSecrets['srp'] & {} },
  env: MachineEnv,
): { secretBlock: string; timestamp: string; signature: string } {
  const salt = requireHex(params, 'SALT', name);
  const srpB = requireServerPublic(params, name, SRP_N);
  const secretBlock = requireBase64(params, 'SECRET_BLOCK', name);
  const timestamp = formatTimestamp(env.clock.now());
  const { signature } = computeSRPClaim({
    poolName: proof.poolName,
    userId: proof.userId,
    password: proof.password,
    a: proof.ephemeral.a,
    A: proof.ephemeral.A,
    salt,
    srpB,
    secretBlock,
    timestamp,
    modPow: env.modPow,
    challenge: name,
  });
  return { secretBlock, timestamp, signature };
}

function passwordVerifier(
  context: SignInContext,
  secrets: RunSecrets,
  params: Params,
  env: MachineEnv,
): TransitionResult {
  const name = 'PASSWORD_VERIFIER';
  if (secrets.password === undefined || secrets.srp === undefined) {
    throw protocolFailure(name, 'ChallengeName', 'arrived in a sign-in that sent no SRP_A');
  }
  const userId = requireString(params, 'USER_ID_FOR_SRP', name);
  context.userId = userId;
  const proof = claim(
    name,
    params,
    { poolName: userPoolName(env.userPoolId), userId, password: secrets.password, ephemeral: secrets.srp },
    env,
  );
  const { srp: _used, ...rest } = secrets;
  return {
    state: sending(context, 'RespondToAuthChallenge', name),
    secrets: rest,
    effects: [
      respondEffect(context, env, name, {
        USERNAME: userId,
        PASSWORD_CLAIM_SECRET_BLOCK: proof.secretBlock,
        TIMESTAMP: proof.timestamp,
        PASSWORD_CLAIM_SIGNATURE: proof.signature,
      }),
    ],
  };
}

function deviceSRPAuth(context: SignInContext, secrets: RunSecrets, env: MachineEnv): TransitionResult {
  const name = 'DEVICE_SRP_AUTH';
  const device = secrets.device;
  if (!context.deviceKey || !device || device.deviceKey !== context.deviceKey) {
    throw protocolFailure(name, 'ChallengeName', 'arrived but this sign-in has no device secrets for it');
  }
  const ephemeral = createSRPEphemeral({ random: env.random, modPow: env.modPow });
  return {
    state: sending(context, 'RespondToAuthChallenge', name),
    secrets: { ...secrets, deviceSRP: ephemeral },
    effects: [respondEffect(context, env, name, { DEVICE_KEY: device.deviceKey, SRP_A: ephemeral.srpA })],
  };
}

function devicePasswordVerifier(
  context: SignInContext,
  secrets: RunSecrets,
  params: Params,
  env: MachineEnv,
): TransitionResult {
  const name = 'DEVICE_PASSWORD_VERIFIER';
  const device = secrets.device;
  if (!device || !secrets.deviceSRP || device.deviceKey !== context.deviceKey) {
    throw protocolFailure(name, 'ChallengeName', 'arrived in a sign-in that sent no device SRP_A');
  }
  const proof = claim(
    name,
    params,
    {
      poolName: device.deviceGroupKey,
      userId: device.deviceKey,
      password: device.devicePassword,
      ephemeral: secrets.deviceSRP,
    },
    env,
  );
  const { deviceSRP: _used, ...rest } = secrets;
  const next: SignInContext = { ...context, deviceAuthenticated: true };
  return {
    state: sending(next, 'RespondToAuthChallenge', name),
    secrets: rest,
    effects: [
      respondEffect(next, env, name, {
        DEVICE_KEY: device.deviceKey,
        PASSWORD_CLAIM_SECRET_BLOCK: proof.secretBlock,
        TIMESTAMP: proof.timestamp,
        PASSWORD_CLAIM_SIGNATURE: proof.signature,
      }),
    ],
  };
}
