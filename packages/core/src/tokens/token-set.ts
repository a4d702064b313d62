// Token sets from Cognito's AuthenticationResult: expiry, the refresh decision, merging a refresh's answer.

import { ProtocolError } from '../errors.js';
import type { AuthenticationResult } from '../protocol/operations.js';
import type { TokenSet } from '../types.js';
import { decodeJWTClaims } from './jwt.js';

/** Default refresh margin: refresh when fewer than this many seconds are left; it also absorbs clock skew. */
export const DEFAULT_REFRESH_MARGIN_SECONDS = 120;

/**
 * Builds a TokenSet from a sign-in or refresh answer. ExpiresIn is preferred over the token's `exp` because it
 * is relative to our own clock, so a skewed local clock does not make fresh tokens look expired.
 */
function claimsOf(
  token: string,
  field: string,
  fail: (message: string, field: string) => ProtocolError,
): Record<string, unknown> {
  try {
    return decodeJWTClaims(token, field);
  } catch (error) {
    throw error instanceof ProtocolError ? fail(error.message, field) : error;
  }
}

export function tokenSetFromResult(
  result: AuthenticationResult | undefined,
  now: number,
  options: { deviceKey?: string; previous?: TokenSet; challenge?: string } = {},
): TokenSet {
  const challenge = options.challenge;
  // Errors name the challenge whose answer carried the tokens, when there is one.
  const fail = (message: string, field: string): ProtocolError =>
    new ProtocolError(message, challenge ? { challenge, field } : { field });
  if (result === null || typeof result !== 'object') {
    throw fail('The answer carries no AuthenticationResult', 'AuthenticationResult');
  }
  const access = result.AccessToken;
  if (typeof access !== 'string' || access === '') {
    throw fail('The AuthenticationResult carries no AccessToken', 'AccessToken');
  }
  const claims = claimsOf(access, 'AccessToken', fail);
  if (result.IdToken !== undefined) {
    if (typeof result.IdToken !== 'string') throw fail('IdToken is not a string', 'IdToken');
    claimsOf(result.IdToken, 'IdToken', fail);
  }
  if (result.RefreshToken !== undefined && typeof result.RefreshToken !== 'string') {
    throw fail('RefreshToken is not a string', 'RefreshToken');
  }
  let expiresAt: number;
  if (typeof result.ExpiresIn === 'number' && Number.isFinite(result.ExpiresIn) && result.ExpiresIn > 0) {
    expiresAt = now + result.ExpiresIn * 1000;
  } else if (typeof claims.exp === 'number' && Number.isFinite(claims.exp)) {
    // A token is read when it was just issued: its lifetime (exp - iat) counted from our clock is immune to skew
    // between our clock and the service's; without iat, exp is all there is.
    const iat = claims.iat;
    expiresAt =
      typeof iat === 'number' && Number.isFinite(iat) && iat <= claims.exp
        ? now + (claims.exp - iat) * 1000
        : claims.exp * 1000;
  } else {
    throw fail('The access token has neither ExpiresIn nor exp', 'ExpiresIn');
  }
  const tokens: TokenSet = { accessToken: access, expiresAt };
  const idToken = result.IdToken ?? options.previous?.idToken;
  if (idToken) tokens.idToken = idToken;
  // An answer without RefreshToken (REFRESH_TOKEN_AUTH, rotation off) keeps the one we have.
  const refreshToken = result.RefreshToken ?? options.previous?.refreshToken;
  if (refreshToken) tokens.refreshToken = refreshToken;
  const tokenType = result.TokenType ?? options.previous?.tokenType;
  if (tokenType) tokens.tokenType = tokenType;
  const deviceKey = options.deviceKey ?? options.previous?.deviceKey;
  if (deviceKey) tokens.deviceKey = deviceKey;
  return tokens;
}

export type RefreshDecision = 'valid' | 'refresh' | 'expired';

/**
 * 'valid': use as is. 'refresh': within the margin (or past expiry) and a refresh token is at hand.
 * 'expired': past the margin with nothing to refresh with: the person must sign in again.
 */
export function refreshDecision(
  tokens: TokenSet,
  now: number,
  marginSeconds: number = DEFAULT_REFRESH_MARGIN_SECONDS,
): RefreshDecision {
  if (tokens.expiresAt - marginSeconds * 1000 > now) return 'valid';
  return tokens.refreshToken ? 'refresh' : 'expired';
}

export interface TokenUser {
  username: string | undefined;
  sub: string | undefined;
}

/** The canonical user name and sub, from the access token (`username`) or the ID token (`cognito:username`). */
export function tokenUser(tokens: Pick<TokenSet, 'accessToken' | 'idToken'>): TokenUser {
  const access = decodeJWTClaims(tokens.accessToken, 'AccessToken');
  const id = tokens.idToken ? decodeJWTClaims(tokens.idToken, 'IdToken') : {};
  const pick = (value: unknown): string | undefined =>
    typeof value === 'string' && value !== '' ? value : undefined;
  return {
    username: pick(access.username) ?? pick(id['cognito:username']),
    sub: pick(access.sub) ?? pick(id.sub),
  };
}
