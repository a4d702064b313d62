// Pure-BigInt modular exponentiation: a fixed 4-bit window, left to right (HAC 14.82). Small rather than fastest:
// it ships in every browser bundle; runtimes with a native modexp inject that instead.

import { InputError } from '../errors.js';
import type { ModPow } from '../ports.js';

// SECURITY: this is not constant-time. BigInt multiplication and division take time that depends on the operands,
// and the window lookups depend on exponent bits. Runtimes that have a native modexp (Node's OpenSSL through
// @cogflow/node) should inject that instead; this is the portable fallback for browsers and workers.

/** base^exponent mod modulus with BigInt only. Not constant-time (see above). */
export const modPowBigInt: ModPow = (base: bigint, exponent: bigint, modulus: bigint): bigint => {
  if (
    typeof base + typeof exponent + typeof modulus !== 'bigintbigintbigint' ||
    modulus <= 0n ||
    exponent < 0n
  ) {
    throw new InputError('modPow takes bigints with modulus > 0 and exponent >= 0');
  }
  return modPow(base, exponent, modulus);
};

/** modPowBigInt without the argument checks: the client's default, which only ever passes bigints mod N. */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  // table[i] = base^i mod modulus, for each hex digit i of the exponent.
  const table = [1n % modulus];
  for (let i = 1; i < 16; i++) table[i] = (table[i - 1]! * base) % modulus;
  let result = table[0]!;
  for (const digit of exponent.toString(16)) {
    for (let i = 0; i < 4; i++) result = (result * result) % modulus;
    result = (result * table[parseInt(digit, 16)]!) % modulus;
  }
  return result < 0n ? result + modulus : result;
}
