// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104) from @noble/hashes, the project's one hashing library, and byte
// concatenation: all the hashing Cognito's SRP, its HKDF and SECRET_HASH need.

import { hmac } from '@noble/hashes/hmac.js';
import { sha256 as nobleSHA256 } from '@noble/hashes/sha2.js';

export function sha256(data: Uint8Array): Uint8Array {
  return nobleSHA256(data);
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** HMAC-SHA256(key, message). */
export function hmacSHA256(key: Uint8Array, message: Uint8Array): Uint8Array {
  return hmac(nobleSHA256, key, message);
}
