// A minimal Cognito client for the tests: raw JSON 1.1 calls, and SRP built on @cogflow/core's exported primitives.
import { randomBytes } from 'node:crypto';
import {
  computeSRPClaim,
  createDeviceVerifier,
  createSRPEphemeral,
  formatTimestamp,
  nobleHash,
  userPoolName,
} from '@cogflow/core';
import { modPow } from '../src/modpow.js';

export interface WireResult {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

export async function call(endpoint: string, operation: string, body: unknown): Promise<WireResult> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    headers: res.headers,
  };
}

/** Calls and insists on success; a failure throws with the service's __type for the test to see. */
export async function ok(
  endpoint: string,
  operation: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const r = await call(endpoint, operation, body);
  if (r.status !== 200)
    throw new Error(`${operation} -> ${r.status} ${String(r.body.__type)}: ${String(r.body.message)}`);
  return r.body;
}

export const random = { bytes: (n: number): Uint8Array => new Uint8Array(randomBytes(n)) };

export interface Challenge {
  ChallengeName?: string;
  ChallengeParameters?: Record<string, string>;
  Session?: string;
  AuthenticationResult?: {
    AccessToken: string;
    IdToken: string;
    RefreshToken?: string;
    NewDeviceMetadata?: { DeviceKey: string; DeviceGroupKey: string };
  };
  AvailableChallenges?: string[];
}

export function srpStart(): { a: bigint; A: bigint; srpA: string } {
  return createSRPEphemeral({ random, modPow });
}

/** Answers PASSWORD_VERIFIER for a user (or DEVICE_PASSWORD_VERIFIER with realm = DeviceGroupKey, id = DeviceKey). */
export async function claim(
  eph: { a: bigint; A: bigint },
  params: Record<string, string>,
  realm: string,
  id: string,
  password: string,
  now = Date.now(),
  /** Signs over this text instead of `now` formatted: a test of what the service accepts as a TIMESTAMP. */
  timestamp = formatTimestamp(now),
): Promise<{ TIMESTAMP: string; PASSWORD_CLAIM_SIGNATURE: string; PASSWORD_CLAIM_SECRET_BLOCK: string }> {
  const { signature } = await computeSRPClaim({
    poolName: realm,
    userId: id,
    password,
    a: eph.a,
    A: eph.A,
    salt: params.SALT as string,
    srpB: params.SRP_B as string,
    secretBlock: params.SECRET_BLOCK as string,
    timestamp,
    modPow,
    hash: nobleHash,
  });
  return {
    TIMESTAMP: timestamp,
    PASSWORD_CLAIM_SIGNATURE: signature,
    PASSWORD_CLAIM_SECRET_BLOCK: params.SECRET_BLOCK as string,
  };
}

/** USER_SRP_AUTH through PASSWORD_VERIFIER; returns whatever follows (tokens or the next challenge). */
export async function srpSignIn(
  endpoint: string,
  poolId: string,
  clientId: string,
  username: string,
  password: string,
  extra: { secretHash?: (name: string) => string; deviceKey?: string } = {},
): Promise<WireResult> {
  const eph = srpStart();
  const init = await call(endpoint, 'InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: clientId,
    AuthParameters: {
      USERNAME: username,
      SRP_A: eph.srpA,
      ...(extra.secretHash ? { SECRET_HASH: extra.secretHash(username) } : {}),
      ...(extra.deviceKey ? { DEVICE_KEY: extra.deviceKey } : {}),
    },
  });
  if (init.status !== 200) return init;
  const params = (init.body as Challenge).ChallengeParameters as Record<string, string>;
  const userId = params.USER_ID_FOR_SRP as string;
  return call(endpoint, 'RespondToAuthChallenge', {
    ClientId: clientId,
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeResponses: {
      USERNAME: userId,
      ...(await claim(eph, params, userPoolName(poolId), userId, password)),
      ...(extra.secretHash ? { SECRET_HASH: extra.secretHash(userId) } : {}),
      ...(extra.deviceKey ? { DEVICE_KEY: extra.deviceKey } : {}),
    },
  });
}

export function deviceVerifier(groupKey: string, deviceKey: string): ReturnType<typeof createDeviceVerifier> {
  return createDeviceVerifier({ deviceGroupKey: groupKey, deviceKey, random, modPow, hash: nobleHash });
}
