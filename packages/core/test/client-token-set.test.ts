// tokens/: strict base64url and UTF-8 (property-tested against Node's own codecs), JWT claims without
// verification, token sets from AuthenticationResult, the refresh decision.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../src/errors.js';
import {
  bytesFromBase64URL,
  decodeJWTClaims,
  refreshDecision,
  tokenSetFromResult,
  tokenUser,
  utf8FromBytes,
} from '../src/tokens/index.js';
import { fakeJWT, NOW } from './machine-helpers.js';

describe('base64url and UTF-8', () => {
  it('decodes whatever Node encodes as base64url', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = Buffer.from(bytes).toString('base64url');
        expect(bytesFromBase64URL(text)).toEqual(new Uint8Array(bytes));
      }),
    );
  });

  it('rejects padding, the standard alphabet, impossible lengths and non-canonical trailing bits', () => {
    for (const bad of ['QQ==', 'a+b/', 'A', 'QR', 'Zm9v!', 'Zm9v YmFy'])
      expect(bytesFromBase64URL(bad)).toBeUndefined();
  });

  it('agrees with a fatal TextDecoder on arbitrary bytes', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 40 }),
          fc.string({ unit: 'grapheme' }).map((s) => Buffer.from(s)),
        ),
        (raw) => {
          const bytes = new Uint8Array(raw);
          let expected: string | undefined;
          try {
            expected = decoder.decode(bytes);
          } catch {
            expected = undefined;
          }
          expect(utf8FromBytes(bytes)).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('decodeJWTClaims', () => {
  it('reads the payload of a compact JWS', () => {
    expect(decodeJWTClaims(fakeJWT({ sub: 'é-ü', exp: 1 }))).toEqual({ sub: 'é-ü', exp: 1 });
  });

  const payload = (text: string): string =>
    `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(text).toString('base64url')}.sig`;
  it.each([
    ['two segments', 'a.b'],
    ['four segments', 'a.b.c.d'],
    ['empty payload', 'a..c'],
    ['bad characters', 'a.b$c.d'],
    ['padded', `a.${Buffer.from('{"a":1}').toString('base64')}.c`],
    ['not JSON', payload('not json')],
    ['a JSON array', payload('[1,2]')],
    ['JSON null', payload('null')],
    ['invalid UTF-8', `a.${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')}.c`],
  ])('%s is a ProtocolError that does not echo the token', (_label, token) => {
    try {
      decodeJWTClaims(token, 'AccessToken');
      throw new Error('expected a ProtocolError');
    } catch (error) {
      expect(error).toBeInstanceOf(ProtocolError);
      expect((error as ProtocolError).field).toBe('AccessToken');
      expect((error as Error).message).not.toContain(token);
    }
  });
});

describe('token sets', () => {
  const access = fakeJWT({ username: 'u', exp: NOW / 1000 + 100 });

  it('prefers ExpiresIn (our clock) over exp, and falls back to exp', () => {
    expect(tokenSetFromResult({ AccessToken: access, ExpiresIn: 3600 }, NOW).expiresAt).toBe(NOW + 3600_000);
    expect(tokenSetFromResult({ AccessToken: access }, NOW).expiresAt).toBe(NOW + 100_000);
    expect(() => tokenSetFromResult({ AccessToken: fakeJWT({ username: 'u' }) }, NOW)).toThrow(ProtocolError);
    // With iat, the lifetime counts from our clock: a service clock 10 minutes ahead does not shorten it.
    const skewed = fakeJWT({ username: 'u', iat: NOW / 1000 + 600, exp: NOW / 1000 + 600 + 3600 });
    expect(tokenSetFromResult({ AccessToken: skewed }, NOW).expiresAt).toBe(NOW + 3600_000);
  });

  it('refuses a RefreshToken or TokenType that is not a string, naming the field', () => {
    for (const [field, value] of [
      ['RefreshToken', 42],
      ['TokenType', { scheme: 'Bearer' }],
      ['TokenType', 1],
    ] as const) {
      let caught: unknown;
      try {
        tokenSetFromResult({ AccessToken: access, ExpiresIn: 60, [field]: value } as never, NOW);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ProtocolError);
      expect((caught as ProtocolError).field).toBe(field);
    }
    expect(
      tokenSetFromResult({ AccessToken: access, ExpiresIn: 60, TokenType: 'Bearer' }, NOW).tokenType,
    ).toBe('Bearer');
  });

  it('keeps the previous refresh token, ID token and device key when the answer has none', () => {
    const previous = {
      accessToken: 'old',
      idToken: 'id-old',
      refreshToken: 'R',
      expiresAt: 0,
      deviceKey: 'd',
    };
    expect(tokenSetFromResult({ AccessToken: access, ExpiresIn: 60 }, NOW, { previous })).toEqual({
      accessToken: access,
      idToken: 'id-old',
      refreshToken: 'R',
      expiresAt: NOW + 60_000,
      deviceKey: 'd',
    });
    expect(
      tokenSetFromResult({ AccessToken: access, ExpiresIn: 60, RefreshToken: 'R2' }, NOW, { previous })
        .refreshToken,
    ).toBe('R2');
  });

  it('keeps a device key only when it is a non-empty string, given or previous', () => {
    const result = { AccessToken: access, ExpiresIn: 60 };
    for (const deviceKey of [5, '', { k: 'v' }, true]) {
      expect(tokenSetFromResult(result, NOW, { deviceKey: deviceKey as never })).not.toHaveProperty(
        'deviceKey',
      );
      const previous = { accessToken: 'old', expiresAt: 0, deviceKey: deviceKey as never };
      expect(tokenSetFromResult(result, NOW, { previous })).not.toHaveProperty('deviceKey');
    }
    expect(tokenSetFromResult(result, NOW, { deviceKey: 'k' }).deviceKey).toBe('k');
  });

  it('tokenUser reads the access token first and the ID token only for what it lacks', () => {
    const id = fakeJWT({ 'cognito:username': 'id-user', sub: 'id-sub' });
    const both = fakeJWT({ username: 'u', sub: 's' });
    expect(tokenUser({ accessToken: both, idToken: id })).toEqual({ username: 'u', sub: 's' });
    // Not decoded at all when the access token has both: a sign-in already checked it in tokenSetFromResult.
    expect(tokenUser({ accessToken: both, idToken: 'not-a-jwt' })).toEqual({ username: 'u', sub: 's' });
    expect(tokenUser({ accessToken: fakeJWT({ sub: 's' }), idToken: id })).toEqual({
      username: 'id-user',
      sub: 's',
    });
    expect(tokenUser({ accessToken: fakeJWT({ username: 'u', sub: '' }), idToken: id })).toEqual({
      username: 'u',
      sub: 'id-sub',
    });
    expect(tokenUser({ accessToken: fakeJWT({}) })).toEqual({ username: undefined, sub: undefined });
    expect(() => tokenUser({ accessToken: fakeJWT({ username: 'u' }), idToken: 'not-a-jwt' })).toThrow(
      ProtocolError,
    );
    expect(() => tokenUser({ accessToken: 'not-a-jwt' })).toThrow(ProtocolError);
  });

  it('decides on refresh with the margin', () => {
    const t = { accessToken: access, refreshToken: 'R', expiresAt: NOW + 300_000 };
    expect(refreshDecision(t, NOW, 120)).toBe('valid');
    expect(refreshDecision(t, NOW + 180_001, 120)).toBe('refresh');
    expect(refreshDecision({ ...t, refreshToken: undefined }, NOW + 400_000, 120)).toBe('expired');
  });
});
