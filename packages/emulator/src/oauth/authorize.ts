// The authorize request (developer guide, authorization endpoint; RFC 6749 4.1, RFC 7636): checked once for
// /oauth2/authorize and again for every managed-login step, and finished with a code or (implicit) tokens.
import type { ServerResponse } from 'node:http';
import type { EmulatorContext } from '../context.js';
import { newOpaque } from '../ids.js';
import type { ClientRecord, DomainRecord, IdentityProviderRecord, PoolRecord, UserRecord } from '../state.js';
import { domainBaseURL } from './domains.js';
import { redirect, withQuery } from './http.js';
import { providerFor } from './identity-providers.js';
import { CODE_TTL_MS, oauthStateOf, SESSION_TTL_MS, sweep } from './oauth-state.js';
import { mintUserTokens } from './oauth-tokens.js';

export interface AuthorizeRequest {
  domain: DomainRecord;
  base: string;
  pool: PoolRecord;
  client: ClientRecord;
  responseType: 'code' | 'token';
  redirectUri: string;
  state?: string;
  scopes: string[];
  nonce?: string;
  codeChallenge?: string;
  /** identity_provider / idp_identifier: the provider to go straight to, or COGNITO for the login page. */
  provider?: IdentityProviderRecord | 'COGNITO';
  loginHint?: string;
  prompt?: 'none' | 'login' | 'select_account' | 'consent';
  lang?: string;
  /** The query string as received, carried through the login page. */
  query: string;
}

export type Checked =
  | { ok: true; request: AuthorizeRequest }
  /** No usable redirect URI: an error page on the domain, never a redirect to the app. */
  | { ok: false; page: { error: string; description: string } }
  | { ok: false; redirect: string };

const CHALLENGE = /^[A-Za-z0-9\-._~]{43,128}$/;
const PROMPTS = ['none', 'login', 'select_account', 'consent'];

export function checkAuthorize(ctx: EmulatorContext, domain: DomainRecord, q: URLSearchParams): Checked {
  const clientId = q.get('client_id');
  if (!clientId)
    return { ok: false, page: { error: 'invalid_request', description: 'client_id is required' } };
  const client = ctx.store.clients.get(clientId);
  const pool = client ? ctx.store.pools.get(client.poolId) : undefined;
  if (!client || !pool || client.poolId !== domain.poolId)
    return { ok: false, page: { error: 'invalid_request', description: 'Client does not exist' } };
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!client.oauth?.callbackURLs.includes(redirectUri))
    return {
      ok: false,
      page: { error: 'redirect_mismatch', description: 'redirect_uri is not a callback URL of the client' },
    };
  const state = q.get('state') ?? undefined;
  const fail = (error: string, description: string): Checked => ({
    ok: false,
    redirect: withQuery(redirectUri, { error, error_description: description, state }),
  });
  const oauth = client.oauth;
  if (!oauth.allowedOAuthFlowsUserPoolClient)
    return fail('unauthorized_client', 'Client is not enabled for OAuth2.0 flows.');
  const responseType = q.get('response_type');
  if (!responseType) return fail('invalid_request', 'response_type is required');
  if (responseType !== 'code' && responseType !== 'token')
    return fail('unsupported_response_type', 'response_type must be code or token');
  if (!oauth.allowedOAuthFlows.includes(responseType === 'code' ? 'code' : 'implicit'))
    return fail('unauthorized_client', `The client may not use response_type ${responseType}`);
  const challenge = q.get('code_challenge') ?? undefined;
  const method = q.get('code_challenge_method') ?? undefined;
  if (challenge !== undefined || method !== undefined) {
    // The service takes S256 only, and a challenge needs its method (developer guide, authorization endpoint).
    if (method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256');
    if (!challenge || !CHALLENGE.test(challenge)) return fail('invalid_request', 'invalid code_challenge');
  }
  const asked = (q.get('scope') ?? '').split(' ').filter(Boolean);
  const scopes = asked.length ? [...new Set(asked)] : [...oauth.allowedOAuthScopes];
  const notAllowed = scopes.find((s) => !oauth.allowedOAuthScopes.includes(s));
  if (notAllowed) return fail('invalid_scope', `Invalid scope requested: ${notAllowed}`);
  if (!scopes.includes('openid') && scopes.some((s) => s === 'email' || s === 'phone' || s === 'profile'))
    return fail('invalid_scope', 'email, phone and profile need the openid scope');
  const prompt = q.get('prompt') ?? undefined;
  if (prompt !== undefined && !PROMPTS.includes(prompt)) return fail('invalid_request', 'invalid prompt');
  let provider: AuthorizeRequest['provider'];
  const providerName = q.get('identity_provider') ?? undefined;
  const identifier = q.get('idp_identifier') ?? undefined;
  if (providerName === 'COGNITO') provider = 'COGNITO';
  else if (providerName || identifier) {
    const found = providerFor(ctx, pool.id, {
      ...(providerName ? { name: providerName } : {}),
      ...(identifier ? { identifier } : {}),
    });
    if (!found || !oauth.supportedIdentityProviders.includes(found.name))
      return fail('invalid_request', 'The identity provider is not supported by this client');
    provider = found;
  }
  if (provider === 'COGNITO' && !oauth.supportedIdentityProviders.includes('COGNITO'))
    return fail('invalid_request', 'The identity provider is not supported by this client');
  const nonce = q.get('nonce') ?? undefined;
  const loginHint = q.get('login_hint') ?? undefined;
  const lang = q.get('lang') ?? undefined;
  return {
    ok: true,
    request: {
      domain,
      base: domainBaseURL(ctx, domain.domain),
      pool,
      client,
      responseType,
      redirectUri,
      ...(state !== undefined ? { state } : {}),
      scopes,
      ...(nonce !== undefined ? { nonce } : {}),
      ...(challenge ? { codeChallenge: challenge } : {}),
      ...(provider ? { provider } : {}),
      ...(loginHint !== undefined ? { loginHint } : {}),
      ...(prompt ? { prompt: prompt as AuthorizeRequest['prompt'] & string } : {}),
      ...(lang !== undefined ? { lang } : {}),
      query: q.toString(),
    },
  };
}

