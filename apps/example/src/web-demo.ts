// Starts the web demo: the emulator with the demo seed, and Vite serving web/ with a proxy to it.
// Shared by `pnpm example:web` (src/web-server.ts) and the Playwright test.

import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '@cogflow/emulator';
import { createServer, defaultClientConditions, type InlineConfig, type ViteDevServer } from 'vite';
import { pageConfigModule } from './page-config-module.js';
import { registerPageOnClient } from './register-page-url.js';
import {
  DEMO_CLIENT_ID,
  DEMO_CLIENT_NAME,
  DEMO_DOMAIN,
  DEMO_PASSWORDS,
  DEMO_POOL_ID,
  DEMO_POOL_NAME,
  DEMO_REGION,
  DEMO_SOCIAL_PROVIDER,
  DEMO_WEB_SCOPES,
  demoSeed,
  demoTriggers,
} from './seed.js';

/** Managed login, once the page's address is registered on the app client as its callback and sign-out URL. */
export interface DemoPageOAuth {
  /** The pool's domain: `https://<prefix>.auth.<region>.amazoncognito.com` on the service, here the emulator's. */
  domain: string;
  /** The ID tokens' `iss`. */
  issuer: string;
  /** The page's address, registered exactly: the callback and the sign-out URL. */
  redirectUri: string;
  scopes: string[];
  /** The social provider behind "Sign in with Google" (the emulator's stand-in OpenID provider). */
  provider: string;
}

/** What the page is told (the virtual module `virtual:cogflow-demo-config`); see web/config.ts. */
export interface DemoPageConfig {
  userPoolId: string;
  clientId: string;
  region: string;
  /** Where the page sends Cognito requests: the dev server's proxy path, same origin, so no CORS is involved. */
  cognitoPath: string;
  /** The emulator's own address, for display. */
  emulatorEndpoint: string;
  /** Demo users, so the page can offer them; their passwords fill the form without being displayed. */
  users: { username: string; password: string; shows: string }[];
  /** Absent until the dev server's port is known and registered. */
  oauth?: DemoPageOAuth;
}

export const COGNITO_PROXY_PATH = '/cognito';

export interface WebDemo {
  emulator: Emulator;
  vite: ViteDevServer;
  /** The page's address. */
  url: string;
  stop(): Promise<void>;
}

export function demoViteConfig(options: {
  emulatorEndpoint: string;
  port: number;
  /** Read when the page first loads its configuration (after the server listens). */
  pageConfig: () => DemoPageConfig;
}): InlineConfig {
  const root = fileURLToPath(new URL('../web/', import.meta.url));
  return {
    configFile: false,
    root,
    logLevel: 'warn',
    clearScreen: false,
    // Workspace packages resolve to their TypeScript sources, so the page runs without a build.
    resolve: { conditions: ['@cogflow/source', ...defaultClientConditions] },
    plugins: [pageConfigModule(options.pageConfig)],
    server: {
      host: 'localhost',
      port: options.port,
      // A busy port moves the page to the next free one; the printed address is the one Vite really took.
      strictPort: false,
      proxy: {
        [COGNITO_PROXY_PATH]: {
          target: options.emulatorEndpoint,
          changeOrigin: true,
          rewrite: (path) => path.slice(COGNITO_PROXY_PATH.length) || '/',
        },
      },
    },
  };
}

export async function startWebDemo(
  options: { emulatorPort?: number; webPort?: number } = {},
): Promise<WebDemo> {
  const emulator = await startEmulator({
    port: options.emulatorPort ?? 0,
    host: '127.0.0.1',
    region: DEMO_REGION,
    seed: demoSeed,
    triggers: demoTriggers,
  });
  try {
    const pool = emulator.pools[DEMO_POOL_NAME];
    const pageConfig: DemoPageConfig = {
      userPoolId: pool?.id ?? DEMO_POOL_ID,
      clientId: pool?.clients[DEMO_CLIENT_NAME]?.id ?? DEMO_CLIENT_ID,
      region: DEMO_REGION,
      cognitoPath: `${COGNITO_PROXY_PATH}/`,
      emulatorEndpoint: emulator.endpoint,
      users: [
        {
          username: 'wendy',
          password: DEMO_PASSWORDS.wendy,
          shows: 'password only: set up TOTP, remember the device',
        },
        { username: 'erin', password: DEMO_PASSWORDS.erin, shows: 'EMAIL_OTP' },
        { username: 'sam', password: DEMO_PASSWORDS.sam, shows: 'SMS_MFA' },
        { username: 'milo', password: DEMO_PASSWORDS.milo, shows: 'SELECT_MFA_TYPE' },
        { username: 'carl', password: DEMO_PASSWORDS.carl, shows: 'CUSTOM_CHALLENGE (use the custom flow)' },
        { username: 'uma', password: DEMO_PASSWORDS.uma, shows: 'USER_AUTH: SELECT_CHALLENGE' },
        {
          username: 'alice',
          password: DEMO_PASSWORDS.aliceTemporary,
          shows: 'NEW_PASSWORD_REQUIRED (first time)',
        },
      ],
    };
    const vite = await createServer(
      demoViteConfig({
        emulatorEndpoint: emulator.endpoint,
        port: options.webPort ?? 0,
        pageConfig: () => pageConfig,
      }),
    );
    let url: string;
    try {
      await vite.listen();
      const local = vite.resolvedUrls?.local[0];
      if (!local) throw new Error('Vite did not report a local address.');
      url = local;
      // Only now is the port known (a busy one moves Vite to the next): register that address, exactly.
      await registerPageOnClient(emulator.endpoint, {
        userPoolId: pageConfig.userPoolId,
        clientId: pageConfig.clientId,
        pageURL: url,
        scopes: DEMO_WEB_SCOPES,
        identityProviders: ['COGNITO', DEMO_SOCIAL_PROVIDER],
      });
      pageConfig.oauth = {
        domain: pool?.oauthBaseURL ?? emulator.oauthBaseURL(DEMO_DOMAIN),
        issuer: pool?.issuer ?? emulator.issuer(pageConfig.userPoolId),
        redirectUri: url,
        scopes: DEMO_WEB_SCOPES,
        provider: DEMO_SOCIAL_PROVIDER,
      };
    } catch (error) {
      await vite.close();
      throw error;
    }
    return {
      emulator,
      vite,
      url,
      async stop() {
        await vite.close();
        await emulator.stop();
      },
    };
  } catch (error) {
    await emulator.stop();
    throw error;
  }
}
