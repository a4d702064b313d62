// The session screen: ID-token claims, expiry, device key, and refresh, sign-out, TOTP set-up, passkeys, forget.

import { registerPasskey } from '@cogflow/browser';
import {
  setUpTOTP as associateTOTP,
  forgetDevice,
  getTokens,
  peekTokens,
  signOut,
  updateMFAPreference,
  verifyTOTPSetup,
} from '@cogflow/core';
import { decodeClaims, relativeTime } from '../src/redact.js';
import { act, auth, CURRENT_USER, everySecond, log, show } from './app.js';
import { config } from './config.js';
import { codeInput, field, formValues, h } from './dom.js';
import { signOutOfDomain } from './managed-login.js';
import { showSettings } from './settings-screen.js';
import { showSignIn } from './sign-in-screen.js';
import { otpauthURI, totpPanel } from './totp-panel.js';

function claimRows(claims: Record<string, unknown>): HTMLElement {
  const rows = Object.entries(claims).map(([name, value]) => {
    const text =
      (name === 'exp' || name === 'iat' || name === 'auth_time') && typeof value === 'number'
        ? `${new Date(value * 1000).toLocaleString()} (${relativeTime(value, Date.now())})`
        : typeof value === 'string'
          ? value
          : JSON.stringify(value);
    return h('tr', {}, h('th', {}, name), h('td', {}, text));
  });
  return h('table', { class: 'claims', 'data-testid': 'claims' }, h('tbody', {}, ...rows));
}

export async function showSession(username: string, note?: string): Promise<void> {
  const tokens = await peekTokens(auth, username);
  if (!tokens) {
    localStorage.removeItem(CURRENT_USER);
    showSignIn();
    return;
  }
  const idClaims = tokens.idToken ? decodeClaims(tokens.idToken) : undefined;
  const scope = decodeClaims(tokens.accessToken)?.scope;
  const identities = idClaims?.identities;
  const provider = Array.isArray(identities)
    ? (identities[0] as { providerName?: string } | undefined)?.providerName
    : undefined;
  const viaDomain = tokens.via === 'oauth';
  const expiry = h('span', { 'data-testid': 'expiry' });
  const tick = (): void => {
    expiry.textContent = `${new Date(tokens.expiresAt).toLocaleTimeString()} (${relativeTime(tokens.expiresAt / 1000, Date.now())})`;
  };
  tick();
  const panel = h(
    'div',
    { 'data-testid': 'session' },
    h('h2', {}, 'Signed in as ', h('span', { 'data-testid': 'session-user' }, username)),
    note ? h('p', { class: 'ok', 'data-testid': 'session-note' }, note) : null,
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Signed in through'),
      h(
        'dd',
        { 'data-testid': 'signed-in-via' },
        viaDomain
          ? provider
            ? `${provider}, federated by the pool's domain (refreshes at /oauth2/token)`
            : "managed login on the pool's domain (refreshes at /oauth2/token)"
          : 'the Cognito API (InitiateAuth, RespondToAuthChallenge)',
      ),
      h('dt', {}, 'Access token scopes'),
      h('dd', { 'data-testid': 'scopes' }, typeof scope === 'string' ? scope : 'none'),
      h('dt', {}, 'Access token expires'),
      h('dd', {}, expiry),
      h('dt', {}, 'Device key'),
      h('dd', { 'data-testid': 'device-key' }, tokens.deviceKey ?? 'none (this device is not tracked)'),
      h('dt', {}, 'Refresh token'),
      h('dd', {}, tokens.refreshToken ? 'present (kept in localStorage, never shown)' : 'none'),
    ),
    h('h3', {}, 'ID token claims'),
    idClaims ? claimRows(idClaims) : h('p', {}, 'No ID token.'),
  );
  const buttons = h(
    'div',
    { class: 'buttons' },
    h(
      'button',
      {
        type: 'button',
        'data-testid': 'refresh',
        onclick: () =>
          void act(panel, async () => {
            await getTokens(auth, username, { forceRefresh: true });
            log('Tokens refreshed', 'ok');
            await showSession(username, 'Refreshed: new access and ID tokens.');
          }),
      },
      'Refresh',
    ),
    h(
      'button',
      {
        type: 'button',
        'data-testid': 'sign-out',
        onclick: () =>
          void act(panel, async () => {
            // A session of the pool's domain also ends the domain's own session (its cookie), through /logout.
            if (viaDomain && config.oauth) return signOutOfDomain(username);
            await signOut(auth, username);
            localStorage.removeItem(CURRENT_USER);
            log(`${username} signed out (refresh token revoked)`, 'ok');
            showSignIn('Signed out. The refresh token is revoked; a remembered device stays remembered.');
          }),
      },
      'Sign out',
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        'data-testid': 'settings',
        onclick: () => void act(panel, () => showSettings(username)),
      },
      'Account settings',
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        'data-testid': 'setup-totp',
        onclick: () => void setUpTOTP(username),
      },
      'Set up an authenticator app',
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        'data-testid': 'register-passkey',
        onclick: () =>
          void act(panel, async () => {
            await registerPasskey(auth, username);
            log('Passkey registered', 'ok');
          }),
      },
      'Register a passkey',
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () =>
          void act(panel, async () => {
            await forgetDevice(auth, username);
            log('Device forgotten: the next sign-in asks for MFA again', 'ok');
            await showSession(username, 'This device is forgotten.');
          }),
      },
      'Forget this device',
    ),
  );
  panel.append(buttons);
  show(panel);
  everySecond(tick);
}

/** TOTP for a signed-in user (the pool's MFA is optional): AssociateSoftwareToken, then VerifySoftwareToken. */
async function setUpTOTP(username: string): Promise<void> {
  const form = h('form', { 'data-testid': 'totp-setup-form' }, h('h2', {}, 'Set up an authenticator app'));
  show(form);
  await act(form, async () => {
    const { secretCode } = await associateTOTP(auth, username);
    log('AssociateSoftwareToken: a new TOTP secret');
    form.append(
      totpPanel(otpauthURI(username, secretCode), secretCode),
      field('First code', codeInput()),
      h(
        'div',
        { class: 'buttons' },
        h('button', { type: 'submit', 'data-testid': 'submit' }, 'Verify'),
        h(
          'button',
          { type: 'button', class: 'secondary', onclick: () => void showSession(username) },
          'Cancel',
        ),
      ),
    );
    form.querySelector<HTMLInputElement>('input')?.focus();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void act(form, async () => {
      const code = formValues(form).code ?? '';
      await verifyTOTPSetup(auth, username, { code, friendlyDeviceName: 'cogflow demo page' });
      await updateMFAPreference(auth, username, { totp: 'PREFERRED' });
      log('TOTP verified and preferred', 'ok');
      await showSession(
        username,
        'TOTP is on: a sign-in from a device that is not remembered asks for a code.',
      );
    });
  });
}
