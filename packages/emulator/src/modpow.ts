// Modular exponentiation for the server side of SRP: OpenSSL through node:crypto's Diffie-Hellman, BigInt as fallback.
import { createDiffieHellman } from 'node:crypto';

/** Square-and-multiply on BigInt; used when OpenSSL refuses a base (0, 1, N-1) and by the tests as an oracle. */
export function modPowBigInt(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = ((base % modulus) + modulus) % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

export function bigIntToBytes(n: bigint): Buffer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return Buffer.from(hex, 'hex');
}

export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
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
    return bytesToBigInt(dh.computeSecret(bigIntToBytes(b)));
  } catch {
    return modPowBigInt(b, exponent, modulus);
  }
}
