// The Hash port in plain JavaScript: SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104) from @noble/hashes, and byte
// concatenation for the messages SRP hashes.

import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { Hash } from '../ports.js';

/**
 * The synchronous Hash: runs anywhere, no platform crypto needed. @cogflow/node uses it; a browser bundle that
 * passes WebCrypto's hash instead leaves @noble/hashes out.
 */
export const nobleHash: Hash = {
  sha256: (data) => sha256(data),
  hmacSHA256: (key, data) => hmac(sha256, key, data),
};

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
