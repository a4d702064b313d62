// The client side of Cognito's SRP-6a password claim (PASSWORD_VERIFIER and DEVICE_PASSWORD_VERIFIER), PROTOCOL.md.

import { fieldError, InputError, type ProtocolError } from '../errors.js';
import type { Hash, ModPow } from '../ports.js';
import { base64FromBytes, bigIntFromBytes, bytesFromBase64, HEX, padBytes, utf8Bytes } from './codec.js';
import { SRP_G, SRP_K, SRP_N } from './group.js';
import { modPow } from './mod-pow.js';
import { concatBytes } from './sha256.js';

async function hashToBigInt(hash: Hash, bytes: Uint8Array): Promise<bigint> {
  return bigIntFromBytes(await hash.sha256(bytes));
}

/** u = H(padHex(A) | padHex(B)). */
export async function computeU(A: bigint, B: bigint, hash: Hash): Promise<bigint> {
  return hashToBigInt(hash, concatBytes(padBytes(A), padBytes(B)));
}

export interface ComputeXInput {
  /** The salt as the service sends it (hex) or as an integer; it is hashed in its padHex form. */
  salt: string | bigint;
  /** User flow: the user pool's name (after `_`). Device flow: the DeviceGroupKey. */
  poolName: string;
  /** User flow: USER_ID_FOR_SRP. Device flow: the DeviceKey. */
  userId: string;
  password: string;
  hash: Hash;
}

/** x = H(padHex(salt) | H(utf8(poolName + userId + ":" + password))). */
export async function computeX(input: ComputeXInput): Promise<bigint> {
  const salt = typeof input.salt === 'bigint' ? input.salt : hexInteger(input.salt, 'SALT');
  if (salt < 0n) throw new InputError('salt must be a non-negative bigint or hex');
  return xOf({ ...input, salt });
}

/** computeX for a salt already known to be a non-negative integer. */
export async function xOf(input: ComputeXInput & { salt: bigint }): Promise<bigint> {
  const inner = await input.hash.sha256(utf8Bytes(`${input.poolName}${input.userId}:${input.password}`));
  return hashToBigInt(input.hash, concatBytes(padBytes(input.salt), inner));
}

/** The verifier the service stores: v = g^x mod N. */
export async function computeVerifier(input: ComputeXInput & { modPow: ModPow }): Promise<bigint> {
  return input.modPow(SRP_G, await computeX(input), SRP_N);
}

export interface ComputeSInput {
  B: bigint;
  x: bigint;
  a: bigint;
  u: bigint;
  /** Default core's pure-BigInt modPow. */
  modPow?: ModPow | undefined;
}

/** The client's premaster secret S = (B - k * g^x)^(a + u * x) mod N, the base normalised into [0, N). */
export function computeS(input: ComputeSInput): bigint {
  const pow = input.modPow ?? modPow;
  const base = (input.B - SRP_K * pow(SRP_G, input.x, SRP_N)) % SRP_N;
  return pow(base < 0n ? base + SRP_N : base, input.a + input.u * input.x, SRP_N);
}

/**
 * K = HKDF-SHA256(ikm = padHex(S), salt = padHex(u), info = "Caldera Derived Key"), 16 bytes: one expand block
 * is enough, so extract and expand are two HMACs.
 */
export async function deriveSRPKey(S: bigint, u: bigint, hash: Hash): Promise<Uint8Array> {
  const prk = await hash.hmacSHA256(padBytes(u), padBytes(S));
  return (await hash.hmacSHA256(prk, utf8Bytes('Caldera Derived Key\u0001'))).slice(0, 16);
}

export interface SignSRPClaimInput {
  key: Uint8Array;
  poolName: string;
  userId: string;
  /** SECRET_BLOCK as received (base64), or its decoded bytes. */
  secretBlock: string | Uint8Array;
  timestamp: string;
  hash: Hash;
}

/** PASSWORD_CLAIM_SIGNATURE = base64(HMAC-SHA256(K, poolName | userId | secretBlock bytes | timestamp)). */
export async function signSRPClaim(input: SignSRPClaimInput): Promise<string> {
  const { secretBlock } = input;
  return signature({
    ...input,
    secretBlock: typeof secretBlock === 'string' ? bytesFromBase64(secretBlock, 'SECRET_BLOCK') : secretBlock,
  });
}

