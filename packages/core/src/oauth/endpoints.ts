// Where the OAuth 2.0 endpoints are: from the user pool's domain (prefix, custom or an emulator's) or from the
// OpenID discovery document, which Cognito serves at the issuer, not on the domain.

import { InputError, ProtocolError } from '../errors.js';
import type { DiscoveryDocument } from '../protocol/oauth.js';
import { userPoolRegion } from '../srp/pool-name.js';

export interface OAuthEndpoints {
  authorize: string;
  token: string;
  revoke: string;
  userInfo: string;
  logout: string;
  /** The `iss` of the ID tokens, when known (discovery, or given); else the service's for the pool. */
  issuer?: string;
  jwks?: string;
}

/**
 * The domain's base URL: a bare host (`<prefix>.auth.<region>.amazoncognito.com`, a custom domain) gets
 * `https://`; a full `http(s)://` URL (an emulator, possibly with a path) is kept. Anything else is an
 * InputError: a query, a fragment, credentials in the URL or a non-HTTP scheme would send codes elsewhere.
 */
// One message for both checks: the fix is the same.
const DOMAIN = 'domain must be a host name or an http(s) URL without query';

export function domainBase(domain: string): string {
  if (typeof domain !== 'string' || domain.trim() !== domain || domain === '') throw new InputError(DOMAIN);
  const url = /^https?:\/\//i.test(domain) ? domain : `https://${domain}`;
  const match = /^(https?):\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?(\/[^?#@\s]*)?$/.exec(url);
  if (!match) throw new InputError(DOMAIN);
  return url.replace(/\/+$/, '');
}

/** The endpoints under a user-pool domain (Cognito's paths). */
export function endpointsFromDomain(domain: string): OAuthEndpoints {
  const base = domainBase(domain);
  return {
    authorize: `${base}/oauth2/authorize`,
    token: `${base}/oauth2/token`,
    revoke: `${base}/oauth2/revoke`,
    userInfo: `${base}/oauth2/userInfo`,
    logout: `${base}/logout`,
  };
}

/** The service's issuer of a pool: `https://cognito-idp.<region>.amazonaws.com/<poolId>`. */
export function cognitoIssuer(userPoolId: string): string {
  return `https://cognito-idp.${userPoolRegion(userPoolId)}.amazonaws.com/${userPoolId}`;
}

/** Where a pool's discovery document is: `<issuer>/.well-known/openid-configuration`. */
export function discoveryURL(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

const httpURL = (value: unknown): value is string =>
  typeof value === 'string' && /^https?:\/\/[^\s#]+$/i.test(value) && value.length <= 2048;

/**
 * The endpoints a discovery document names. `issuer` must equal the one asked for (OpenID Connect Discovery 4.3):
 * a document that names another issuer is a ProtocolError. Cognito's document has no revocation or end-session
 * endpoint: those two are taken from the authorization endpoint's domain.
 */
export function endpointsFromDiscovery(document: unknown, expectedIssuer?: string): OAuthEndpoints {
  const doc = (document !== null && typeof document === 'object' ? document : {}) as DiscoveryDocument;
  const field = (name: keyof DiscoveryDocument & string): string => {
    const value = doc[name];
    if (!httpURL(value))
      throw new ProtocolError(`The discovery document's ${name} is missing or malformed`, { field: name });
    return value;
  };
  const issuer = field('issuer');
  if (expectedIssuer !== undefined && issuer.replace(/\/+$/, '') !== expectedIssuer.replace(/\/+$/, ''))
    throw new ProtocolError('The discovery document names another issuer', { field: 'issuer' });
  const authorize = field('authorization_endpoint');
  const base = authorize.replace(/\/oauth2\/authorize$/, '');
  const optional = (name: keyof DiscoveryDocument & string, fallback: string): string =>
    httpURL(doc[name]) ? (doc[name] as string) : fallback;
  const endpoints: OAuthEndpoints = {
    authorize,
    token: field('token_endpoint'),
    revoke: optional('revocation_endpoint', `${base}/oauth2/revoke`),
    userInfo: optional('userinfo_endpoint', `${base}/oauth2/userInfo`),
    logout: optional('end_session_endpoint', `${base}/logout`),
    issuer,
  };
  if (httpURL(doc.jwks_uri)) endpoints.jwks = doc.jwks_uri;
  return endpoints;
}
