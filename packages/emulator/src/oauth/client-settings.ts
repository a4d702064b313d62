// An app client's OAuth 2.0 settings (CreateUserPoolClient / UpdateUserPoolClient, AWS API reference): read from a
// request or a seed, checked as the service checks them, and shown again by DescribeUserPoolClient.
import { CognitoException, invalidParameter } from '../cognito-exception.js';
import type { OAuthClientSettings, Store } from '../state.js';

/** The scopes the service defines; anything else must be `<resource server identifier>/<scope name>`. */
export const STANDARD_SCOPES = ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'];
const FLOWS = ['code', 'implicit', 'client_credentials'] as const;

/** The OAuth members of a request, as given (before any check). */
export interface OAuthInput {
  allowedOAuthFlowsUserPoolClient?: boolean;
  allowedOAuthFlows?: string[];
  allowedOAuthScopes?: string[];
  callbackURLs?: string[];
  logoutURLs?: string[];
  defaultRedirectURI?: string;
  supportedIdentityProviders?: string[];
}

const invalidFlow = (message: string): CognitoException =>
  new CognitoException('InvalidOAuthFlowException', message);

function stringList(body: Record<string, unknown>, name: string): string[] | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw invalidParameter(`${name} must be a list of strings`);
  return value as string[];
}

/** The OAuth members of a CreateUserPoolClient / UpdateUserPoolClient body. */
export function oauthInputFrom(body: Record<string, unknown>): OAuthInput {
  const out: OAuthInput = {};
  const allowed = body.AllowedOAuthFlowsUserPoolClient;
  if (allowed !== undefined && typeof allowed !== 'boolean')
    throw invalidParameter('AllowedOAuthFlowsUserPoolClient must be a boolean');
  if (allowed !== undefined) out.allowedOAuthFlowsUserPoolClient = allowed;
  const lists = [
    ['AllowedOAuthFlows', 'allowedOAuthFlows'],
    ['AllowedOAuthScopes', 'allowedOAuthScopes'],
    ['CallbackURLs', 'callbackURLs'],
    ['LogoutURLs', 'logoutURLs'],
    ['SupportedIdentityProviders', 'supportedIdentityProviders'],
  ] as const;
  for (const [wire, key] of lists) {
    const list = stringList(body, wire);
    if (list) out[key] = list;
  }
  if (body.DefaultRedirectURI !== undefined) {
    if (typeof body.DefaultRedirectURI !== 'string')
      throw invalidParameter('DefaultRedirectURI must be a string');
    out.defaultRedirectURI = body.DefaultRedirectURI;
  }
  return out;
}

/**
 * A redirect URI as the service takes it: absolute, no fragment, HTTPS unless it is http://localhost; other schemes
 * (`myapp://callback`) are app callbacks and allowed.
 */
export function checkRedirectURL(url: string, member: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidParameter(`${member} must be absolute URLs: ${url} is not`);
  }
  if (parsed.hash || url.includes('#')) throw invalidParameter(`${member} must not have a fragment: ${url}`);
  if (parsed.protocol === 'http:' && parsed.hostname !== 'localhost')
    throw invalidParameter(`${member} must use HTTPS except for http://localhost: ${url}`);
}

/** True when the scope is a standard one or `<identifier>/<name>` of a resource server of the pool. */
export function scopeExists(store: Store, poolId: string, scope: string): boolean {
  if (STANDARD_SCOPES.includes(scope)) return true;
  const slash = scope.lastIndexOf('/');
  if (slash <= 0) return false;
  const server = store.resourceServers.get(`${poolId} ${scope.slice(0, slash)}`);
  return !!server?.scopes.some((s) => s.ScopeName === scope.slice(slash + 1));
}

