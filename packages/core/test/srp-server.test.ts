// Our device verifier and claims accepted by a server side of SRP-6a written here independently (node:crypto hashes,
// textbook modexp): B = kv + g^b, S = (A v^u)^b, then the same key and signature as the client's.

import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Random } from '../src/ports.js';
import {
  computeServerS,
  computeSRPClaim,
  computeU,
  computeVerifier,
  createDeviceVerifier,
  createSRPEphemeral,
  createSRPServerEphemeral,
  deriveSRPKey,
  modPowBigInt,
  nobleHash,
  signSRPClaim,
  userPoolName,
} from '../src/srp/index.js';

const N = BigInt(
  '0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);
const g = 2n;

function pow(base: bigint, exponent: bigint): bigint {
  let r = 1n;
  let b = ((base % N) + N) % N;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % N;
    b = (b * b) % N;
    e >>= 1n;
  }
  return r;
}
/** Two's-complement minimal bytes of a non-negative integer, written from the definition. */
function twosComplementBytes(n: bigint): Buffer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const bytes = Buffer.from(hex, 'hex');
  return bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
}
const H = (...parts: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();
const int = (b: Buffer): bigint => BigInt(`0x${b.toString('hex') || '0'}`);
const k = int(H(twosComplementBytes(N), twosComplementBytes(g)));

const nodeRandom: Random = { bytes: (n) => new Uint8Array(randomBytes(n)) };

/** The service's half: holds salt and verifier, issues B, checks the client's signature. */
function server(saltBytes: Buffer, v: bigint) {
  const b = int(randomBytes(128));
  const B = (k * v + pow(g, b)) % N;
  const secretBlock = randomBytes(64).toString('base64');
  return {
    challenge: { salt: saltBytes.toString('hex'), srpB: B.toString(16), secretBlock },
    expectedSignature(A: bigint, poolName: string, userId: string, timestamp: string): string {
      const u = int(H(twosComplementBytes(A), twosComplementBytes(B)));
      const S = pow(A * pow(v, u), b);
      const key = Buffer.from(
        hkdfSync('sha256', twosComplementBytes(S), twosComplementBytes(u), 'Caldera Derived Key', 16),
      );
      return createHmac('sha256', key)
        .update(
          Buffer.concat([
            Buffer.from(poolName),
            Buffer.from(userId),
            Buffer.from(secretBlock, 'base64'),
            Buffer.from(timestamp),
          ]),
        )
        .digest('base64');
    },
  };
}

describe('server-side SRP check', () => {
  it('accepts a device signed in with the verifier from createDeviceVerifier, and rejects a wrong device password', async () => {
    for (let i = 0; i < 6; i++) {
      const deviceGroupKey = `-grp${i}XyZ`;
      const deviceKey = `us-east-1_${randomBytes(8).toString('hex')}`;
      const created = await createDeviceVerifier({
        deviceGroupKey,
        deviceKey,
        random: nodeRandom,
        modPow: modPowBigInt,
        hash: nobleHash,
      });
      // What ConfirmDevice hands the service.
      const saltBytes = Buffer.from(created.verifierConfig.Salt, 'base64');
      const v = int(Buffer.from(created.verifierConfig.PasswordVerifier, 'base64'));
      const service = server(saltBytes, v);
      const { a, A } = createSRPEphemeral({ random: nodeRandom, modPow: modPowBigInt });
      const timestamp = 'Wed Jan 1 10:00:00 UTC 2025';
      const claim = async (password: string): Promise<string> =>
        (
          await computeSRPClaim({
            poolName: deviceGroupKey,
            userId: deviceKey,
            password,
            a,
            A,
            ...service.challenge,
            timestamp,
            modPow: modPowBigInt,
            hash: nobleHash,
            challenge: 'DEVICE_PASSWORD_VERIFIER',
          })
        ).signature;
      const expected = service.expectedSignature(A, deviceGroupKey, deviceKey, timestamp);
      expect(await claim(created.devicePassword)).toBe(expected);
      const other = await createDeviceVerifier({
        deviceGroupKey,
        deviceKey,
        random: nodeRandom,
        modPow: modPowBigInt,
        hash: nobleHash,
      });
      expect(await claim(other.devicePassword)).not.toBe(expected);
    }
  });

  it('accepts a user whose verifier the server derived itself, and rejects a wrong password', async () => {
    for (const password of ['correct horse', 'pässwörd 🔑', 'x'.repeat(200)]) {
      const poolId = 'us-east-1_TestPool1';
      const userId = `user-${randomBytes(4).toString('hex')}`;
      const saltBytes = randomBytes(16);
      const inner = H(Buffer.from(`${userPoolName(poolId)}${userId}:${password}`, 'utf8'));
      const x = int(H(twosComplementBytes(int(saltBytes)), inner));
      const service = server(saltBytes, pow(g, x));
      const { a, A } = createSRPEphemeral({ random: nodeRandom, modPow: modPowBigInt });
      const timestamp = 'Sat Feb 1 23:59:59 UTC 2025';
      const sign = async (pw: string): Promise<string> =>
        (
          await computeSRPClaim({
            poolName: 'TestPool1',
            userId,
            password: pw,
            a,
            A,
            ...service.challenge,
            timestamp,
            modPow: modPowBigInt,
            hash: nobleHash,
          })
        ).signature;
      const expected = service.expectedSignature(A, 'TestPool1', userId, timestamp);
      expect(await sign(password)).toBe(expected);
      expect(await sign(`${password}.`)).not.toBe(expected);
    }
  });

  it('createSRPServerEphemeral draws b of secretBytes bytes (32 to 384) and refuses other sizes', () => {
    const drawn: number[] = [];
    const random = {
      bytes: (n: number) => {
        drawn.push(n);
        return new Uint8Array(n).fill(0xff);
      },
    };
    const { b, B } = createSRPServerEphemeral({
      verifier: 5n,
      random,
      modPow: modPowBigInt,
      secretBytes: 32,
    });
    expect(drawn).toEqual([32]);
    expect(b).toBe((1n << 256n) - 1n);
    expect(B).toBe((k * 5n + pow(g, b)) % N);
    for (const secretBytes of [31, 385, 32.5, Number.NaN]) {
      expect(() =>
        createSRPServerEphemeral({ verifier: 5n, random, modPow: modPowBigInt, secretBytes }),
      ).toThrow(
        expect.objectContaining({
          code: 'INVALID_INPUT',
          message: 'secretBytes must be an integer from 32 to 384',
        }),
      );
    }
  });

  it('createSRPServerEphemeral refuses a Random port that returns the wrong number of bytes', () => {
    for (const length of [127, 129]) {
      expect(() =>
        createSRPServerEphemeral({
          verifier: 5n,
          random: { bytes: () => new Uint8Array(length).fill(1) },
          modPow: modPowBigInt,
        }),
      ).toThrow(
        expect.objectContaining({
          code: 'INVALID_INPUT',
          message: expect.stringContaining('Random.bytes(128)'),
        }),
      );
    }
  });

  it("core's own server helpers agree with the independent server side and with the client", async () => {
    for (let i = 0; i < 4; i++) {
      const saltHex = randomBytes(16).toString('hex');
      const password = `pw-${i}-ü`;
      const v = await computeVerifier({
        salt: saltHex,
        poolName: 'Pool',
        userId: 'user',
        password,
        modPow: modPowBigInt,
        hash: nobleHash,
      });
      const inner = H(Buffer.from(`Pooluser:${password}`, 'utf8'));
      expect(v).toBe(pow(g, int(H(twosComplementBytes(BigInt(`0x${saltHex}`)), inner))));
      const { B, b, srpB } = createSRPServerEphemeral({
        verifier: v,
        random: nodeRandom,
        modPow: modPowBigInt,
      });
      expect(B).toBe((k * v + pow(g, b)) % N);
      expect(srpB).toBe(B.toString(16));
      const { a, A } = createSRPEphemeral({ random: nodeRandom, modPow: modPowBigInt });
      const u = await computeU(A, B, nobleHash);
      const S = computeServerS({ A, verifier: v, u, b, modPow: modPowBigInt });
      expect(S).toBe(pow(A * pow(v, u), b));
      const secretBlock = randomBytes(32).toString('base64');
      const timestamp = 'Mon Mar 3 03:03:03 UTC 2025';
      const expected = await signSRPClaim({
        key: await deriveSRPKey(S, u, nobleHash),
        poolName: 'Pool',
        userId: 'user',
        secretBlock,
        timestamp,
        hash: nobleHash,
      });
      const claim = await computeSRPClaim({
        poolName: 'Pool',
        userId: 'user',
        password,
        a,
        A,
        salt: saltHex,
        srpB,
        secretBlock,
        timestamp,
        modPow: modPowBigInt,
        hash: nobleHash,
      });
      expect(claim.signature).toBe(expected);
    }
  });
});
