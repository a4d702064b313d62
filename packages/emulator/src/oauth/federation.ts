// Federated sign-in through the pool's domain: /oauth2/authorize sends the browser to the identity provider (the
// stand-in), /oauth2/idpresponse takes its answer, creates the user on the first sign-in (`<ProviderName>_<sub>`,
// the `identities` attribute, the attribute mapping) and finds the same user on the next.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from '../context.js';
import { newOpaque, newSub } from '../ids.js';
import type { DomainRecord, IdentityProviderRecord, UserRecord } from '../state.js';
import {
  type AuthorizeRequest,
  checkAuthorize,
  finishAuthorization,
  openDomainSession,
} from './authorize.js';
import { redirect, withQuery } from './http.js';
import { answerFailure, sendErrorPage } from './login-page.js';
import { LOGIN_TTL_MS, oauthStateOf } from './oauth-state.js';
import { redeemStandInCode, type StandInClaims, standInIssuer } from './stand-in-provider.js';

const idpRedirectURI = (request: AuthorizeRequest): string => `${request.base}/oauth2/idpresponse`;

/** Sends the browser to the provider's authorize page, remembering the app's request under an opaque state. */
export function startFederation(
  ctx: EmulatorContext,
  res: ServerResponse,
  request: AuthorizeRequest,
  provider: IdentityProviderRecord,
): void {
  if (provider.type === 'SAML') {
    redirect(
      res,
      withQuery(request.redirectUri, {
        error: 'invalid_request',
        error_description: 'SAML providers are not emulated',
        state: request.state,
      }),
    );
    return;
  }
  const id = newOpaque(32);
  oauthStateOf(ctx.store).federations.set(id, {
    domain: request.domain.domain,
    query: request.query,
    poolId: request.pool.id,
    providerName: provider.name,
    expiresAt: ctx.now() + LOGIN_TTL_MS,
  });
  const url = new URL(`${standInIssuer(ctx)}/authorize`);
  url.searchParams.set('client_id', provider.details.client_id ?? '');
  url.searchParams.set('redirect_uri', idpRedirectURI(request));
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', provider.details.authorize_scopes ?? 'openid');
  url.searchParams.set('state', id);
  redirect(res, url.toString());
}

function attributesFrom(provider: IdentityProviderRecord, claims: StandInClaims): Record<string, string> {
  const out: Record<string, string> = {};
  const source = claims as unknown as Record<string, unknown>;
  for (const [poolAttr, providerAttr] of Object.entries(provider.attributeMapping)) {
    if (poolAttr === 'username') continue;
    // Own claims only: a mapping to `constructor` must not read what every object inherits.
    const value = Object.hasOwn(source, providerAttr) ? source[providerAttr] : undefined;
    if (value !== undefined && value !== null) out[poolAttr] = String(value);
  }
  return out;
}

/** Creates the federated user on the first sign-in, updates the mapped attributes on every later one. */
export function federatedUser(
  ctx: EmulatorContext,
  poolId: string,
  provider: IdentityProviderRecord,
  claims: StandInClaims,
): UserRecord {
  const username = `${provider.name}_${claims.sub}`;
  const mapped = attributesFrom(provider, claims);
  const existing = ctx.store.getUser(poolId, username);
  const now = ctx.now();
  if (existing) {
    Object.assign(existing.attributes, mapped);
    existing.modifiedAt = now;
    return existing;
  }
  const identities = [
    {
      userId: claims.sub,
      providerName: provider.name,
      providerType: provider.type,
      issuer: null,
      primary: 'true',
      dateCreated: String(now),
    },
  ];
  const user: UserRecord = {
    poolId,
    username,
    sub: newSub(),
    attributes: { ...mapped, identities: JSON.stringify(identities) },
    status: 'EXTERNAL_PROVIDER',
    enabled: true,
    createdAt: now,
    modifiedAt: now,
    mfa: { sms: false, totp: false, email: false },
    webauthn: [],
    codes: [],
    failedSignIns: 0,
  };
  ctx.store.putUser(user);
  return user;
}

/** GET /oauth2/idpresponse: the provider's code, exchanged, and the app's own request finished. */
export function idpResponse(
  ctx: EmulatorContext,
  domain: DomainRecord,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const q = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const federations = oauthStateOf(ctx.store).federations;
  const id = q.get('state') ?? '';
  const pending = federations.get(id);
  federations.delete(id);
  if (!pending || pending.domain !== domain.domain || pending.expiresAt <= ctx.now()) {
    sendErrorPage(res, 'invalid_request', 'The federated sign-in expired or is unknown; start it again.');
    return;
  }
  const checked = checkAuthorize(ctx, domain, new URLSearchParams(pending.query));
  if (!checked.ok) {
    answerFailure(res, checked);
    return;
  }
  const request = checked.request;
  const provider = ctx.store.identityProviders.get(`${pending.poolId} ${pending.providerName}`);
  const back = (error: string, description: string): void =>
    redirect(
      res,
      withQuery(request.redirectUri, { error, error_description: description, state: request.state }),
    );
  if (!provider) {
    back('invalid_request', 'The identity provider no longer exists');
    return;
  }
  const providerError = q.get('error');
  if (providerError === 'access_denied') {
    back('access_denied', `${provider.name} Error - access_denied`);
    return;
  }
  if (providerError) {
    back('invalid_request', `${provider.name} Error - ${providerError}`);
    return;
  }
  const claims = redeemStandInCode(
    ctx,
    q.get('code') ?? '',
    provider.details.client_id ?? '',
    idpRedirectURI(request),
  );
  if (!claims) {
    back('invalid_request', `${provider.name} Error - 400 invalid_grant`);
    return;
  }
  const user = federatedUser(ctx, request.pool.id, provider, claims);
  if (!user.enabled) {
    back('invalid_request', 'User is disabled.');
    return;
  }
  const authTime = Math.floor(ctx.now() / 1000);
  finishAuthorization(ctx, res, request, user, authTime, [openDomainSession(ctx, request, user, authTime)]);
}
