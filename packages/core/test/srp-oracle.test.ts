// Randomized cross-check of cogflow's SRP against amazon-cognito-identity-js 6.3 driven as a client: identical
// SRP_A, HKDF key and PASSWORD_CLAIM_SIGNATURE in the user and device flows, and identical device verifiers.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Hash, ModPow, Random } from '../src/ports.js';
import {
  bigIntFromHex,
  computeS,
  computeSRPClaim,
  computeU,
  computeX,
  createDeviceVerifier,
  createSRPEphemeral,
  deriveSRPKey,
  formatTimestamp,
  modPowBigInt,
  nobleHash,
  SRP_N,
  userPoolName,
} from '../src/srp/index.js';
import { asyncHash } from './async-hash.js';
import { oracleDeviceFlow, oracleDeviceVerifier, oracleUserFlow, setOracleModPow } from './vectors/oracle.js';

/** A Random that hands out the queued byte strings in order and fails loudly when asked for anything else. */
function queuedRandom(...chunks: Uint8Array[]): Random {
  return {
    bytes(length: number): Uint8Array {
      const next = chunks.shift();
      if (!next || next.length !== length)
        throw new Error(`test Random: unexpected request for ${length} bytes`);
      return next;
    },
  };
}

// Within one case the key check and computeSRPClaim raise the same numbers to the same powers: remember them so
// each case pays for its modexps once. Every value still comes from modPowBigInt.
const memo = new Map<string, bigint>();
const modPow: ModPow = (base, exponent, modulus) => {
  const key = `${base.toString(36)}^${exponent.toString(36)}%${modulus.toString(36)}`;
  let value = memo.get(key);
  if (value === undefined) {
    value = modPowBigInt(base, exponent, modulus);
    memo.set(key, value);
  }
  return value;
};

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

// a: 128 bytes as drawn, sometimes with the top bit set, sometimes with leading zero bytes (a small a also keeps
// the S exponent short, which is what lets the slow oracle run many cases).
const secretBytes = fc
  .tuple(fc.uint8Array({ minLength: 128, maxLength: 128 }), fc.integer({ min: 0, max: 127 }), fc.boolean())
  .map(([bytes, zeros, topBit]) => {
    const out = Uint8Array.from(bytes);
    if (topBit) out[0] = out[0]! | 0x80;
    else out.fill(0, 0, zeros);
    if (out.every((b) => b === 0)) out[127] = 1;
    return out;
  });

// B as the service might send it: any size below N (so padHex may or may not add 00), leading zero digits,
// upper case, a few values at or above N that are not 0 mod N.
const serverB = fc
  .tuple(
    fc.oneof(
      fc.bigInt({ min: 1n, max: SRP_N - 1n }),
      fc.bigInt({ min: 1n, max: (1n << 256n) - 1n }),
      fc.bigInt({ min: SRP_N + 1n, max: 2n * SRP_N - 1n }),
      fc.constantFrom(1n, SRP_N - 1n, SRP_N + 1n, 1n << 3071n, (1n << 3071n) - 1n),
    ),
    fc.integer({ min: 0, max: 3 }),
    fc.boolean(),
  )
  .map(([value, zeros, upper]) => {
    const digits = '0'.repeat(zeros) + value.toString(16);
    return upper ? digits.toUpperCase() : digits;
  });

// The salt as hex: raw random bytes (leading 00s, high bit set or not), odd-length hex, upper case.
const salt = fc
  .tuple(fc.uint8Array({ minLength: 1, maxLength: 32 }), fc.constantFrom('bytes', 'odd', 'upper'))
  .filter(([bytes]) => bytes.some((b) => b !== 0))
  .map(([bytes, form]) => {
    if (form === 'odd')
      return BigInt(`0x${hex(bytes)}`)
        .toString(16)
        .padStart(1, '0');
    return form === 'upper' ? hex(bytes).toUpperCase() : hex(bytes);
  });

const secretBlock = fc
  .uint8Array({ minLength: 1, maxLength: 1200 })
  .map((b) => Buffer.from(b).toString('base64'));
const timestamp = fc.integer({ min: 0, max: 4_102_444_799_000 }).map((ms) => formatTimestamp(ms));
const unicode = (min: number, max: number): fc.Arbitrary<string> =>
  fc.string({ unit: 'binary', minLength: min, maxLength: max });
