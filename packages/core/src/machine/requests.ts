// Builders for the machine's requests: SECRET_HASH over each request's USERNAME, pass-through metadata, send effects.

import type { InitiateAuthRequest, RespondToAuthChallengeRequest } from '../protocol/operations.js';
import { computeSecretHash } from '../srp/index.js';
import type { RequestMetadata } from '../types.js';
import type { MachineEnv, SendEffect, SignInContext } from './types.js';

/** SECRET_HASH for confidential clients, over the USERNAME of that very request. */
export function secretHash(env: MachineEnv, username: string): Record<string, string> {
  if (!env.clientSecret) return {};
  return {
    SECRET_HASH: computeSecretHash({ username, clientId: env.clientId, clientSecret: env.clientSecret }),
  };
}

export function withMetadata<T extends InitiateAuthRequest | RespondToAuthChallengeRequest>(
  body: T,
  metadata: RequestMetadata,
): T {
  if (metadata.clientMetadata) body.ClientMetadata = metadata.clientMetadata;
  if (metadata.analyticsMetadata) body.AnalyticsMetadata = metadata.analyticsMetadata;
  if (metadata.userContextData) body.UserContextData = metadata.userContextData;
  return body;
}

/** The USERNAME a challenge answer carries: the canonical one once known (SECRET_HASH must match it). */
export function answerUsername(context: SignInContext): string {
  return context.userId ?? context.username;
}

/**
 * A RespondToAuthChallenge with USERNAME, SECRET_HASH, DEVICE_KEY and Session filled in. Never retryable: the
 * service may have consumed the session or the code on the first attempt.
 */
export function respondEffect(
  context: SignInContext,
  env: MachineEnv,
  challenge: string,
  responses: Record<string, string>,
): SendEffect {
  const username = answerUsername(context);
  const all: Record<string, string> = { USERNAME: username, ...responses, ...secretHash(env, username) };
  if (context.deviceKey && all.DEVICE_KEY === undefined) all.DEVICE_KEY = context.deviceKey;
  const body: RespondToAuthChallengeRequest = {
    ClientId: env.clientId,
    ChallengeName: challenge,
    ChallengeResponses: all,
  };
  if (context.session !== undefined) body.Session = context.session;
  return {
    type: 'send',
    operation: 'RespondToAuthChallenge',
    body: withMetadata(body, context.metadata),
    retryable: false,
  };
}

const HEX_DIGITS = '0123456789abcdef';

/** A random id for a pending step: 16 bytes from the Random port, as hex. */
export function randomId(env: MachineEnv): string {
  const bytes = env.random.bytes(16);
  let out = '';
  for (const b of bytes) out += HEX_DIGITS[b >> 4]! + HEX_DIGITS[b & 15]!;
  return out;
}
