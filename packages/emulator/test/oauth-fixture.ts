// The seeded pool the OAuth tests share: a domain, a resource server, Google (the stand-in), clients for every flow,
// and users with no MFA, TOTP and e-mail codes.
import type { EmulatorSeed } from '../src/index.js';

export const PASSWORD = 'Correct-Horse-9!';
export const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
export const SPA_CALLBACK = 'http://localhost:3000/callback';
export const SPA_LOGOUT = 'http://localhost:3000/signed-out';

export const oauthSeed: EmulatorSeed = {
  pools: [
    {
      name: 'web',
      domain: 'cogflow-web',
      mfaConfiguration: 'OPTIONAL',
      enabledMfas: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'],
      resourceServers: [
        {
          identifier: 'orders',
          name: 'Orders',
          scopes: [
            { ScopeName: 'read', ScopeDescription: 'read orders' },
            { ScopeName: 'write', ScopeDescription: 'write orders' },
          ],
        },
      ],
      identityProviders: [{ providerName: 'Google', providerType: 'Google', idpIdentifiers: ['gmail.com'] }],
      clients: [
        {
          name: 'spa',
          allowedOAuthFlows: ['code'],
          allowedOAuthScopes: [
            'openid',
            'email',
            'phone',
            'profile',
            'aws.cognito.signin.user.admin',
            'orders/read',
          ],
          callbackURLs: [SPA_CALLBACK],
          logoutURLs: [SPA_LOGOUT],
          supportedIdentityProviders: ['COGNITO', 'Google'],
        },
        {
          name: 'server',
          generateSecret: true,
          allowedOAuthFlows: ['code'],
          allowedOAuthScopes: ['openid', 'email'],
          callbackURLs: ['https://app.example/callback'],
        },
        {
          name: 'm2m',
          generateSecret: true,
          allowedOAuthFlows: ['client_credentials'],
          allowedOAuthScopes: ['orders/read', 'orders/write'],
        },
        {
          name: 'implicit',
          allowedOAuthFlows: ['implicit'],
          allowedOAuthScopes: ['openid'],
          callbackURLs: [SPA_CALLBACK],
          enableTokenRevocation: false,
        },
        { name: 'api-only' },
      ],
      users: [
        {
          username: 'alice',
          password: PASSWORD,
          attributes: {
            email: 'alice@example.com',
            email_verified: 'true',
            name: 'Alice Liddell',
            phone_number: '+15555550100',
          },
        },
        { username: 'tom', password: PASSWORD, softwareTokenSecret: TOTP_SECRET },
        { username: 'newbie', temporaryPassword: 'Temp-0rary-Pass!' },
        {
          username: 'erin',
          password: PASSWORD,
          attributes: { email: 'erin@example.com', email_verified: 'true' },
          mfaPreference: { email: true, preferred: 'EMAIL_OTP' },
        },
      ],
    },
    {
      name: 'devices',
      domain: 'cogflow-devices',
      deviceConfiguration: { ChallengeRequiredOnNewDevice: true },
      clients: [
        {
          name: 'app',
          allowedOAuthFlows: ['code'],
          allowedOAuthScopes: ['openid'],
          callbackURLs: [SPA_CALLBACK],
        },
      ],
      users: [{ username: 'dave', password: PASSWORD }],
    },
  ],
};
