// The emulator seed shared by the node adapter's end-to-end tests: one pool per concern, users per test.
import type { EmulatorSeed } from '@cogflow/emulator';

export const PASSWORD = 'Correct-Horse-9!';
export const TEMP_PASSWORD = 'Temporary-Pass-1!';
export const NEW_PASSWORD = 'Brand-New-Pass-2!';
/** Base32 TOTP secrets registered as verified for the MFA users (each user its own, so codes are not reused). */
export const TOTP_SECRETS: Record<string, string> = {
  totp: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  device: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU',
  select: 'MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK',
  bff: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
  confidential: 'ONSWG4TFOQYTEMZUONSWG4TFOQYTEMZU',
};

const totpUser = (username: string) => ({
  username,
  password: PASSWORD,
  softwareTokenSecret: TOTP_SECRETS[username]!,
  mfaPreference: { totp: true, preferred: 'SOFTWARE_TOKEN_MFA' as const },
});

export function seed(extraUsers: string[] = []): EmulatorSeed {
  return {
    pools: [
      {
        name: 'main',
        mfaConfiguration: 'OPTIONAL',
        enabledMfas: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP', 'SMS_MFA'],
        deviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
        clients: [
          { name: 'public' },
          { name: 'confidential', generateSecret: true },
          { name: 'rotating', refreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 } },
        ],
        users: [
          {
            username: 'newpass',
            temporaryPassword: TEMP_PASSWORD,
            attributes: { email: 'newpass@example.com' },
          },
          totpUser('totp'),
          totpUser('device'),
          totpUser('bff'),
          totpUser('confidential'),
          {
            ...totpUser('select'),
            attributes: { email: 'select@example.com', email_verified: 'true' },
            mfaPreference: { totp: true, email: true },
          },
          {
            username: 'email-mfa',
            password: PASSWORD,
            attributes: { email: 'email-mfa@example.com', email_verified: 'true' },
            mfaPreference: { email: true, preferred: 'EMAIL_OTP' },
          },
          {
            username: 'sms-mfa',
            password: PASSWORD,
            attributes: { phone_number: '+15555550100', phone_number_verified: 'true' },
            mfaPreference: { sms: true, preferred: 'SMS_MFA' },
          },
          ...[
            'plain',
            'refresh',
            'rotate',
            'signout',
            'global',
            'custom',
            'faults',
            'fleet',
            ...extraUsers,
          ].map((username) => ({ username, password: PASSWORD })),
        ],
      },
      {
        name: 'mfa-on',
        mfaConfiguration: 'ON',
        enabledMfas: ['SOFTWARE_TOKEN_MFA'],
        clients: [{ name: 'public' }],
        users: [{ username: 'fresh', password: PASSWORD }],
      },
      {
        // Sign-in by a verified e-mail alias with a confidential client: SECRET_HASH over the alias, then the username.
        name: 'alias',
        aliasAttributes: ['email'],
        clients: [{ name: 'confidential', generateSecret: true }],
        users: [
          {
            username: 'conf-alias',
            password: PASSWORD,
            attributes: { email: 'conf-alias@example.com', email_verified: 'true' },
          },
        ],
      },
      {
        name: 'choice',
        signInPolicy: { allowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] },
        clients: [{ name: 'public' }],
        users: [
          {
            username: 'chooser',
            password: PASSWORD,
            attributes: { email: 'chooser@example.com', email_verified: 'true' },
          },
        ],
      },
    ],
  };
}
