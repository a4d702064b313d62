// The demo page: a sign-in form, a screen per challenge, the session, refresh and sign-out, on @cogflow/browser.

import { createBrowserAuth, getPasskeyAssertion, registerPasskey, signInWithPasskey } from '@cogflow/browser';
import type {
  ChallengeAnswer,
  DeviceOutcome,
  FirstFactor,
  MFAType,
  NextStep,
  SignInFlow,
  SignInResult,
} from '@cogflow/core';
import QRCode from 'qrcode';
import { describeAnswer, describeStep } from '../src/describe-step.js';
import { decodeClaims, relativeTime } from '../src/redact.js';
import { config } from './config.js';
import { field, formValues, h } from './dom.js';

const CURRENT_USER = 'cogflow-demo:user';
const ISSUER = 'cogflow-demo';

const auth = createBrowserAuth({
  userPoolId: config.userPoolId,
  clientId: config.clientId,
  region: config.region,
  endpoint: new URL(config.cognitoPath, location.href).href,
  storage: 'local',
  deviceName: 'cogflow demo page',
});

const screen = document.getElementById('screen') as HTMLElement;
// Created before any screen, so a step that sends a code can bring the inbox up to date.
const inbox = inboxPanel();
const logList = document.getElementById('log') as HTMLOListElement;
let ticker: ReturnType<typeof setInterval> | undefined;

function log(text: string, kind: 'info' | 'ok' | 'error' = 'info'): void {
  const time = new Date().toLocaleTimeString();
  logList.prepend(h('li', { class: kind }, h('time', {}, time), ' ', text));
}

function show(...nodes: (Node | string)[]): void {
  if (ticker) clearInterval(ticker);
  ticker = undefined;
  screen.replaceChildren(...nodes);
}