export const SESSION_COOKIE = 'cognito';

/** The Set-Cookie line of a new managed-login session on this domain. */
export function openDomainSession(
  ctx: EmulatorContext,
  request: AuthorizeRequest,
  user: UserRecord,
  authTime: number,
): string {
  const state = oauthStateOf(ctx.store);
  sweep(state, ctx.now());
  const sid = newOpaque(32);
  state.sessions.set(sid, {
    domain: request.domain.domain,
    poolId: request.pool.id,
    username: user.username,
    authTime,
    expiresAt: ctx.now() + SESSION_TTL_MS,
  });
  return `${SESSION_COOKIE}=${sid}; Path=/${request.domain.domain}; Max-Age=${SESSION_TTL_MS / 1000}; HttpOnly; SameSite=Lax`;
}

export const clearSessionCookie = (domain: string): string =>
  `${SESSION_COOKIE}=; Path=/${domain}; Max-Age=0; HttpOnly; SameSite=Lax`;

/** The signed-in user of this domain's session cookie, if it is alive and the user may still sign in. */
export function sessionUser(
  ctx: EmulatorContext,
  domain: DomainRecord,
  sid: string | undefined,
): { user: UserRecord; authTime: number } | undefined {
  if (!sid) return undefined;
  const session = oauthStateOf(ctx.store).sessions.get(sid);
  if (!session || session.domain !== domain.domain || session.expiresAt <= ctx.now()) return undefined;
  const user = ctx.store.getUser(session.poolId, session.username);
  if (!user?.enabled) return undefined;
  return { user, authTime: session.authTime };
}

/** Sends the browser back to the app: `?code=&state=` for the code grant, `#access_token=...` for implicit. */
export function finishAuthorization(
  ctx: EmulatorContext,
  res: ServerResponse,
  request: AuthorizeRequest,
  user: UserRecord,
  authTime: number,
  cookies: string[] = [],
): void {
  if (request.responseType === 'code') {
    const state = oauthStateOf(ctx.store);
    sweep(state, ctx.now());
    const code = newOpaque(27);
    state.codes.set(code, {
      poolId: request.pool.id,
      clientId: request.client.id,
      username: user.username,
      redirectUri: request.redirectUri,
      scopes: request.scopes,
      ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
      ...(request.codeChallenge ? { codeChallenge: request.codeChallenge } : {}),
      authTime,
      expiresAt: ctx.now() + CODE_TTL_MS,
    });
    redirect(res, withQuery(request.redirectUri, { code, state: request.state }), cookies);
    return;
  }
  const tokens = mintUserTokens(ctx, request.pool, request.client, user, {
    scopes: request.scopes,
    ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
    authTime,
    refresh: false,
  });
  const fragment = new URLSearchParams();
  if (tokens.id_token) fragment.set('id_token', tokens.id_token);
  fragment.set('access_token', tokens.access_token);
  fragment.set('expires_in', String(tokens.expires_in));
  fragment.set('token_type', 'Bearer');
  if (request.state !== undefined) fragment.set('state', request.state);
  redirect(res, `${request.redirectUri.split('#')[0]}#${fragment.toString()}`, cookies);
}
