// fromBase64URL now decodes with core's codec; it must accept and refuse exactly what the decoder it replaced did
// (kept here, verbatim, as the oracle): padding, standard base64 characters and non-zero unused trailing bits are
// all still accepted, since WebAuthn servers send them.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64URL } from '../src/passkeys/base64url.js';

// The decoder of packages/browser/src/passkeys/base64url.ts before it used core's codec.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP: Record<string, number> = {};
for (let i = 0; i < ALPHABET.length; i += 1) LOOKUP[ALPHABET[i]!] = i;
function previousDecoder(text: string): number[] | 'refused' {
  const clean = text.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  if (clean.length % 4 === 1) return 'refused';
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (const char of clean) {
    const digit = LOOKUP[char];
    if (digit === undefined) return 'refused';
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 255;
    }
  }
  return [...out];
}

function current(text: string): number[] | 'refused' {
  try {
    return [...new Uint8Array(fromBase64URL(text, 'x'))];
  } catch (error) {
    expect(error).toMatchObject({ name: 'ProtocolError', field: 'x' });
    return 'refused';
  }
}

describe('fromBase64URL on core codec', () => {
  it('accepts padding, standard characters and non-zero unused bits, as before', () => {
    // 'QR' and 'QUF' carry set unused bits: the canonical forms are 'QQ' and 'QUE'.
    for (const [text, bytes] of [
      ['QR', [0x41]],
      ['QUF', [0x41, 0x41]],
      ['QQ==', [0x41]],
      ['QR==', [0x41]],
      ['+/8', [251, 255]],
      ['-_-_', [251, 255, 191]],
      ['', []],
    ] as const) {
      expect(current(text), text).toEqual(bytes);
    }
  });

  it('accepts and refuses exactly what the previous decoder did, with the same bytes (property)', () => {
    const char = fc.constantFrom(...`${ALPHABET}+/=. $ü`.split(''));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        expect(current(text)).toEqual(previousDecoder(text));
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALPHABET.split('')), { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        expect(current(text)).toEqual(previousDecoder(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('gives a fresh ArrayBuffer of exactly the decoded length', () => {
    const buffer = fromBase64URL('QUF', 'x');
    expect(buffer).toBeInstanceOf(ArrayBuffer);
    expect(buffer.byteLength).toBe(2);
    expect(fromBase64URL('QUF', 'x')).not.toBe(buffer);
  });
});
