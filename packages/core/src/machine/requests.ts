// Builders for the machine's requests: SECRET_HASH over each request's USERNAME, pass-through metadata, answers.

import { secretHashOf } from '../srp/secret-hash.js';
import type { RequestMetadata } from '../types.js';
import { request } from './context.js';
import { METADATA } from './parse.js';
import type { MachineEnv, RunSecrets, SignInContext, TransitionResult } from './types.js';

/** The metadata fields of `source` that are set. */
export function pickMetadata(source: RequestMetadata | undefined): RequestMetadata {
  const metadata: Record<string, unknown> = {};
  for (const key of METADATA) if (source?.[key]) metadata[key] = source[key];
  return metadata;
}

/** SECRET_HASH for confidential clients, over the USERNAME of that very request. */
export async function secretHash(
  env: Pick<MachineEnv, 'clientId' | 'clientSecret' | 'hash'>,
  username: string,
): Promise<Record<string, string>> {
  const { clientId, clientSecret, hash } = env;
  return clientSecret ? { SECRET_HASH: await secretHashOf({ username, clientId, clientSecret, hash }) } : {};
}

export function withMetadata<T extends object>(body: T, metadata: RequestMetadata | undefined): T {
  for (const key of METADATA) {
    if (metadata?.[key])
      (body as Record<string, unknown>)[key[0]!.toUpperCase() + key.slice(1)] = metadata[key];
  }
  return body;
}

/**
 * A RespondToAuthChallenge with USERNAME (the canonical one once known: SECRET_HASH must match it), SECRET_HASH,
 * DEVICE_KEY and Session filled in. Never retryable: the service may have consumed the session or the code.
 */
export async function respond(
  context: SignInContext,
  secrets: RunSecrets,
  env: MachineEnv,
  challenge: string,
  responses: Record<string, string>,
): Promise<TransitionResult> {
  const username = context.userId ?? context.username;
  const all: Record<string, string> = {
    USERNAME: username,
    ...responses,
    ...(await secretHash(env, username)),
  };
  if (context.deviceKey) all.DEVICE_KEY ??= context.deviceKey;
  const body = {
    ClientId: env.clientId,
    ChallengeName: challenge,
    ChallengeResponses: all,
    Session: context.session,
  };
  if (!body.Session) delete body.Session;
  return request(
    context,
    secrets,
    'RespondToAuthChallenge',
    withMetadata(body, context.metadata),
    false,
    challenge,
  );
}
