// Reads the claims of a JWT (RFC 7519) without verifying it: for expiry and the user's name, never for trust.

import { fieldError } from '../errors.js';
import { bytesFromBase64URL, utf8FromBytes } from '../srp/codec.js';

export type JWTClaims = Record<string, unknown>;

/**
 * Decodes a compact JWS's payload. Anything that is not three base64url segments around a JSON object is a
 * ProtocolError naming the field; the token itself never enters the message.
 */
export function decodeJWTClaims(token: string, field = 'token', challenge?: string): JWTClaims {
  const parts = typeof token === 'string' ? token.split('.') : [];
  const bytes = parts.length === 3 && parts[0] ? bytesFromBase64URL(parts[1]!) : undefined;
  let value: unknown;
  try {
    // An empty payload decodes to no text, and JSON.parse refuses that like any other garbage.
    value = JSON.parse(bytes ? utf8FromBytes(bytes)! : '');
  } catch {
    // Reported below.
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw fieldError(field, 'is not a well-formed JWT', challenge);
  }
  return value as JWTClaims;
}
