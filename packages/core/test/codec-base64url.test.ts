// base64URLFromBytes, exported for the browser's passkeys: RFC 4648 section 10's vectors in the URL alphabet without
// padding, and the round trip through bytesFromBase64URL.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64URLFromBytes, bytesFromBase64URL, utf8Bytes } from '../src/srp/codec.js';

describe('base64URLFromBytes', () => {
  it('RFC 4648 section 10 vectors, URL alphabet, no padding', () => {
    const vectors: Array<[string, string]> = [
      ['', ''],
      ['f', 'Zg'],
      ['fo', 'Zm8'],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg'],
      ['fooba', 'Zm9vYmE'],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, encoded] of vectors) expect(base64URLFromBytes(utf8Bytes(plain))).toBe(encoded);
    expect(base64URLFromBytes(Uint8Array.of(251, 255, 191))).toBe('-_-_');
  });

  it('round-trips through bytesFromBase64URL (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const text = base64URLFromBytes(bytes);
        expect(text).not.toMatch(/[+/=]/);
        expect(bytesFromBase64URL(text)).toEqual(bytes);
      }),
    );
  });
});
