// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), the only hash Cognito's SRP needs, kept small for browsers.
// Cross-checked in tests against @noble/hashes, the NIST vectors and RFC 4231.

function root(p: number, e: number): number {
  // The first 32 bits of the fraction of p^(1/e) (FIPS 180-4 section 4.2.2 and 5.3.3). The float guess is
  // corrected exactly with BigInt, so the constants do not depend on the engine's rounding of `**`.
  const big = BigInt(e);
  const target = BigInt(p) << (32n * big);
  let v = BigInt(Math.floor(p ** (1 / e) * 2 ** 32));
  while ((v + 1n) ** big <= target) v++;
  while (v ** big > target) v--;
  return Number(v & 0xffffffffn);
}

// K: cube roots of the first 64 primes; H0: square roots of the first 8.
const K: number[] = [];
const H0: number[] = [];
for (let n = 2; K.length < 64; n++) {
  let d = 2;
  while (n % d) d++;
  if (d === n) {
    if (H0.length < 8) H0.push(root(n, 2));
    K.push(root(n, 3));
  }
}

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

export function sha256(data: Uint8Array): Uint8Array {
  // The message, 0x80, zeros up to 56 mod 64, then the length in bits as a 64-bit big-endian number.
  const bytes = [...data, 128];
  while (bytes.length % 64 !== 56) bytes.push(0);
  for (let shift = 56; shift >= 0; shift -= 8) bytes.push(Math.floor((data.length * 8) / 2 ** shift) & 255);
  const h = H0.slice();
  const w: number[] = [];
  for (let offset = 0; offset < bytes.length; offset += 64) {
    for (let i = 0; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      w[i] =
        i < 16
          ? bytes.slice(offset + 4 * i, offset + 4 * i + 4).reduce((n, byte) => (n << 8) | byte)
          : ((rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3)) +
              (rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10)) +
              w[i - 7]! +
              w[i - 16]!) |
            0;
    }
    const v = h.slice();
    for (let i = 0; i < 64; i++) {
      const [a, b, c, d, e, f, g, k] = v as [number, number, number, number, number, number, number, number];
      const t1 = k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i]! + w[i]!;
      const t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      v.unshift((t1 + t2) | 0);
      v[4] = (d + t1) | 0;
      v.pop();
    }
    v.forEach((x, i) => {
      h[i] = (h[i]! + x) | 0;
    });
  }
  return Uint8Array.from(h.flatMap((x) => [x >>> 24, x >> 16, x >> 8, x]));
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** HMAC-SHA256(key, message). */
export function hmacSHA256(key: Uint8Array, message: Uint8Array): Uint8Array {
  const block = new Uint8Array(64);
  block.set(key.length > 64 ? sha256(key) : key);
  const pad = (c: number, tail: Uint8Array): Uint8Array =>
    sha256(
      concatBytes(
        block.map((x) => x ^ c),
        tail,
      ),
    );
  return pad(0x5c, pad(0x36, message));
}
