// The sign-in screen: username, password, flow, "remember this device", a passkey button and the demo users.

import { signInWithPasskey } from '@cogflow/browser';
import type { SignInFlow } from '@cogflow/core';
import { signIn } from '@cogflow/core';
import { showForgotPassword, showSignUp } from './account-screens.js';
import { act, auth, log, show } from './app.js';
import { handle } from './challenge-screen.js';
import { config } from './config.js';
import { field, formValues, h } from './dom.js';
import { managedLoginButtons } from './managed-login.js';

/** The sign-in screen, with a note (a sign-out) or an error (a redirect sign-in that was refused). */
export function showSignIn(message?: string, error?: string): void {
  const username = h('input', {
    name: 'username',
    autocomplete: 'username',
    required: true,
    'data-testid': 'username',
  });
  const password = h('input', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    'data-testid': 'password',
  });
  const flow = h(
    'select',
    { name: 'flow', 'data-testid': 'flow' },
    h('option', { value: 'USER_SRP_AUTH' }, 'Password, by SRP (USER_SRP_AUTH)'),
    h('option', { value: 'USER_AUTH' }, 'Choice-based (USER_AUTH)'),
    h('option', { value: 'CUSTOM_AUTH_SRP' }, 'Password, then a custom challenge (CUSTOM_AUTH)'),
  );
  const remember = h('input', { type: 'checkbox', name: 'remember', 'data-testid': 'remember' });
  const form: HTMLFormElement = h(
    'form',
    { 'data-testid': 'sign-in-form' },
    h('h2', {}, 'Sign in'),
    message ? h('p', { class: 'ok', 'data-testid': 'message' }, message) : null,
    error ? h('p', { class: 'error', role: 'alert', 'data-testid': 'error' }, error) : null,
    field('Username', username),
    field('Password', password),
    field('Flow', flow),
    h(
      'label',
      { class: 'check' },
      remember,
      h('span', {}, 'Remember this device (a remembered device skips MFA)'),
    ),
    h(
      'div',
      { class: 'buttons' },
      h('button', { type: 'submit', 'data-testid': 'sign-in' }, 'Sign in'),
      h(
        'button',
        { type: 'button', class: 'secondary', 'data-testid': 'passkey-sign-in', onclick: () => passkey() },
        'Sign in with a passkey',
      ),
    ),
    managedLoginButtons(
      (): HTMLElement => form,
      () => username.value.trim(),
    ),
    h(
      'div',
      { class: 'buttons' },
      h(
        'button',
        { type: 'button', class: 'link', 'data-testid': 'go-sign-up', onclick: () => showSignUp() },
        'Create an account',
      ),
      h(
        'button',
        { type: 'button', class: 'link', 'data-testid': 'go-forgot', onclick: () => showForgotPassword() },
        'Forgot password?',
      ),
    ),
  );
  const passkey = (): void =>
    void act(form, async () => {
      log(`${username.value} signs in with a passkey (USER_AUTH, WEB_AUTHN)`);
      const result = await signInWithPasskey(auth, {
        username: username.value,
        rememberDevice: remember.checked,
      });
      await handle(result, username.value, []);
    });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = formValues(form);
    const chosen = values.flow as SignInFlow;
    void act(form, async () => {
      log(
        `${values.username} signs in with ${chosen}${remember.checked ? ', asking to remember this device' : ''}`,
      );
      const result = await signIn(auth, {
        username: values.username ?? '',
        ...(values.password ? { password: values.password } : {}),
        flow: chosen,
        rememberDevice: remember.checked,
      });
      await handle(result, values.username ?? '', []);
    });
  });
  const users = h(
    'details',
    { class: 'users' },
    h('summary', {}, 'Demo users (the button fills the form; the password is never displayed)'),
    h(
      'ul',
      {},
      ...config.users.map((user) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'link',
              onclick: () => {
                username.value = user.username;
                password.value = user.password;
                flow.value =
                  user.username === 'carl'
                    ? 'CUSTOM_AUTH_SRP'
                    : user.username === 'uma'
                      ? 'USER_AUTH'
                      : 'USER_SRP_AUTH';
              },
            },
            user.username,
          ),
          ` ${user.shows}`,
        ),
      ),
    ),
  );
  show(form, users);
  username.focus();
}
