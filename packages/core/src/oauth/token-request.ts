// Requests to the token and revocation endpoints (RFC 6749 4.1.3, 4.4, 6; RFC 7009): form bodies, and the client
// authenticated with client_secret_basic (RFC 6749 2.3.1) or client_secret_post, or only named (a public client).

import type { OAuthHTTPRequest } from '../ports.js';
import type { OAuthGrant } from '../protocol/oauth.js';
import { base64FromBytes, utf8Bytes } from '../srp/codec.js';
import { formComponent, formEncode } from './form.js';

export type ClientAuthentication = 'client_secret_basic' | 'client_secret_post';

export interface ClientCredentialsInput {
  clientId: string;
  /** Confidential clients only. */
  clientSecret?: string;
  /** Default client_secret_basic. */
  clientAuthentication?: ClientAuthentication;
}

function formRequest(
  client: ClientCredentialsInput,
  fields: Record<string, string | undefined>,
): Omit<OAuthHTTPRequest, 'signal'> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  const { clientId, clientSecret } = client;
  const body: Record<string, string | undefined> = { ...fields };
  if (clientSecret && (client.clientAuthentication ?? 'client_secret_basic') === 'client_secret_basic') {
    // RFC 6749 2.3.1: both are form-encoded before they are joined and base64-encoded.
    const pair = `${formComponent(clientId)}:${formComponent(clientSecret)}`;
    headers.authorization = `Basic ${base64FromBytes(utf8Bytes(pair))}`;
  } else {
    body.client_id = clientId;
    if (clientSecret) body.client_secret = clientSecret;
  }
  return { method: 'POST', headers, body: formEncode(body) };
}

/** A token request for one grant. */
export function tokenRequest(
  client: ClientCredentialsInput,
  grant: OAuthGrant,
): Omit<OAuthHTTPRequest, 'signal'> {
  return formRequest(client, { ...grant });
}

/** A revocation request for a refresh token (Cognito revokes refresh tokens only). */
export function revocationRequest(
  client: ClientCredentialsInput,
  refreshToken: string,
): Omit<OAuthHTTPRequest, 'signal'> {
  return formRequest(client, { token: refreshToken });
}

/** The /logout URL: back to `logoutUri` (one of the app client's sign-out URLs) once the domain's session is gone. */
export function logoutURL(endpoint: string, clientId: string, logoutUri: string): string {
  const separator = endpoint.includes('?') ? '&' : '?';
  return `${endpoint}${separator}${formEncode({ client_id: clientId, logout_uri: logoutUri })}`;
}
