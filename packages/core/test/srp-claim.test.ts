// computeSRPClaim and friends on hostile or malformed service answers, bad caller input, and the small helpers.

import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CogflowError, InputError, ProtocolError } from '../src/errors.js';
import type { Hash, Random } from '../src/ports.js';
import {
  computeSecretHash,
  computeSRPClaim,
  computeU,
  computeX,
  createDeviceVerifier,
  createSRPEphemeral,
  modPowBigInt,
  nobleHash,
  padHex,
  SRP_G,
  SRP_N,
  type SRPClaimInput,
  userPoolName,
} from '../src/srp/index.js';

const seeded = (seed: number): Random => {
  let state = seed >>> 0 || 1;
  return {
    bytes(length) {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        out[i] = state & 0xff;
      }
      return out;
    },
  };
};

const ephemeral = createSRPEphemeral({ random: seeded(7), modPow: modPowBigInt });
const password = 'Hunter2-secret-password';
const base: SRPClaimInput = {
  poolName: 'AbCdEf123',
  userId: 'user-id-for-srp',
  password,
  a: ephemeral.a,
  A: ephemeral.A,
  salt: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  srpB: ((SRP_N * 2n) / 3n).toString(16),
  secretBlock: Buffer.from('secret block bytes that the service sent').toString('base64'),
  timestamp: 'Tue Sep 7 08:00:00 UTC 2021',
  modPow: modPowBigInt,
  hash: nobleHash,
  challenge: 'PASSWORD_VERIFIER',
};

/** Every value that must never show up in an error message. */
const secrets = [
  password,
  ephemeral.a.toString(16).slice(0, 24),
  base.srpB.slice(0, 24),
  base.salt,
  base.secretBlock,
];

async function expectRejected(
  input: Partial<SRPClaimInput>,
  kind: typeof ProtocolError | typeof InputError,
  field?: string,
): Promise<void> {
  let caught: unknown;
  try {
    await computeSRPClaim({ ...base, ...input });
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(kind);
  const error = caught as CogflowError;
  for (const secret of secrets) expect(error.message).not.toContain(secret);
  for (const value of Object.values(input)) {
    if (typeof value === 'string' && value.length >= 6) expect(error.message).not.toContain(value);
  }
  if (kind === ProtocolError) {
    expect((error as ProtocolError).field).toBe(field);
    expect((error as ProtocolError).challenge).toBe('PASSWORD_VERIFIER');
  }
}

describe('computeSRPClaim on hostile answers', () => {
  it('accepts the well-formed baseline (so the rejections below are about the one field changed)', async () => {
    expect((await computeSRPClaim(base)).signature).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('rejects B = 0 mod N: 0, N, 2N, 5N, with leading zeros or upper case', async () => {
    for (const B of [0n, SRP_N, 2n * SRP_N, 5n * SRP_N]) {
      await expectRejected({ srpB: B.toString(16) }, ProtocolError, 'SRP_B');
      await expectRejected({ srpB: `000${B.toString(16).toUpperCase()}` }, ProtocolError, 'SRP_B');
    }
  });

  it('rejects u = 0 (a hash of padHex(A) | padHex(B) that is all zeros), before any key is derived', async () => {
    // u = 0 would need a SHA-256 preimage of zero; a Hash port that answers zeros for exactly that message stands in.
    const uMessage = Buffer.from(padHex(ephemeral.A) + padHex(BigInt(`0x${base.srpB}`)), 'hex');
    let hmacs = 0;
    const zeroU: Hash = {
      sha256: (data) => (Buffer.from(data).equals(uMessage) ? new Uint8Array(32) : nobleHash.sha256(data)),
      hmacSHA256: (key, data) => {
        hmacs++;
        return nobleHash.hmacSHA256(key, data);
      },
    };
    await expectRejected({ hash: zeroU }, ProtocolError, 'SRP_B');
    expect(hmacs).toBe(0);
    // The same port with any other B signs: the refusal is about u alone.
    expect(
      (await computeSRPClaim({ ...base, srpB: (SRP_N / 3n).toString(16), hash: zeroU })).signature,
    ).toMatch(/=$/);
  });

  it('computeX and computeU reject (never throw synchronously) on bad input', async () => {
    const x = computeX({ salt: 'not hex', poolName: 'p', userId: 'u', password, hash: nobleHash });
    expect(x).toBeInstanceOf(Promise);
    await expect(x).rejects.toBeInstanceOf(ProtocolError);
    const negative = computeX({ salt: -1n, poolName: 'p', userId: 'u', password, hash: nobleHash });
    await expect(negative).rejects.toBeInstanceOf(InputError);
    const u = computeU(-1n, 1n, nobleHash);
    expect(u).toBeInstanceOf(Promise);
    await expect(u).rejects.toBeInstanceOf(InputError);
  });

  it('rejects empty, non-hex and absurdly long SRP_B and SALT', async () => {
    for (const field of ['srpB', 'salt'] as const) {
      const name = field === 'srpB' ? 'SRP_B' : 'SALT';
      for (const bad of ['', '0x1234', 'xyz', '12 34', '-1234', 'f'.repeat(5000)]) {
        await expectRejected({ [field]: bad }, ProtocolError, name);
      }
    }
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 50 }).filter((s) => !/^[0-9a-fA-F]+$/.test(s)),
        async (bad) => {
          await expectRejected({ srpB: bad }, ProtocolError, 'SRP_B');
          await expectRejected({ salt: bad }, ProtocolError, 'SALT');
        },
      ),
      { numRuns: 50 },
    );
  });

  it('rejects an empty or malformed SECRET_BLOCK', async () => {
    for (const bad of ['', 'not base64!', 'QUJ', 'QQ', 'QQ=', '-_-_', 'QR==']) {
      await expectRejected({ secretBlock: bad }, ProtocolError, 'SECRET_BLOCK');
    }
  });

  it('rejects an empty USER_ID_FOR_SRP as a protocol error, and empty caller input as InputError', async () => {
    await expectRejected({ userId: '' }, ProtocolError, 'USER_ID_FOR_SRP');
    await expectRejected({ poolName: '' }, InputError);
    await expectRejected({ password: '' }, InputError);
    await expectRejected({ timestamp: '' }, InputError);
    await expectRejected({ a: 0n }, InputError);
    await expectRejected({ A: SRP_N }, InputError);
  });

  it('depends on every input: changing any one of them changes the signature', async () => {
    const reference = (await computeSRPClaim(base)).signature;
    const variants: Partial<SRPClaimInput>[] = [
      { poolName: 'AbCdEf124' },
      { userId: 'user-id-for-srq' },
      { password: `${password}!` },
      { salt: `${base.salt.slice(0, -1)}1` },
      { srpB: `${base.srpB.slice(0, -1)}${base.srpB.endsWith('1') ? '3' : '1'}` },
      { secretBlock: Buffer.from('secret block bytes that the service senT').toString('base64') },
      { timestamp: 'Tue Sep 7 08:00:01 UTC 2021' },
    ];
    for (const v of variants) {
      expect((await computeSRPClaim({ ...base, ...v })).signature).not.toBe(reference);
    }
  });
});

