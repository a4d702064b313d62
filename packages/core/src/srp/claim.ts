// The client side of Cognito's SRP-6a password claim (PASSWORD_VERIFIER and DEVICE_PASSWORD_VERIFIER), PROTOCOL.md.

import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { InputError, ProtocolError } from '../errors.js';
import type { ModPow } from '../ports.js';
import {
  base64FromBytes,
  bigIntFromBytes,
  bigIntFromHex,
  bytesFromBase64,
  bytesFromHex,
  padHex,
  utf8Bytes,
} from './codec.js';
import { SRP_G, SRP_K, SRP_N } from './group.js';

// HKDF-SHA256's info for Cognito's key, with the block counter 0x01 already appended: one expand block gives the
// 16 bytes needed, so extract and expand are two HMACs (smaller than a general HKDF in a browser bundle).
const INFO_BLOCK_1 = concatBytes(utf8Bytes('Caldera Derived Key'), Uint8Array.of(1));
// The service's B and salt are at most a few hundred digits; anything far longer is hostile, not a number to raise.
const MAX_HEX_DIGITS = 4096;

function hashPadded(...values: bigint[]): Uint8Array {
  return sha256(bytesFromHex(values.map(padHex).join('')));
}

/** u = H(padHex(A) | padHex(B)). */
export function computeU(A: bigint, B: bigint): bigint {
  return bigIntFromBytes(hashPadded(A, B));
}

export interface ComputeXInput {
  /** The salt as the service sends it (hex) or as an integer; it is hashed in its padHex form. */
  salt: string | bigint;
  /** User flow: the user pool's name (after `_`). Device flow: the DeviceGroupKey. */
  poolName: string;
  /** User flow: USER_ID_FOR_SRP. Device flow: the DeviceKey. */
  userId: string;
  password: string;
}

/** x = H(padHex(salt) | H(utf8(poolName + userId + ":" + password))). */
export function computeX(input: ComputeXInput): bigint {
  const salt = typeof input.salt === 'bigint' ? input.salt : bigIntFromHex(input.salt, 'SALT');
  if (salt < 0n) throw new InputError('salt must be non-negative');
  const inner = sha256(utf8Bytes(`${input.poolName}${input.userId}:${input.password}`));
  return bigIntFromBytes(sha256(concatBytes(bytesFromHex(padHex(salt)), inner)));
}

/** The verifier the service stores: v = g^x mod N. */
export function computeVerifier(input: ComputeXInput & { modPow: ModPow }): bigint {
  return input.modPow(SRP_G, computeX(input), SRP_N);
}

export interface ComputeSInput {
  B: bigint;
  x: bigint;
  a: bigint;
  u: bigint;
  modPow: ModPow;
}

/** The client's premaster secret S = (B - k * g^x)^(a + u * x) mod N, the base normalised into [0, N). */
export function computeS(input: ComputeSInput): bigint {
  const gx = input.modPow(SRP_G, input.x, SRP_N);
  let base = (input.B - ((SRP_K * gx) % SRP_N)) % SRP_N;
  if (base < 0n) base += SRP_N;
  return input.modPow(base, input.a + input.u * input.x, SRP_N);
}

/** K = HKDF-SHA256(ikm = padHex(S), salt = padHex(u), info = "Caldera Derived Key"), 16 bytes. */
export function deriveSRPKey(S: bigint, u: bigint): Uint8Array {
  const prk = hmac(sha256, bytesFromHex(padHex(u)), bytesFromHex(padHex(S)));
  return hmac(sha256, prk, INFO_BLOCK_1).slice(0, 16);
}

export interface SignSRPClaimInput {
  key: Uint8Array;
  poolName: string;
  userId: string;
  /** SECRET_BLOCK as received (base64), or its decoded bytes. */
  secretBlock: string | Uint8Array;
  timestamp: string;
}

/** PASSWORD_CLAIM_SIGNATURE = base64(HMAC-SHA256(K, poolName | userId | secretBlock bytes | timestamp)). */
export function signSRPClaim(input: SignSRPClaimInput): string {
  const block =
    typeof input.secretBlock === 'string'
      ? bytesFromBase64(input.secretBlock, 'SECRET_BLOCK')
      : input.secretBlock;
  const message = concatBytes(
    utf8Bytes(input.poolName),
    utf8Bytes(input.userId),
    block,
    utf8Bytes(input.timestamp),
  );
  return base64FromBytes(hmac(sha256, input.key, message));
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
  modPow: ModPow;
  /** The challenge being answered, named in errors. */
  challenge?: string;
}

export interface SRPClaim {
  /** PASSWORD_CLAIM_SIGNATURE, base64. */
  signature: string;
}

/**
 * Answers a PASSWORD_VERIFIER or DEVICE_PASSWORD_VERIFIER challenge. A hostile or malformed answer from the
 * service (B = 0 mod N, u = 0, bad hex or base64, empty fields) is a ProtocolError naming the field, never a value.
 */
export function computeSRPClaim(input: SRPClaimInput): SRPClaim {
  const challenge = input.challenge;
  const fail = (field: string, message: string): ProtocolError =>
    new ProtocolError(message, { challenge, field });
  const hex = (value: string, field: string): bigint => {
    if (typeof value !== 'string' || value.length === 0) throw fail(field, `${field} is missing`);
    if (value.length > MAX_HEX_DIGITS) throw fail(field, `${field} is too long`);
    try {
      return bigIntFromHex(value, field);
    } catch {
      throw fail(field, `${field} is not hex`);
    }
  };

  if (typeof input.userId !== 'string' || input.userId.length === 0) {
    throw fail('USER_ID_FOR_SRP', 'the SRP user id is missing');
  }
  if (typeof input.poolName !== 'string' || input.poolName.length === 0) {
    throw new InputError('the SRP pool name is empty');
  }
  if (typeof input.password !== 'string' || input.password.length === 0) {
    throw new InputError('the SRP password is empty');
  }
  if (typeof input.timestamp !== 'string' || input.timestamp.length === 0) {
    throw new InputError('the SRP timestamp is empty');
  }
  if (typeof input.a !== 'bigint' || input.a <= 0n || typeof input.A !== 'bigint' || input.A % SRP_N === 0n) {
    throw new InputError('the SRP ephemeral is not usable: create it with createSRPEphemeral');
  }

  const B = hex(input.srpB, 'SRP_B');
  if (B % SRP_N === 0n) throw fail('SRP_B', 'SRP_B is 0 mod N');
  const salt = hex(input.salt, 'SALT');
  if (typeof input.secretBlock !== 'string' || input.secretBlock.length === 0) {
    throw fail('SECRET_BLOCK', 'SECRET_BLOCK is missing');
  }
  let secretBlock: Uint8Array;
  try {
    secretBlock = bytesFromBase64(input.secretBlock, 'SECRET_BLOCK');
  } catch {
    throw fail('SECRET_BLOCK', 'SECRET_BLOCK is not base64');
  }

  const u = computeU(input.A, B);
  if (u === 0n) throw fail('SRP_B', 'u = H(A | B) is 0');
  const x = computeX({ salt, poolName: input.poolName, userId: input.userId, password: input.password });
  const S = computeS({ B, x, a: input.a, u, modPow: input.modPow });
  const key = deriveSRPKey(S, u);
  const signature = signSRPClaim({
    key,
    poolName: input.poolName,
    userId: input.userId,
    secretBlock,
    timestamp: input.timestamp,
  });
  return { signature };
}
