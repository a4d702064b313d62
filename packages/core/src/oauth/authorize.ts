// The authorization request (RFC 6749 4.1.1 with PKCE and OpenID Connect's nonce) to /oauth2/authorize, and the
// pending authorization a client keeps until the redirect comes back.

import { InputError } from '../errors.js';
import type { Hash, Random } from '../ports.js';
import { formEncode } from './form.js';
import { createPKCE, randomURLToken } from './pkce.js';

/** Shorthands for the social providers as Cognito names them (`identity_provider`). */
const PROVIDERS: Record<string, string> = {
  Google: 'Google',
  Facebook: 'Facebook',
  Amazon: 'LoginWithAmazon',
  Apple: 'SignInWithApple',
};

export interface AuthorizeOptions {
  /** One of the app client's callback URLs, exactly as registered. */
  redirectUri?: string;
  /** Default `openid email profile` (or the config's). */
  scopes?: string[];
  /** Straight on to this provider, skipping the login page: `Google`, `Facebook`, `Amazon`, `Apple`, or its name. */
  provider?: string;
  /** An identifier of a SAML or OIDC provider (`idp_identifier`), e.g. the e-mail domain it serves. */
  idpIdentifier?: string;
  /** The managed-login page's language (`lang`, e.g. `de`). */
  lang?: string;
  /** Pre-fills the user name on the login page (`login_hint`). */
  loginHint?: string;
  /** `login` forces the login page even with a session cookie on the domain; passed as given. */
  prompt?: string;
  /** App data handed back by the callback (kept beside the state locally, never sent to the domain). */
  customState?: string;
}

/**
 * What the client keeps until the callback. It holds the PKCE verifier: keep it where only this flow reads it
 * (per-tab storage, the server's store with a TTL) and never log it.
 */
export interface PendingAuthorization {
  v: 1;
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
  scopes: string[];
  /** ms since the epoch. */
  createdAt: number;
  customState?: string;
}

export interface AuthorizationInput extends AuthorizeOptions {
  authorizeEndpoint: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  random: Random;
  hash: Hash;
  now: number;
}

const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]{1,256}$/;

/** Builds the authorize URL with a fresh state, nonce and PKCE pair, and the pending record that goes with it. */
export async function createAuthorization(
  input: AuthorizationInput,
): Promise<{ url: string; pending: PendingAuthorization }> {
  const { redirectUri, scopes } = input;
  if (typeof redirectUri !== 'string' || !/^[a-z][\w+.-]*:\/\/?[^\s#]+$/i.test(redirectUri))
    throw new InputError('redirectUri must be an absolute URL without fragment');
  if (
    !Array.isArray(scopes) ||
    scopes.length === 0 ||
    !scopes.every((s) => typeof s === 'string' && SCOPE.test(s))
  )
    throw new InputError('scopes must be a non-empty list of scope names without spaces');
  if (input.provider !== undefined && input.idpIdentifier !== undefined)
    throw new InputError('Pass either provider or idpIdentifier, not both');
  const { verifier, challenge } = await createPKCE(input.random, input.hash);
  const state = randomURLToken(input.random);
  const nonce = randomURLToken(input.random);
  const query = formEncode({
    response_type: 'code',
    client_id: input.clientId,
    redirect_uri: redirectUri,
    scope: scopes.join(' '),
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    identity_provider:
      input.provider === undefined ? undefined : (PROVIDERS[input.provider] ?? input.provider),
    idp_identifier: input.idpIdentifier,
    lang: input.lang,
    login_hint: input.loginHint,
    prompt: input.prompt,
  });
  const pending: PendingAuthorization = {
    v: 1,
    state,
    nonce,
    verifier,
    redirectUri,
    scopes: [...scopes],
    createdAt: input.now,
  };
  if (input.customState !== undefined) pending.customState = input.customState;
  const separator = input.authorizeEndpoint.includes('?') ? '&' : '?';
  return { url: `${input.authorizeEndpoint}${separator}${query}`, pending };
}

/** A pending authorization as read back from storage, or undefined when it is not one. */
export function parsePendingAuthorization(value: unknown): PendingAuthorization | undefined {
  const p = value as Partial<PendingAuthorization> | null;
  const str = (x: unknown): x is string => typeof x === 'string' && x !== '';
  if (p === null || typeof p !== 'object' || p.v !== 1) return undefined;
  if (!str(p.state) || !str(p.nonce) || !str(p.verifier) || !str(p.redirectUri)) return undefined;
  if (!Array.isArray(p.scopes) || !p.scopes.every(str) || typeof p.createdAt !== 'number') return undefined;
  if (p.customState !== undefined && typeof p.customState !== 'string') return undefined;
  return p as PendingAuthorization;
}
