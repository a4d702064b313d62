// Reads the token endpoint's answer (RFC 6749 5.1 and 5.2) into a TokenSet, or the typed error it carries.

import { OAuthError, oauthError, ProtocolError } from '../errors.js';
import type { OAuthHTTPResponse } from '../ports.js';
import type { OAuthErrorAnswer, OAuthTokenAnswer } from '../protocol/oauth.js';
import { tokenSetFromResult } from '../tokens/token-set.js';
import type { TokenSet } from '../types.js';

function parseJSON(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The error of a non-2xx answer: the OAuth error JSON when there is one; a 5xx without it is SERVER_ERROR (a
 * gateway answered); anything else is a ProtocolError. Nothing of a body that is not an OAuth error is repeated.
 */
export function errorFromOAuthAnswer(what: string, response: OAuthHTTPResponse): OAuthError | ProtocolError {
  const json = parseJSON(response.body) as OAuthErrorAnswer | undefined;
  if (json && typeof json.error === 'string')
    return oauthError(json.error, json.error_description, response.status);
  if (response.status >= 500)
    return new OAuthError('SERVER_ERROR', `${what}: HTTP ${response.status}`, { status: response.status });
  return new ProtocolError(`${what}: HTTP ${response.status} with a malformed answer`);
}

/**
 * The tokens of a token endpoint's answer, marked `via: 'oauth'`. A 200 that is not a JSON object with a
 * `Bearer` access token is a ProtocolError; `previous` keeps the refresh token a refresh answer leaves out.
 */
export function tokenSetFromTokenAnswer(
  response: OAuthHTTPResponse,
  now: number,
  previous?: TokenSet,
): TokenSet {
  if (response.status < 200 || response.status > 299) throw errorFromOAuthAnswer('token', response);
  const json = parseJSON(response.body) as OAuthTokenAnswer | undefined;
  if (!json) throw new ProtocolError('The token answer is not a JSON object', { field: 'body' });
  const type = json.token_type;
  if (typeof type !== 'string' || type.toLowerCase() !== 'bearer')
    throw new ProtocolError('token_type is missing or not Bearer', { field: 'token_type' });
  const expiresIn = json.expires_in;
  if (expiresIn !== undefined && (typeof expiresIn !== 'number' || !(expiresIn > 0)))
    throw new ProtocolError('expires_in is malformed', { field: 'expires_in' });
  const tokens = tokenSetFromResult(
    {
      AccessToken: json.access_token as string,
      ...(json.id_token === undefined ? {} : { IdToken: json.id_token as string }),
      ...(json.refresh_token === undefined ? {} : { RefreshToken: json.refresh_token as string }),
      ...(expiresIn === undefined ? {} : { ExpiresIn: expiresIn as number }),
      TokenType: 'Bearer',
    },
    now,
    previous ? { previous } : {},
  );
  tokens.via = 'oauth';
  return tokens;
}
