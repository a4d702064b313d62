// base64url without padding (RFC 4648 section 5), the encoding of every buffer in WebAuthn's JSON forms, on core's
// codec.

import { base64URLFromBytes, bytesFromBase64URL, ProtocolError } from '@cogflow/core';

/** Encodes bytes as unpadded base64url. */
export function toBase64URL(input: ArrayBuffer | ArrayBufferView): string {
  return base64URLFromBytes(
    input instanceof ArrayBuffer
      ? new Uint8Array(input)
      : new Uint8Array(input.buffer, input.byteOffset, input.byteLength),
  );
}

/**
 * Decodes base64url into a fresh ArrayBuffer, accepting what servers send besides the canonical form: standard
 * base64 characters, `=` padding, and unused trailing bits that are not zero (ignored). Anything else is a
 * ProtocolError naming the field, never its value.
 */
export function fromBase64URL(text: unknown, field: string): ArrayBuffer {
  if (typeof text !== 'string') throw new ProtocolError(`${field} is not a base64url string`, { field });
  const clean = text.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  // Core's decoder takes only the canonical form. Completing the last group with `A`s (zero bits) makes every group
  // full, and a full group is always canonical; the bytes those `A`s add, which hold the unused bits, are dropped.
  const fill = (4 - (clean.length % 4)) % 4;
  const bytes = fill === 3 ? undefined : bytesFromBase64URL(clean + 'AA'.slice(0, fill));
  if (!bytes) throw new ProtocolError(`${field} is not valid base64url`, { field });
  return bytes.slice(0, bytes.length - fill).buffer;
}
