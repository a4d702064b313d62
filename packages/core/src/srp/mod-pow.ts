// Pure-BigInt modular exponentiation: sliding window in general, a Lim-Lee fixed-base comb for g = 2 mod N.

import { InputError } from '../errors.js';
import type { ModPow } from '../ports.js';
import { SRP_G, SRP_N } from './group.js';

// SECURITY: this is not constant-time. BigInt multiplication and division take time that depends on the operands,
// and the window scan branches on exponent bits. Runtimes that have a native modexp (Node's OpenSSL through
// @cogflow/node) should inject that instead; this is the portable fallback for browsers and workers.

/** Window width for a sliding-window exponentiation of an exponent of `bits` bits (fewest multiplications). */
function windowWidth(bits: number): number {
  if (bits <= 24) return 1;
  if (bits <= 80) return 3;
  if (bits <= 240) return 4;
  if (bits <= 672) return 5;
  if (bits <= 1792) return 6;
  return 7;
}

/** Left-to-right sliding window over the binary digits of the exponent; base already reduced. */
function slidingWindow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  const bits = exponent.toString(2);
  const w = windowWidth(bits.length);
  // Odd powers base^1, base^3, ..., base^(2^w - 1).
  const odd: bigint[] = [base];
  if (w > 1) {
    const square = (base * base) % modulus;
    for (let i = 1; i < 1 << (w - 1); i++) odd.push((odd[i - 1]! * square) % modulus);
  }
  let result = 1n;
  let started = false;
  let i = 0;
  while (i < bits.length) {
    if (bits.charCodeAt(i) === 0x30) {
      if (started) result = (result * result) % modulus;
      i++;
      continue;
    }
    // Longest window of at most w digits starting here that ends in a 1.
    let end = Math.min(i + w, bits.length);
    while (bits.charCodeAt(end - 1) === 0x30) end--;
    const value = Number.parseInt(bits.slice(i, end), 2);
    if (started) {
      for (let s = i; s < end; s++) result = (result * result) % modulus;
      result = (result * odd[value >> 1]!) % modulus;
    } else {
      result = odd[value >> 1]!;
      started = true;
    }
    i = end;
  }
  return result;
}

// Lim-Lee comb for the fixed base g mod N: the exponent's bits are laid out in COMB_ROWS rows of COMB_COLUMNS bits;
// table[j] = prod over set bits i of j of g^(2^(i * COMB_COLUMNS)). An exponent of up to 1024 bits (the client
// secret a, and x) then costs COMB_COLUMNS squarings and at most as many multiplications instead of ~1200.
const COMB_ROWS = 8;
const COMB_COLUMNS = 128;
let combTable: bigint[] | undefined;

function buildCombTable(): bigint[] {
  const rowBases: bigint[] = [SRP_G % SRP_N];
  for (let r = 1; r < COMB_ROWS; r++) {
    let v = rowBases[r - 1]!;
    for (let s = 0; s < COMB_COLUMNS; s++) v = (v * v) % SRP_N;
    rowBases.push(v);
  }
  const table: bigint[] = new Array<bigint>(1 << COMB_ROWS);
  table[0] = 1n;
  for (let j = 1; j < 1 << COMB_ROWS; j++) {
    const low = 31 - Math.clz32(j);
    const rest = j & ~(1 << low);
    table[j] = rest === 0 ? rowBases[low]! : (table[rest]! * rowBases[low]!) % SRP_N;
  }
  return table;
}

function fixedBaseComb(exponent: bigint): bigint {
  combTable ??= buildCombTable();
  const table = combTable;
  const bits = exponent.toString(2);
  const length = bits.length;
  // Bit at position p (0 = least significant) is bits[length - 1 - p].
  let result = 1n;
  let started = false;
  for (let col = COMB_COLUMNS - 1; col >= 0; col--) {
    if (started) result = (result * result) % SRP_N;
    let index = 0;
    for (let row = 0; row < COMB_ROWS; row++) {
      const p = row * COMB_COLUMNS + col;
      if (p < length && bits.charCodeAt(length - 1 - p) === 0x31) index |= 1 << row;
    }
    if (index !== 0) {
      result = started ? (result * table[index]!) % SRP_N : table[index]!;
      started = true;
    }
  }
  return result;
}

/** base^exponent mod modulus with BigInt only. Not constant-time (see above). */
export const modPowBigInt: ModPow = (base: bigint, exponent: bigint, modulus: bigint): bigint => {
  if (typeof base !== 'bigint' || typeof exponent !== 'bigint' || typeof modulus !== 'bigint') {
    throw new InputError('modPow takes bigints');
  }
  if (modulus <= 0n) throw new InputError('modPow needs a positive modulus');
  if (exponent < 0n) throw new InputError('modPow needs a non-negative exponent');
  if (modulus === 1n) return 0n;
  let b = base % modulus;
  if (b < 0n) b += modulus;
  if (exponent === 0n) return 1n;
  if (b <= 1n) return b;
  if (b === SRP_G && modulus === SRP_N && exponent < 1n << BigInt(COMB_ROWS * COMB_COLUMNS)) {
    return fixedBaseComb(exponent);
  }
  return slidingWindow(b, exponent, modulus);
};
