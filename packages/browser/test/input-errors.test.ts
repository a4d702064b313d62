// The browser adapter's own caller mistakes, one row each: an InputError (code INVALID_INPUT) whose message names
// what is wrong and what to pass, and never repeats a secret given in the input (issue 17).

import { InputError } from '@cogflow/core';
import { assertRejects } from '@cogflow/test-kit';
import { describe, expect, it } from 'vitest';
import { createBrowserAuth } from '../src/create-browser-auth.js';
import { fetchTransport } from '../src/fetch-transport.js';
import { memoryStore } from '../src/stores/memory-store.js';
import { webCryptoHash } from '../src/web-crypto-hash.js';
import { webRandom } from '../src/web-random.js';

const SECRET = 'CS-SECRET-9e8d7c-clientsecret';
const config = { userPoolId: 'eu-west-1_Example', clientId: 'client', endpoint: 'http://127.0.0.1:9/' };

// [what is called, the part of the message that says what is wrong and what is expected]
const CASES: Array<[string, () => unknown, string]> = [
  [
    'createBrowserAuth without config',
    () => createBrowserAuth(null as never),
    'createBrowserAuth needs a config object: { userPoolId, clientId }',
  ],
  [
    'createBrowserAuth with a client secret',
    () => createBrowserAuth({ ...config, clientSecret: SECRET } as never),
    'use an app client without one',
  ],
  [
    'createBrowserAuth with a pool id without region',
    () => createBrowserAuth({ ...config, userPoolId: 'Example', storage: memoryStore() }),
    'expected region_id',
  ],
  [
    'createBrowserAuth without storage and without localStorage',
    () => createBrowserAuth(config),
    'pass storage',
  ],
  [
    'fetchTransport with a region that is not one',
    () => fetchTransport({ region: 'nowhere' }),
    'fetchTransport needs an endpoint or a region such as us-east-1',
  ],
  [
    'webRandom without getRandomValues',
    () => webRandom({ crypto: {} as never }),
    'needs crypto.getRandomValues',
  ],
  ['webRandom with a negative length', () => webRandom().bytes(-1), 'webRandom: bad length'],
  [
    'webCryptoHash without crypto.subtle, at the first hash',
    () => webCryptoHash({ crypto: {} as never }).sha256(new Uint8Array(1)),
    'pass hash: nobleHash',
  ],
];

describe('browser adapter: caller mistakes say what to pass', () => {
  it.each(CASES)('%s', async (_name, call, expected) => {
    const caught = await assertRejects((async () => call())(), _name);
    expect(caught).toBeInstanceOf(InputError);
    const error = caught as InputError;
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain(expected);
    expect(error.message).not.toContain(SECRET);
  });
});