/** Runs a user action: the buttons are disabled meanwhile, and a failure is shown, never thrown away. */
async function act(form: HTMLElement, action: () => Promise<void>): Promise<void> {
  const buttons = [...form.querySelectorAll('button')];
  for (const b of buttons) b.disabled = true;
  form.querySelector('.error')?.remove();
  try {
    await action();
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = `${code ? `${code}: ` : ''}${(error as Error).message}`;
    log(message, 'error');
    form.append(h('p', { class: 'error', role: 'alert', 'data-testid': 'error' }, message));
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}

function otpauthURI(username: string, secret: string): string {
  const label = `${encodeURIComponent(ISSUER)}:${encodeURIComponent(username)}`;
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(ISSUER)}`;
}

/** The QR code of an otpauth URI, and the key typed by hand when the camera is not an option. */
function totpPanel(uri: string, secret: string): HTMLElement {
  const canvas = h('canvas', { 'data-testid': 'totp-qr', 'aria-label': 'QR code for an authenticator app' });
  void QRCode.toCanvas(canvas, uri, { margin: 2, width: 200 });
  return h(
    'div',
    { class: 'totp' },
    canvas,
    h(
      'div',
      {},
      h('p', {}, 'Scan this with an authenticator app, or type the key:'),
      h('code', { 'data-testid': 'totp-secret' }, secret),
    ),
  );
}

// ---------------------------------------------------------------------------------------------- sign-in form

function showSignIn(message?: string): void {
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
  const form = h(
    'form',
    { 'data-testid': 'sign-in-form' },
    h('h2', {}, 'Sign in'),
    message ? h('p', { class: 'ok', 'data-testid': 'message' }, message) : null,
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
      const result = await auth.signIn({
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

// ---------------------------------------------------------------------------------------------- challenges

const MFA_STEPS: NextStep['type'][] = ['SOFTWARE_TOKEN_MFA', 'SMS_MFA', 'EMAIL_OTP', 'SELECT_MFA_TYPE'];

async function handle(result: SignInResult, username: string, seen: NextStep['type'][]): Promise<void> {
  if (result.status === 'SIGNED_IN') {
    localStorage.setItem(CURRENT_USER, result.user.username);
    const skipped = result.device.status === 'used' && !seen.some((s) => MFA_STEPS.includes(s));
    log(`Signed in as ${result.user.username}`, 'ok');
    const note = deviceNote(result.device, skipped);
    if (note) log(note, 'ok');
    await showSession(result.user.username, note);
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

function codeInput(): HTMLInputElement {
  return h('input', {
    name: 'code',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    required: true,
    'data-testid': 'code',
  });
}

function radios(name: string, options: readonly string[]): HTMLElement {
  return h(
    'fieldset',
    {},
    ...options.map((option, index) =>
      h(
        'label',
        { class: 'check' },
        h('input', { type: 'radio', name, value: option, checked: index === 0 }),
        option,
      ),
    ),
  );
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

function showChallenge(
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
      await handle(await auth.respond(pending, answer), username, seen);
    });
  });
  show(form);
  form.querySelector<HTMLInputElement>('input:not([type=radio])')?.focus();
  if (inbox.panel.open && ['SMS_MFA', 'EMAIL_OTP', 'SMS_OTP'].includes(step.type)) {
    void inbox.refresh().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------- session

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

async function showSession(username: string, note?: string): Promise<void> {
  const tokens = await auth.peekTokens(username);
  if (!tokens) {
    localStorage.removeItem(CURRENT_USER);
    showSignIn();
    return;
  }
  const idClaims = tokens.idToken ? decodeClaims(tokens.idToken) : undefined;
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
            await auth.getTokens(username, { forceRefresh: true });
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
            await auth.signOut(username);
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
            await auth.forgetDevice(username);
            log('Device forgotten: the next sign-in asks for MFA again', 'ok');
            await showSession(username, 'This device is forgotten.');
          }),
      },
      'Forget this device',
    ),
  );
  panel.append(buttons);
  show(panel);
  ticker = setInterval(tick, 1000);
}

/** TOTP for a signed-in user (the pool's MFA is optional): AssociateSoftwareToken, then VerifySoftwareToken. */
async function setUpTOTP(username: string): Promise<void> {
  const form = h('form', { 'data-testid': 'totp-setup-form' }, h('h2', {}, 'Set up an authenticator app'));
  show(form);
  await act(form, async () => {
    const { accessToken } = await auth.getTokens(username);
    const { SecretCode } = await auth.transport.send('AssociateSoftwareToken', { AccessToken: accessToken });
    if (!SecretCode) throw new Error('The service returned no secret');
    log('AssociateSoftwareToken: a new TOTP secret');
    form.append(
      totpPanel(otpauthURI(username, SecretCode), SecretCode),
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
      const { accessToken } = await auth.getTokens(username);
      const { Status } = await auth.transport.send('VerifySoftwareToken', {
        AccessToken: accessToken,
        UserCode: formValues(form).code ?? '',
        FriendlyDeviceName: 'cogflow demo page',
      });
      if (Status !== 'SUCCESS') throw new Error('The code was not accepted');
      await auth.transport.send('SetUserMFAPreference', {
        AccessToken: accessToken,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      });
      log('TOTP verified and preferred', 'ok');
      await showSession(
        username,
        'TOTP is on: a sign-in from a device that is not remembered asks for a code.',
      );
    });
  });
}

// ---------------------------------------------------------------------------------------------- emulator inbox

interface DeliveredMessage {
  username: string;
  medium: string;
  destination: string;
  code: string;
  kind: string;
  at: number;
}

/**
 * The e-mails and texts the emulator "sent": on a real pool they reach a phone or an inbox; here this panel
 * stands in for both, through the emulator's control API (POST /_emulator/messages) behind the same proxy.
 */
function inboxPanel(): { panel: HTMLDetailsElement; refresh(): Promise<void> } {
  const list = h('ul', { 'data-testid': 'inbox' });
  const refresh = async (): Promise<void> => {
    const response = await fetch(new URL(`${config.cognitoPath}_emulator/messages`, location.href), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ poolId: config.userPoolId }),
    });
    const { result } = (await response.json()) as { result?: DeliveredMessage[] };
    const messages = (result ?? []).slice(-8).reverse();
    list.replaceChildren(
      ...(messages.length === 0
        ? [h('li', { class: 'muted' }, 'Nothing sent yet.')]
        : messages.map((m) =>
            h(
              'li',
              {},
              h('time', {}, new Date(m.at).toLocaleTimeString()),
              ` ${m.medium} to ${m.username} (${m.destination}), ${m.kind}: `,
              h('code', {}, m.code),
            ),
          )),
    );
  };
  const panel = h(
    'details',
    { class: 'inbox' },
    h('summary', {}, 'Emulator inbox (stands in for the phone and the mailbox)'),
    list,
    h(
      'button',
      { type: 'button', class: 'secondary', onclick: () => void refresh().catch(() => undefined) },
      'Check',
    ),
  );
  panel.addEventListener('toggle', () => {
    if (panel.open) void refresh().catch(() => undefined);
  });
  return { panel, refresh };
}

// ---------------------------------------------------------------------------------------------- start

auth.subscribe((event) => {
  log(`event ${event.type} (${event.username})${event.remote ? ' from another tab' : ''}`);
  if (event.remote && event.type === 'signed-out' && localStorage.getItem(CURRENT_USER) === event.username) {
    showSignIn('Signed out in another tab.');
  }
});

(document.getElementById('pool-info') as HTMLElement).textContent =
  `User pool ${config.userPoolId} · app client ${config.clientId} · emulator ${config.emulatorEndpoint} (through ${config.cognitoPath})`;

document.querySelector('aside')?.append(inbox.panel);

const current = localStorage.getItem(CURRENT_USER);
if (current) void showSession(current);
else showSignIn();
