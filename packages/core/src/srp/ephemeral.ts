// The client's SRP ephemeral pair: a = 128 random bytes, A = g^a mod N, sent as plain lower-case hex (SRP-6a).

import { InputError } from '../errors.js';
import type { ModPow, Random } from '../ports.js';
import { bigIntFromBytes } from './codec.js';
import { SRP_G, SRP_N } from './group.js';
import { modPow } from './mod-pow.js';

export interface SRPEphemeral {
  /** The client secret. Never log, store or serialise it. */
  a: bigint;
  A: bigint;
  /** SRP_A as Cognito's own clients send it: `A.toString(16)`, no padding. */
  srpA: string;
}

/** `length` bytes from the Random port, checked: a broken port must not weaken a secret silently. */
/** Shared with the server's ephemeral: a port whose bytes never make a usable secret is not random. */
export const UNUSABLE = 'The random port must return random bytes';

export function draw(random: Random, length: number): Uint8Array {
  const bytes = random.bytes(length);
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new InputError(`Random.bytes(${length}) is short`);
  }
  return bytes;
}

/** `ports.modPow` defaults to core's pure-BigInt one. */
export function createSRPEphemeral(ports: { random: Random; modPow?: ModPow | undefined }): SRPEphemeral {
  // A working CSPRNG needs one draw (A is never 0 mod a prime); a broken one must not loop forever.
  for (let round = 0; round < 8; round++) {
    const a = bigIntFromBytes(draw(ports.random, 128));
    // a = 0 would make A = 1 and the session key public; A mod N = 0 is what SRP-6a forbids.
    const A = (ports.modPow ?? modPow)(SRP_G, a, SRP_N);
    if (a && A % SRP_N && A !== 1n) return { a, A, srpA: A.toString(16) };
  }
  throw new InputError(UNUSABLE);
}
