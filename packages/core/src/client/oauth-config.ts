// The OAuth 2.0 configuration of an auth instance: the domain's endpoints, the HTTP port and the defaults of the
// authorization requests, checked once; and the token endpoint's requests every OAuth function shares.

import { InputError, ProtocolError } from '../errors.js';
import {
  cognitoIssuer,
  discoveryURL,
  endpointsFromDiscovery,
  endpointsFromDomain,
  type OAuthEndpoints,
} from '../oauth/endpoints.js';
import { checkIDToken } from '../oauth/id-token.js';
import { tokenSetFromTokenAnswer } from '../oauth/token-answer.js';
import { type ClientAuthentication, tokenRequest } from '../oauth/token-request.js';
import type { AbortSignalLike, OAuthHTTP, OAuthHTTPRequest, OAuthHTTPResponse } from '../ports.js';
import type { OAuthGrant } from '../protocol/oauth.js';
import type { TokenSet } from '../types.js';
import type { AuthCore } from './context.js';
import { asCogflowError } from './records.js';

export interface OAuthSettings {
  /** The user pool's domain: `<prefix>.auth.<region>.amazoncognito.com`, a custom domain, or an emulator's URL. */
  domain?: string;
  /** Endpoints as discovered (`discoverOAuthEndpoints`) or given; wins over `domain`. */
  endpoints?: OAuthEndpoints;
  /** The ID tokens' `iss`; default the discovered one, else `https://cognito-idp.<region>.amazonaws.com/<poolId>`. */
  issuer?: string;
  /** Default redirect URI of authorization requests: one of the app client's callback URLs, exactly. */
  redirectUri?: string;
  /** Default sign-out URL for /logout: one of the app client's sign-out URLs, exactly. */
  logoutUri?: string;
  /** Default scopes of authorization requests (default `openid email profile`). */
  scopes?: string[];
  /** How a confidential client authenticates at the token endpoint (default client_secret_basic). */
  clientAuthentication?: ClientAuthentication;
  /** The HTTP port to the domain: the adapters fill it from the platform's fetch function. */
  http?: OAuthHTTP;
}

export type OAuthRefresh = (core: AuthCore, tokens: TokenSet, signal?: AbortSignalLike) => Promise<TokenSet>;

export interface OAuthConfig {
  readonly endpoints: OAuthEndpoints;
  readonly issuer: string | undefined;
  readonly redirectUri: string | undefined;
  readonly logoutUri: string | undefined;
  readonly scopes: readonly string[];
  readonly clientAuthentication: ClientAuthentication;
  readonly http: OAuthHTTP | undefined;
  /**
   * The refresh of an OAuth session at the token endpoint. Carried here so that getTokens can refresh such a
   * session without importing the OAuth modules: a page that never configures OAuth never ships them.
   */
  readonly refresh: OAuthRefresh;
}

/** Checks OAuth settings once, for `createAuthClient({ ..., oauth: oauthConfig({ domain, redirectUri }) })`. */
export function oauthConfig(settings: OAuthSettings): OAuthConfig {
  if (settings === null || typeof settings !== 'object')
    throw new InputError('oauthConfig needs a settings object');
  const { domain, endpoints } = settings;
  if (!endpoints && domain === undefined) throw new InputError('oauthConfig needs a domain or endpoints');
  return {
    endpoints: endpoints ?? endpointsFromDomain(domain!),
    issuer: settings.issuer ?? endpoints?.issuer,
    redirectUri: settings.redirectUri,
    logoutUri: settings.logoutUri,
    scopes: settings.scopes ?? ['openid', 'email', 'profile'],
    clientAuthentication: settings.clientAuthentication ?? 'client_secret_basic',
    http: settings.http,
    refresh: refreshAtTokenEndpoint,
  };
}

/** The auth instance's OAuth configuration, or an InputError saying how to give one. */
export function oauthOf(core: AuthCore): OAuthConfig & { http: OAuthHTTP } {
  const config = core.options.oauth;
  if (!config) throw new InputError('OAuth is not configured: pass oauth: oauthConfig({ domain, ... })');
  if (!config.http)
    throw new InputError('OAuth has no HTTP port: pass http to oauthConfig (the adapters do)');
  return config as OAuthConfig & { http: OAuthHTTP };
}

export const issuerOf = (core: AuthCore, config: OAuthConfig): string =>
  config.issuer ?? cognitoIssuer(core.options.userPoolId);

/** One exchange with the domain; a failure that is not typed already is a TransportError. */
export async function exchange(
  http: OAuthHTTP,
  url: string,
  request: Omit<OAuthHTTPRequest, 'signal'>,
  signal: AbortSignalLike | undefined,
): Promise<OAuthHTTPResponse> {
  let response: OAuthHTTPResponse;
  try {
    response = await http.request(url, signal ? { ...request, signal } : request);
  } catch (error) {
    throw asCogflowError(error);
  }
  if (
    response === null ||
    typeof response !== 'object' ||
    typeof response.status !== 'number' ||
    typeof response.body !== 'string'
  )
    throw new ProtocolError('The OAuth HTTP port gave no status and body');
  return response;
}

/** Sends a grant to the token endpoint and reads the tokens (`via: 'oauth'`). */
export async function requestTokens(
  core: AuthCore,
  grant: OAuthGrant,
  signal: AbortSignalLike | undefined,
  previous?: TokenSet,
): Promise<TokenSet> {
  const config = oauthOf(core);
  const { clientId, clientSecret } = core.options;
  const client = {
    clientId,
    clientAuthentication: config.clientAuthentication,
    ...(clientSecret ? { clientSecret } : {}),
  };
  const response = await exchange(config.http, config.endpoints.token, tokenRequest(client, grant), signal);
  return tokenSetFromTokenAnswer(response, core.options.clock.now(), previous);
}

/** The refresh_token grant; the new ID token's issuer and audience are checked like the first one's. */
export async function refreshAtTokenEndpoint(
  core: AuthCore,
  tokens: TokenSet,
  signal?: AbortSignalLike,
): Promise<TokenSet> {
  if (!tokens.refreshToken) throw new InputError('No refresh token: sign in again');
  const config = oauthOf(core);
  const next = await requestTokens(
    core,
    { grant_type: 'refresh_token', refresh_token: tokens.refreshToken },
    signal,
    tokens,
  );
  if (next.idToken && next.idToken !== tokens.idToken)
    checkIDToken(next.idToken, {
      clientId: core.options.clientId,
      issuer: issuerOf(core, config),
      now: core.options.clock.now(),
    });
  return next;
}

/** The endpoints of a discovery document at `<issuer>/.well-known/openid-configuration`, its issuer checked. */
export async function discoverOAuthEndpoints(
  http: OAuthHTTP,
  issuer: string,
  options?: { signal?: AbortSignalLike },
): Promise<OAuthEndpoints> {
  const response = await exchange(
    http,
    discoveryURL(issuer),
    { method: 'GET', headers: { accept: 'application/json' } },
    options?.signal,
  );
  let document: unknown;
  try {
    document = response.status === 200 ? JSON.parse(response.body) : undefined;
  } catch {
    // Reported below.
  }
  if (document === undefined)
    throw new ProtocolError(`Discovery: HTTP ${response.status} without a JSON document`);
  return endpointsFromDiscovery(document, issuer);
}
