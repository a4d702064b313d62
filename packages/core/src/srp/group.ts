// The SRP group Cognito uses: RFC 3526 group 15 (3072-bit MODP), g = 2, and k = H(padHex(N) | padHex(g)).

import { bigIntFromBytes, bytesFromHex, padHex } from './codec.js';
import { sha256 } from './sha256.js';

/** atan(1/x), scaled by 2^3000 (the Gregory series; x >= 5 makes it converge fast). */
function arctanInverse(x: bigint): bigint {
  let sum = 0n;
  let term = (1n << 3000n) / x;
  for (let n = 1n; term; n += 2n) {
    sum += term / (n & 2n ? -n : n);
    term /= x * x;
  }
  return sum;
}

/**
 * N: the 3072-bit safe prime of RFC 3526, section 4, computed as the RFC defines it rather than spelled out in
 * hex (smaller in a bundle): 2^3072 - 2^3008 - 1 + 2^64 * (floor(2^2942 * pi) + 1690314). pi comes from Machin's
 * formula, pi = 16 atan(1/5) - 4 atan(1/239), with 58 guard bits; a test checks N against the RFC's digits.
 */
export const SRP_N: bigint =
  (1n << 3072n) -
  (1n << 3008n) -
  1n +
  (((16n * arctanInverse(5n) - 4n * arctanInverse(239n)) >> 58n) + 1690314n) * (1n << 64n);

/** g = 2. */
export const SRP_G: bigint = 2n;

/** Cognito's multiplier: SHA-256 over the padHex bytes of N and g (not RFC 5054's padding to |N|). */
export const SRP_K: bigint = bigIntFromBytes(sha256(bytesFromHex(padHex(SRP_N) + padHex(SRP_G))));
