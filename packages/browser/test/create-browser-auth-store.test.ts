// createBrowserAuth's store in Node, where no Web Storage exists: a store wrapped in withFallback keeps working and
// says why (visible fallbackReason); without it the unavailable storage is a typed rejection; with no store at all
// and no localStorage, creation says what to pass.

import { InputError, StoreError, signIn } from '@cogflow/core';
import { describe, expect, it, vi } from 'vitest';
import { type BrowserAuthConfig, createBrowserAuth } from '../src/create-browser-auth.js';
import { withFallback } from '../src/stores/fallback-store.js';
import { memoryStore } from '../src/stores/memory-store.js';
import { sessionStorageStore } from '../src/stores/web-storage-store.js';

const config = { userPoolId: 'eu-west-1_Example', clientId: 'client', endpoint: 'http://127.0.0.1:9/' };
const make = (extra: Partial<BrowserAuthConfig>) => createBrowserAuth({ ...config, ...extra });

describe('createBrowserAuth store choice', () => {
  it("sessionStorageStore without sessionStorage: with withFallback 'memory' it keeps working and says why", async () => {
    expect('sessionStorage' in globalThis).toBe(false);
    const auth = make({ storage: withFallback(sessionStorageStore(), { fallback: 'memory' }) });
    expect(auth.store.fallbackReason).toBeUndefined();
    await auth.store.set('k', 'v');
    expect(auth.store.fallbackReason).toBeInstanceOf(StoreError);
    expect(auth.store.fallbackReason?.code).toBe('STORE_UNAVAILABLE');
    expect(await auth.store.get('k')).toBe('v');
  });

  it('sessionStorageStore without sessionStorage and without a fallback rejects with STORE_UNAVAILABLE', async () => {
    const auth = make({ storage: sessionStorageStore() });
    await expect(Promise.resolve().then(() => auth.store.set('k', 'v'))).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
    });
    expect(auth.store.fallbackReason).toBeUndefined();
  });

  it('no storage given where there is no localStorage: an InputError that names what to pass', () => {
    expect('localStorage' in globalThis).toBe(false);
    expect(() => make({})).toThrow(/pass storage, e\.g\. indexedDBStore\(\)/);
  });
});

describe('createBrowserAuth on a page that is not a secure context (plain http from a LAN address)', () => {
  it('is created, and the sign-in rejects with an InputError that says what to do at its first hash', async () => {
    const { getRandomValues } = globalThis.crypto;
    // What such a page has: crypto.getRandomValues, and no crypto.subtle.
    vi.stubGlobal('crypto', { getRandomValues: getRandomValues.bind(globalThis.crypto) });
    try {
      // The service's first answer to USER_SRP_AUTH: the password claim is where SRP needs SHA-256.
      const fetch: typeof globalThis.fetch = async () =>
        new Response(
          JSON.stringify({
            ChallengeName: 'PASSWORD_VERIFIER',
            ChallengeParameters: {
              SALT: 'a1b2c3',
              SRP_B: 'ab'.repeat(64),
              SECRET_BLOCK: 'c2VjcmV0LWJsb2Nr',
              USER_ID_FOR_SRP: 'ana',
              USERNAME: 'ana',
            },
          }),
          { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' } },
        );
      const auth = make({ storage: memoryStore(), fetch });
      const error = await signIn(auth, { username: 'ana', password: 'pw' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(/https.*nobleHash/s);
      expect((error as Error).message).not.toContain('pw');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
