// The OAuth 2.0 shapes of the user-pool domain (RFC 6749, RFC 7009, OpenID Connect Discovery 1.0) as plain types.

/** A token endpoint's success answer (RFC 6749 5.1); Cognito adds `id_token` for the `openid` scope. */
export interface OAuthTokenAnswer {
  access_token?: unknown;
  id_token?: unknown;
  refresh_token?: unknown;
  token_type?: unknown;
  expires_in?: unknown;
  scope?: unknown;
}

/** An error answer of the token or revocation endpoint (RFC 6749 5.2). */
export interface OAuthErrorAnswer {
  error?: unknown;
  error_description?: unknown;
}

/** The fields of an OpenID provider's discovery document that this client reads. */
export interface DiscoveryDocument {
  issuer?: unknown;
  authorization_endpoint?: unknown;
  token_endpoint?: unknown;
  userinfo_endpoint?: unknown;
  revocation_endpoint?: unknown;
  end_session_endpoint?: unknown;
  jwks_uri?: unknown;
  [key: string]: unknown;
}

/** The grants this client sends to /oauth2/token. */
export type OAuthGrant =
  | { grant_type: 'authorization_code'; code: string; redirect_uri: string; code_verifier: string }
  | { grant_type: 'refresh_token'; refresh_token: string }
  | { grant_type: 'client_credentials'; scope?: string };
