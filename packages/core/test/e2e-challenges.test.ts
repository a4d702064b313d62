// End to end against @cogflow/emulator: each challenge handed to a person (new password, SMS, TOTP with a real
// code, e-mail, MFA type selection, MFA set-up by TOTP and by e-mail).

import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmSignIn, signIn } from '../src/index.js';
import { challenge, type Harness, startHarness } from './e2e-helpers.js';

const PASSWORD = 'Correct-Horse-9!';
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
let h: Harness;

function totpNow(secret: string): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate();
}

beforeAll(async () => {
  h = await startHarness({
    pools: [
      {
        name: 'optional',
        mfaConfiguration: 'OPTIONAL',
        enabledMfas: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'],
        clients: [{ name: 'web' }],
        users: [
          { username: 'newbie', temporaryPassword: 'Temp-Pass-1!', attributes: { email: 'newbie@x.io' } },
          {
            username: 'totp-user',
            password: PASSWORD,
            softwareTokenSecret: TOTP_SECRET,
            mfaPreference: { totp: true, preferred: 'SOFTWARE_TOKEN_MFA' },
          },
          {
            username: 'sms-user',
            password: PASSWORD,
            attributes: { phone_number: '+15550100', phone_number_verified: 'true' },
            mfaPreference: { sms: true },
          },
          {
            username: 'email-user',
            password: PASSWORD,
            attributes: { email: 'email-user@x.io', email_verified: 'true' },
            mfaPreference: { email: true },
          },
          {
            username: 'multi-user',
            password: PASSWORD,
            softwareTokenSecret: TOTP_SECRET,
            attributes: { phone_number: '+15550101', phone_number_verified: 'true' },
            mfaPreference: { sms: true, totp: true },
          },
        ],
      },
      {
        name: 'required',
        mfaConfiguration: 'ON',
        enabledMfas: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'],
        clients: [{ name: 'web' }],
        users: [
          { username: 'setup-totp', password: PASSWORD },
          {
            username: 'setup-email',
            password: PASSWORD,
            attributes: { email: 'setup@x.io', email_verified: 'true' },
          },
        ],
      },
    ],
  });
});
afterAll(async () => {
  await h?.emulator.stop();
});