const userId = fc.oneof(
  fc.uuid(),
  unicode(1, 40),
  fc.string({ minLength: 200, maxLength: 600 }),
  unicode(100, 300),
);
const password = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), unicode(1, 64));
const poolId = fc
  .tuple(
    fc.constantFrom('us-east-1', 'eu-west-2', 'ap-southeast-2'),
    fc.stringMatching(/^[0-9A-Za-z]{1,24}$/),
  )
  .map(([region, id]) => `${region}_${id}`);
const deviceGroupKey = fc.oneof(fc.stringMatching(/^-[0-9A-Za-z]{9}$/), unicode(1, 40));
const deviceKey = fc.oneof(
  fc.uuid().map((u) => `us-east-1_${u}`),
  unicode(1, 60),
);

// Half the cases hash through the synchronous nobleHash, half through a Hash whose answers arrive on a later
// macrotask (as WebCrypto's do): both must give the oracle's bytes.
const slowHash = asyncHash();
const hash = fc.constantFrom<Hash>(nobleHash, slowHash);

// Counted by every property body that got to the end; the last test checks the run's total.
let cases = 0;

async function checkUserFlow(input: {
  hash: Hash;
  poolId: string;
  username: string;
  userIdForSRP: string;
  password: string;
  aBytes: Uint8Array;
  timestamp: string;
  challenge: { salt: string; srpB: string; secretBlock: string };
}): Promise<void> {
  memo.clear();
  const { a, A, srpA } = createSRPEphemeral({ random: queuedRandom(input.aBytes), modPow });
  const oracle = oracleUserFlow({
    userPoolId: input.poolId,
    username: input.username,
    userIdForSRP: input.userIdForSRP,
    password: input.password,
    a,
    timestamp: input.timestamp,
    challenge: input.challenge,
  });
  expect(srpA).toBe(oracle.srpA);
  expect(oracle.responses.USERNAME).toBe(input.userIdForSRP);
  expect(oracle.responses.TIMESTAMP).toBe(input.timestamp);

  const poolName = userPoolName(input.poolId);
  const B = bigIntFromHex(input.challenge.srpB);
  const u = await computeU(A, B, input.hash);
  const x = await computeX({
    salt: input.challenge.salt,
    poolName,
    userId: input.userIdForSRP,
    password: input.password,
    hash: input.hash,
  });
  const key = await deriveSRPKey(computeS({ B, x, a, u, modPow }), u, input.hash);
  expect(hex(key)).toBe(hex(oracle.key));

  const { signature } = await computeSRPClaim({
    poolName,
    userId: input.userIdForSRP,
    password: input.password,
    a,
    A,
    salt: input.challenge.salt,
    srpB: input.challenge.srpB,
    secretBlock: input.challenge.secretBlock,
    timestamp: input.timestamp,
    modPow,
    hash: input.hash,
  });
  expect(signature).toBe(oracle.responses.PASSWORD_CLAIM_SIGNATURE);
  cases++;
}

async function checkDeviceFlow(input: {
  hash: Hash;
  poolId: string;
  username: string;
  deviceKey: string;
  deviceGroupKey: string;
  devicePassword: string;
  aBytes: Uint8Array;
  timestamp: string;
  challenge: { salt: string; srpB: string; secretBlock: string };
}): Promise<void> {
  memo.clear();
  const { a, A, srpA } = createSRPEphemeral({ random: queuedRandom(input.aBytes), modPow });
  const oracle = oracleDeviceFlow({ ...input, userPoolId: input.poolId, a });
  expect(srpA).toBe(oracle.srpA);
  expect(oracle.responses.DEVICE_KEY).toBe(input.deviceKey);
  expect(oracle.responses.TIMESTAMP).toBe(input.timestamp);

  const B = bigIntFromHex(input.challenge.srpB);
  const u = await computeU(A, B, input.hash);
  const x = await computeX({
    salt: input.challenge.salt,
    poolName: input.deviceGroupKey,
    userId: input.deviceKey,
    password: input.devicePassword,
    hash: input.hash,
  });
  const key = await deriveSRPKey(computeS({ B, x, a, u, modPow }), u, input.hash);
  expect(hex(key)).toBe(hex(oracle.key));

  const { signature } = await computeSRPClaim({
    poolName: input.deviceGroupKey,
    userId: input.deviceKey,
    password: input.devicePassword,
    a,
    A,
    salt: input.challenge.salt,
    srpB: input.challenge.srpB,
    secretBlock: input.challenge.secretBlock,
    timestamp: input.timestamp,
    modPow,
    hash: input.hash,
    challenge: 'DEVICE_PASSWORD_VERIFIER',
  });
  expect(signature).toBe(oracle.responses.PASSWORD_CLAIM_SIGNATURE);
  cases++;
}

