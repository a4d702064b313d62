// Managed login on the page (OAuth 2.0 authorization code with PKCE through the pool's domain): the two redirect
// buttons, the callback when the domain sends the person back, and the sign-out through /oauth2/revoke and /logout.

import { handleRedirectCallback, signInWithRedirect, signOutWithRedirect } from '@cogflow/browser';
import { act, auth, CURRENT_USER, log } from './app.js';
import { config } from './config.js';
import { h } from './dom.js';

/** Set just before the redirect to /logout, so the page can say what happened when it is back. */
const SIGNED_OUT = 'cogflow-demo:signed-out-of-domain';

/** Why managed login cannot start from this address, or undefined when it can. */
function unavailable(): string | undefined {
  const { oauth } = config;
  if (!oauth) return 'Managed login is not set up: the dev server registers its address once it listens.';
  if (`${location.origin}/` !== oauth.redirectUri)
    return `Managed login sends you back to ${oauth.redirectUri} only (the app client's callback URL, matched exactly): open the page there.`;
  return undefined;
}

/** "Sign in with managed login" and "Sign in with Google", or why they are not offered at this address. */
export function managedLoginButtons(form: () => HTMLElement, loginHint: () => string): HTMLElement {
  const reason = unavailable();
  const provider = config.oauth?.provider ?? 'Google';
  const start = (social?: string): void =>
    void act(form(), async () => {
      const hint = loginHint();
      log(
        social
          ? `Redirect to ${social} through the pool's domain (authorization code + PKCE)`
          : `Redirect to the managed-login page${hint ? ` for ${hint}` : ''} (authorization code + PKCE)`,
      );
      await signInWithRedirect(auth, social ? { provider: social } : hint ? { loginHint: hint } : {});
    });
  return h(
    'div',
    { class: 'managed-login', 'data-testid': 'managed-login' },
    h(
      'p',
      { class: 'muted' },
      "Or through the user pool's domain (OAuth 2.0, the page is the callback URL):",
    ),
    reason
      ? h('p', { class: 'error', 'data-testid': 'managed-login-unavailable' }, reason)
      : h(
          'div',
          { class: 'buttons' },
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              'data-testid': 'managed-login-sign-in',
              onclick: () => start(),
            },
            'Sign in with managed login',
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              'data-testid': 'social-sign-in',
              onclick: () => start(provider),
            },
            `Sign in with ${provider}`,
          ),
        ),
  );
}

export interface RedirectOutcome {
  username?: string;
  error?: string;
}

/**
 * Finishes a redirect sign-in when the page is the callback (`?code=...&state=...`, or `?error=...`): the state
 * checked against this tab's pending authorization, the code exchanged with the PKCE verifier, the ID token
 * checked, the tokens stored, and `code` and `state` taken out of the address bar (also on a failure).
 * Undefined when the page is an ordinary visit.
 */
export async function finishRedirect(): Promise<RedirectOutcome | undefined> {
  if (!config.oauth) return undefined;
  try {
    const result = await handleRedirectCallback(auth);
    if (!result) return undefined;
    localStorage.setItem(CURRENT_USER, result.user.username);
    log(
      `${result.user.username} signed in through the pool's domain (code exchanged at /oauth2/token)`,
      'ok',
    );
    return { username: result.user.username };
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = `${code ? `${code}: ` : ''}${(error as Error).message}`;
    log(message, 'error');
    return { error: message };
  }
}

/** Revokes the refresh token at /oauth2/revoke, deletes the tokens, then goes to /logout and back to the page. */
export async function signOutOfDomain(username: string): Promise<void> {
  sessionStorage.setItem(SIGNED_OUT, username);
  try {
    await signOutWithRedirect(auth, username);
  } catch (error) {
    sessionStorage.removeItem(SIGNED_OUT);
    throw error;
  }
  localStorage.removeItem(CURRENT_USER);
  log(`${username} signed out: refresh token revoked at /oauth2/revoke, now to /logout`, 'ok');
}

/** The message for the sign-in screen when the page is back from /logout, once. */
export function takeSignedOutNote(): string | undefined {
  const username = sessionStorage.getItem(SIGNED_OUT);
  if (username === null) return undefined;
  sessionStorage.removeItem(SIGNED_OUT);
  return `Signed out ${username}: the refresh token is revoked, and /logout ended the session on the pool's domain.`;
}
