// base64url without padding (RFC 4648 section 5), the encoding of every buffer in WebAuthn's JSON forms.

import { ProtocolError } from '@cogflow/core';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP: Record<string, number> = {};
for (let i = 0; i < ALPHABET.length; i += 1) LOOKUP[ALPHABET[i]!] = i;

/** Encodes bytes as unpadded base64url. */
export function toBase64URL(input: ArrayBuffer | ArrayBufferView): string {
  const bytes =
    input instanceof ArrayBuffer
      ? new Uint8Array(input)
      : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = bytes.length - i >= 3 ? 4 : bytes.length - i + 1;
    for (let j = 0; j < chars; j += 1) out += ALPHABET[(n >> (18 - 6 * j)) & 63];
  }
  return out;
}

/**
 * Decodes base64url (also accepting standard base64 characters and `=` padding, which some servers send) into a
 * fresh ArrayBuffer. Anything else is a ProtocolError naming the field, never its value.
 */
export function fromBase64URL(text: unknown, field: string): ArrayBuffer {
  if (typeof text !== 'string') throw new ProtocolError(`${field} is not a base64url string`, { field });
  const clean = text.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  if (clean.length % 4 === 1) throw new ProtocolError(`${field} is not valid base64url`, { field });
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (const char of clean) {
    const digit = LOOKUP[char];
    if (digit === undefined) throw new ProtocolError(`${field} is not valid base64url`, { field });
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 255;
    }
  }
  return out.buffer;
}
