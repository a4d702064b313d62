// Account settings of the signed-in user: change password, profile attributes with e-mail verification, MFA
// settings, the user's devices (forget any of them), and deleting the account.

import {
  confirmUserAttribute,
  deleteUser,
  fetchDevices,
  fetchMFAPreference,
  fetchUserAttributes,
  forgetDevice,
  peekTokens,
  updateMFAPreference,
  updatePassword,
  updateUserAttributes,
} from '@cogflow/core';
import { act, auth, CURRENT_USER, log, show } from './app.js';
import { codeInput, field, formValues, h } from './dom.js';
import { showSession } from './session-screen.js';
import { showSignIn } from './sign-in-screen.js';

const text = (name: string, type = 'text', value = ''): HTMLInputElement =>
  h('input', { name, type, value, 'data-testid': `settings-${name}` });

function section(title: string, testid: string, ...children: (Node | null)[]): HTMLFormElement {
  return h('form', { 'data-testid': testid, class: 'settings' }, h('h3', {}, title), ...children);
}

const submit = (label: string, testid: string): HTMLElement =>
  h('div', { class: 'buttons' }, h('button', { type: 'submit', 'data-testid': testid }, label));

function onSubmit(form: HTMLFormElement, action: (values: Record<string, string>) => Promise<void>): void {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void act(form, () => action(formValues(form)));
  });
}

export async function showSettings(username: string, note?: string): Promise<void> {
  const [attributes, mfa, devices, tokens] = await Promise.all([
    fetchUserAttributes(auth, username),
    fetchMFAPreference(auth, username),
    fetchDevices(auth, username),
    peekTokens(auth, username),
  ]);
  const reload = (message: string): Promise<void> => showSettings(username, message);

  const password = section(
    'Change password',
    'change-password-form',
    field('Current password', text('oldPassword', 'password')),
    field('New password', text('newPassword', 'password')),
    submit('Change password', 'change-password'),
  );
  onSubmit(password, async ({ oldPassword = '', newPassword = '' }) => {
    await updatePassword(auth, username, { oldPassword, newPassword });
    log('Password changed (ChangePassword)', 'ok');
    await reload('The password is changed.');
  });

  const profile = section(
    'Profile',
    'profile-form',
    h(
      'p',
      { 'data-testid': 'email-status' },
      `E-mail: ${attributes.email ?? 'none'} (${attributes.email_verified === 'true' ? 'verified' : 'not verified'})`,
    ),
    field('E-mail', text('email', 'email', attributes.email ?? '')),
    field('Name', text('name', 'text', attributes.name ?? '')),
    submit('Save', 'save-profile'),
  );
  onSubmit(profile, async ({ email = '', name = '' }) => {
    const changes: Record<string, string> = {};
    if (email && email !== attributes.email) changes.email = email;
    if (name && name !== attributes.name) changes.name = name;
    const result = await updateUserAttributes(auth, username, { attributes: changes });
    const waiting = Object.entries(result).filter(([, r]) => r.nextStep === 'CONFIRM_ATTRIBUTE_WITH_CODE');
    log(
      `Profile saved${waiting.length ? `; a code went to verify ${waiting.map(([n]) => n).join(', ')}` : ''}`,
      'ok',
    );
    if (waiting.some(([n]) => n === 'email')) showVerifyEmail(username);
    else await reload('Profile saved.');
  });

  const mfaForm = section(
    'Multi-factor authentication',
    'mfa-form',
    h(
      'p',
      { 'data-testid': 'mfa-status' },
      `On: ${mfa.enabled.join(', ') || 'none'}; preferred: ${mfa.preferred ?? 'none'}`,
    ),
    h(
      'div',
      { class: 'buttons' },
      h('button', { type: 'submit', 'data-testid': 'totp-off', value: 'off' }, 'Turn TOTP off'),
    ),
  );
  onSubmit(mfaForm, async () => {
    await updateMFAPreference(auth, username, { totp: 'DISABLED' });
    log('TOTP turned off (SetUserMFAPreference)', 'ok');
    await reload('TOTP is off.');
  });

  const deviceList = h(
    'ul',
    { 'data-testid': 'devices' },
    ...devices.map((device) =>
      h(
        'li',
        { 'data-testid': 'device' },
        `${device.name ?? 'unnamed'} ${device.id === tokens?.deviceKey ? '(this device) ' : ''}`,
        h(
          'button',
          {
            type: 'button',
            class: 'link',
            'data-testid': 'forget-device',
            onclick: () =>
              void act(deviceList, async () => {
                await forgetDevice(auth, username, { deviceKey: device.id });
                log(`Device ${device.id} forgotten`, 'ok');
                await reload('Device forgotten.');
              }),
          },
          'forget',
        ),
      ),
    ),
  );

  const danger = section(
    'Delete the account',
    'delete-account-form',
    submit('Delete my account', 'delete-account'),
  );
  onSubmit(danger, async () => {
    await deleteUser(auth, username);
    localStorage.removeItem(CURRENT_USER);
    log(`${username} deleted, with every local trace`, 'ok');
    showSignIn('The account is deleted.');
  });

  show(
    h(
      'div',
      { 'data-testid': 'settings-screen' },
      h('h2', {}, `Settings of ${username}`),
      note ? h('p', { class: 'ok', 'data-testid': 'settings-note' }, note) : null,
      password,
      profile,
      mfaForm,
      h('h3', {}, 'Devices'),
      deviceList,
      danger,
      h(
        'div',
        { class: 'buttons' },
        h(
          'button',
          { type: 'button', class: 'secondary', onclick: () => void showSession(username) },
          'Back',
        ),
      ),
    ),
  );
}

function showVerifyEmail(username: string): void {
  const form = section(
    'Verify the new e-mail',
    'verify-email-form',
    field('Code', codeInput()),
    submit('Verify', 'verify-email'),
  );
  onSubmit(form, async ({ code = '' }) => {
    await confirmUserAttribute(auth, username, { attributeKey: 'email', confirmationCode: code });
    log('E-mail verified (VerifyUserAttribute)', 'ok');
    await showSettings(username, 'The new e-mail is verified.');
  });
  show(form);
}
