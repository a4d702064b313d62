// Property tests for the SRP codecs: round trips, padHex's rules, strictness, and errors that carry no values.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError, ProtocolError } from '../src/errors.js';
import {
  base64FromBytes,
  bigIntFromBytes,
  bigIntFromHex,
  bytesFromBase64,
  bytesFromHex,
  hexFromBigInt,
  hexFromBytes,
  padHex,
  utf8Bytes,
} from '../src/srp/index.js';

const anyBigInt = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 3200n) - 1n }),
  fc.bigInt({ min: 0n, max: 1n << 70n }),
  fc.constantFrom(0n, 1n, 0x7fn, 0x80n, 0xffn, 0x100n, 0x7fffn, 0x8000n),
);

function expectProtocolError(fn: () => unknown, field: string, secret?: string): ProtocolError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(ProtocolError);
  const error = caught as ProtocolError;
  expect(error.code).toBe('PROTOCOL');
  expect(error.field).toBe(field);
  expect(error.message).toContain(field);
  if (secret !== undefined && secret.length >= 3) expect(error.message).not.toContain(secret);
  return error;
}

describe('padHex', () => {
  it('is even-length, lower-case hex that decodes back to the same integer', () => {
    fc.assert(
      fc.property(anyBigInt, (n) => {
        const hex = padHex(n);
        expect(hex.length % 2).toBe(0);
        expect(hex).toMatch(/^[0-9a-f]+$/);
        expect(BigInt(`0x${hex}`)).toBe(n);
        expect(bigIntFromBytes(bytesFromHex(hex))).toBe(n);
      }),
      { numRuns: 500 },
    );
  });

  it('starts with 00 exactly when the first significant byte has its high bit set', () => {
    fc.assert(
      fc.property(anyBigInt, (n) => {
        const hex = padHex(n);
        const minimal = n.toString(16).length % 2 ? `0${n.toString(16)}` : n.toString(16);
        const highBit = /^[89a-f]/.test(minimal);
        expect(hex.startsWith('00') && hex.length > 2).toBe(highBit);
        expect(hex).toBe(highBit ? `00${minimal}` : minimal);
      }),
      { numRuns: 500 },
    );
  });

  it('is minimal: dropping its first byte changes the value or makes it read as negative', () => {
    fc.assert(
      fc.property(anyBigInt, (n) => {
        const hex = padHex(n);
        if (hex.length === 2) return;
        const shorter = hex.slice(2);
        const changes = BigInt(`0x${shorter}`) !== n;
        const readsNegative = /^[89a-f]/.test(shorter);
        expect(changes || readsNegative).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('examples', () => {
    expect(padHex(0n)).toBe('00');
    expect(padHex(1n)).toBe('01');
    expect(padHex(0x7fn)).toBe('7f');
    expect(padHex(0x80n)).toBe('0080');
    expect(padHex(0xabcn)).toBe('0abc');
    expect(padHex(0x8abcn)).toBe('008abc');
    expect(padHex(2n)).toBe('02');
  });

  it('refuses negative numbers with an InputError', () => {
    expect(() => padHex(-1n)).toThrow(InputError);
    expect(() => hexFromBigInt(-5n)).toThrow(InputError);
  });
});

describe('hex', () => {
  it('bytes -> hex -> bytes round trip, and hex is lower case', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const hex = hexFromBytes(bytes);
        expect(hex).toBe(Buffer.from(bytes).toString('hex'));
        expect(bytesFromHex(hex)).toEqual(bytes);
        expect(bytesFromHex(hex.toUpperCase())).toEqual(bytes);
      }),
    );
  });

  it('bigint -> hexFromBigInt -> bigIntFromHex round trip (either case, any leading zeros)', () => {
    fc.assert(
      fc.property(anyBigInt, fc.nat(4), fc.boolean(), (n, zeros, upper) => {
        const hex = hexFromBigInt(n);
        expect(hex).toBe(n.toString(16));
        const wire = '0'.repeat(zeros) + (upper ? hex.toUpperCase() : hex);
        expect(bigIntFromHex(wire)).toBe(n);
      }),
    );
  });

  it('bigIntFromHex refuses empty, prefixed, signed, spaced or non-hex input with a ProtocolError naming the field', () => {
    const secret = 'deadbeefcafe';
    for (const bad of [
      '',
      '0x12',
      '-12',
      ' 12',
      '12 ',
      '1_2',
      'g',
      `${secret}z`,
      '12\n',
      '+1',
      '１２',
      '1.5',
    ]) {
      expectProtocolError(() => bigIntFromHex(bad, 'SRP_B'), 'SRP_B', bad.length > 3 ? bad : undefined);
    }
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !/^[0-9a-fA-F]+$/.test(s)),
        (s) => {
          expectProtocolError(() => bigIntFromHex(s, 'SALT'), 'SALT', s);
        },
      ),
    );
  });

  it('bytesFromHex refuses odd length and non-hex', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), (bytes) => {
        const hex = hexFromBytes(bytes);
        expectProtocolError(() => bytesFromHex(hex.slice(1), 'X'), 'X');
        expectProtocolError(() => bytesFromHex(`${hex.slice(2)}zz`, 'X'), 'X');
      }),
    );
  });
});

describe('base64', () => {
  it('matches the standard encoding and round trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1500 }), (bytes) => {
        const b64 = base64FromBytes(bytes);
        expect(b64).toBe(Buffer.from(bytes).toString('base64'));
        expect(bytesFromBase64(b64)).toEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses what a lenient decoder would guess at: no padding, URL-safe letters, whitespace, junk, stray bits', () => {
    const cases = [
      'A',
      'AA',
      'AAA',
      'AB==',
      'AAB=',
      'AA=A',
      '====',
      'AA-_',
      'AA AA',
      'AAAA\n',
      'AA==AA==',
      'QUJD*',
      'QQ',
    ];
    for (const bad of cases) expectProtocolError(() => bytesFromBase64(bad, 'SECRET_BLOCK'), 'SECRET_BLOCK');
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 60 }), fc.nat(), (bytes, at) => {
        const b64 = base64FromBytes(bytes);
        const i = at % b64.length;
        const broken = `${b64.slice(0, i)}!${b64.slice(i + 1)}`;
        expectProtocolError(() => bytesFromBase64(broken, 'SECRET_BLOCK'), 'SECRET_BLOCK');
        if (b64.endsWith('=')) {
          expectProtocolError(() => bytesFromBase64(b64.replace(/=+$/, ''), 'SECRET_BLOCK'), 'SECRET_BLOCK');
        }
      }),
    );
  });

  it('accepts the empty string as no bytes', () => {
    expect(bytesFromBase64('')).toEqual(new Uint8Array(0));
    expect(base64FromBytes(new Uint8Array(0))).toBe('');
  });
});

describe('utf8Bytes', () => {
  it('matches UTF-8 for any string of whole code points', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        expect(Buffer.from(utf8Bytes(s)).equals(Buffer.from(s, 'utf8'))).toBe(true);
      }),
    );
  });
});
