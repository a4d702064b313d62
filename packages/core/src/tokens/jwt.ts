// Reads the claims of a JWT (RFC 7519) without verifying it: for expiry and the user's name, never for trust.

import { ProtocolError } from '../errors.js';
import { bytesFromBase64URL, utf8FromBytes } from '../srp/codec.js';

export type JWTClaims = Record<string, unknown>;

/**
 * Decodes a compact JWS's payload. Anything that is not three base64url segments around a JSON object is a
 * ProtocolError naming the field; the token itself never enters the message.
 */
export function decodeJWTClaims(token: string, field = 'token'): JWTClaims {
  const garbage = (): ProtocolError => new ProtocolError(`The ${field} is not a well-formed JWT`, { field });
  if (typeof token !== 'string') throw garbage();
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] === '' || parts[1] === '') throw garbage();
  const bytes = bytesFromBase64URL(parts[1] as string);
  if (bytes === undefined) throw garbage();
  const text = utf8FromBytes(bytes);
  if (text === undefined) throw garbage();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw garbage();
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw garbage();
  return value as JWTClaims;
}
