// nobleHash, the synchronous Hash port srp/sha256.ts wires from @noble/hashes: NIST FIPS 180-4 example vectors
// and RFC 4231 cases, so a wrong import (another hash, HMAC's arguments swapped) cannot go unnoticed.

import { describe, expect, it } from 'vitest';
import { nobleHash as packageNobleHash } from '../src/index.js';
import { hexFromBytes, nobleHash } from '../src/srp/index.js';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** nobleHash is documented as synchronous: a Promise here would be a failure, not something to await. */
function sync(value: Uint8Array | PromiseLike<Uint8Array>): Uint8Array {
  expect(value).toBeInstanceOf(Uint8Array);
  return value as Uint8Array;
}
const sha256 = (data: Uint8Array): Uint8Array => sync(nobleHash.sha256(data));
const hmacSHA256 = (key: Uint8Array, data: Uint8Array): Uint8Array => sync(nobleHash.hmacSHA256(key, data));

describe('nobleHash', () => {
  it('is the one the package index exports', () => {
    expect(packageNobleHash).toBe(nobleHash);
  });
});

describe('nobleHash.sha256', () => {
  it('matches the FIPS 180-4 example vectors (appendix B and the NIST CSRC examples)', () => {
    expect(hexFromBytes(sha256(text('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(hexFromBytes(sha256(new Uint8Array(0)))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(hexFromBytes(sha256(text('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(hexFromBytes(sha256(new Uint8Array(1_000_000).fill(0x61)))).toBe(
      'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0',
    );
  });
});

describe('nobleHash.hmacSHA256', () => {
  it('matches RFC 4231 test cases 1, 2 and 6 (a key longer than the block)', () => {
    expect(hexFromBytes(hmacSHA256(new Uint8Array(20).fill(0x0b), text('Hi There')))).toBe(
      'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    );
    expect(hexFromBytes(hmacSHA256(text('Jefe'), text('what do ya want for nothing?')))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    expect(
      hexFromBytes(
        hmacSHA256(
          new Uint8Array(131).fill(0xaa),
          text('Test Using Larger Than Block-Size Key - Hash Key First'),
        ),
      ),
    ).toBe('60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54');
  });
});
