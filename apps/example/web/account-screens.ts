// The screens before a sign-in: create an account, confirm it with the e-mailed code (then auto sign-in), and
// forgot password (a code, then the new password).

import {
  autoSignIn,
  confirmResetPassword,
  confirmSignUp,
  resendSignUpCode,
  resetPassword,
  signUp,
} from '@cogflow/core';
import { act, auth, log, show } from './app.js';
import { handle } from './challenge-screen.js';
import { codeInput, field, formValues, h } from './dom.js';
import { showSignIn } from './sign-in-screen.js';

const input = (name: string, type = 'text'): HTMLInputElement =>
  h('input', { name, type, required: true, 'data-testid': `account-${name}` });

const buttons = (submit: string, ...extra: HTMLElement[]): HTMLElement =>
  h(
    'div',
    { class: 'buttons' },
    h('button', { type: 'submit', 'data-testid': 'account-submit' }, submit),
    ...extra,
    h('button', { type: 'button', class: 'secondary', onclick: () => showSignIn() }, 'Back to sign-in'),
  );

/** Sign up: username, e-mail and password (SignUp). */
export function showSignUp(): void {
  const form = h(
    'form',
    { 'data-testid': 'sign-up-form' },
    h('h2', {}, 'Create an account'),
    field('Username', input('username')),
    field('E-mail', input('email', 'email')),
    field('Password', input('password', 'password')),
    buttons('Sign up'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const { username = '', email = '', password = '' } = formValues(form);
    void act(form, async () => {
      const result = await signUp(auth, { username, password, attributes: { email } });
      log(`${username} signed up (${result.nextStep})`, 'ok');
      if (result.nextStep === 'CONFIRM_SIGN_UP')
        showConfirmSignUp(username, result.codeDeliveryDetails?.destination);
      else showSignIn('Signed up: sign in.');
    });
  });
  show(form);
}

/** Confirm sign-up with the code from the inbox, then sign in on the confirmation's Session. */
export function showConfirmSignUp(username: string, destination?: string): void {
  const resend = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      'data-testid': 'resend-code',
      onclick: () =>
        void act(form, async () => {
          const details = await resendSignUpCode(auth, { username });
          log(`A new code went to ${details.destination ?? 'the user'}`, 'ok');
        }),
    },
    'Send a new code',
  );
  const form = h(
    'form',
    { 'data-testid': 'confirm-sign-up-form' },
    h('h2', {}, `Confirm ${username}`),
    h('p', {}, `A code went to ${destination ?? 'the address given'} (see the emulator inbox below).`),
    field('Code', codeInput()),
    buttons('Confirm', resend),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void act(form, async () => {
      const confirmed = await confirmSignUp(auth, {
        username,
        confirmationCode: formValues(form).code ?? '',
      });
      log(`${username} is confirmed`, 'ok');
      if (confirmed.nextStep !== 'COMPLETE_AUTO_SIGN_IN') return showSignIn('Confirmed: sign in.');
      log('autoSignIn: USER_AUTH with the confirmation Session, no password');
      await handle(await autoSignIn(auth, { username }), username, []);
    });
  });
  show(form);
}

/** Forgot password: a code by e-mail (ForgotPassword), then the code and a new password. */
export function showForgotPassword(): void {
  const form = h(
    'form',
    { 'data-testid': 'forgot-password-form' },
    h('h2', {}, 'Forgot password'),
    field('Username', input('username')),
    buttons('Send a code'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const username = formValues(form).username ?? '';
    void act(form, async () => {
      const result = await resetPassword(auth, { username });
      log(`A reset code went to ${result.codeDeliveryDetails?.destination ?? 'the user'}`, 'ok');
      showResetPassword(username);
    });
  });
  show(form);
}

export function showResetPassword(username: string): void {
  const form = h(
    'form',
    { 'data-testid': 'reset-password-form' },
    h('h2', {}, `New password for ${username}`),
    field('Code', codeInput()),
    field('New password', input('password', 'password')),
    buttons('Set the password'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const { code = '', password = '' } = formValues(form);
    void act(form, async () => {
      await confirmResetPassword(auth, { username, confirmationCode: code, newPassword: password });
      log(`${username} has a new password`, 'ok');
      showSignIn('The password is reset: sign in with the new one.');
    });
  });
  show(form);
}
