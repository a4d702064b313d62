// The stand-in OpenID provider every identity provider of every pool federates to (there is no network to Google):
// discovery, JWKS, an authorize page where the test types a subject and an e-mail, and a token endpoint
// (OpenID Connect Core 1.0, authorization code flow).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from '../context.js';
import { newOpaque } from '../ids.js';
import { jwksOf, newSigningKey, type SigningKey, signJwt } from '../jwt.js';
import type { Store } from '../state.js';
import { clientCredentials, escapeHTML, readForm, redirect, sendHTML, sendJSON, withQuery } from './http.js';

export const STAND_IN_PATH = '/_idp';
export const standInIssuer = (ctx: EmulatorContext): string => `${ctx.endpoint}${STAND_IN_PATH}`;

/** What the person typed on the stand-in's page: the claims of the ID token it issues. */
export interface StandInClaims {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  given_name?: string;
  family_name?: string;
  nonce?: string;
}

interface StandInCode {
  clientId: string;
  redirectUri: string;
  claims: StandInClaims;
  expiresAt: number;
}

interface StandInState {
  key?: SigningKey;
  codes: Map<string, StandInCode>;
}

const states = new WeakMap<Store, StandInState>();
function stateOf(store: Store): StandInState {
  let s = states.get(store);
  if (!s) {
    s = { codes: new Map() };
    states.set(store, s);
  }
  return s;
}

function keyOf(store: Store): SigningKey {
  const s = stateOf(store);
  if (!s.key) s.key = newSigningKey();
  return s.key;
}

/** Redeems a stand-in code for its claims (single use, for this client and redirect URI); undefined if it fails. */
export function redeemStandInCode(
  ctx: EmulatorContext,
  code: string,
  clientId: string,
  redirectUri: string,
): StandInClaims | undefined {
  const codes = stateOf(ctx.store).codes;
  const grant = codes.get(code);
  codes.delete(code);
  if (!grant || grant.expiresAt <= ctx.now()) return undefined;
  if (grant.clientId !== clientId || grant.redirectUri !== redirectUri) return undefined;
  return grant.claims;
}

/** `${endpoint}/<domain>/oauth2/idpresponse` of a domain this emulator serves. */
function isDomainCallback(ctx: EmulatorContext, uri: string): boolean {
  const prefix = `${ctx.endpoint}/`;
  if (!uri.startsWith(prefix) || !uri.endsWith('/oauth2/idpresponse')) return false;
  const domain = uri.slice(prefix.length, -'/oauth2/idpresponse'.length);
  return ctx.store.domains.has(domain);
}

function page(issuer: string, q: URLSearchParams, error?: string): string {
  const hidden = ['client_id', 'redirect_uri', 'state', 'nonce', 'scope', 'response_type']
    .map((k) => `<input type="hidden" name="${k}" value="${escapeHTML(q.get(k) ?? '')}">`)
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Stand-in identity provider</title></head><body>
<h1>Stand-in identity provider</h1><p>The emulator's stand-in for Google and other OpenID providers.</p>
${error ? `<p role="alert">${escapeHTML(error)}</p>` : ''}
<form method="post" action="${escapeHTML(`${issuer}/authorize`)}">${hidden}
<label>Subject <input name="sub" id="sub" required></label>
<label>E-mail <input name="email" id="email" type="email"></label>
<label>Name <input name="name" id="name"></label>
<button type="submit" id="continue">Continue</button>
<button type="submit" name="deny" value="1" id="deny" formnovalidate>Cancel</button></form></body></html>`;
}

/** Answers a request under /_idp/; false when the path is not the stand-in's. */
export async function handleStandIn(
  ctx: EmulatorContext,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  if (!path.startsWith(`${STAND_IN_PATH}/`)) return false;
  const sub = path.slice(STAND_IN_PATH.length);
  const issuer = standInIssuer(ctx);
  if (sub === '/.well-known/openid-configuration' && req.method === 'GET') {
    sendJSON(res, 200, {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks.json`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      scopes_supported: ['openid', 'email', 'profile'],
    });
    return true;
  }
  if (sub === '/jwks.json' && req.method === 'GET') {
    sendJSON(res, 200, jwksOf(keyOf(ctx.store)));
    return true;
  }
  if (sub === '/authorize') {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const q = req.method === 'POST' ? await readForm(req) : url.searchParams;
    const redirectUri = q.get('redirect_uri') ?? '';
    const clientId = q.get('client_id') ?? '';
    // It only ever sends the browser back to a domain of this emulator, so it is no open redirect.
    if (!clientId || !isDomainCallback(ctx, redirectUri)) {
      sendHTML(
        res,
        400,
        '<!doctype html><p>client_id and the redirect_uri of a user-pool domain are required.</p>',
      );
      return true;
    }
    if (req.method !== 'POST') {
      sendHTML(res, 200, page(issuer, q));
      return true;
    }
    const state = q.get('state') ?? undefined;
    if (q.get('deny')) {
      redirect(res, withQuery(redirectUri, { error: 'access_denied', state }));
      return true;
    }
    const subject = (q.get('sub') ?? '').trim();
    if (!subject) {
      sendHTML(res, 400, page(issuer, q, 'A subject is required.'));
      return true;
    }
    const email = (q.get('email') ?? '').trim();
    const name = (q.get('name') ?? '').trim();
    const nonce = q.get('nonce') ?? undefined;
    const claims: StandInClaims = {
      sub: subject,
      ...(email ? { email, email_verified: true } : {}),
      ...(name
        ? { name, given_name: name.split(' ')[0] as string, family_name: name.split(' ').slice(1).join(' ') }
        : {}),
      ...(nonce ? { nonce } : {}),
    };
    const code = newOpaque(24);
    stateOf(ctx.store).codes.set(code, { clientId, redirectUri, claims, expiresAt: ctx.now() + 5 * 60_000 });
    redirect(res, withQuery(redirectUri, { code, state }));
    return true;
  }
  if (sub === '/token' && req.method === 'POST') {
    const form = await readForm(req);
    const creds = clientCredentials(req, form);
    const claims = redeemStandInCode(
      ctx,
      form.get('code') ?? '',
      creds.clientId ?? '',
      form.get('redirect_uri') ?? '',
    );
    if (form.get('grant_type') !== 'authorization_code' || !claims) {
      sendJSON(res, 400, { error: 'invalid_grant' });
      return true;
    }
    const iat = Math.floor(ctx.now() / 1000);
    const idToken = signJwt(keyOf(ctx.store), {
      ...claims,
      iss: issuer,
      aud: creds.clientId,
      iat,
      exp: iat + 3600,
    });
    sendJSON(res, 200, {
      id_token: idToken,
      access_token: newOpaque(32),
      token_type: 'Bearer',
      expires_in: 3600,
    });
    return true;
  }
  sendJSON(res, 404, { error: 'not_found' });
  return true;
}
