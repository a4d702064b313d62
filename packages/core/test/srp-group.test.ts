// The SRP group: N must be the RFC 3526 3072-bit prime (checked as a number: its bit length and digits), k Cognito's.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bigIntFromBytes, bytesFromHex, nobleHash, padHex, SRP_G, SRP_K, SRP_N } from '../src/srp/index.js';

// RFC 3526, section 4, "3072-bit MODP Group", copied from the RFC's text.
const RFC_3526_3072 =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
  '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
  '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
  'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
  'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';

describe('SRP group', () => {
  it('N is the 3072-bit prime of RFC 3526 section 4, g = 2', () => {
    expect(SRP_N.toString(16).toUpperCase()).toBe(RFC_3526_3072);
    expect(SRP_N.toString(2)).toHaveLength(3072);
    expect(SRP_G).toBe(2n);
  });

  it("k is H(padHex(N) | padHex(g)), Cognito's multiplier", async () => {
    // SRP_K is written out in src; recompute it here, with the library's hash and with node:crypto's.
    expect(padHex(SRP_N).startsWith('00ffffffff')).toBe(true);
    expect(padHex(SRP_G)).toBe('02');
    const message = bytesFromHex(padHex(SRP_N) + padHex(SRP_G));
    // 00 | N's 384 bytes | 02: N's top bit is set, so padHex prefixes a zero byte.
    expect(message).toHaveLength(386);
    expect(bigIntFromBytes(await nobleHash.sha256(message))).toBe(SRP_K);
    expect(BigInt(`0x${createHash('sha256').update(message).digest('hex')}`)).toBe(SRP_K);
    expect(SRP_K.toString(16)).toBe('538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6');
  });
});