describe('createSRPEphemeral', () => {
  it('draws 128 bytes, A = g^a mod N, SRP_A is plain lower-case hex', () => {
    const e = createSRPEphemeral({ random: seeded(42), modPow: modPowBigInt });
    expect(e.A).toBe(modPowBigInt(SRP_G, e.a, SRP_N));
    expect(e.srpA).toBe(e.A.toString(16));
    expect(e.a < 1n << 1024n).toBe(true);
  });

  it('retries an all-zero draw and gives up on a source that never yields a usable secret', () => {
    const draws = [new Uint8Array(128), seeded(3).bytes(128)];
    const e = createSRPEphemeral({ random: { bytes: () => draws.shift()! }, modPow: modPowBigInt });
    expect(e.a).not.toBe(0n);
    expect(() =>
      createSRPEphemeral({ random: { bytes: (n) => new Uint8Array(n) }, modPow: modPowBigInt }),
    ).toThrow(InputError);
    expect(() =>
      createSRPEphemeral({ random: { bytes: () => new Uint8Array(16) }, modPow: modPowBigInt }),
    ).toThrow(InputError);
  });
});

describe('userPoolName', () => {
  it('takes the part after the underscore', () => {
    expect(userPoolName('us-east-1_AbC123')).toBe('AbC123');
    expect(userPoolName('us-gov-west-1_x')).toBe('x');
  });
  it('refuses anything that is not <region>_<id>', () => {
    for (const bad of [
      '',
      'us-east-1',
      'us-east-1_',
      '_abc',
      'a_b_c',
      'us-east-1_ab-c',
      'us east_1',
      'us-east-1_ab c',
    ]) {
      expect(() => userPoolName(bad)).toThrow(InputError);
    }
  });
});

describe('computeSecretHash', () => {
  it('is base64(HMAC-SHA256(clientSecret, username + clientId)), checked against node:crypto', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 64 }),
        fc.stringMatching(/^[a-z0-9]{26}$/),
        fc.string({ minLength: 1, maxLength: 64 }),
        async (username, clientId, clientSecret) => {
          const expected = createHmac('sha256', Buffer.from(clientSecret, 'utf8'))
            .update(`${username}${clientId}`, 'utf8')
            .digest('base64');
          expect(await computeSecretHash({ username, clientId, clientSecret, hash: nobleHash })).toBe(
            expected,
          );
        },
      ),
    );
  });
  it('refuses empty parts without echoing the secret', async () => {
    for (const input of [
      { username: '', clientId: 'c', clientSecret: 'topsecretvalue' },
      { username: 'u', clientId: '', clientSecret: 'topsecretvalue' },
      { username: 'u', clientId: 'c', clientSecret: '' },
    ]) {
      let caught: unknown;
      try {
        await computeSecretHash({ ...input, hash: nobleHash });
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(InputError);
      expect((caught as Error).message).not.toContain('topsecretvalue');
    }
  });
});

describe('createDeviceVerifier', () => {
  it('has the documented shape: 40-byte password, 15-17 byte salt, verifier in padHex bytes', async () => {
    for (let seed = 1; seed < 40; seed++) {
      const v = await createDeviceVerifier({
        deviceGroupKey: '-abc',
        deviceKey: 'us-east-1_k',
        random: seeded(seed),
        modPow: modPowBigInt,
        hash: nobleHash,
      });
      expect(Buffer.from(v.devicePassword, 'base64').length).toBe(40);
      const salt = Buffer.from(v.verifierConfig.Salt, 'base64');
      expect(salt.length).toBeGreaterThanOrEqual(1);
      expect(salt.length).toBeLessThanOrEqual(17);
      const verifier = Buffer.from(v.verifierConfig.PasswordVerifier, 'base64');
      expect(verifier[0]! < 0x80).toBe(true);
      expect(BigInt(`0x${verifier.toString('hex')}`) < SRP_N).toBe(true);
    }
  });
  it('refuses empty device keys', async () => {
    const ports = { random: seeded(1), modPow: modPowBigInt, hash: nobleHash };
    await expect(createDeviceVerifier({ deviceGroupKey: '', deviceKey: 'k', ...ports })).rejects.toThrow(
      InputError,
    );
    await expect(createDeviceVerifier({ deviceGroupKey: 'g', deviceKey: '', ...ports })).rejects.toThrow(
      InputError,
    );
  });
});