/** Checks the settings against the pool (scopes and providers must exist) and the client (a secret or not). */
export function checkOAuthSettings(
  store: Store,
  poolId: string,
  input: OAuthInput,
  hasSecret: boolean,
): OAuthClientSettings {
  const flows = [...new Set(input.allowedOAuthFlows ?? [])];
  for (const f of flows) {
    if (!(FLOWS as readonly string[]).includes(f))
      throw invalidParameter(
        `1 validation error detected: Value '[${flows.join(', ')}]' at 'allowedOAuthFlows' failed to satisfy constraint: Member must satisfy enum value set: [implicit, client_credentials, code]`,
      );
  }
  const scopes = [...new Set(input.allowedOAuthScopes ?? [])];
  for (const s of scopes) {
    if (!scopeExists(store, poolId, s))
      throw new CognitoException('ScopeDoesNotExistException', `Invalid scope requested: ${s}`);
  }
  if (flows.includes('client_credentials')) {
    if (flows.includes('code') || flows.includes('implicit'))
      throw invalidFlow('client_credentials flow can not be selected along with code flow or implicit flow.');
    if (!hasSecret)
      throw invalidFlow(
        'client_credentials flow can not be selected if client does not have a client secret.',
      );
    const standard = scopes.filter((s) => STANDARD_SCOPES.includes(s));
    if (standard.length > 0)
      throw invalidFlow(
        `client_credentials flow can only be used with custom scopes, not ${standard.join(', ')}.`,
      );
  }
  const enabled = input.allowedOAuthFlowsUserPoolClient === true;
  if (enabled && (flows.length === 0 || scopes.length === 0))
    throw invalidFlow('AllowedOAuthFlows and AllowedOAuthScopes are required when OAuth flows are allowed.');
  const callbackURLs = [...new Set(input.callbackURLs ?? [])];
  const logoutURLs = [...new Set(input.logoutURLs ?? [])];
  for (const u of callbackURLs) checkRedirectURL(u, 'CallbackURLs');
  for (const u of logoutURLs) checkRedirectURL(u, 'LogoutURLs');
  if (enabled && (flows.includes('code') || flows.includes('implicit')) && callbackURLs.length === 0)
    throw invalidParameter('CallbackURLs can not be empty when the code or implicit flow is allowed.');
  if (input.defaultRedirectURI !== undefined) {
    checkRedirectURL(input.defaultRedirectURI, 'DefaultRedirectURI');
    if (!callbackURLs.includes(input.defaultRedirectURI))
      throw invalidParameter('DefaultRedirectURI must be one of the CallbackURLs.');
  }
  const providers = [...new Set(input.supportedIdentityProviders ?? [])];
  for (const p of providers) {
    if (p !== 'COGNITO' && !store.identityProviders.has(`${poolId} ${p}`))
      throw invalidParameter(`The provider ${p} does not exist for User Pool ${poolId}`);
  }
  return {
    allowedOAuthFlowsUserPoolClient: enabled,
    allowedOAuthFlows: flows as OAuthClientSettings['allowedOAuthFlows'],
    allowedOAuthScopes: scopes,
    callbackURLs,
    logoutURLs,
    ...(input.defaultRedirectURI !== undefined ? { defaultRedirectURI: input.defaultRedirectURI } : {}),
    supportedIdentityProviders: providers,
  };
}

/** DescribeUserPoolClient's OAuth members: the flag always, the lists when they hold something. */
export function describeOAuth(settings: OAuthClientSettings | undefined): Record<string, unknown> {
  const s = settings;
  const out: Record<string, unknown> = {
    AllowedOAuthFlowsUserPoolClient: s?.allowedOAuthFlowsUserPoolClient ?? false,
  };
  if (!s) return out;
  if (s.allowedOAuthFlows.length) out.AllowedOAuthFlows = s.allowedOAuthFlows;
  if (s.allowedOAuthScopes.length) out.AllowedOAuthScopes = s.allowedOAuthScopes;
  if (s.callbackURLs.length) out.CallbackURLs = s.callbackURLs;
  if (s.logoutURLs.length) out.LogoutURLs = s.logoutURLs;
  if (s.defaultRedirectURI) out.DefaultRedirectURI = s.defaultRedirectURI;
  if (s.supportedIdentityProviders.length) out.SupportedIdentityProviders = s.supportedIdentityProviders;
  return out;
}
