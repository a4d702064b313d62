// Token sets from Cognito's AuthenticationResult: expiry, the refresh decision, merging a refresh's answer.

import { fieldError, type ProtocolError } from '../errors.js';
import type { AuthenticationResult } from '../protocol/operations.js';
import type { TokenSet } from '../types.js';
import { decodeJWTClaims, type JWTClaims } from './jwt.js';

/**
 * Default refresh margin: refresh when fewer than this many seconds are left; it also absorbs clock skew. Written
 * as a literal where it applies (refreshDecision, createAuthClient), so a bundle ships no constant for it; a test
 * holds them equal.
 */
export const DEFAULT_REFRESH_MARGIN_SECONDS = 120;

const isFiniteNumber = Number.isFinite as (value: unknown) => value is number;

/**
 * Builds a TokenSet from a sign-in or refresh answer. ExpiresIn is preferred over the token's `exp` because it
 * is relative to our own clock, so a skewed local clock does not make fresh tokens look expired. Errors name the
 * challenge whose answer carried the tokens, when there is one, and the field; never a token.
 */
export function tokenSetFromResult(
  result: AuthenticationResult | undefined,
  now: number,
  options: { deviceKey?: string; previous?: TokenSet; challenge?: string } = {},
): TokenSet {
  const { challenge, previous = {} as Partial<TokenSet> } = options;
  const fail = (field: string, problem = 'is missing or malformed'): ProtocolError =>
    fieldError(field, problem, challenge);
  if (result === null || typeof result !== 'object') throw fail('AuthenticationResult');
  const { AccessToken: access, IdToken: id, RefreshToken: refresh, ExpiresIn: expiresIn } = result;
  if (typeof access !== 'string' || !access) throw fail('AccessToken');
  const { exp, iat } = decodeJWTClaims(access, 'AccessToken', challenge);
  if (id !== undefined) decodeJWTClaims(id, 'IdToken', challenge);
  if (refresh !== undefined && typeof refresh !== 'string') throw fail('RefreshToken');
  if (result.TokenType !== undefined && typeof result.TokenType !== 'string') throw fail('TokenType');
  let expiresAt: number;
  if (isFiniteNumber(expiresIn) && expiresIn > 0) {
    expiresAt = now + expiresIn * 1000;
  } else if (isFiniteNumber(exp)) {
    // A token is read when it was just issued: its lifetime (exp - iat) counted from our clock is immune to skew
    // between our clock and the service's; without iat, exp is all there is.
    expiresAt = isFiniteNumber(iat) && iat <= exp ? now + (exp - iat) * 1000 : exp * 1000;
  } else {
    throw fail('ExpiresIn', 'and exp are missing');
  }
  const tokens: TokenSet = { accessToken: access, expiresAt };
  // An answer without RefreshToken (REFRESH_TOKEN_AUTH, rotation off) keeps the one we have.
  const rest = {
    idToken: id ?? previous.idToken,
    refreshToken: refresh ?? previous.refreshToken,
    tokenType: result.TokenType ?? previous.tokenType,
    deviceKey: options.deviceKey ?? previous.deviceKey,
    via: previous.via,
  };
  // Only non-empty strings: a device key from a malformed answer or record would be sent back as DEVICE_KEY.
  for (const [key, value] of Object.entries(rest))
    if (typeof value === 'string' && value) tokens[key as 'idToken'] = value;
  return tokens;
}

export type RefreshDecision = 'valid' | 'refresh' | 'expired';

/**
 * 'valid': use as is. 'refresh': within the margin (or past expiry) and a refresh token is at hand.
 * 'expired': past the margin with nothing to refresh with: the person must sign in again.
 */
export function refreshDecision(tokens: TokenSet, now: number, marginSeconds = 120): RefreshDecision {
  if (tokens.expiresAt - marginSeconds * 1000 > now) return 'valid';
  return tokens.refreshToken ? 'refresh' : 'expired';
}

export interface TokenUser {
  username: string | undefined;
  sub: string | undefined;
}

/**
 * The canonical user name and sub, from the access token (`username`) or the ID token (`cognito:username`). The
 * ID token is decoded only for a claim the access token lacks (Cognito's access tokens carry both).
 */
export function tokenUser(tokens: Pick<TokenSet, 'accessToken' | 'idToken'>): TokenUser {
  const access = decodeJWTClaims(tokens.accessToken, 'AccessToken');
  const id = (): JWTClaims => (tokens.idToken ? decodeJWTClaims(tokens.idToken, 'IdToken') : {});
  const pick = (value: unknown): string | undefined =>
    typeof value === 'string' && value ? value : undefined;
  return {
    username: pick(access.username) ?? pick(id()['cognito:username']),
    sub: pick(access.sub) ?? pick(id().sub),
  };
}
