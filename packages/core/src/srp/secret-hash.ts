// SECRET_HASH for confidential app clients: base64(HMAC-SHA256(clientSecret, USERNAME + clientId)).

import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { InputError } from '../errors.js';
import { base64FromBytes, utf8Bytes } from './codec.js';

export interface SecretHashInput {
  /** The USERNAME of the same request (after SRP, USER_ID_FOR_SRP). */
  username: string;
  clientId: string;
  clientSecret: string;
}

export function computeSecretHash(input: SecretHashInput): string {
  const { username, clientId, clientSecret } = input;
  if (typeof username !== 'string' || username.length === 0)
    throw new InputError('SECRET_HASH needs a username');
  if (typeof clientId !== 'string' || clientId.length === 0)
    throw new InputError('SECRET_HASH needs a client id');
  if (typeof clientSecret !== 'string' || clientSecret.length === 0) {
    throw new InputError('SECRET_HASH needs a client secret');
  }
  return base64FromBytes(hmac(sha256, utf8Bytes(clientSecret), utf8Bytes(username + clientId)));
}
