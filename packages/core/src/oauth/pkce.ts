// PKCE (RFC 7636) with S256, and the random `state` and `nonce` values: randomness and SHA-256 through the ports.

import type { Hash, Random } from '../ports.js';
import { base64URLFromBytes, utf8Bytes } from '../srp/codec.js';

/** 32 random bytes as base64url: 43 characters, 256 bits, the shortest verifier RFC 7636 allows. */
export function randomURLToken(random: Random, bytes = 32): string {
  return base64URLFromBytes(random.bytes(bytes));
}

/** `BASE64URL(SHA256(ASCII(code_verifier)))` (RFC 7636 4.2). */
export async function codeChallengeS256(hash: Hash, verifier: string): Promise<string> {
  return base64URLFromBytes(await hash.sha256(utf8Bytes(verifier)));
}

export interface PKCEPair {
  verifier: string;
  challenge: string;
}

export async function createPKCE(random: Random, hash: Hash): Promise<PKCEPair> {
  const verifier = randomURLToken(random);
  return { verifier, challenge: await codeChallengeS256(hash, verifier) };
}
