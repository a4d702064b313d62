// modPow on OpenSSL through node:crypto's Diffie-Hellman: base^exp mod N as a DH shared secret, BigInt fallback.

import { createDiffieHellman, type DiffieHellman } from 'node:crypto';
import { type ModPow, modPowBigInt } from '@cogflow/core';

// computeSecret(peer) with private key e yields peer^e mod p, which is exactly modexp. OpenSSL refuses what is not
// a plausible DH exchange: a peer value outside [2, p - 2], a zero private key, an even or tiny or huge modulus.
// Those inputs go to the pure path, so the answer is always right; they are never the expensive ones in SRP.
const MIN_MODULUS_BITS = 512;
const MAX_MODULUS_BITS = 10_000;
const MAX_CACHED_MODULI = 4;

// One DH context per modulus: creating one checks the prime, which costs far more than an exponentiation.
// Reusing it is safe because computeSecret runs synchronously from setPrivateKey to the result.
const contexts = new Map<bigint, DiffieHellman | null>();

function bytesOf(n: bigint): Buffer {
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 === 1 ? `0${hex}` : hex, 'hex');
}

function contextFor(modulus: bigint): DiffieHellman | null {
  const cached = contexts.get(modulus);
  if (cached !== undefined) return cached;
  let context: DiffieHellman | null;
  try {
    context = createDiffieHellman(bytesOf(modulus), Buffer.from([2]));
  } catch {
    context = null;
  }
  if (contexts.size >= MAX_CACHED_MODULI) {
    const oldest = contexts.keys().next().value;
    if (oldest !== undefined) contexts.delete(oldest);
  }
  contexts.set(modulus, context);
  return context;
}

/** base^exponent mod modulus on OpenSSL (BN_mod_exp via DH), with modPowBigInt for what OpenSSL will not take. */
export const opensslModPow: ModPow = (base: bigint, exponent: bigint, modulus: bigint): bigint => {
  if (modulus <= 1n || exponent <= 0n || (modulus & 1n) === 0n) return modPowBigInt(base, exponent, modulus);
  const bits = modulus.toString(2).length;
  if (bits < MIN_MODULUS_BITS || bits > MAX_MODULUS_BITS) return modPowBigInt(base, exponent, modulus);
  let b = base % modulus;
  if (b < 0n) b += modulus;
  if (b < 2n || b > modulus - 2n) return modPowBigInt(b, exponent, modulus);
  const context = contextFor(modulus);
  if (context === null) return modPowBigInt(b, exponent, modulus);
  try {
    context.setPrivateKey(bytesOf(exponent));
    return BigInt(`0x${context.computeSecret(bytesOf(b)).toString('hex')}`);
  } catch {
    return modPowBigInt(b, exponent, modulus);
  }
};
