// The one set of codecs for SRP and tokens: padHex (Cognito's two's-complement minimal hex), strict hex, base64
// (RFC 4648 section 4) and base64url (section 5), UTF-8 (RFC 3629). Plain ECMAScript: no atob, btoa or
// TextEncoder, which are host globals that core does not touch.

import { fieldError, InputError, type ProtocolError } from '../errors.js';

/** Non-empty hex of at most 4096 digits: the service's B and salt are a few hundred; longer is hostile. */
export const HEX = /^[\da-f]{1,4096}$/i;

function bad(field = 'value', problem = 'is not hex'): ProtocolError {
  return fieldError(field, problem);
}

function nonNegative(n: bigint): void {
  if (typeof n !== 'bigint' || n < 0n) throw new InputError('expected a non-negative bigint');
}

/**
 * The minimal two's-complement big-endian hex of a non-negative integer: even length, with a leading `00` when the
 * first digit is 8-f (so the value never reads as negative). This is what Cognito hashes, not RFC 5054's pad-to-|N|.
 */
export function padHex(n: bigint): string {
  nonNegative(n);
  const hex = n.toString(16);
  return hex.length % 2 ? `0${hex}` : /^[89a-f]/.test(hex) ? `00${hex}` : hex;
}

/** The bytes of padHex(n): what SRP hashes for an integer. */
export function padBytes(n: bigint): Uint8Array {
  return bytesFromHex(padHex(n));
}

/** Plain lower-case hex of a non-negative integer, no padding: the form in which clients send SRP_A. */
export function hexFromBigInt(n: bigint): string {
  nonNegative(n);
  return n.toString(16);
}

/**
 * Parses a hex integer as the service sends it (any length, either case, no prefix, no whitespace).
 * Anything else is a ProtocolError naming the field, never echoing the value.
 */
export function bigIntFromHex(hex: string, field?: string): bigint {
  if (typeof hex !== 'string' || !/^[\da-f]+$/i.test(hex)) throw bad(field);
  return BigInt(`0x${hex}`);
}

/** Big-endian unsigned integer from bytes; empty bytes are 0. */
export function bigIntFromBytes(bytes: Uint8Array): bigint {
  return BigInt(`0x0${hexFromBytes(bytes)}`);
}

/** Lower-case hex of bytes. */
export function hexFromBytes(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => (b | 256).toString(16).slice(1)).join('');
}

/** Bytes from an even-length hex string (either case). Anything else is a ProtocolError naming the field. */
export function bytesFromHex(hex: string, field?: string): Uint8Array {
  if (typeof hex !== 'string' || !/^([\da-f]{2})*$/i.test(hex)) throw bad(field);
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

// RFC 4648's table up to its last two characters, which differ between base64 and base64url.
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const BASE64 = LETTERS + LETTERS.toLowerCase() + '0123456789';

function encode(bytes: Uint8Array, url?: boolean): string {
  const alphabet = BASE64 + (url ? '-_' : '+/');
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const left = bytes.length - i;
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]!;
    out += left > 1 ? alphabet[(n >> 6) & 63]! : url ? '' : '=';
    out += left > 2 ? alphabet[n & 63]! : url ? '' : '=';
  }
  return out;
}

/** Standard base64 (RFC 4648 section 4) with padding. */
export function base64FromBytes(bytes: Uint8Array): string {
  return encode(bytes);
}

/** base64url without padding (RFC 4648 section 5), the form of JWT segments and WebAuthn's buffers. */
export function base64URLFromBytes(bytes: Uint8Array): string {
  return encode(bytes, true);
}

/**
 * Decodes canonical base64: only the alphabet, and exactly what encoding the bytes again gives (so padding is
 * right and the unused trailing bits are zero). `url`: the URL alphabet without padding (section 5).
 */
function decode(text: string, url?: boolean): Uint8Array | undefined {
  const alphabet = BASE64 + (url ? '-_' : '+/');
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const char of url ? text : text.replace(/==?$/, '')) {
    const value = alphabet.indexOf(char);
    if (value < 0) return undefined;
    acc = ((acc << 6) | value) & 0xfff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 255);
    }
  }
  const bytes = Uint8Array.from(out);
  return encode(bytes, url) === text ? bytes : undefined;
}

/**
 * Decodes canonical standard base64: padded, no whitespace, no URL-safe letters, unused trailing bits zero.
 * A lenient decoder would turn a corrupted SECRET_BLOCK into different bytes and a signature the service rejects
 * for a reason nobody can see; failing here names the field instead.
 */
export function bytesFromBase64(b64: string, field?: string): Uint8Array {
  const bytes = typeof b64 === 'string' ? decode(b64) : undefined;
  if (!bytes) throw bad(field, 'is not canonical base64');
  return bytes;
}

/**
 * Decodes unpadded base64url. Returns undefined on any character outside the alphabet, an impossible length, or
 * non-zero trailing bits: a JWT segment that is not canonical is garbage, not something to guess at.
 */
export function bytesFromBase64URL(text: string): Uint8Array | undefined {
  // `+`, `/` and `=` are outside the URL alphabet, so decode refuses them like any other stranger.
  return decode(text, true);
}

/**
 * UTF-8 bytes of a string (lone surrogates become U+FFFD, as in every UTF-8 encoder). ECMAScript's
 * encodeURIComponent is its UTF-8 encoder: it percent-escapes every byte of a non-ASCII character and throws only
 * on lone surrogates, replaced first. unescape (ECMA-262 Annex B, in every engine) then turns each `%XX` into the
 * character of that byte, and encodeURIComponent's output holds nothing else it would touch (a `%` is `%25`).
 */
export function utf8Bytes(s: string): Uint8Array {
  const escaped = encodeURIComponent(s.replace(/[\ud800-\udfff]/gu, '\ufffd'));
  return Uint8Array.from(unescape(escaped), (char) => char.charCodeAt(0));
}

/**
 * Decodes UTF-8, rejecting overlong forms, surrogates and truncated sequences (a BOM is kept as a character).
 * ECMAScript's decodeURIComponent decodes percent-escaped octets with exactly RFC 3629's rules and throws on the rest.
 */
export function utf8FromBytes(bytes: Uint8Array): string | undefined {
  try {
    return decodeURIComponent(Array.from(bytes, (b) => `%${(b | 256).toString(16).slice(1)}`).join(''));
  } catch {
    return undefined;
  }
}
