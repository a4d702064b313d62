// /oauth2/userInfo (OpenID Connect Core 5.3; the scopes decide the claims), /oauth2/revoke (RFC 7009; refresh
// tokens, EnableTokenRevocation) and /logout (developer guide, logout endpoint) on a user-pool domain.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CognitoException } from '../cognito-exception.js';
import type { EmulatorContext } from '../context.js';
import type { DomainRecord, UserRecord } from '../state.js';
import { API_SCOPE, checkAccessToken } from '../token-issuer.js';
import { clearSessionCookie, SESSION_COOKIE } from './authorize.js';
import { cookiesOf, isForm, readForm, redirect, sendJSON } from './http.js';
import { sendErrorPage } from './login-page.js';
import { oauthStateOf } from './oauth-state.js';
import { authenticateClient, OAuthError } from './token-endpoint.js';

const PROFILE = [
  'name',
  'family_name',
  'given_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'profile',
  'picture',
  'website',
  'gender',
  'birthdate',
  'zoneinfo',
  'locale',
  'updated_at',
  'address',
];

/** The claims the access token's scopes allow: sub and username always; aws.cognito.signin.user.admin gives all. */
export function userInfoClaims(user: UserRecord, scopes: string[]): Record<string, unknown> {
  const a = user.attributes;
  const out: Record<string, unknown> = { sub: user.sub };
  const take = (name: string): void => {
    const v = a[name];
    if (v !== undefined) out[name] = v;
  };
  if (scopes.includes(API_SCOPE)) {
    for (const k of Object.keys(a)) take(k);
  } else {
    if (scopes.includes('email')) for (const k of ['email', 'email_verified']) take(k);
    if (scopes.includes('phone')) for (const k of ['phone_number', 'phone_number_verified']) take(k);
    if (scopes.includes('profile')) for (const k of PROFILE) take(k);
    if (a.identities !== undefined && scopes.includes('openid')) take('identities');
  }
  out.username = user.username;
  return out;
}

const INVALID_TOKEN = 'Access token is expired, disabled, or deleted, or the user has globally signed out.';

export async function userInfoEndpoint(
  ctx: EmulatorContext,
  domain: DomainRecord,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const auth = String(req.headers.authorization ?? '');
  const match = /^Bearer\s+(\S+)$/i.exec(auth);
  if (!match) {
    sendJSON(
      res,
      400,
      { error: 'invalid_request', error_description: 'Bad OAuth2 request at UserInfo Endpoint' },
      {
        'www-authenticate':
          'Bearer error="invalid_request", error_description="Bad OAuth2 request at UserInfo Endpoint"',
      },
    );
    return;
  }
  try {
    const { user, claims, pool } = checkAccessToken(ctx, match[1], { scope: null });
    if (pool.id !== domain.poolId) throw new CognitoException('NotAuthorizedException', 'foreign pool');
    sendJSON(res, 200, userInfoClaims(user, String(claims.scope ?? '').split(' ')));
  } catch (err) {
    if (!(err instanceof CognitoException)) throw err;
    sendJSON(
      res,
      401,
      { error: 'invalid_token', error_description: INVALID_TOKEN },
      { 'www-authenticate': `Bearer error="invalid_token", error_description="${INVALID_TOKEN}"` },
    );
  }
}

/** RFC 7009: 200 for a revoked or unknown token; a JWT is unsupported_token_type; revocation off is invalid_request. */
export async function revokeEndpoint(
  ctx: EmulatorContext,
  domain: DomainRecord,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    if (req.method !== 'POST' || !isForm(req)) throw new OAuthError('invalid_request');
    const form = await readForm(req);
    const { client } = authenticateClient(ctx, domain, req, form, 401);
    const token = form.get('token');
    if (!token) throw new OAuthError('invalid_request', 'token is required');
    if (client.enableTokenRevocation === false)
      throw new OAuthError('invalid_request', 'Token revocation is off for this client');
    if (/^eyJ[\w-]*\.[\w-]*\.[\w-]*$/.test(token)) throw new OAuthError('unsupported_token_type');
    const record = ctx.store.refreshTokens.get(token);
    if (record && record.clientId === client.id) ctx.store.revokeOrigins([record.originJti]);
    res.writeHead(200, {
      'access-control-allow-origin': '*',
      'content-length': '0',
      'cache-control': 'no-store',
    });
    res.end();
  } catch (err) {
    if (!(err instanceof OAuthError)) throw err;
    sendJSON(res, err.status, {
      error: err.error,
      ...(err.description ? { error_description: err.description } : {}),
    });
  }
}

/**
 * GET /logout: ends the domain session (the cookie), then goes to a registered logout_uri, or, with redirect_uri and
 * response_type, to the login page to sign in again. Tokens already issued stay valid (revoke them at /oauth2/revoke).
 */
export function logoutEndpoint(
  ctx: EmulatorContext,
  domain: DomainRecord,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const q = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const clientId = q.get('client_id');
  const client = clientId ? ctx.store.clients.get(clientId) : undefined;
  if (!client || client.poolId !== domain.poolId) {
    sendErrorPage(res, 'invalid_request', 'Client does not exist');
    return;
  }
  const sid = cookiesOf(req).get(SESSION_COOKIE);
  if (sid) oauthStateOf(ctx.store).sessions.delete(sid);
  const cookies = [clearSessionCookie(domain.domain)];
  const logoutUri = q.get('logout_uri');
  if (logoutUri !== null) {
    if (!client.oauth?.logoutURLs.includes(logoutUri)) {
      sendErrorPage(res, 'redirect_mismatch', 'logout_uri is not a sign-out URL of the client');
      return;
    }
    redirect(res, logoutUri, cookies);
    return;
  }
  if (q.get('redirect_uri') && q.get('response_type')) {
    redirect(res, `${ctx.endpoint}/${domain.domain}/login?${q.toString()}`, cookies);
    return;
  }
  sendErrorPage(res, 'invalid_request', 'logout_uri, or redirect_uri and response_type, are required');
}
