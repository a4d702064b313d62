// The size guard over bench/bundle's entries (esbuild minify, ESM, browser; zlib gzip level 9), each written as
// README.md tells a page to. The `sign-in` goal is 12 KB and is NOT met yet (14.1 KB): until it is, this test holds
// it under the ceiling in bench/bundle/measure.ts so it cannot grow unseen. bench/bundle/run.ts prints every entry
// beside amazon-cognito-identity-js and Amplify.

import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_CEILING_GZIP_BYTES,
  CEILING_GZIP_BYTES,
  measure,
  OAUTH_CEILING_GZIP_BYTES,
  weights,
} from '../../../bench/bundle/measure.js';

const modulesOf = async (entry: Parameters<typeof measure>[0]): Promise<string[]> =>
  weights((await measure(entry)).metafile).map((row) => row.module);

describe('bundle size', () => {
  it('sign-in (createBrowserAuth, signIn + confirmSignIn with every challenge, getTokens, localStorage) stays under the ceiling (14.15 KB gzipped; goal 12 KB)', async () => {
    const size = await measure('sign-in');
    const heaviest = weights(size.metafile)
      .slice(0, 12)
      .map((row) => `${row.bytes} ${row.module}`)
      .join('; ');
    expect(
      size.gzipBytes,
      `gzipped bytes; heaviest modules (minified bytes): ${heaviest}`,
    ).toBeLessThanOrEqual(CEILING_GZIP_BYTES);
  });

  it('a page pays only for what it imports: sign-in carries no other store, tab channel, passkeys, sign-out or devices', async () => {
    const modules = await modulesOf('sign-in');
    const unchosen = [
      'stores/indexeddb-store.ts',
      'stores/fallback-store.ts',
      'stores/memory-store.ts',
      'tabs/tab-channel.ts',
      'tabs/sync-tabs.ts',
      'passkeys/',
      'client/sign-out.ts',
      'client/devices.ts',
      // The account capabilities (issue 14): none of them rides along with sign-in.
      'client/sign-up.ts',
      'client/auto-sign-in.ts',
      'client/passwords.ts',
      'client/attributes.ts',
      'client/mfa-settings.ts',
      'client/user.ts',
      'client/device-list.ts',
      'client/passkey-credentials.ts',
      'client/access.ts',
      'core/src/account/',
    ];
    expect(modules.filter((m) => unchosen.some((u) => m.includes(u)))).toEqual([]);
    // And what it chose is there: the fetch transport, WebCrypto, localStorage, the tab lock.
    for (const chosen of [
      'fetch-transport.ts',
      'web-crypto-hash.ts',
      'web-storage-store.ts',
      'locks/tab-lock.ts',
    ])
      expect(modules.some((m) => m.includes(chosen))).toBe(true);
    // The capability added by sign-in+sign-out is exactly what it adds.
    const withSignOut = (await modulesOf('sign-in+sign-out')).filter((m) => !m.startsWith('bench/'));
    expect(withSignOut.filter((m) => !modules.includes(m))).toEqual(['packages/core/src/client/sign-out.ts']);
  });

  it('sign-in carries none of the OAuth modules; the oauth entry carries them and stays under its ceiling (aim 8 KB)', async () => {
    const isOAuth = (m: string): boolean => /\/oauth\/|client\/oauth-|protocol\/oauth/.test(m);
    expect((await modulesOf('sign-in')).filter(isOAuth)).toEqual([]);
    const size = await measure('oauth');
    const modules = weights(size.metafile).map((row) => row.module);
    for (const chosen of [
      'packages/browser/src/oauth/redirect.ts',
      'packages/browser/src/oauth/fetch-oauth-http.ts',
      'packages/core/src/client/oauth-sign-in.ts',
      'packages/core/src/oauth/id-token.ts',
    ])
      expect(modules).toContain(chosen);
    // A page that signs in only by redirect ships no SRP client, no challenge machine, no client credentials.
    const unchosen =
      /srp\/(ephemeral|claim|group|device-verifier)|machine\/(transition|machine|challenge)|client\/sign-in\.ts|client-credentials/;
    expect(modules.filter((m) => unchosen.test(m))).toEqual([]);
    expect(size.gzipBytes).toBeLessThanOrEqual(OAUTH_CEILING_GZIP_BYTES);
  });

  it('the account entry carries every account module, and only account modules beside sign-in', async () => {
    const signIn = await modulesOf('sign-in');
    const added = (await modulesOf('account')).filter((m) => !signIn.includes(m) && !m.startsWith('bench/'));
    for (const module of ['sign-up', 'auto-sign-in', 'passwords', 'attributes', 'mfa-settings', 'user'])
      expect(added).toContain(`packages/core/src/client/${module}.ts`);
    expect(added.filter((m) => !/packages\/core\/src\/(client|account)\//.test(m))).toEqual([]);
  });

  it('what the account entry adds to sign-in stays under its ceiling (4 KB gzipped; aim 3 KB)', async () => {
    const [signIn, account] = await Promise.all([measure('sign-in'), measure('account')]);
    expect(account.gzipBytes - signIn.gzipBytes).toBeLessThanOrEqual(ACCOUNT_CEILING_GZIP_BYTES);
  });

  it('the browser bundles hold no AWS SDK and no Node built-in', async () => {
    for (const entry of ['sign-in', 'everything'] as const) {
      const modules = await modulesOf(entry);
      expect(modules.filter((m) => /@aws-sdk|@smithy|node:|\bbuffer\b/.test(m))).toEqual([]);
      expect(modules.some((m) => m.includes('packages/browser/src/fetch-transport.ts'))).toBe(true);
    }
  });

  it('the sign-in bundles hash with WebCrypto: no @noble/hashes module in them', async () => {
    for (const entry of ['sign-in', 'sign-in+sign-out'] as const) {
      const modules = await modulesOf(entry);
      expect(modules.some((m) => m.includes('packages/browser/src/web-crypto-hash.ts'))).toBe(true);
      expect(modules.filter((m) => m.includes('@noble'))).toEqual([]);
    }
  });
});
