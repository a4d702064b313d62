// The Random port on Node's CSPRNG (node:crypto randomFillSync, OpenSSL's RAND_bytes).

import { randomFillSync } from 'node:crypto';
import { mustBe, type Random } from '@cogflow/core';

export const nodeRandom: Random = {
  bytes(length: number): Uint8Array {
    if (!Number.isSafeInteger(length) || length < 0)
      throw mustBe('Random.bytes length', 'a non-negative safe integer');
    // A plain Uint8Array of its own, not a Buffer slice of a shared pool.
    return randomFillSync(new Uint8Array(length));
  },
};
