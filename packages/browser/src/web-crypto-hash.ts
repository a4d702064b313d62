// The Hash port on WebCrypto's SubtleCrypto (W3C Web Cryptography API): SHA-256 digest and HMAC-SHA256 sign, so a
// browser bundle carries no hash implementation of its own.

import { type Hash, InputError } from '@cogflow/core';

/** The part of SubtleCrypto the port uses. */
export type SubtleHash = Pick<SubtleCrypto, 'digest' | 'importKey' | 'sign'>;

export interface WebCryptoHashOptions {
  /** The Crypto whose `subtle` hashes (default the global `crypto`, looked up when the port is made). */
  crypto?: { subtle?: SubtleHash };
}

/**
 * SHA-256 and HMAC-SHA256 from crypto.subtle, in pages and workers alike. SubtleCrypto exists only in secure
 * contexts (https, localhost): elsewhere making the port still works (the module and the page load), and the first
 * hash rejects with an InputError that says what to do; `nobleHash` from @cogflow/core works anywhere.
 */
export function webCryptoHash(options: WebCryptoHashOptions = {}): Hash {
  const found = (options.crypto ?? (globalThis as { crypto?: { subtle?: SubtleHash } }).crypto)?.subtle;
  const usable = typeof found?.digest === 'function' && typeof found.sign === 'function';
  const subtle = (): SubtleHash => {
    // Said at the first hash, so that a page served over plain http loads and tells the person what to do.
    if (!usable) {
      throw new InputError(
        'Signing in needs crypto.subtle, which browsers give only to secure pages: serve this page over https (or ' +
          'http://localhost), or pass hash: nobleHash from @cogflow/core to createBrowserAuth',
      );
    }
    return found;
  };
  return {
    async sha256(data) {
      return new Uint8Array(await subtle().digest('SHA-256', data as BufferSource));
    },
    async hmacSHA256(key, data) {
      const crypto = subtle();
      // WebCrypto refuses an empty HMAC key; RFC 2104 pads every short key with zeros to the block length (64 bytes
      // for SHA-256, section 2), so a block of zeros is the same key.
      const raw = key.length ? key : new Uint8Array(64);
      // Copied now: the caller's bytes may change while importKey is pending.
      const message = data.slice();
      const handle = await crypto.importKey(
        'raw',
        raw as BufferSource,
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['sign'],
      );
      return new Uint8Array(await crypto.sign('HMAC', handle, message));
    },
  };
}