const challenge = fc.record({ salt, srpB: serverB, secretBlock });
const userCase = fc.record({
  hash,
  poolId,
  username: fc.oneof(fc.emailAddress(), userId),
  userIdForSRP: userId,
  password,
  aBytes: secretBytes,
  timestamp,
  challenge,
});
const deviceCase = fc.record({
  hash,
  poolId,
  username: userId,
  deviceKey,
  deviceGroupKey,
  devicePassword: fc
    .uint8Array({ minLength: 40, maxLength: 40 })
    .map((b) => Buffer.from(b).toString('base64')),
  aBytes: secretBytes,
  timestamp,
  challenge,
});

describe('SRP against amazon-cognito-identity-js (oracle modexp on OpenSSL)', () => {
  it('user flow: same SRP_A, key and signature on 450 random cases', async () => {
    setOracleModPow(true);
    await fc.assert(fc.asyncProperty(userCase, checkUserFlow), { numRuns: 450 });
  });

  it('device flow: same SRP_A, key and signature on 450 random cases', async () => {
    setOracleModPow(true);
    await fc.assert(fc.asyncProperty(deviceCase, checkDeviceFlow), { numRuns: 450 });
  });

  it('device verifier: same Salt and PasswordVerifier for the password and salt the library drew, 100 cases', async () => {
    setOracleModPow(true);
    await fc.assert(
      fc.asyncProperty(deviceGroupKey, deviceKey, hash, async (groupKey, key, h) => {
        const oracle = oracleDeviceVerifier(groupKey, key);
        // The library's salt is padHex of 16 random bytes: recover the 16 bytes it drew.
        const saltBytes = Buffer.from(BigInt(`0x${oracle.saltHex}`).toString(16).padStart(32, '0'), 'hex');
        const ours = await createDeviceVerifier({
          deviceGroupKey: groupKey,
          deviceKey: key,
          random: queuedRandom(
            new Uint8Array(Buffer.from(oracle.devicePassword, 'base64')),
            new Uint8Array(saltBytes),
          ),
          modPow,
          hash: h,
        });
        expect(ours.devicePassword).toBe(oracle.devicePassword);
        expect(ours.verifierConfig.Salt).toBe(Buffer.from(oracle.saltHex, 'hex').toString('base64'));
        expect(ours.verifierConfig.PasswordVerifier).toBe(
          Buffer.from(oracle.verifierHex, 'hex').toString('base64'),
        );
        cases++;
      }),
      { numRuns: 100 },
    );
  });
});

describe('SRP against amazon-cognito-identity-js (oracle entirely on its own jsbn arithmetic)', () => {
  it('user flow with full-size a (top bit set), 16 cases', async () => {
    setOracleModPow(false);
    const fullA = secretBytes.map((b) => {
      const out = Uint8Array.from(b);
      out[0] = out[0]! | 0x80;
      return out;
    });
    await fc.assert(
      fc.asyncProperty(userCase, fullA, (c, aBytes) => checkUserFlow({ ...c, aBytes })),
      { numRuns: 16 },
    );
  });

  it('device flow with random a, 12 cases', async () => {
    setOracleModPow(false);
    await fc.assert(fc.asyncProperty(deviceCase, checkDeviceFlow), { numRuns: 12 });
  });
});

describe('the run', () => {
  it('cross-checked at least 1,000 cases in total, some through the asynchronous hash', () => {
    expect(cases).toBeGreaterThanOrEqual(1000);
    expect(slowHash.calls.sha256).toBeGreaterThan(0);
    expect(slowHash.calls.hmacSHA256).toBeGreaterThan(0);
  });
});
