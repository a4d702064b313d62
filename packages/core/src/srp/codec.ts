// Codecs for Cognito's SRP: padHex (two's-complement minimal hex, as Cognito's clients and service encode), strict hex and base64.

import { utf8ToBytes } from '@noble/hashes/utils.js';
import { InputError, ProtocolError } from '../errors.js';

const HEX_DIGITS = '0123456789abcdef';
const HEX_PATTERN = /^[0-9a-fA-F]+$/;
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const BASE64_VALUES: Int16Array = (() => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < BASE64_ALPHABET.length; i++) table[BASE64_ALPHABET.charCodeAt(i)] = i;
  return table;
})();

/** Value of one hex digit already checked by HEX_PATTERN: 0-9, A-F, a-f. */
function nibble(code: number): number {
  return code <= 0x39 ? code - 0x30 : (code | 0x20) - 0x57;
}

function fieldName(field: string | undefined): string {
  return field ?? 'value';
}

/**
 * The minimal two's-complement big-endian hex of a non-negative integer: even length, with a leading `00` when the
 * first digit is 8-f (so the value never reads as negative). This is what Cognito hashes, not RFC 5054's pad-to-|N|.
 */
export function padHex(n: bigint): string {
  if (typeof n !== 'bigint' || n < 0n) throw new InputError('padHex takes a non-negative bigint');
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  const first = hex.charCodeAt(0);
  // '8'..'9' and 'a'..'f': the high bit of the first byte is set.
  if ((first >= 0x38 && first <= 0x39) || (first >= 0x61 && first <= 0x66)) hex = `00${hex}`;
  return hex;
}

/** Plain lower-case hex of a non-negative integer, no padding: the form in which clients send SRP_A. */
export function hexFromBigInt(n: bigint): string {
  if (typeof n !== 'bigint' || n < 0n) throw new InputError('hexFromBigInt takes a non-negative bigint');
  return n.toString(16);
}

/**
 * Parses a hex integer as the service sends it (any length, either case, no prefix, no whitespace).
 * Anything else is a ProtocolError naming the field, never echoing the value.
 */
export function bigIntFromHex(hex: string, field?: string): bigint {
  if (typeof hex !== 'string' || hex.length === 0) {
    throw new ProtocolError(`${fieldName(field)} is empty`, { field });
  }
  if (!HEX_PATTERN.test(hex)) throw new ProtocolError(`${fieldName(field)} is not hex`, { field });
  return BigInt(`0x${hex}`);
}

/** Big-endian unsigned integer from bytes; empty bytes are 0. */
export function bigIntFromBytes(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  return BigInt(`0x${hexFromBytes(bytes)}`);
}

/** Lower-case hex of bytes. */
export function hexFromBytes(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    out += HEX_DIGITS[b >> 4]! + HEX_DIGITS[b & 15]!;
  }
  return out;
}

/** Bytes from an even-length hex string (either case). Anything else is a ProtocolError naming the field. */
export function bytesFromHex(hex: string, field?: string): Uint8Array {
  if (typeof hex !== 'string') throw new ProtocolError(`${fieldName(field)} is not hex`, { field });
  if (hex.length % 2 !== 0)
    throw new ProtocolError(`${fieldName(field)} has an odd number of hex digits`, { field });
  if (hex.length > 0 && !HEX_PATTERN.test(hex))
    throw new ProtocolError(`${fieldName(field)} is not hex`, { field });
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++)
    out[i] = (nibble(hex.charCodeAt(2 * i)) << 4) | nibble(hex.charCodeAt(2 * i + 1));
  return out;
}

/** Standard base64 (RFC 4648 section 4) with padding. */
export function base64FromBytes(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out +=
      BASE64_ALPHABET[n >> 18]! +
      BASE64_ALPHABET[(n >> 12) & 63]! +
      BASE64_ALPHABET[(n >> 6) & 63]! +
      BASE64_ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += BASE64_ALPHABET[n >> 18]! + BASE64_ALPHABET[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out +=
      BASE64_ALPHABET[n >> 18]! + BASE64_ALPHABET[(n >> 12) & 63]! + BASE64_ALPHABET[(n >> 6) & 63]! + '=';
  }
  return out;
}

/**
 * Decodes canonical standard base64: padded, no whitespace, no URL-safe letters, unused trailing bits zero.
 * A lenient decoder would turn a corrupted SECRET_BLOCK into different bytes and a signature the service rejects
 * for a reason nobody can see; failing here names the field instead.
 */
export function bytesFromBase64(b64: string, field?: string): Uint8Array {
  if (typeof b64 !== 'string' || !BASE64_PATTERN.test(b64)) {
    throw new ProtocolError(`${fieldName(field)} is not canonical base64`, { field });
  }
  const padding = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((b64.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < b64.length; i += 4) {
    const c0 = BASE64_VALUES[b64.charCodeAt(i)]!;
    const c1 = BASE64_VALUES[b64.charCodeAt(i + 1)]!;
    const ch2 = b64.charCodeAt(i + 2);
    const ch3 = b64.charCodeAt(i + 3);
    const c2 = ch2 === 0x3d ? 0 : BASE64_VALUES[ch2]!;
    const c3 = ch3 === 0x3d ? 0 : BASE64_VALUES[ch3]!;
    const n = (c0 << 18) | (c1 << 12) | (c2 << 6) | c3;
    out[o++] = n >> 16;
    if (ch2 !== 0x3d) out[o++] = (n >> 8) & 255;
    else if ((n & 0xffff) !== 0)
      throw new ProtocolError(`${fieldName(field)} is not canonical base64`, { field });
    if (ch3 !== 0x3d) out[o++] = n & 255;
    else if ((n & 0xff) !== 0)
      throw new ProtocolError(`${fieldName(field)} is not canonical base64`, { field });
  }
  return out;
}

/** UTF-8 bytes of a string (lone surrogates become U+FFFD, as in every UTF-8 encoder). */
export function utf8Bytes(s: string): Uint8Array {
  return utf8ToBytes(s);
}
