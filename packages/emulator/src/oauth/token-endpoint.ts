// POST /oauth2/token (developer guide, token endpoint; RFC 6749 4.1.3, 4.4, 6; RFC 7636 4.6): authorization_code
// with PKCE, refresh_token, client_credentials; form-encoded, client_secret_basic or client_secret_post.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CognitoException } from '../cognito-exception.js';
import type { EmulatorContext } from '../context.js';
import { usableRefresh } from '../operations/refresh.js';
import type { ClientRecord, DomainRecord, PoolRecord } from '../state.js';
import { API_SCOPE, mintTokens, newRefreshToken } from '../token-issuer.js';
import { customizeDomainTokens } from '../triggers/hosted-auth.js';
import { clientCredentials, isForm, readForm, sendJSON } from './http.js';
import { oauthStateOf } from './oauth-state.js';
import { mintClientToken, mintUserTokens } from './oauth-tokens.js';

/** An OAuth error answer; the developer guide shows them all as HTTP 400 with `{"error": ...}`. */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description?: string,
    readonly status = 400,
  ) {
    super(error);
  }
}

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The app client a token or revocation request authenticates as, in this domain's pool. */
export function authenticateClient(
  ctx: EmulatorContext,
  domain: DomainRecord,
  req: IncomingMessage,
  form: URLSearchParams,
  invalidClientStatus = 400,
): { client: ClientRecord; pool: PoolRecord } {
  const creds = clientCredentials(req, form);
  const bad = (why: string): OAuthError => new OAuthError('invalid_client', why, invalidClientStatus);
  if (creds.malformed) throw bad('Malformed Authorization header');
  const formId = form.get('client_id');
  // HTTP Basic names the client; a form naming another one is not that client authenticating.
  if (creds.method === 'basic' && formId && formId !== creds.clientId) throw bad('client_id does not match');
  if (!creds.clientId) throw new OAuthError('invalid_request', 'client_id is required');
  const client = ctx.store.clients.get(creds.clientId);
  const pool = client ? ctx.store.pools.get(client.poolId) : undefined;
  if (!client || !pool || client.poolId !== domain.poolId) throw bad('Client does not exist');
  if (client.secret) {
    if (!creds.clientSecret) throw bad('Client secret is required for this client');
    if (!same(creds.clientSecret, client.secret)) throw bad('Client authentication failed');
  }
  return { client, pool };
}

const s256 = (verifier: string): string => createHash('sha256').update(verifier, 'ascii').digest('base64url');

function authorizationCode(
  ctx: EmulatorContext,
  client: ClientRecord,
  pool: PoolRecord,
  form: URLSearchParams,
): unknown {
  if (!client.oauth?.allowedOAuthFlows.includes('code')) throw new OAuthError('unauthorized_client');
  const code = form.get('code');
  if (!code) throw new OAuthError('invalid_request', 'code is required');
  const codes = oauthStateOf(ctx.store).codes;
  const grant = codes.get(code);
  // Single use: whatever happens next, this code is spent (a replay is invalid_grant).
  codes.delete(code);
  if (!grant || grant.expiresAt <= ctx.now()) throw new OAuthError('invalid_grant');
  if (grant.clientId !== client.id) throw new OAuthError('invalid_grant');
  const redirectUri = form.get('redirect_uri');
  if (!redirectUri) throw new OAuthError('invalid_request', 'redirect_uri is required');
  if (redirectUri !== grant.redirectUri) throw new OAuthError('invalid_grant');
  if (grant.codeChallenge) {
    const verifier = form.get('code_verifier');
    if (!verifier) throw new OAuthError('invalid_request', 'code_verifier is required');
    if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier) || !same(s256(verifier), grant.codeChallenge))
      throw new OAuthError('invalid_grant');
  }
  const user = ctx.store.getUser(grant.poolId, grant.username);
  if (!user?.enabled) throw new OAuthError('invalid_grant');
  return mintUserTokens(ctx, pool, client, user, {
    scopes: grant.scopes,
    ...(grant.nonce !== undefined ? { nonce: grant.nonce } : {}),
    authTime: grant.authTime,
    refresh: true,
  });
}

/**
 * The refresh_token grant. Refresh tokens from managed login and federation always refresh here; those from the API's
 * sign-ins only while the pool does not remember devices (developer guide, token endpoint), else use the API.
 */
