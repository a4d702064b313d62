// createBrowserAuth's store choice in Node, where no Web Storage exists: `storageFallback: 'memory'` wraps the named
// store in withFallback (visible fallbackReason), and without it the unavailable storage is a typed rejection.

import { StoreError } from '@cogflow/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type BrowserAuth, type BrowserAuthConfig, createBrowserAuth } from '../src/create-browser-auth.js';

const config = { userPoolId: 'eu-west-1_Example', clientId: 'client', endpoint: 'http://127.0.0.1:9/' };
const made: BrowserAuth[] = [];
const make = (extra: Partial<BrowserAuthConfig>): BrowserAuth => {
  const auth = createBrowserAuth({ ...config, ...extra });
  made.push(auth);
  return auth;
};

afterEach(() => {
  for (const auth of made.splice(0)) auth.close();
});

describe('createBrowserAuth store choice', () => {
  it("storage 'session' without sessionStorage: with storageFallback 'memory' it keeps working and says why", async () => {
    expect('sessionStorage' in globalThis).toBe(false);
    const auth = make({ storage: 'session', storageFallback: 'memory' });
    expect(auth.store.fallbackReason).toBeUndefined();
    await auth.store.set('k', 'v');
    expect(auth.store.fallbackReason).toBeInstanceOf(StoreError);
    expect(auth.store.fallbackReason?.code).toBe('STORE_UNAVAILABLE');
    expect(await auth.store.get('k')).toBe('v');
  });

  it("storage 'session' without sessionStorage and without a fallback rejects with STORE_UNAVAILABLE", async () => {
    const auth = make({ storage: 'session' });
    await expect(Promise.resolve().then(() => auth.store.set('k', 'v'))).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
    });
    expect(auth.store.fallbackReason).toBeUndefined();
  });
});
