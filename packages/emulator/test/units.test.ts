// Unit checks of the emulator's own primitives: OpenSSL modPow against BigInt, TOTP against RFC 6238, base32, and
// the SRP TIMESTAMP parse.
import { randomBytes } from 'node:crypto';
import { modPowBigInt as coreModPow, formatTimestamp, SRP_N } from '@cogflow/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modPow } from '../src/modpow.js';
import { isValidTimestamp } from '../src/srp-server.js';
import { base32Decode, base32Encode, matchTotp, totpAt } from '../src/totp.js';

describe('modPow', () => {
  it('agrees with core BigInt modPow on random 3072-bit inputs and on the bases OpenSSL refuses', () => {
    const big = (n: number): bigint => BigInt(`0x${randomBytes(n).toString('hex')}`);
    for (let i = 0; i < 20; i++) {
      const base = big(384) % SRP_N;
      const exp = big(1 + (i % 64) * 4);
      expect(modPow(base, exp, SRP_N)).toBe(coreModPow(base, exp, SRP_N));
    }
    for (const base of [0n, 1n, SRP_N - 1n, SRP_N, SRP_N + 2n]) {
      expect(modPow(base, 12345n, SRP_N)).toBe(coreModPow(base % SRP_N, 12345n, SRP_N));
    }
    expect(modPow(5n, 0n, SRP_N)).toBe(1n);
  });
});

describe('TOTP', () => {
  // RFC 6238 Appendix B, SHA-1 column, secret "12345678901234567890", truncated to the last 6 digits.
  const secret = base32Encode(Buffer.from('12345678901234567890', 'ascii'));
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('at %i s gives %s', (seconds, code) => {
    expect(totpAt(secret, Math.floor(seconds / 30))).toBe(code);
    expect(matchTotp(secret, code, seconds * 1000)).toBe(Math.floor(seconds / 30));
  });

  it('accepts one step of drift either way and nothing further', () => {
    const now = 1_700_000_000_000;
    const step = Math.floor(now / 30_000);
    expect(matchTotp(secret, totpAt(secret, step - 1), now)).toBe(step - 1);
    expect(matchTotp(secret, totpAt(secret, step + 1), now)).toBe(step + 1);
    // Fixed secret and time: this step's neighbours do not share the code two steps ahead, so it must be refused.
    expect(matchTotp(secret, totpAt(secret, step + 2), now)).toBeUndefined();
    expect(matchTotp(secret, 'abcdef', now)).toBeUndefined();
  });

  it('base32 round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(new Uint8Array(base32Decode(base32Encode(bytes)))).toEqual(bytes);
      }),
    );
  });
});

describe('SRP TIMESTAMP', () => {
  it('accepts a well-formed date whose weekday is its own, and refuses a wrong weekday or a day the month lacks', () => {
    // 7 September 2021 was a Tuesday; 29 February 2024 a Thursday.
    expect(isValidTimestamp('Tue Sep 7 08:00:00 UTC 2021')).toBe(true);
    expect(isValidTimestamp('Thu Feb 29 23:59:59 UTC 2024')).toBe(true);
    for (const wrong of [
      'Wed Sep 7 08:00:00 UTC 2021',
      'Mon Sep 7 08:00:00 UTC 2021',
      'Fri Feb 29 12:00:00 UTC 2024',
      'Sat Feb 29 12:00:00 UTC 2025',
      'Thu Apr 31 12:00:00 UTC 2021',
      'Tue Sep 07 08:00:00 UTC 2021',
      'Tue Sep 7 24:00:00 UTC 2021',
    ]) {
      expect(isValidTimestamp(wrong), wrong).toBe(false);
    }
  });

  it("core's formatTimestamp is accepted for any instant, and the same text with any other weekday is not", () => {
    const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(9999, 11, 31) }), (ms) => {
        const ts = formatTimestamp(ms);
        expect(isValidTimestamp(ts)).toBe(true);
        for (const day of days.filter((d) => d !== ts.slice(0, 3))) {
          expect(isValidTimestamp(`${day}${ts.slice(3)}`)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
