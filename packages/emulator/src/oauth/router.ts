// Routes a request to a user-pool domain (`/<domain>/...`), the stand-in provider (`/_idp/...`), or the pool's
// OpenID discovery document (`/<poolId>/.well-known/openid-configuration`, at the issuer as on the service).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from '../context.js';
import { issuerOf, jwksURLOf } from '../token-issuer.js';
import { checkAuthorize, finishAuthorization, SESSION_COOKIE, sessionUser } from './authorize.js';
import { domainBaseURL, domainOfPool } from './domains.js';
import { idpResponse, startFederation } from './federation.js';
import { cookiesOf, redirect, sendHTML, sendJSON, withQuery } from './http.js';
import {
  answerFailure,
  sendErrorPage,
  showLogin,
  submitLogin,
  submitMfa,
  toLoginPage,
} from './login-page.js';
import { handleStandIn, STAND_IN_PATH } from './stand-in-provider.js';
import { tokenEndpoint } from './token-endpoint.js';
import { logoutEndpoint, revokeEndpoint, userInfoEndpoint } from './user-endpoints.js';

/** True when the path belongs to a domain of this emulator or to the stand-in provider. */
export function isOAuthPath(ctx: EmulatorContext, path: string): boolean {
  if (path.startsWith(`${STAND_IN_PATH}/`)) return true;
  const first = path.split('/')[1] ?? '';
  return ctx.store.domains.has(first);
}

/** The discovery document of a pool (issuer = the tokens' `iss`; endpoints on the pool's domain, if it has one). */
export function discoveryDocument(ctx: EmulatorContext, poolId: string): Record<string, unknown> {
  const issuer = issuerOf(ctx, poolId);
  const domain = domainOfPool(ctx.store, poolId);
  const base = domain ? domainBaseURL(ctx, domain.domain) : undefined;
  return {
    ...(base ? { authorization_endpoint: `${base}/oauth2/authorize` } : {}),
    id_token_signing_alg_values_supported: ['RS256'],
    issuer,
    // The emulator serves the JWKS in both issuer modes (in `service` mode the issuer is AWS's URL).
    jwks_uri: jwksURLOf(ctx, poolId),
    response_types_supported: ['code', 'token'],
    ...(base ? { revocation_endpoint: `${base}/oauth2/revoke` } : {}),
    scopes_supported: ['openid', 'email', 'phone', 'profile'],
    subject_types_supported: ['public'],
    ...(base ? { token_endpoint: `${base}/oauth2/token` } : {}),
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    ...(base ? { userinfo_endpoint: `${base}/oauth2/userInfo` } : {}),
  };
}

function authorizeEndpoint(
  ctx: EmulatorContext,
  domain: Parameters<typeof checkAuthorize>[1],
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const q = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const checked = checkAuthorize(ctx, domain, q);
  if (!checked.ok) {
    // As the service: a redirect URI it may not use gets the domain's error page, never the app.
    if ('page' in checked && checked.page.error === 'redirect_mismatch') {
      redirect(
        res,
        withQuery(`${domainBaseURL(ctx, domain.domain)}/error`, {
          error: 'redirect_mismatch',
          client_id: q.get('client_id') ?? undefined,
        }),
      );
      return;
    }
    answerFailure(res, checked);
    return;
  }
  const request = checked.request;
  if (request.provider && request.provider !== 'COGNITO') {
    startFederation(ctx, res, request, request.provider);
    return;
  }
  const signedIn =
    request.prompt === 'login' ? undefined : sessionUser(ctx, domain, cookiesOf(req).get(SESSION_COOKIE));
  if (signedIn) {
    finishAuthorization(ctx, res, request, signedIn.user, signedIn.authTime);
    return;
  }
  if (request.prompt === 'none') {
    redirect(res, withQuery(request.redirectUri, { error: 'login_required', state: request.state }));
    return;
  }
  toLoginPage(res, request);
}

/** Answers a request under a domain or the stand-in; the caller checked isOAuthPath. */
export async function handleOAuthRequest(
  ctx: EmulatorContext,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (await handleStandIn(ctx, path, req, res)) return;
  const segments = path.split('/');
  const domain = ctx.store.domains.get(segments[1] ?? '');
  if (!domain) return sendJSON(res, 404, { message: 'Not found' });
  const rest = `/${segments.slice(2).join('/')}`;
  const method = req.method ?? 'GET';
  switch (`${method} ${rest}`) {
    case 'GET /oauth2/authorize':
      return authorizeEndpoint(ctx, domain, req, res);
    case 'GET /login':
      return showLogin(ctx, domain, req, res);
    case 'POST /login':
      return submitLogin(ctx, domain, req, res);
    case 'POST /mfa':
      return submitMfa(ctx, domain, req, res);
    case 'GET /oauth2/idpresponse':
      return idpResponse(ctx, domain, req, res);
    case 'POST /oauth2/token':
      return tokenEndpoint(ctx, domain, req, res);
    case 'GET /oauth2/userInfo':
    case 'POST /oauth2/userInfo':
      return userInfoEndpoint(ctx, domain, req, res);
    case 'POST /oauth2/revoke':
      return revokeEndpoint(ctx, domain, req, res);
    case 'GET /logout':
      return logoutEndpoint(ctx, domain, req, res);
    case 'GET /error': {
      const q = new URL(req.url ?? '/', 'http://localhost').searchParams;
      return sendErrorPage(res, q.get('error') ?? 'unknown', 'The request could not be completed.');
    }
    default:
      if (rest === '/oauth2/token') return tokenEndpoint(ctx, domain, req, res);
      sendHTML(res, 404, '<!doctype html><p>Not found</p>');
  }
}
