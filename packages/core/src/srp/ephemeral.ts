// The client's SRP ephemeral pair: a = 128 random bytes, A = g^a mod N, sent as plain lower-case hex (SRP-6a).

import { InputError } from '../errors.js';
import type { ModPow, Random } from '../ports.js';
import { bigIntFromBytes, hexFromBigInt } from './codec.js';
import { SRP_G, SRP_N } from './group.js';

const SECRET_BYTES = 128;
// A working CSPRNG needs one draw (A is never 0 mod a prime); a broken one must not loop forever.
const MAX_DRAWS = 8;

export interface SRPEphemeral {
  /** The client secret. Never log, store or serialise it. */
  a: bigint;
  A: bigint;
  /** SRP_A as Cognito's own clients send it: `A.toString(16)`, no padding. */
  srpA: string;
}

export function createSRPEphemeral(ports: { random: Random; modPow: ModPow }): SRPEphemeral {
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const bytes = ports.random.bytes(SECRET_BYTES);
    if (!(bytes instanceof Uint8Array) || bytes.length !== SECRET_BYTES) {
      throw new InputError(`Random.bytes(${SECRET_BYTES}) returned the wrong number of bytes`);
    }
    const a = bigIntFromBytes(bytes);
    // a = 0 would make A = 1 and the session key public; A mod N = 0 is what SRP-6a forbids.
    if (a === 0n) continue;
    const A = ports.modPow(SRP_G, a, SRP_N);
    if (A % SRP_N === 0n || A === 1n) continue;
    return { a, A, srpA: hexFromBigInt(A) };
  }
  throw new InputError('the Random port keeps returning unusable SRP secrets');
}
