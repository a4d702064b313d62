// Modular exponentiation for the server side of SRP: OpenSSL through node:crypto's Diffie-Hellman, core's BigInt
// modPowBigInt as the fallback. (Not @cogflow/node's: that package's tests use the emulator, so it would be a cycle.)
import { createDiffieHellman } from 'node:crypto';
import { bigIntFromBytes, modPowBigInt } from '@cogflow/core';

function bigIntToBytes(n: bigint): Buffer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return Buffer.from(hex, 'hex');
}

const primeCache = new Map<bigint, Buffer>();

/**
 * base^exponent mod modulus. OpenSSL's DH computeSecret is exactly peer^private mod p, and it is an order of
 * magnitude faster than BigInt for 3072-bit numbers; it rejects degenerate peers, which fall back to BigInt.
 */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  const b = ((base % modulus) + modulus) % modulus;
  if (exponent === 0n) return 1n % modulus;
  if (b <= 1n || b >= modulus - 1n) return modPowBigInt(b, exponent, modulus);
  let prime = primeCache.get(modulus);
  if (!prime) {
    prime = bigIntToBytes(modulus);
    primeCache.set(modulus, prime);
  }
  try {
    const dh = createDiffieHellman(prime, Buffer.from([2]));
    dh.setPrivateKey(bigIntToBytes(exponent));
    return bigIntFromBytes(dh.computeSecret(bigIntToBytes(b)));
  } catch {
    return modPowBigInt(b, exponent, modulus);
  }
}
