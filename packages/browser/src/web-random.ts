// The Random port on WebCrypto's getRandomValues (W3C Web Cryptography API), which fills at most 65536 bytes a call.

import { InputError, type Random } from '@cogflow/core';

export interface WebRandomOptions {
  /** The Crypto to draw from (default the global `crypto`, looked up when the port is made). */
  crypto?: Pick<Crypto, 'getRandomValues'>;
}

/** A CSPRNG from crypto.getRandomValues, in pages and workers alike. */
export function webRandom(options: WebRandomOptions = {}): Random {
  const source = options.crypto ?? (globalThis as { crypto?: Pick<Crypto, 'getRandomValues'> }).crypto;
  if (typeof source?.getRandomValues !== 'function') {
    throw new InputError('webRandom needs crypto.getRandomValues');
  }
  return {
    bytes(length: number): Uint8Array {
      if (!Number.isSafeInteger(length) || length < 0) {
        throw new InputError('webRandom: bad length');
      }
      const out = new Uint8Array(length);
      // getRandomValues throws a QuotaExceededError above 65536 bytes; subarray stops at the end by itself.
      for (let offset = 0; offset < length; offset += 65536) {
        source.getRandomValues(out.subarray(offset, offset + 65536));
      }
      return out;
    },
  };
}
