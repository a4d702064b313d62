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
  const length = data.length;
  const padded = new Uint8Array((length + 72) & ~63);
  padded.set(data);
  padded[length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, length / 2 ** 29);
  view.setUint32(padded.length - 4, length << 3);
  const h = H0.slice();
  const w: number[] = [];
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let i = 0; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      w[i] =
        i < 16
          ? view.getUint32(offset + 4 * i)
          : ((rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3)) +
              (rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10)) +
              w[i - 7]! +
              w[i - 16]!) |
            0;
    }
    let [a, b, c, d, e, f, g, k] = h as [number, number, number, number, number, number, number, number];
    for (let i = 0; i < 64; i++) {
      const t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    [a, b, c, d, e, f, g, k].forEach((x, i) => {
      h[i] = (h[i]! + x) | 0;
    });
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  h.forEach((x, i) => {
    outView.setUint32(4 * i, x);
  });
  return out;
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
