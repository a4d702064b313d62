// createBrowserAuth's store in Node, where no Web Storage exists: a store wrapped in withFallback keeps working and
// says why (visible fallbackReason); without it the unavailable storage is a typed rejection; with no store at all
// and no localStorage, creation says what to pass.

import { StoreError } from '@cogflow/core';
import { describe, expect, it } from 'vitest';
import { type BrowserAuthConfig, createBrowserAuth } from '../src/create-browser-auth.js';
import { withFallback } from '../src/stores/fallback-store.js';
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
