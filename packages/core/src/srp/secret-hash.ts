// SECRET_HASH for confidential app clients: base64(HMAC-SHA256(clientSecret, USERNAME + clientId)).

import { InputError } from '../errors.js';
import type { Hash } from '../ports.js';
import { base64FromBytes, utf8Bytes } from './codec.js';

export interface SecretHashInput {
  /** The USERNAME of the same request (after SRP, USER_ID_FOR_SRP). */
  username: string;
  clientId: string;
  clientSecret: string;
  hash: Hash;
}

export async function computeSecretHash(input: SecretHashInput): Promise<string> {
  for (const part of [input.username, input.clientId, input.clientSecret]) {
    if (typeof part !== 'string' || !part)
      throw new InputError('username, clientId and clientSecret must be non-empty strings');
  }
  return secretHashOf(input);
}

/** computeSecretHash for parts already checked (the client checks its configuration, the machine the names). */
export async function secretHashOf({
  username,
  clientId,
  clientSecret,
  hash,
}: SecretHashInput): Promise<string> {
  return base64FromBytes(await hash.hmacSHA256(utf8Bytes(clientSecret), utf8Bytes(username + clientId)));
}
