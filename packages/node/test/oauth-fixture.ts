// The pool of the node adapter's OAuth tests: a domain, a resource server, and a CLI client (loopback on a port
// chosen before the emulator starts), a server-side web app (confidential) and a machine-to-machine client.
import type { EmulatorSeed } from '@cogflow/emulator';

export const PASSWORD = 'Correct-Horse-9!';
export const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
export const WEB_CALLBACK = 'https://app.example/callback';

export function oauthSeed(loopbackPort: number): EmulatorSeed {
  return {
    pools: [
      {
        name: 'oauth',
        domain: 'cogflow-node',
        mfaConfiguration: 'OPTIONAL',
        enabledMfas: ['SOFTWARE_TOKEN_MFA'],
        resourceServers: [
          {
            identifier: 'orders',
            name: 'Orders',
            scopes: [
              { ScopeName: 'read', ScopeDescription: 'read' },
              { ScopeName: 'write', ScopeDescription: 'write' },
            ],
          },
        ],
        clients: [
          {
            name: 'cli',
            allowedOAuthFlows: ['code'],
            allowedOAuthScopes: ['openid', 'email', 'profile'],
            callbackURLs: [`http://localhost:${loopbackPort}/callback`],
            logoutURLs: ['http://localhost:3000/bye'],
          },
          {
            name: 'web',
            generateSecret: true,
            allowedOAuthFlows: ['code'],
            allowedOAuthScopes: ['openid', 'email'],
            callbackURLs: [WEB_CALLBACK],
          },
          {
            name: 'm2m',
            generateSecret: true,
            allowedOAuthFlows: ['client_credentials'],
            allowedOAuthScopes: ['orders/read', 'orders/write'],
          },
        ],
        users: [
          {
            username: 'carol',
            password: PASSWORD,
            attributes: { email: 'carol@example.com', email_verified: 'true' },
          },
          {
            username: 'tess',
            password: PASSWORD,
            softwareTokenSecret: TOTP_SECRET,
            mfaPreference: { totp: true, preferred: 'SOFTWARE_TOKEN_MFA' },
          },
        ],
      },
    ],
  };
}
