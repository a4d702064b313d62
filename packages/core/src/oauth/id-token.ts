// The ID token checks of OpenID Connect Core 3.1.3.7 that a client makes on the token endpoint's answer: issuer,
// audience, authorized party, expiry and nonce. The signature is the JWKS's business (an optional port).

import { OAuthError } from '../errors.js';
import { decodeJWTClaims, type JWTClaims } from '../tokens/jwt.js';

export interface IDTokenExpectations {
  clientId: string;
  issuer: string;
  /** The nonce sent with the authorization request; undefined after a refresh, which carries none to compare. */
  nonce?: string;
  /** ms since the epoch. */
  now: number;
  /** Allowed clock skew in seconds (default 300). */
  skewSeconds?: number;
}

const fail = (claim: string, problem: string): OAuthError =>
  new OAuthError('ID_TOKEN_INVALID', `The ID token's ${claim} ${problem}`, { claim });

/** The ID token's claims, once iss, aud, azp, exp, token_use and nonce are as expected; else ID_TOKEN_INVALID. */
export function checkIDToken(idToken: string, expected: IDTokenExpectations): JWTClaims {
  let claims: JWTClaims;
  try {
    claims = decodeJWTClaims(idToken, 'IdToken');
  } catch {
    throw fail('encoding', 'is not a well-formed JWT');
  }
  const strip = (s: string): string => s.replace(/\/+$/, '');
  if (typeof claims.iss !== 'string' || strip(claims.iss) !== strip(expected.issuer))
    throw fail('iss', 'is not the user pool');
  const aud = claims.aud;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(expected.clientId)) throw fail('aud', 'is not this app client');
  if (audiences.length > 1 && claims.azp !== expected.clientId) throw fail('azp', 'is not this app client');
  if (claims.token_use !== undefined && claims.token_use !== 'id') throw fail('token_use', 'is not id');
  const skew = (expected.skewSeconds ?? 300) * 1000;
  if (
    typeof claims.exp !== 'number' ||
    !Number.isFinite(claims.exp) ||
    claims.exp * 1000 + skew <= expected.now
  )
    throw fail('exp', 'is missing or past');
  if (expected.nonce !== undefined && claims.nonce !== expected.nonce) throw fail('nonce', 'does not match');
  return claims;
}
