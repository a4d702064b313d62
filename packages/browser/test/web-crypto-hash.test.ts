// webCryptoHash on Node's WebCrypto (globalThis.crypto.subtle): NIST and RFC 4231 known answers, properties against
// @noble/hashes (and node:crypto's OpenSSL HMAC for the empty key), the injected crypto, and its typed failure.

import { createHmac } from 'node:crypto';
import { CogflowError, InputError } from '@cogflow/core';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type SubtleHash, webCryptoHash } from '../src/web-crypto-hash.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const fill = (length: number, byte: number): Uint8Array => new Uint8Array(length).fill(byte);
const nobleHMAC = (key: Uint8Array, data: Uint8Array): string => hex(hmac(sha256, key, data));

/** Keys of every length 0..200, with the HMAC edges (empty, exactly one block, one past it) drawn often. */
const keyArb = fc.oneof(
  fc.uint8Array({ minLength: 0, maxLength: 200 }),
  fc.constantFrom(0, 63, 64, 65).chain((length) => fc.uint8Array({ minLength: length, maxLength: length })),
);
const dataArb = fc.uint8Array({ minLength: 0, maxLength: 300 });

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('webCryptoHash known answers', () => {
  const hash = webCryptoHash();

  // FIPS 180-4 SHA-256 examples (NIST, "SHA256.pdf" in the CSRC example values): one block and two blocks.
  // The empty message: NIST CAVP SHAVS byte-oriented vectors, SHA256ShortMsg.rsp, Len = 0.
  it.each([
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ])('SHA-256(%j)', async (message, digest) => {
    expect(hex(await hash.sha256(utf8(message)))).toBe(digest);
  });

  // RFC 4231 section 4 (HMAC-SHA-256 rows): cases 1, 2 and 6; case 6 has a 131-byte key, longer than the block,
  // which HMAC hashes first (RFC 2104 section 2).
  it.each([
    [
      'RFC 4231 test case 1',
      fill(20, 0x0b),
      utf8('Hi There'),
      'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    ],
    [
      'RFC 4231 test case 2',
      utf8('Jefe'),
      utf8('what do ya want for nothing?'),
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    ],
    [
      'RFC 4231 test case 6',
      fill(131, 0xaa),
      utf8('Test Using Larger Than Block-Size Key - Hash Key First'),
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    ],
  ])('HMAC-SHA256, %s', async (_name, key, data, mac) => {
    expect(hex(await hash.hmacSHA256(key, data))).toBe(mac);
  });

  it('HMAC-SHA256 with an empty key equals OpenSSL (node:crypto) and noble, which take empty keys as they are', async () => {
    for (const data of [new Uint8Array(0), utf8('abc'), fill(200, 0x5c)]) {
      const expected = createHmac('sha256', Buffer.alloc(0)).update(data).digest('hex');
      expect(nobleHMAC(new Uint8Array(0), data)).toBe(expected);
      expect(hex(await hash.hmacSHA256(new Uint8Array(0), data))).toBe(expected);
    }
    // The widely published HMAC-SHA256("", "").
    expect(hex(await hash.hmacSHA256(new Uint8Array(0), new Uint8Array(0)))).toBe(
      'b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad',
    );
  });

  it('an empty key and a key of 64 zero bytes are the same HMAC key, but 63 or 65 zero bytes are not', async () => {
    const data = utf8('zero padding');
    const empty = hex(await hash.hmacSHA256(new Uint8Array(0), data));
    expect(hex(await hash.hmacSHA256(new Uint8Array(64), data))).toBe(empty);
    // Shorter zero keys pad to the same block too; a 65-byte key is hashed first, so it differs.
    expect(hex(await hash.hmacSHA256(new Uint8Array(63), data))).toBe(empty);
    expect(hex(await hash.hmacSHA256(new Uint8Array(65), data))).not.toBe(empty);
    expect(hex(await hash.hmacSHA256(new Uint8Array(65), data))).toBe(nobleHMAC(new Uint8Array(65), data));
  });
});

describe('webCryptoHash against @noble/hashes', () => {
  const hash = webCryptoHash();

  it('SHA-256 of any bytes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(dataArb, async (data) => {
        expect(hex(await hash.sha256(data))).toBe(hex(sha256(data)));
      }),
      { numRuns: 200 },
    );
  });

  it('HMAC-SHA256 for any key of 0..200 bytes and any data (property)', async () => {
    await fc.assert(
      fc.asyncProperty(keyArb, dataArb, async (key, data) => {
        expect(hex(await hash.hmacSHA256(key, data))).toBe(nobleHMAC(key, data));
      }),
      { numRuns: 300 },
    );
  });

  it('HMAC-SHA256 for every key length 0..200 (each length once, so the edges cannot be missed)', async () => {
    const data = utf8('every key length');
    for (let length = 0; length <= 200; length++) {
      const key = Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 0xff);
      expect(hex(await hash.hmacSHA256(key, data)), `key of ${length} bytes`).toBe(nobleHMAC(key, data));
    }
  });

  it('hashes a view of a larger buffer by its own bytes only', async () => {
    await fc.assert(
      fc.asyncProperty(
        keyArb,
        dataArb,
        fc.uint8Array({ minLength: 1, maxLength: 16 }),
        async (key, data, junk) => {
          const viewOf = (bytes: Uint8Array): Uint8Array => {
            const big = new Uint8Array(junk.length + bytes.length + junk.length);
            big.set(junk, 0);
            big.set(bytes, junk.length);
            big.set(junk, junk.length + bytes.length);
            return big.subarray(junk.length, junk.length + bytes.length);
          };
          expect(hex(await hash.sha256(viewOf(data)))).toBe(hex(sha256(data)));
          expect(hex(await hash.hmacSHA256(viewOf(key), viewOf(data)))).toBe(nobleHMAC(key, data));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('leaves the key and data arrays as they were, and answers in fresh 32-byte arrays (property)', async () => {
    await fc.assert(
      fc.asyncProperty(keyArb, dataArb, async (key, data) => {
        const keyBefore = hex(key);
        const dataBefore = hex(data);
        const digest = await hash.sha256(data);
        const mac = await hash.hmacSHA256(key, data);
        expect(hex(key)).toBe(keyBefore);
        expect(hex(data)).toBe(dataBefore);
        expect(key.length).toBe(keyBefore.length / 2);
        expect(data.length).toBe(dataBefore.length / 2);
        expect(digest).toBeInstanceOf(Uint8Array);
        expect(mac).toBeInstanceOf(Uint8Array);
        expect([digest.length, mac.length]).toEqual([32, 32]);
        expect(digest.buffer).not.toBe(data.buffer);
        expect(mac.buffer).not.toBe(data.buffer);
        expect(mac.buffer).not.toBe(key.buffer);
      }),
      { numRuns: 100 },
    );
  });

  it('leaves an empty key empty (the 64 zero bytes it signs with are its own)', async () => {
    const key = new Uint8Array(0);
    const data = utf8('x');
    await hash.hmacSHA256(key, data);
    expect(key.length).toBe(0);
    expect(key.buffer.byteLength).toBe(0);
  });
});

/** A SubtleCrypto whose every call is recorded and answered by Node's own, or by fixed bytes. */
function recordingSubtle(answer?: Uint8Array): {
  subtle: SubtleHash;
  digest: ReturnType<typeof vi.fn>;
  importKey: ReturnType<typeof vi.fn>;
  sign: ReturnType<typeof vi.fn>;
} {
  // Node's own functions, taken now, so that a later spy on the global subtle sees none of these calls.
  const subtle = globalThis.crypto.subtle;
  const real = {
    digest: subtle.digest.bind(subtle),
    importKey: subtle.importKey.bind(subtle) as typeof subtle.importKey,
    sign: subtle.sign.bind(subtle),
  };
  const digest = vi.fn(async (algorithm: AlgorithmIdentifier, data: BufferSource) =>
    answer ? answer.slice().buffer : real.digest(algorithm, data),
  );
  const importKey = vi.fn(
    (
      format: 'raw',
      key: BufferSource,
      algorithm: HmacImportParams,
      extractable: boolean,
      usages: KeyUsage[],
    ) => real.importKey(format, key, algorithm, extractable, usages),
  );
  const sign = vi.fn(async (algorithm: AlgorithmIdentifier, key: CryptoKey, data: BufferSource) =>
    answer ? answer.slice().buffer : real.sign(algorithm, key, data),
  );
  return { subtle: { digest, importKey, sign } as unknown as SubtleHash, digest, importKey, sign };
}

const bytesOf = (source: unknown): string =>
  hex(
    ArrayBuffer.isView(source)
      ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength)
      : new Uint8Array(source as ArrayBuffer),
  );

describe('webCryptoHash uses the crypto it is given', () => {
  it('an injected crypto answers every call, and the global one is not touched', async () => {
    const fixed = fill(32, 0x42);
    const recorded = recordingSubtle(fixed);
    const globalDigest = vi.spyOn(globalThis.crypto.subtle, 'digest');
    const globalImport = vi.spyOn(globalThis.crypto.subtle, 'importKey');
    const globalSign = vi.spyOn(globalThis.crypto.subtle, 'sign');
    const hash = webCryptoHash({ crypto: { subtle: recorded.subtle } });
    const key = utf8('key');
    const data = utf8('data');

    // The fixed bytes come back: the answers are the injected subtle's, not a hash computed elsewhere.
    expect(hex(await hash.sha256(data))).toBe(hex(fixed));
    expect(hex(await hash.hmacSHA256(key, data))).toBe(hex(fixed));

    expect(recorded.digest).toHaveBeenCalledTimes(1);
    expect(recorded.digest.mock.calls[0]![0]).toBe('SHA-256');
    expect(bytesOf(recorded.digest.mock.calls[0]![1])).toBe(hex(data));
    expect(recorded.importKey).toHaveBeenCalledTimes(1);
    const [format, rawKey, algorithm, extractable, usages] = recorded.importKey.mock.calls[0]!;
    expect([format, bytesOf(rawKey), algorithm, extractable, usages]).toEqual([
      'raw',
      hex(key),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    ]);
    expect(recorded.sign).toHaveBeenCalledTimes(1);
    const [signAlgorithm, handle, signed] = recorded.sign.mock.calls[0]!;
    expect(signAlgorithm).toBe('HMAC');
    expect(handle).toBe(await recorded.importKey.mock.results[0]!.value);
    expect(bytesOf(signed)).toBe(hex(data));

    expect(globalDigest).not.toHaveBeenCalled();
    expect(globalImport).not.toHaveBeenCalled();
    expect(globalSign).not.toHaveBeenCalled();
  });

  it('an empty key reaches importKey as 64 zero bytes, and the key it imports cannot be exported', async () => {
    const recorded = recordingSubtle();
    const hash = webCryptoHash({ crypto: { subtle: recorded.subtle } });
    await hash.hmacSHA256(new Uint8Array(0), utf8('m'));
    expect(bytesOf(recorded.importKey.mock.calls[0]![1])).toBe('00'.repeat(64));
    const handle = (await recorded.importKey.mock.results[0]!.value) as CryptoKey;
    expect(handle.extractable).toBe(false);
    expect(handle.usages).toEqual(['sign']);
  });

  it('signs the data as it was when hmacSHA256 was called, even if the caller changes it before importKey ends', async () => {
    const key = utf8('key');
    const data = utf8('the message as it was');
    const expected = nobleHMAC(key, data);
    const pending = webCryptoHash().hmacSHA256(key, data);
    data.fill(0);
    expect(hex(await pending)).toBe(expected);
  });

  it('without the option it uses the global crypto as it was when the port was made', async () => {
    const recorded = recordingSubtle(fill(32, 7));
    vi.stubGlobal('crypto', { subtle: recorded.subtle });
    const hash = webCryptoHash();
    vi.unstubAllGlobals();
    expect(hex(await hash.sha256(utf8('abc')))).toBe(hex(fill(32, 7)));
    expect(recorded.digest).toHaveBeenCalledTimes(1);
  });
});

describe('webCryptoHash without crypto.subtle', () => {
  const expectTyped = (make: () => unknown): void => {
    let caught: unknown;
    try {
      make();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect(caught).toBeInstanceOf(CogflowError);
    const error = caught as InputError;
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.name).toBe('InputError');
    expect(error.message).toMatch(/crypto\.subtle/);
    // It says what is missing and nothing else: no bytes, no key, no hex.
    expect(error.message).not.toMatch(/[0-9a-f]{8}/i);
    expect(error.message).not.toMatch(/secret|password|key=/i);
  };

  // Issue 17: a page served over plain http must load; the first operation says what to do.
  const atFirstHash = async (make: () => ReturnType<typeof webCryptoHash>): Promise<void> => {
    const hash = make();
    for (const use of [
      () => hash.sha256(new Uint8Array(1)),
      () => hash.hmacSHA256(new Uint8Array(1), new Uint8Array(1)),
    ]) {
      const rejected = await Promise.resolve()
        .then(use)
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expectTyped(() => {
        throw rejected;
      });
      expect((rejected as Error).message).toMatch(/https/);
      expect((rejected as Error).message).toMatch(/nobleHash/);
    }
  };

  it('an injected crypto without subtle: the port is made, and its first hash is an InputError (INVALID_INPUT)', async () => {
    await atFirstHash(() => webCryptoHash({ crypto: {} }));
    await atFirstHash(() => webCryptoHash({ crypto: { subtle: undefined } }));
    await atFirstHash(() => webCryptoHash({ crypto: { subtle: {} as SubtleHash } }));
  });

  it('a subtle with digest but without sign is refused at the first hash, digest included', async () => {
    const { digest } = globalThis.crypto.subtle;
    await atFirstHash(() => webCryptoHash({ crypto: { subtle: { digest } as unknown as SubtleHash } }));
  });

  it('no global crypto at all (an insecure context) is the same InputError, at the first hash', async () => {
    vi.stubGlobal('crypto', undefined);
    await atFirstHash(() => webCryptoHash());
    vi.stubGlobal('crypto', {});
    await atFirstHash(() => webCryptoHash());
  });
});
