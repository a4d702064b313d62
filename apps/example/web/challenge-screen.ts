// One screen per challenge (NextStep), the answer built from its form, and the outcome of a finished sign-in.

import { getPasskeyAssertion } from '@cogflow/browser';
import type {
  ChallengeAnswer,
  DeviceOutcome,
  FirstFactor,
  MFAType,
  NextStep,
  SignInResult,
} from '@cogflow/core';
import { confirmSignIn } from '@cogflow/core';
import { describeAnswer, describeStep } from '../src/describe-step.js';
import { act, auth, CURRENT_USER, log, show } from './app.js';
import { codeInput, field, formValues, h, radios } from './dom.js';
import { inbox } from './inbox.js';
import { showSession } from './session-screen.js';
import { showSignIn } from './sign-in-screen.js';
import { otpauthURI, totpPanel } from './totp-panel.js';

const MFA_STEPS: NextStep['type'][] = ['SOFTWARE_TOKEN_MFA', 'SMS_MFA', 'EMAIL_OTP', 'SELECT_MFA_TYPE'];

export async function handle(
  result: SignInResult,
  username: string,
  seen: NextStep['type'][],
): Promise<void> {
  if (result.status === 'SIGNED_IN') {
    localStorage.setItem(CURRENT_USER, result.user.username);
    const skipped = result.device.status === 'used' && !seen.some((s) => MFA_STEPS.includes(s));
    log(`Signed in as ${result.user.username}`, 'ok');
    const note = deviceNote(result.device, skipped);
    if (note) log(note, 'ok');
    await showSession(result.user.username, note);
    return;
  }
  if (result.status !== 'CHALLENGE') {
    log(
      result.status === 'CONFIRM_SIGN_UP'
        ? `${result.username} is not confirmed yet: confirm the sign-up first`
        : `${result.username} must reset the password first`,
      'error',
    );
    return;
  }
  log(`The service asks for ${result.step.type}`);
  showChallenge(result, username, [...seen, result.step.type]);
}

function deviceNote(device: DeviceOutcome, mfaSkipped: boolean): string | undefined {
  switch (device.status) {
    case 'used':
      return mfaSkipped
        ? `MFA skipped: signed in with the remembered device ${device.deviceKey} (DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER)`
        : `Signed in with the device ${device.deviceKey}`;
    case 'confirmed':
      return `This device is now ${device.remembered ? 'remembered' : 'tracked, not remembered'}: ${device.deviceKey}`;
    case 'failed':
      return `Remembering this device failed (${device.error.code}); the session is fine`;
    default:
      return undefined;
  }
}

function challengeFields(step: NextStep, username: string): (Node | null)[] {
  switch (step.type) {
    case 'NEW_PASSWORD_REQUIRED':
      return [
        field(
          'New password',
          h('input', { name: 'newPassword', type: 'password', autocomplete: 'new-password', required: true }),
        ),
        ...step.requiredAttributes.map((name) =>
          field(name, h('input', { name: `attr:${name}`, required: true })),
        ),
      ];
    case 'SOFTWARE_TOKEN_MFA':
      return [field('Code from your authenticator app', codeInput())];
    case 'SMS_MFA':
    case 'EMAIL_OTP':
    case 'SMS_OTP':
      return [
        field('Code', codeInput()),
        h('p', { class: 'hint' }, 'On this demo the message lands in the emulator inbox, beside the log.'),
      ];
    case 'SELECT_MFA_TYPE':
      return [radios('mfa', step.options)];
    case 'MFA_SETUP':
      return [
        radios(
          'method',
          step.options.filter((o) => o === 'SOFTWARE_TOKEN_MFA' || o === 'EMAIL_OTP'),
        ),
        field('E-mail (for EMAIL_OTP)', h('input', { name: 'email', type: 'email' })),
      ];
    case 'TOTP_SETUP':
      return [
        totpPanel(step.otpauthURI || otpauthURI(username, step.secretCode), step.secretCode),
        field('First code', codeInput()),
      ];
    case 'CUSTOM_CHALLENGE':
      return [
        h(
          'dl',
          {},
          ...Object.entries(step.parameters).flatMap(([k, v]) => [
            h('dt', {}, k),
            h('dd', { 'data-testid': `param-${k}` }, v),
          ]),
        ),
        field('Answer', h('input', { name: 'answer', required: true, 'data-testid': 'answer' })),
      ];
    case 'SELECT_CHALLENGE':
      return [
        radios('challenge', step.available),
        field('Password (for PASSWORD / PASSWORD_SRP)', h('input', { name: 'password', type: 'password' })),
      ];
    case 'WEB_AUTHN':
      return [h('p', {}, 'Your browser will ask for a passkey.')];
  }
}

