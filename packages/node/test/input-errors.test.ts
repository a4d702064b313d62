// The node adapter's own caller mistakes, one row each: the typed error, its code, the part of the message that
// names the input and its expected form, and no secret of the input repeated (issue 17).

import { assertRejects } from '@cogflow/test-kit';
import { describe, expect, it } from 'vitest';
import {
  createNodeAuth,
  InputError,
  nodeRandom,
  redisStore,
  sdkTransport,
  signInWithLoopback,
} from '../src/index.js';

const SECRET = 'CS-SECRET-9e8d7c-clientsecret';

function auth() {
  return createNodeAuth({
    userPoolId: 'us-east-1_AbCdEf123',
    clientId: 'client1',
    clientSecret: SECRET,
    endpoint: 'http://127.0.0.1:9',
    oauth: { domain: 'p.auth.us-east-1.amazoncognito.com' },
  } as never);
}

// [what is called, the error class, the part of the message that says what is wrong and what is expected]
const CASES: Array<[string, () => unknown, typeof InputError | typeof TypeError, string]> = [
  [
    'createNodeAuth with a pool id without region',
    () => createNodeAuth({ userPoolId: 'AbCdEf123', clientId: 'c', clientSecret: SECRET } as never),
    InputError,
    'expected region_id',
  ],
  [
    'signInWithLoopback without open',
    () => signInWithLoopback(auth(), {} as never),
    InputError,
    'signInWithLoopback needs open(url): a function that opens the URL',
  ],
  [
    'signInWithLoopback with a path without a leading slash',
    () => signInWithLoopback(auth(), { open: () => {}, path: 'callback' }),
    InputError,
    "path must be a URL path starting with / (e.g. '/callback')",
  ],
  [
    'nodeRandom.bytes with a negative length',
    () => nodeRandom.bytes(-1),
    InputError,
    'Random.bytes length must be a non-negative safe integer',
  ],
  [
    'sdkTransport with an operation it does not send',
    () =>
      sdkTransport({ region: 'us-east-1' }).send('AdminDeleteUser' as never, { Password: SECRET } as never),
    InputError,
    'AdminDeleteUser is not an operation sdkTransport sends',
  ],
  [
    'redisStore without a client or a url',
    () => redisStore({} as never),
    TypeError,
    "redisStore needs a client or a url, e.g. redisStore({ url: 'redis://localhost:6379' })",
  ],
];

describe('node adapter: caller mistakes say what to pass', () => {
  it.each(CASES)('%s', async (_name, call, type, expected) => {
    const caught = await assertRejects((async () => call())(), _name);
    expect(caught).toBeInstanceOf(type);
    const error = caught as Error & { code?: string };
    if (caught instanceof InputError) expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain(expected);
    expect(error.message).not.toContain(SECRET);
  });
});