function refreshToken(
  ctx: EmulatorContext,
  client: ClientRecord,
  pool: PoolRecord,
  form: URLSearchParams,
): unknown {
  const token = form.get('refresh_token');
  if (!token) throw new OAuthError('invalid_request', 'refresh_token is required');
  let found: ReturnType<typeof usableRefresh>;
  try {
    found = usableRefresh(ctx, client, token);
  } catch (err) {
    if (err instanceof CognitoException) throw new OAuthError('invalid_grant');
    throw err;
  }
  const { record, user } = found;
  if (!record.viaDomain && (pool.deviceConfiguration || record.deviceKey))
    throw new OAuthError(
      'invalid_grant',
      'Refresh tokens of sign-ins with remembered devices refresh through the API',
    );
  const scopes = record.scopes ?? [API_SCOPE];
  const base = {
    originJti: record.originJti,
    authTime: record.authTime,
    scopes,
    ...(record.deviceKey ? { deviceKey: record.deviceKey } : {}),
  };
  const tokens = mintTokens(ctx, pool, client, user, base);
  let fresh: string | undefined;
  if (client.rotation?.Feature === 'ENABLED') {
    const until = ctx.now() + (client.rotation.RetryGracePeriodSeconds ?? 0) * 1000;
    if (record.rotatedUntil === undefined || record.rotatedUntil > until) record.rotatedUntil = until;
    fresh = newRefreshToken(ctx, client, user, base);
    const next = ctx.store.refreshTokens.get(fresh);
    if (next && record.viaDomain) next.viaDomain = true;
  }
  return {
    access_token: tokens.AccessToken,
    ...(record.scopes === undefined || scopes.includes('openid') ? { id_token: tokens.IdToken } : {}),
    ...(fresh ? { refresh_token: fresh } : {}),
    expires_in: tokens.ExpiresIn,
    token_type: 'Bearer',
  };
}

function clientCredentialsGrant(
  ctx: EmulatorContext,
  client: ClientRecord,
  pool: PoolRecord,
  form: URLSearchParams,
): unknown {
  const oauth = client.oauth;
  if (!oauth?.allowedOAuthFlows.includes('client_credentials')) throw new OAuthError('unauthorized_client');
  const asked = (form.get('scope') ?? '').split(' ').filter(Boolean);
  const scopes = asked.length ? [...new Set(asked)] : oauth.allowedOAuthScopes;
  if (scopes.length === 0 || scopes.some((s) => !oauth.allowedOAuthScopes.includes(s)))
    throw new OAuthError('invalid_scope');
  return mintClientToken(ctx, pool, client, scopes);
}

export async function tokenEndpoint(
  ctx: EmulatorContext,
  domain: DomainRecord,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    if (req.method !== 'POST')
      throw new OAuthError('invalid_request', 'The token endpoint takes POST only', 405);
    if (!isForm(req))
      throw new OAuthError('invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
    const form = await readForm(req);
    const grant = form.get('grant_type');
    if (!grant) throw new OAuthError('invalid_request', 'grant_type is required');
    if (!['authorization_code', 'refresh_token', 'client_credentials'].includes(grant))
      throw new OAuthError('unsupported_grant_type');
    const { client, pool } = authenticateClient(ctx, domain, req, form);
    if (!client.oauth?.allowedOAuthFlowsUserPoolClient) throw new OAuthError('unauthorized_client');
    const answer =
      grant === 'authorization_code'
        ? authorizationCode(ctx, client, pool, form)
        : grant === 'refresh_token'
          ? refreshToken(ctx, client, pool, form)
          : clientCredentialsGrant(ctx, client, pool, form);
    // The pool's pre token generation trigger; its refusal reaches the client as an OAuth error with its message.
    await customizeDomainTokens(ctx, pool, client, answer, grant).catch((err: unknown) => {
      throw err instanceof CognitoException ? new OAuthError('invalid_request', err.message) : err;
    });
    sendJSON(res, 200, answer);
  } catch (err) {
    if (!(err instanceof OAuthError)) throw err;
    sendJSON(res, err.status, {
      error: err.error,
      ...(err.description ? { error_description: err.description } : {}),
    });
  }
}