async function buildAnswer(step: NextStep, values: Record<string, string>): Promise<ChallengeAnswer> {
  const code = values.code ?? '';
  switch (step.type) {
    case 'NEW_PASSWORD_REQUIRED': {
      const attributes: Record<string, string> = {};
      for (const [k, v] of Object.entries(values)) if (k.startsWith('attr:')) attributes[k.slice(5)] = v;
      return { type: 'NEW_PASSWORD_REQUIRED', newPassword: values.newPassword ?? '', attributes };
    }
    case 'SOFTWARE_TOKEN_MFA':
    case 'SMS_MFA':
    case 'EMAIL_OTP':
    case 'SMS_OTP':
      return { type: step.type, code };
    case 'SELECT_MFA_TYPE':
      return { type: 'SELECT_MFA_TYPE', mfa: values.mfa as MFAType };
    case 'MFA_SETUP':
      return values.method === 'EMAIL_OTP'
        ? { type: 'MFA_SETUP', method: 'EMAIL_OTP', email: values.email ?? '' }
        : { type: 'MFA_SETUP', method: 'SOFTWARE_TOKEN_MFA' };
    case 'TOTP_SETUP':
      return { type: 'TOTP_SETUP', code, friendlyDeviceName: 'cogflow demo page' };
    case 'CUSTOM_CHALLENGE':
      return { type: 'CUSTOM_CHALLENGE', answer: values.answer ?? '' };
    case 'SELECT_CHALLENGE': {
      const challenge = values.challenge as FirstFactor;
      return values.password
        ? { type: 'SELECT_CHALLENGE', challenge, password: values.password }
        : { type: 'SELECT_CHALLENGE', challenge };
    }
    case 'WEB_AUTHN':
      return { type: 'WEB_AUTHN', credential: await getPasskeyAssertion(step.credentialRequestOptions) };
  }
}

export function showChallenge(
  result: Extract<SignInResult, { status: 'CHALLENGE' }>,
  username: string,
  seen: NextStep['type'][],
): void {
  const { step, pending } = result;
  const form = h(
    'form',
    { 'data-testid': 'challenge-form', 'data-step': step.type },
    h('h2', { 'data-testid': 'step' }, step.type),
    h('p', {}, `The service asks for ${describeStep(step)}.`),
    ...challengeFields(step, username),
    h(
      'div',
      { class: 'buttons' },
      h('button', { type: 'submit', 'data-testid': 'submit' }, 'Continue'),
      h('button', { type: 'button', class: 'secondary', onclick: () => showSignIn() }, 'Cancel'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void act(form, async () => {
      const answer = await buildAnswer(step, formValues(form));
      log(`Answered ${describeAnswer(answer)}`);
      await handle(await confirmSignIn(auth, pending, answer), username, seen);
    });
  });
  show(form);
  form.querySelector<HTMLInputElement>('input:not([type=radio])')?.focus();
  if (inbox.panel.open && ['SMS_MFA', 'EMAIL_OTP', 'SMS_OTP'].includes(step.type)) {
    void inbox.refresh().catch(() => undefined);
  }
}
