// An asynchronous Hash port for tests: nobleHash's digests, each delivered on a later macrotask, with call counts,
// so a test can prove that SRP, SECRET_HASH and the machine await the port (as WebCrypto's would need).

import { setImmediate } from 'node:timers/promises';
import type { Hash } from '../src/ports.js';
import { nobleHash } from '../src/srp/index.js';

export interface CountingAsyncHash extends Hash {
  sha256(data: Uint8Array): Promise<Uint8Array>;
  hmacSHA256(key: Uint8Array, data: Uint8Array): Promise<Uint8Array>;
  /** How many times each function was called. */
  readonly calls: { sha256: number; hmacSHA256: number };
}

/** A Hash whose answers arrive only after a macrotask: no caller can read them without awaiting. */
export function asyncHash(): CountingAsyncHash {
  const calls = { sha256: 0, hmacSHA256: 0 };
  return {
    calls,
    async sha256(data) {
      calls.sha256++;
      // Hash before yielding: the caller may reuse its buffer once the call returns.
      const digest = nobleHash.sha256(data) as Uint8Array;
      await setImmediate();
      return digest;
    },
    async hmacSHA256(key, data) {
      calls.hmacSHA256++;
      const mac = nobleHash.hmacSHA256(key, data) as Uint8Array;
      await setImmediate();
      return mac;
    },
  };
}
