// The SRP group Cognito uses: RFC 3526 group 15 (3072-bit MODP), g = 2, and k = H(padHex(N) | padHex(g)).

/**
 * floor(2^bits * pi), from Machin's formula pi = 16 atan(1/5) - 4 atan(1/239) in fixed point with 64 guard bits.
 * Exact for the 2942 bits RFC 3526 needs (srp-group.test.ts compares N with the RFC's hex digits).
 */
function piTimesTwoTo(bits: bigint): bigint {
  const one = 1n << (bits + 64n);
  const atanInverse = (x: bigint): bigint => {
    let sum = 0n;
    let sign = 1n;
    for (let term = one / x, k = 1n; term; term /= x * x, k += 2n, sign = -sign) sum += (sign * term) / k;
    return sum;
  };
  return (16n * atanInverse(5n) - 4n * atanInverse(239n)) >> 64n;
}

/**
 * N: the 3072-bit safe prime of RFC 3526, section 4, built from the RFC's own definition
 * 2^3072 - 2^3008 - 1 + 2^64 * (floor(2^2942 * pi) + 1690314): about 0.4 ms at load, and 0.6 KB less to ship
 * than its 768 hex digits.
 */
export const SRP_N: bigint = 2n ** 3072n - 2n ** 3008n - 1n + 2n ** 64n * (piTimesTwoTo(2942n) + 1690314n);

/** g = 2. */
export const SRP_G: bigint = 2n;

/**
 * Cognito's multiplier: SHA-256 over the padHex bytes of N and g (not RFC 5054's padding to |N|). Written out so
 * that loading core hashes nothing (the Hash port may be asynchronous); srp-group.test.ts recomputes it.
 */
export const SRP_K: bigint = 0x538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6n;
