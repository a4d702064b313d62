// Known-answer vectors from amazon-cognito-identity-js 6.3.21 (test/vectors/srp-vectors.json; see its `source`).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Hash, Random } from '../src/ports.js';
import {
  bigIntFromHex,
  computeS,
  computeSRPClaim,
  computeU,
  computeX,
  createDeviceVerifier,
  createSRPEphemeral,
  deriveSRPKey,
  hexFromBytes,
  modPowBigInt,
  nobleHash,
  SRP_K,
  userPoolName,
} from '../src/srp/index.js';
import { asyncHash } from './async-hash.js';

interface ClaimVector {
  flow: 'user' | 'device';
  label: string;
  poolId?: string;
  userIdForSRP?: string;
  password?: string;
  deviceGroupKey?: string;
  deviceKey?: string;
  devicePassword?: string;
  a: string;
  salt: string;
  srpB: string;
  secretBlock: string;
  timestamp: string;
  expected: { srpA: string; key: string; signature: string };
}
interface VerifierVector {
  deviceGroupKey: string;
  deviceKey: string;
  devicePassword: string;
  saltHex: string;
  expected: { Salt: string; PasswordVerifier: string };
}
const vectors = JSON.parse(readFileSync(new URL('./vectors/srp-vectors.json', import.meta.url), 'utf8')) as {
  source: string;
  k: string;
  claims: ClaimVector[];
  deviceVerifiers: VerifierVector[];
};

function fixedRandom(...chunks: Uint8Array[]): Random {
  return {
    bytes: (length) => {
      const next = chunks.shift();
      if (!next || next.length !== length) throw new Error('unexpected Random request');
      return next;
    },
  };
}
const bytesOf = (hex: string, length: number): Uint8Array =>
  new Uint8Array(Buffer.from(hex.padStart(length * 2, '0'), 'hex'));

describe('known-answer vectors', () => {
  it('name their source', () => {
    expect(vectors.source).toMatch(/amazon-cognito-identity-js 6\.3\.21/);
    expect(vectors.claims.filter((c) => c.flow === 'user').length).toBeGreaterThanOrEqual(4);
    expect(vectors.claims.filter((c) => c.flow === 'device').length).toBeGreaterThanOrEqual(4);
  });

  it('k', () => {
    expect(SRP_K.toString(16)).toBe(vectors.k);
    expect(SRP_K.toString(16).startsWith('538282c4354742d7')).toBe(true);
  });

  // Every vector through the synchronous nobleHash and through a Hash that answers on a later macrotask.
  const hashes: [string, () => Hash][] = [
    ['nobleHash', () => nobleHash],
    ['an async hash', asyncHash],
  ];

  for (const [hashName, makeHash] of hashes)
    for (const v of vectors.claims) {
      it(`${v.flow} flow, ${v.label}, ${hashName}: SRP_A, key and signature`, async () => {
        const hash = makeHash();
        const poolName = v.flow === 'user' ? userPoolName(v.poolId!) : v.deviceGroupKey!;
        const userId = v.flow === 'user' ? v.userIdForSRP! : v.deviceKey!;
        const password = v.flow === 'user' ? v.password! : v.devicePassword!;
        const { a, A, srpA } = createSRPEphemeral({
          random: fixedRandom(bytesOf(v.a, 128)),
          modPow: modPowBigInt,
        });
        expect(srpA).toBe(v.expected.srpA);
        const B = bigIntFromHex(v.srpB);
        const u = await computeU(A, B, hash);
        const x = await computeX({ salt: v.salt, poolName, userId, password, hash });
        expect(
          hexFromBytes(await deriveSRPKey(computeS({ B, x, a, u, modPow: modPowBigInt }), u, hash)),
        ).toBe(v.expected.key);
        const claim = await computeSRPClaim({
          poolName,
          userId,
          password,
          a,
          A,
          salt: v.salt,
          srpB: v.srpB,
          secretBlock: v.secretBlock,
          timestamp: v.timestamp,
          modPow: modPowBigInt,
          hash,
        });
        expect(claim.signature).toBe(v.expected.signature);
        // A wrong password must not reproduce the service-checked signature.
        expect(
          (await computeSRPClaim({ ...claimInput(v, poolName, userId), password: `${password}x`, hash }))
            .signature,
        ).not.toBe(v.expected.signature);
      });
    }

  for (const [hashName, makeHash] of hashes)
    for (const v of vectors.deviceVerifiers) {
      it(`device verifier for ${v.deviceKey}, ${hashName}`, async () => {
        const ours = await createDeviceVerifier({
          deviceGroupKey: v.deviceGroupKey,
          deviceKey: v.deviceKey,
          random: fixedRandom(
            new Uint8Array(Buffer.from(v.devicePassword, 'base64')),
            bytesOf(BigInt(`0x${v.saltHex}`).toString(16), 16),
          ),
          modPow: modPowBigInt,
          hash: makeHash(),
        });
        expect(ours.devicePassword).toBe(v.devicePassword);
        expect(ours.verifierConfig).toEqual(v.expected);
      });
    }
});

function claimInput(v: ClaimVector, poolName: string, userId: string) {
  const { a, A } = createSRPEphemeral({ random: fixedRandom(bytesOf(v.a, 128)), modPow: modPowBigInt });
  return {
    poolName,
    userId,
    password: '',
    a,
    A,
    salt: v.salt,
    srpB: v.srpB,
    secretBlock: v.secretBlock,
    timestamp: v.timestamp,
    modPow: modPowBigInt,
  };
}
