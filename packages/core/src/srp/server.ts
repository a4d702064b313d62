// The service's half of Cognito's SRP-6a, for the emulator and tests: B = k*v + g^b, S = (A * v^u)^b mod N.

import { InputError } from '../errors.js';
import type { ModPow, Random } from '../ports.js';
import { bigIntFromBytes, hexFromBigInt } from './codec.js';
import { draw, UNUSABLE } from './ephemeral.js';
import { SRP_G, SRP_K, SRP_N } from './group.js';

export interface SRPServerEphemeral {
  /** The server secret. Never log or serialise it. */
  b: bigint;
  B: bigint;
  /** SRP_B as the service sends it: plain lower-case hex. */
  srpB: string;
}

/**
 * Draws b (`secretBytes` random bytes, default 128) and B = (k * v + g^b) mod N for a stored verifier v; B is never
 * 0 mod N. A smaller b (at least 32 bytes, RFC 5054's advice of 256 bits) makes both of the server's modPows
 * cheaper: the emulator uses 32 so that the SRP sign-ins of a test suite stay fast.
 */
export function createSRPServerEphemeral(input: {
  verifier: bigint;
  random: Random;
  modPow: ModPow;
  secretBytes?: number;
}): SRPServerEphemeral {
  if (typeof input.verifier !== 'bigint' || input.verifier <= 0n || input.verifier >= SRP_N) {
    throw new InputError('verifier must be a bigint in [1, N): make it with computeVerifier');
  }
  const size = input.secretBytes ?? 128;
  if (!Number.isInteger(size) || size < 32 || size > 384)
    throw new InputError('secretBytes must be an integer from 32 to 384');
  for (let round = 0; round < 8; round++) {
    const b = bigIntFromBytes(draw(input.random, size));
    if (b === 0n) continue;
    const B = (SRP_K * input.verifier + input.modPow(SRP_G, b, SRP_N)) % SRP_N;
    if (B === 0n) continue;
    return { b, B, srpB: hexFromBigInt(B) };
  }
  throw new InputError(UNUSABLE);
}

/** The server's premaster secret S = (A * v^u)^b mod N; the caller must refuse A = 0 mod N first. */
export function computeServerS(input: {
  A: bigint;
  verifier: bigint;
  u: bigint;
  b: bigint;
  modPow: ModPow;
}): bigint {
  if (input.A % SRP_N === 0n) throw new InputError('A must not be 0 mod N: refuse this SRP_A');
  const base = (input.A * input.modPow(input.verifier, input.u, SRP_N)) % SRP_N;
  return input.modPow(base, input.b, SRP_N);
}