/** signSRPClaim for a secret block already decoded. */
async function signature(input: SignSRPClaimInput & { secretBlock: Uint8Array }): Promise<string> {
  const message = concatBytes(
    utf8Bytes(input.poolName + input.userId),
    input.secretBlock,
    utf8Bytes(input.timestamp),
  );
  return base64FromBytes(await input.hash.hmacSHA256(input.key, message));
}

export interface SRPClaimInput {
  /** User flow: userPoolName(poolId). Device flow: the DeviceGroupKey. */
  poolName: string;
  /** User flow: USER_ID_FOR_SRP. Device flow: the DeviceKey. */
  userId: string;
  /** User flow: the person's password. Device flow: the device password. */
  password: string;
  a: bigint;
  A: bigint;
  /** SALT, hex. */
  salt: string;
  /** SRP_B, hex. */
  srpB: string;
  /** SECRET_BLOCK, base64. */
  secretBlock: string;
  /** formatTimestamp(now). */
  timestamp: string;
  /** Default core's pure-BigInt modPow. */
  modPow?: ModPow | undefined;
  hash: Hash;
  /** The challenge being answered, named in errors. */
  challenge?: string;
}

export interface SRPClaim {
  /** PASSWORD_CLAIM_SIGNATURE, base64. */
  signature: string;
}

function hexInteger(value: unknown, field: string, challenge?: string): bigint {
  if (typeof value !== 'string' || !HEX.test(value)) {
    throw fieldError(field, 'is missing, too long or not hex', challenge);
  }
  return BigInt(`0x${value}`);
}

/**
 * The claim over values the caller has checked: B not 0 mod N, salt and B hex, the secret block decoded. Only
 * u = 0 is left to refuse. The machine calls this after reading the challenge's fields.
 */
export async function signClaim(
  input: Omit<SRPClaimInput, 'srpB' | 'salt' | 'secretBlock'> & {
    B: bigint;
    salt: bigint;
    secretBlock: Uint8Array;
  },
): Promise<string> {
  const u = await computeU(input.A, input.B, input.hash);
  if (u === 0n) throw fieldError('SRP_B', 'gives u = 0', input.challenge);
  const x = await xOf(input);
  const key = await deriveSRPKey(computeS({ ...input, x, u }), u, input.hash);
  return signature({ ...input, key });
}

/**
 * Answers a PASSWORD_VERIFIER or DEVICE_PASSWORD_VERIFIER challenge. A hostile or malformed answer from the
 * service (B = 0 mod N, u = 0, bad hex or base64, empty fields) is a ProtocolError naming the field, never a value.
 */
export async function computeSRPClaim(input: SRPClaimInput): Promise<SRPClaim> {
  const { challenge } = input;
  const fail = (field: string): ProtocolError => fieldError(field, 'is missing or malformed', challenge);
  if (typeof input.userId !== 'string' || input.userId.length === 0) throw fail('USER_ID_FOR_SRP');
  for (const field of ['poolName', 'password', 'timestamp'] as const) {
    if (typeof input[field] !== 'string' || input[field].length === 0) {
      throw new InputError(`${field} must be a non-empty string`);
    }
  }
  if (typeof input.a !== 'bigint' || input.a <= 0n || typeof input.A !== 'bigint' || input.A % SRP_N === 0n) {
    throw new InputError('the SRP ephemeral is not usable: create it with createSRPEphemeral');
  }
  const B = hexInteger(input.srpB, 'SRP_B', challenge);
  if (B % SRP_N === 0n) throw fail('SRP_B');
  const salt = hexInteger(input.salt, 'SALT', challenge);
  let secretBlock: Uint8Array;
  try {
    if (!input.secretBlock) throw fail('SECRET_BLOCK');
    secretBlock = bytesFromBase64(input.secretBlock);
  } catch {
    throw fail('SECRET_BLOCK');
  }
  return { signature: await signClaim({ ...input, B, salt, secretBlock }) };
}
