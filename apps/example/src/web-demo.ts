// Starts the web demo: the emulator with the demo seed, and Vite serving web/ with a proxy to it.
// Shared by `pnpm example:web` (src/web-server.ts) and the Playwright test.

import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '@cogflow/emulator';
import { createServer, defaultClientConditions, type InlineConfig, type ViteDevServer } from 'vite';
import {
  DEMO_CLIENT_ID,
  DEMO_CLIENT_NAME,
  DEMO_PASSWORDS,
  DEMO_POOL_ID,
  DEMO_POOL_NAME,
  DEMO_REGION,
  demoSeed,
  demoTriggers,
} from './seed.js';

/** What the page is told at build time (Vite `define`); see web/config.ts. */
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
  pageConfig: DemoPageConfig;
}): InlineConfig {
  const root = fileURLToPath(new URL('../web/', import.meta.url));
  return {
    configFile: false,
    root,
    logLevel: 'warn',
    clearScreen: false,
    // Workspace packages resolve to their TypeScript sources, so the page runs without a build.
    resolve: { conditions: ['@cogflow/source', ...defaultClientConditions] },
    define: { __COGFLOW_DEMO__: JSON.stringify(options.pageConfig) },
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
      demoViteConfig({ emulatorEndpoint: emulator.endpoint, port: options.webPort ?? 0, pageConfig }),
    );
    await vite.listen();
    const url = vite.resolvedUrls?.local[0];
    if (!url) throw new Error('Vite did not report a local address.');
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