describe('challenges against the emulator', () => {
  it('NEW_PASSWORD_REQUIRED: sets the new password and signs in, then the new password works', async () => {
    const { client } = h.client();
    const first = challenge(await signIn(client, { username: 'newbie', password: 'Temp-Pass-1!' }));
    expect(first.step.type).toBe('NEW_PASSWORD_REQUIRED');
    if (first.step.type !== 'NEW_PASSWORD_REQUIRED') return;
    expect(first.step.userAttributes.email).toBe('newbie@x.io');
    expect(JSON.stringify(first.pending)).not.toContain('Temp-Pass-1!');
    const done = await confirmSignIn(client, first.pending.id, {
      type: 'NEW_PASSWORD_REQUIRED',
      newPassword: 'Brand-New-Pass-2!',
    });
    expect(done.status).toBe('SIGNED_IN');
    expect((await signIn(client, { username: 'newbie', password: 'Brand-New-Pass-2!' })).status).toBe(
      'SIGNED_IN',
    );
  });

  it('SOFTWARE_TOKEN_MFA with a real TOTP code (otpauth)', async () => {
    const { client } = h.client();
    const first = challenge(await signIn(client, { username: 'totp-user', password: PASSWORD }));
    expect(first.step).toEqual({ type: 'SOFTWARE_TOKEN_MFA' });
    const done = await confirmSignIn(client, first.pending, {
      type: 'SOFTWARE_TOKEN_MFA',
      code: totpNow(TOTP_SECRET),
    });
    expect(done).toMatchObject({ status: 'SIGNED_IN', user: { username: 'totp-user' } });
  });

  it('SOFTWARE_TOKEN_MFA with a wrong code is CODE_MISMATCH', async () => {
    const { client } = h.client();
    const first = challenge(await signIn(client, { username: 'totp-user', password: PASSWORD }));
    const wrong = totpNow(TOTP_SECRET) === '000000' ? '111111' : '000000';
    await expect(
      confirmSignIn(client, first.pending, { type: 'SOFTWARE_TOKEN_MFA', code: wrong }),
    ).rejects.toMatchObject({
      code: 'CODE_MISMATCH',
    });
  });

  it('SMS_MFA with the delivered code', async () => {
    const { client } = h.client();
    const first = challenge(await signIn(client, { username: 'sms-user', password: PASSWORD }));
    expect(first.step).toMatchObject({ type: 'SMS_MFA', deliveryMedium: 'SMS' });
    const code = await h.emulator.control.lastCode({ username: 'sms-user' });
    expect(code).toMatch(/^\d{6}$/);
    const done = await confirmSignIn(client, first.pending, { type: 'SMS_MFA', code: code! });
    expect(done.status).toBe('SIGNED_IN');
  });

  it('EMAIL_OTP as MFA with the delivered code', async () => {
    const { client } = h.client();
    const first = challenge(
      await signIn(client, { username: 'email-user', password: PASSWORD, flow: 'USER_PASSWORD_AUTH' }),
    );
    expect(first.step).toMatchObject({ type: 'EMAIL_OTP', deliveryMedium: 'EMAIL' });
    const code = await h.emulator.control.lastCode({ username: 'email-user' });
    expect((await confirmSignIn(client, first.pending, { type: 'EMAIL_OTP', code: code! })).status).toBe(
      'SIGNED_IN',
    );
  });

  it('SELECT_MFA_TYPE then SOFTWARE_TOKEN_MFA', async () => {
    const { client } = h.client();
    const first = challenge(await signIn(client, { username: 'multi-user', password: PASSWORD }));
    expect(first.step.type).toBe('SELECT_MFA_TYPE');
    if (first.step.type !== 'SELECT_MFA_TYPE') return;
    expect(first.step.options.sort()).toEqual(['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
    const second = challenge(
      await confirmSignIn(client, first.pending, { type: 'SELECT_MFA_TYPE', mfa: 'SOFTWARE_TOKEN_MFA' }),
    );
    expect(second.step.type).toBe('SOFTWARE_TOKEN_MFA');
    const done = await confirmSignIn(client, second.pending, {
      type: 'SOFTWARE_TOKEN_MFA',
      code: totpNow(TOTP_SECRET),
    });
    expect(done.status).toBe('SIGNED_IN');
  });

  it('MFA_SETUP by TOTP: the otpauth URI yields codes the service accepts', async () => {
    const { client } = h.client({ pool: 'required' });
    const first = challenge(await signIn(client, { username: 'setup-totp', password: PASSWORD }));
    expect(first.step.type).toBe('MFA_SETUP');
    const setup = challenge(
      await confirmSignIn(client, first.pending, { type: 'MFA_SETUP', method: 'SOFTWARE_TOKEN_MFA' }),
    );
    expect(setup.step.type).toBe('TOTP_SETUP');
    if (setup.step.type !== 'TOTP_SETUP') return;
    expect(JSON.stringify(setup.pending)).not.toContain(setup.step.secretCode);
    const parsed = OTPAuth.URI.parse(setup.step.otpauthURI) as OTPAuth.TOTP;
    expect(parsed.issuer).toBe('Cognito');
    expect(parsed.label).toBe('setup-totp');
    expect(parsed.secret.base32.replace(/=+$/, '')).toBe(setup.step.secretCode.replace(/=+$/, ''));
    const done = await confirmSignIn(client, setup.pending, { type: 'TOTP_SETUP', code: parsed.generate() });
    expect(done.status).toBe('SIGNED_IN');
    // From now on the pool asks for the TOTP code.
    const again = challenge(await signIn(client, { username: 'setup-totp', password: PASSWORD }));
    expect(again.step.type).toBe('SOFTWARE_TOKEN_MFA');
    // The set-up code may not be used twice (as on the service): take the code of the next period.
    const later = await h.emulator.control.advanceClock(30_000);
    const code = parsed.generate({ timestamp: later });
    expect((await confirmSignIn(client, again.pending, { type: 'SOFTWARE_TOKEN_MFA', code })).status).toBe(
      'SIGNED_IN',
    );
  });

  it('MFA_SETUP by e-mail: answers EMAIL, then the e-mailed code', async () => {
    const { client } = h.client({ pool: 'required' });
    const first = challenge(await signIn(client, { username: 'setup-email', password: PASSWORD }));
    expect(first.step).toMatchObject({ type: 'MFA_SETUP' });
    const next = challenge(
      await confirmSignIn(client, first.pending, {
        type: 'MFA_SETUP',
        method: 'EMAIL_OTP',
        email: 'setup@x.io',
      }),
    );
    expect(next.step.type).toBe('EMAIL_OTP');
    const code = await h.emulator.control.lastCode({ username: 'setup-email' });
    expect((await confirmSignIn(client, next.pending, { type: 'EMAIL_OTP', code: code! })).status).toBe(
      'SIGNED_IN',
    );
  });
});
