// The server side of Cognito's SRP-6a (3072-bit group of RFC 3526, SHA-256, padHex codec, "Caldera Derived Key"):
// core's primitives, with the emulator's OpenSSL modPow and node:crypto's randomness as their ports.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  bigIntFromBytes,
  computeServerS,
  computeU,
  computeVerifier,
  createSRPServerEphemeral,
  deriveSRPKey,
  nobleHash,
  padHex,
  type Random,
  SRP_G,
  SRP_N,
  signSRPClaim,
} from '@cogflow/core';
import { invalidParameter } from './cognito-exception.js';
import { modPow } from './modpow.js';
import type { SRPPending } from './sessions.js';

const random: Random = { bytes: randomBytes };

export interface PasswordVerifier {
  /** Canonical padHex of the salt integer, as sent in SALT. */
  salt: string;
  /** Hex of v = g^x mod N. */
  verifier: string;
}

/**
 * v = g^x mod N with x = H(padHex(salt) | H(utf8(realm + id + ":" + password))); realm is the pool name or the
 * DeviceGroupKey. The server hashes with nobleHash: synchronous underneath, so the promise settles at once.
 */
export async function createVerifier(
  realm: string,
  id: string,
  password: string,
  saltHex?: string,
): Promise<PasswordVerifier> {
  const salt = padHex(bigIntFromBytes(saltHex ? Buffer.from(saltHex, 'hex') : randomBytes(16)));
  const v = await computeVerifier({ salt, poolName: realm, userId: id, password, hash: nobleHash, modPow });
  return { salt, verifier: v.toString(16) };
}

/** Checks a plain password against a stored verifier (USER_PASSWORD_AUTH and friends): one modPow. */
export async function passwordMatches(
  stored: PasswordVerifier,
  realm: string,
  id: string,
  password: string,
): Promise<boolean> {
  const v = await computeVerifier({
    salt: stored.salt,
    poolName: realm,
    userId: id,
    password,
    hash: nobleHash,
    modPow,
  });
  return v === BigInt(`0x${stored.verifier}`);
}

/** The key of the made-up salts of unknown users: one per process, never stored. */
const PHANTOM_SALT_KEY = randomBytes(32);
/** One made-up verifier per pool (a WeakMap, so a deleted pool's goes with it). */
const phantomVerifiers = new WeakMap<object, string>();

/**
 * What USER_SRP_AUTH answers for a user that does not exist, so the answer does not tell: a SALT that is
 * HMAC-SHA256(per-process key, pool id | username) (as stable per name as a real user's; usernames are
 * case-insensitive), and a verifier made once per pool, so an unknown name costs no more than a known one.
 */
export function phantomVerifier(pool: { id: string }, username: string): PasswordVerifier {
  const mac = createHmac('sha256', PHANTOM_SALT_KEY)
    .update(`${pool.id}\u0000${username.toLowerCase()}`)
    .digest();
  const salt = padHex(bigIntFromBytes(mac.subarray(0, 16)));
  let verifier = phantomVerifiers.get(pool);
  if (!verifier) {
    verifier = modPow(SRP_G, bigIntFromBytes(randomBytes(32)), SRP_N).toString(16);
    phantomVerifiers.set(pool, verifier);
  }
  return { salt, verifier };
}

/** Whether a stored verifier (hex) can be used in SRP at all: an integer in [1, N), as every g^x mod N is. */
export function isUsableVerifier(hex: string | undefined): hex is string {
  if (!hex || !/^[0-9a-fA-F]{1,2000}$/.test(hex)) return false;
  const v = BigInt(`0x${hex}`);
  return v > 0n && v < SRP_N;
}

/**
 * Opens the server's side of one SRP exchange: parses SRP_A, draws b and B = k*v + g^b (core's
 * createSRPServerEphemeral) for the verifier, and makes a fresh 96-byte SECRET_BLOCK. The result is the sign-in's
 * `auth.srp`, which the claim (PASSWORD_VERIFIER, DEVICE_PASSWORD_VERIFIER) is checked against.
 */
export function openSRPExchange(
  aHex: string,
  secret: { verifier: string; realm: string; id: string },
): SRPPending {
  const A = parseClientPublic(aHex);
  if (A === undefined) throw invalidParameter('Invalid SRP_A');
  // A 256-bit b: a local test server keeps its SRP cheap (core's default of 1024 bits made it 25% slower).
  const eph = createSRPServerEphemeral({
    verifier: BigInt(`0x${secret.verifier}`),
    random,
    modPow,
    secretBytes: 32,
  });
  return {
    A: A.toString(16),
    b: eph.b.toString(16),
    B: eph.srpB,
    ...secret,
    secretBlock: randomBytes(96).toString('base64'),
  };
}

/** Parses SRP_A; a value that is not hex or is 0 mod N is refused (the SRP safety check on the server side). */
export function parseClientPublic(aHex: string): bigint | undefined {
  if (!/^[0-9a-fA-F]{1,2000}$/.test(aHex)) return undefined;
  const A = BigInt(`0x${aHex}`);
  if (A % SRP_N === 0n) return undefined;
  return A;
}

export interface ClaimCheck {
  A: bigint;
  b: string;
  B: string;
  verifier: string;
  realm: string;
  id: string;
  secretBlock: string;
  timestamp: string;
  signature: string;
}

/** Verifies PASSWORD_CLAIM_SIGNATURE = base64(HMAC(K, realm | id | SECRET_BLOCK bytes | TIMESTAMP)). */
export async function verifyClaim(c: ClaimCheck): Promise<boolean> {
  const B = BigInt(`0x${c.B}`);
  const b = BigInt(`0x${c.b}`);
  const v = BigInt(`0x${c.verifier}`);
  const u = await computeU(c.A, B, nobleHash);
  if (u === 0n) return false;
  let expected: Buffer;
  try {
    const S = computeServerS({ A: c.A, verifier: v, u, b, modPow });
    // Awaited inside the try: a rejection here is a refused claim, as a throw was.
    const signature = await signSRPClaim({
      key: await deriveSRPKey(S, u, nobleHash),
      poolName: c.realm,
      userId: c.id,
      secretBlock: c.secretBlock,
      timestamp: c.timestamp,
      hash: nobleHash,
    });
    expected = Buffer.from(signature, 'base64');
  } catch {
    return false;
  }
  const given = Buffer.from(c.signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const DAYS = 'Sun|Mon|Tue|Wed|Thu|Fri|Sat';
const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
const TIMESTAMP = new RegExp(
  `^(${DAYS}) (${MONTHS}) ([1-9]|[12][0-9]|3[01]) ((?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]) UTC ([0-9]{4})$`,
);

/**
 * The TIMESTAMP the claim signs: `EEE MMM d HH:mm:ss UTC yyyy`, English names, day not zero-padded. The service
 * parses it as a date, so the day must exist in that month and the weekday must be that date's. No clock-skew
 * check: the API reference describes none.
 */
export function isValidTimestamp(ts: string): boolean {
  const m = TIMESTAMP.exec(ts);
  if (!m) return false;
  const [, weekday, month, day, , year] = m as unknown as [string, string, string, string, string, string];
  const monthIndex = MONTHS.split('|').indexOf(month);
  const date = new Date(Date.UTC(Number(year), monthIndex, Number(day)));
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear puts the date in the year as written.
  date.setUTCFullYear(Number(year), monthIndex, Number(day));
  if (date.getUTCMonth() !== monthIndex || date.getUTCDate() !== Number(day)) return false;
  return DAYS.split('|')[date.getUTCDay()] === weekday;
}
