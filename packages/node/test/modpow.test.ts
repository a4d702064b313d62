// opensslModPow and nodeRandom against the pure path: random and edge inputs, moduli OpenSSL refuses.

import { modPowBigInt, SRP_N } from '@cogflow/core';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { opensslModPow } from '../src/modpow.js';

// Count what reaches OpenSSL, so a fallback that silently took every input would show up here.
const openssl = vi.hoisted(() => ({ contexts: 0, secrets: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return {
    ...actual,
    createDiffieHellman: (...args: Parameters<typeof actual.createDiffieHellman>) => {
      openssl.contexts++;
      const dh = actual.createDiffieHellman(...args);
      const computeSecret = dh.computeSecret.bind(dh) as (key: Buffer) => Buffer;
      dh.computeSecret = ((key: Buffer) => {
        const out = computeSecret(key);
        openssl.secrets++;
        return out;
      }) as typeof dh.computeSecret;
      return dh;
    },
  };
});

import { nodeRandom } from '../src/random.js';

// Textbook square-and-multiply, independent of both implementations under test.
function reference(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (modulus === 1n) return 0n;
  let b = ((base % modulus) + modulus) % modulus;
  let e = exponent;
  let r = 1n;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return r;
}

const bigBelow = (bits: number): fc.Arbitrary<bigint> =>
  fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n });

describe('opensslModPow', () => {
  it('computes SRP-sized exponentiations on OpenSSL, reusing one context per modulus', () => {
    const before = { ...openssl };
    for (let i = 1; i <= 5; i++) {
      const exponent = (1n << 1023n) + BigInt(i) * 0x1234567n;
      expect(opensslModPow(2n, exponent, SRP_N)).toBe(reference(2n, exponent, SRP_N));
      expect(opensslModPow(SRP_N / 7n, exponent, SRP_N)).toBe(reference(SRP_N / 7n, exponent, SRP_N));
    }
    expect(openssl.secrets - before.secrets).toBe(10);
    expect(openssl.contexts - before.contexts).toBeLessThanOrEqual(1);
  });

  it('matches the pure path and the reference on random bases and exponents mod N', () => {
    fc.assert(
      fc.property(bigBelow(3200), bigBelow(1100), (base, exponent) => {
        const expected = reference(base, exponent, SRP_N);
        expect(opensslModPow(base, exponent, SRP_N)).toBe(expected);
        expect(modPowBigInt(base, exponent, SRP_N)).toBe(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('is right on the bases and exponents OpenSSL refuses (falls back)', () => {
    const bases = [0n, 1n, 2n, SRP_N - 2n, SRP_N - 1n, SRP_N, SRP_N + 1n, 2n * SRP_N, 2n * SRP_N + 2n];
    const exponents = [0n, 1n, 2n, 3n, (1n << 1024n) - 1n, SRP_N - 1n, SRP_N, SRP_N * SRP_N + 7n];
    for (const base of bases) {
      for (const exponent of exponents) {
        expect(opensslModPow(base, exponent, SRP_N)).toBe(reference(base, exponent, SRP_N));
      }
    }
  });

  it('is right for moduli OpenSSL will not use as a DH prime: even, small, composite, 1', () => {
    const moduli = [
      1n,
      2n,
      3n,
      97n,
      1000n,
      (1n << 600n) + 1n,
      (1n << 600n) + 2n,
      SRP_N * 3n,
      (1n << 700n) - 1n,
    ];
    fc.assert(
      fc.property(fc.constantFrom(...moduli), bigBelow(800), bigBelow(300), (modulus, base, exponent) => {
        expect(opensslModPow(base, exponent, modulus)).toBe(reference(base, exponent, modulus));
        expect(modPowBigInt(base, exponent, modulus)).toBe(reference(base, exponent, modulus));
      }),
      { numRuns: 80 },
    );
  });

  it('keeps giving right answers when many moduli evict each other from its context cache', () => {
    // Odd composites of 513..530 bits: OpenSSL computes with them; the cache holds only a few.
    for (let i = 0; i < 12; i++) {
      const modulus = (1n << BigInt(512 + i)) + BigInt(2 * i + 1);
      const base = (modulus / 3n) | 1n;
      const exponent = (1n << 200n) + BigInt(i);
      expect(opensslModPow(base, exponent, modulus)).toBe(reference(base, exponent, modulus));
    }
  });
});

describe('nodeRandom', () => {
  it('returns plain Uint8Arrays of the requested length that differ between calls', () => {
    for (const length of [0, 1, 16, 40, 128, 70_000]) {
      const bytes = nodeRandom.bytes(length);
      expect(bytes).toBeInstanceOf(Uint8Array);
      expect(bytes.length).toBe(length);
    }
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) seen.add(Buffer.from(nodeRandom.bytes(16)).toString('hex'));
    expect(seen.size).toBe(50);
  });

  it('rejects a length that is not a non-negative integer', () => {
    for (const length of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => nodeRandom.bytes(length)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
  });
});
