// Sign-in with a redirect to the user pool's managed login (or straight on to a social provider), and the
// callback. The pending authorization (PKCE verifier, state, nonce) lives in this tab's sessionStorage, under its
// own state, only until the callback: no lock is held across the redirect, so an abandoned redirect or one
// started in another tab never blocks getTokens or a new sign-in anywhere.

import {
  type AuthClient,
  type AuthorizeOptions,
  callbackState,
  completeAuthorization,
  createAuthorizationRequest,
  DEFAULT_AUTHORIZATION_TTL_SECONDS,
  isAuthorizationCallback,
  type OAuthSignInResult,
  type OAuthSignOutOptions,
  type PendingAuthorization,
  parsePendingAuthorization,
  signOutOfDomain,
  withoutCallbackParameters,
} from '@cogflow/core';

/** The part of Storage this module uses (sessionStorage by default). */
export type PendingStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

export interface RedirectHost {
  /** Default sessionStorage: per tab, gone with the tab. */
  storage?: PendingStorage;
  /** Default location.assign. */
  assign?: (url: string) => void;
}

const PREFIX = 'cogflow:oauth:';
const keyOf = (auth: AuthClient, state: string): string => `${PREFIX}${auth.clientId}:${state}`;

function storageOf(host: RedirectHost | undefined): PendingStorage {
  return host?.storage ?? sessionStorage;
}

/** Drops this tab's pending authorizations older than their lifetime (redirects that were abandoned). */
function sweep(storage: PendingStorage, now: number): void {
  const stale: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (!key?.startsWith(PREFIX)) continue;
    let pending: PendingAuthorization | undefined;
    try {
      pending = parsePendingAuthorization(JSON.parse(storage.getItem(key) ?? ''));
    } catch {
      // Not ours to read: swept below.
    }
    if (!pending || now - pending.createdAt > DEFAULT_AUTHORIZATION_TTL_SECONDS * 1000) stale.push(key);
  }
  for (const key of stale) storage.removeItem(key);
}

export interface SignInWithRedirectOptions extends AuthorizeOptions, RedirectHost {}

/**
 * Sends the page to /oauth2/authorize (managed login, or `provider: 'Google'` etc. straight on). Resolves once
 * the navigation has been asked for; the sign-in finishes in handleRedirectCallback on the redirect URI's page.
 */
export async function signInWithRedirect(
  auth: AuthClient,
  options: SignInWithRedirectOptions = {},
): Promise<void> {
  const { storage: _s, assign, ...authorize } = options;
  const storage = storageOf(options);
  const { url, pending } = await createAuthorizationRequest(auth, authorize);
  sweep(storage, pending.createdAt);
  storage.setItem(keyOf(auth, pending.state), JSON.stringify(pending));
  (assign ?? ((to: string) => location.assign(to)))(url);
}

export interface HandleRedirectCallbackOptions {
  /** Default location.href. */
  url?: string;
  storage?: PendingStorage;
  /** Remove `code` and `state` from the address bar (default true). */
  replaceState?: boolean;
}

/**
 * Finishes a redirect sign-in on the redirect URI's page: checks the state against this tab's pending
 * authorization (which it deletes first: one use), exchanges the code, checks the ID token, stores the tokens
 * (a `signed-in` event) and takes `code` and `state` out of the address bar, also when a check failed. Resolves
 * undefined when the URL is no callback (an ordinary visit of that page).
 */
export async function handleRedirectCallback(
  auth: AuthClient,
  options: HandleRedirectCallbackOptions = {},
): Promise<OAuthSignInResult | undefined> {
  const url = options.url ?? location.href;
  if (!isAuthorizationCallback(url)) return undefined;
  const storage = storageOf(options);
  const state = callbackState(url);
  let pending: PendingAuthorization | undefined;
  if (state) {
    const key = keyOf(auth, state);
    const text = storage.getItem(key);
    storage.removeItem(key);
    try {
      pending = parsePendingAuthorization(text === null ? undefined : JSON.parse(text));
    } catch {
      // A damaged record answers nothing: STATE_MISMATCH below.
    }
  }
  try {
    return await completeAuthorization(auth, { url, pending });
  } finally {
    if (options.replaceState ?? true) {
      try {
        history.replaceState(history.state, '', withoutCallbackParameters(url));
      } catch {
        // Another origin's URL (a test passing one) cannot be written to this page's history: nothing to clean.
      }
    }
  }
}

export interface SignOutWithRedirectOptions extends OAuthSignOutOptions {
  assign?: (url: string) => void;
}

/**
 * Revokes the refresh token at /oauth2/revoke, deletes the local tokens, then (with a logout URI) sends the page
 * to /logout, which ends the managed-login session cookie so the next sign-in shows the login page again.
 */
export async function signOutWithRedirect(
  auth: AuthClient,
  username: string,
  options: SignOutWithRedirectOptions = {},
): Promise<void> {
  const { assign, ...rest } = options;
  const { logoutURL } = await signOutOfDomain(auth, username, rest);
  if (logoutURL) (assign ?? ((to: string) => location.assign(to)))(logoutURL);
}
