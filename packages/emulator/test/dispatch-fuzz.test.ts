// Every place a request names something (operation, control call, pool, client, user, attribute, device) fed
// Object.prototype's names and seeded random ones: each is a typed error in the service's shape, never state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCHABLE_ATTRIBUTES, STANDARD_ATTRIBUTES } from '../src/attribute-names.js';
import { type Emulator, startEmulator } from '../src/index.js';
import { OPERATIONS } from '../src/operations/index.js';
import { pool, type RawAnswer, rawClient, seededRandom } from './raw-http.js';
import { ok } from './wire.js';

const TARGET = 'AWSCognitoIdentityProviderService.';
const PASSWORD = 'Correct-Horse-9!';
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const SEED = 0x5eed18;
const RANDOM_COUNT = 10_000;

/** Names every object inherits, and the ones a lookup table on a plain object or a function would answer to. */
const INHERITED = [
  ...new Set([
    ...Object.getOwnPropertyNames(Object.prototype),
    ...Object.getOwnPropertyNames(Function.prototype),
    ...Object.getOwnPropertyNames(Array.prototype),
    ...Object.getOwnPropertyNames(String.prototype),
    '__proto__',
    'prototype',
    'constructor',
    'toJSON',
    'then',
    'caller',
    'callee',
    'arguments',
    'length',
    'name',
    '__esModule',
    'default',
  ]),
].filter((n) => /^[\x21-\x7e]+$/.test(n));

const isOperation = (name: string): boolean => OPERATIONS.has(name);

function randomNames(next: () => number, count: number, alphabet: string, maxLength: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const length = 1 + Math.floor(next() * maxLength);
    let s = '';
    for (let j = 0; j < length; j++) s += alphabet[Math.floor(next() * alphabet.length)];
    // Now and then an inherited name with a random twist: case, a prefix, a suffix.
    if (next() < 0.1) {
      const base = INHERITED[Math.floor(next() * INHERITED.length)] as string;
      const twist = Math.floor(next() * 3);
      s = twist === 0 ? base.toUpperCase() : twist === 1 ? `${s}${base}` : `${base}${s}`;
    }
    out.push(s);
  }
  return out;
}

const TARGET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$.-:';
// RFC 3986 pchar plus '/', and percent escapes drawn as they come.
const PATH_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/%";

let emu: Emulator;
let raw: ReturnType<typeof rawClient>;
let poolId: string;
let webClient: string;
let secrets: string[];
let accessToken: string;
let aliceBefore: unknown;
let usersBefore: number;
const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

/** What a state dump would contain: none of it may appear in any error answer. */
const MARKERS = [
  'PRIVATE KEY',
  'privatePem',
  '"verifier"',
  '"salt"',
  'refreshTokens',
  'clockOffset',
  '"store"',
  '"codes"',
  'ClientSecret',
  'pendingTotpSecret',
];

beforeAll(async () => {
  emu = await startEmulator({
    seed: {
      pools: [
        {
          name: 'main',
          clients: [{ name: 'web' }, { name: 'server', generateSecret: true }],
          users: [
            {
              username: 'alice',
              password: PASSWORD,
              attributes: { email: 'alice@example.com', email_verified: 'true' },
            },
            { username: 'tina', password: PASSWORD, softwareTokenSecret: TOTP_SECRET },
          ],
        },
      ],
    },
  });
  raw = rawClient(emu.endpoint);
  const main = emu.pools.main as NonNullable<(typeof emu.pools)['main']>;
  poolId = main.id;
  webClient = main.clients.web?.id as string;
  const signIn = await ok(emu.endpoint, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: webClient,
    AuthParameters: { USERNAME: 'alice', PASSWORD },
  });
  const tokens = signIn.AuthenticationResult as Record<string, string>;
  accessToken = tokens.AccessToken as string;
  await ok(emu.endpoint, 'ForgotPassword', { ClientId: webClient, Username: 'alice' });
  const code = (await emu.control.lastCode({ username: 'alice' })) as string;
  expect(code).toMatch(/^\d{6}$/);
  secrets = [
    main.clients.server?.secret as string,
    TOTP_SECRET,
    tokens.AccessToken as string,
    tokens.IdToken as string,
    tokens.RefreshToken as string,
    code,
  ];
  expect(secrets.every((s) => typeof s === 'string' && s.length >= 6)).toBe(true);
  aliceBefore = (await ok(emu.endpoint, 'AdminGetUser', { UserPoolId: poolId, Username: 'alice' }))
    .UserAttributes;
  usersBefore = ((await ok(emu.endpoint, 'ListUsers', { UserPoolId: poolId })).Users as unknown[]).length;
});

afterAll(async () => {
  raw?.close();
  await emu?.stop();
});

/** Problems with one answer, as text (empty when it is the expected error); `echoed` is what the request sent. */
function problems(a: RawAnswer, status: number, type: string | undefined, echoed: string): string[] {
  const out: string[] = [];
  if (a.status !== status) out.push(`status ${a.status}`);
  let body: Record<string, unknown> | undefined;
  try {
    body = JSON.parse(a.text) as Record<string, unknown>;
  } catch {
    out.push('not JSON');
  }
  if (body) {
    const keys = Object.keys(body).sort().join(',');
    if (keys !== '__type,message') out.push(`keys ${keys.slice(0, 80)}`);
    if (typeof body.__type !== 'string' || (type && body.__type !== type))
      out.push(`type ${String(body.__type)}`);
    if (a.headers['x-amzn-errortype'] !== `${String(body.__type)}:`)
      out.push(`x-amzn-errortype ${String(a.headers['x-amzn-errortype'])}`);
  }
  // What the request itself sent may be echoed in the message; anything else secret may not appear.
  const rest = echoed ? a.text.split(echoed).join('') : a.text;
  for (const s of [...secrets, ...MARKERS]) if (rest.includes(s)) out.push(`leaks ${s.slice(0, 12)}`);
  return out;
}

async function operation(name: string, body: unknown, target = `${TARGET}${name}`): Promise<RawAnswer> {
  return raw.send({
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body: JSON.stringify(body),
  });
}

describe('dispatch fuzz', () => {
  it('every inherited and random X-Amz-Target is 400 UnknownOperationException, no state', async () => {
    const next = seededRandom(SEED);
    const names = [...INHERITED, ...randomNames(next, RANDOM_COUNT, TARGET_ALPHABET, 32)].filter(
      (n) => !isOperation(n),
    );
    const failures: string[] = [];
    await pool(names, 8, async (name) => {
      const a = await operation(name, {});
      const p = problems(a, 400, 'UnknownOperationException', name);
      if (p.length) failures.push(`${name}: ${p.join('; ')}`);
    });
    // The bare name, without the service prefix.
    for (const name of INHERITED) {
      const a = await operation(name, {}, name);
      const p = problems(a, 400, 'UnknownOperationException', name);
      if (p.length) failures.push(`(no prefix) ${name}: ${p.join('; ')}`);
    }
    expect(failures.slice(0, 20)).toEqual([]);
    expect(names.length).toBeGreaterThanOrEqual(RANDOM_COUNT * 0.99);
  });

  it('every inherited and random control path is 400 UnknownOperationException, no state', async () => {
    const next = seededRandom(SEED + 1);
    const known = new Set(Object.keys(emu.control));
    const paths = [
      ...INHERITED.map((n) => `/_emulator/${n}`),
      '/_emulator',
      '/_emulator/',
      '/_emulator//now',
      '/_emulator/now/',
      '/_emulator/now/..',
      '/_emulator/../_emulator/now',
      '/_emulator/%6eow',
      ...randomNames(next, RANDOM_COUNT, PATH_ALPHABET, 24).map((n) => `/_emulator/${n}`),
    ].filter((p) => !known.has(p.slice('/_emulator/'.length)));
    const failures: string[] = [];
    await pool(paths, 8, async (path) => {
      for (const method of path.length % 3 === 0 ? ['POST', 'GET'] : ['POST']) {
        const a = await raw.send(
          method === 'GET'
            ? { method, path }
            : { method, path, headers: { 'content-type': 'application/json' }, body: '{}' },
        );
        const p = problems(a, 400, 'UnknownOperationException', path.slice('/_emulator/'.length));
        if (a.headers['access-control-allow-origin'] === '*') p.push('ACAO *');
        if (p.length) failures.push(`${method} ${path}: ${p.join('; ')}`);
      }
    });
    expect(failures.slice(0, 20)).toEqual([]);
  });

  it('every inherited and random name for a pool, client, user, attribute or device is a 400, no state', async () => {
    const next = seededRandom(SEED + 2);
    // String.prototype.sub and Function.prototype.name are real attribute names: those are not what is tested here.
    const names = [...INHERITED, ...randomNames(next, 300, TARGET_ALPHABET, 20)].filter(
      (n) => !STANDARD_ATTRIBUTES.has(n) && !SEARCHABLE_ATTRIBUTES.has(n),
    );
    type Case = [operation: string, body: (n: string, i: number) => unknown, type?: string];
    const cases: Case[] = [
      ['DescribeUserPool', (n) => ({ UserPoolId: n }), 'ResourceNotFoundException'],
      ['DescribeUserPoolClient', (n) => ({ UserPoolId: poolId, ClientId: n }), 'ResourceNotFoundException'],
      [
        'InitiateAuth',
        (n) => ({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: n,
          AuthParameters: { USERNAME: 'alice', PASSWORD },
        }),
        'ResourceNotFoundException',
      ],
      [
        'InitiateAuth',
        (n) => ({ AuthFlow: n, ClientId: webClient, AuthParameters: { USERNAME: 'alice', PASSWORD } }),
        'InvalidParameterException',
      ],
      [
        'InitiateAuth',
        (n) => ({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: webClient,
          AuthParameters: { USERNAME: n, PASSWORD: 'Not-Her-Password-1!' },
        }),
        'NotAuthorizedException',
      ],
      ['AdminGetUser', (n) => ({ UserPoolId: poolId, Username: n }), 'UserNotFoundException'],
      [
        'AdminUpdateUserAttributes',
        (n) => ({ UserPoolId: poolId, Username: 'alice', UserAttributes: [{ Name: n, Value: 'x' }] }),
        'InvalidParameterException',
      ],
      [
        'AdminDeleteUserAttributes',
        (n) => ({ UserPoolId: poolId, Username: 'alice', UserAttributeNames: [n] }),
        'InvalidParameterException',
      ],
      ['ListUsers', (n) => ({ UserPoolId: poolId, Filter: `${n} = "x"` }), 'InvalidParameterException'],
      [
        'AdminCreateUser',
        (n, i) => ({
          UserPoolId: poolId,
          Username: `created-${i}`,
          MessageAction: 'SUPPRESS',
          UserAttributes: [{ Name: n, Value: 'x' }],
        }),
        'InvalidParameterException',
      ],
      [
        'SignUp',
        (n, i) => ({
          ClientId: webClient,
          Username: `signed-up-${i}`,
          Password: PASSWORD,
          UserAttributes: [{ Name: n, Value: 'x' }],
        }),
        'InvalidParameterException',
      ],
      [
        'UpdateUserAttributes',
        (n) => ({ AccessToken: accessToken, UserAttributes: [{ Name: n, Value: 'x' }] }),
        'InvalidParameterException',
      ],
      [
        'GetUserAttributeVerificationCode',
        (n) => ({ AccessToken: accessToken, AttributeName: n }),
        'InvalidParameterException',
      ],
      [
        'VerifyUserAttribute',
        (n) => ({ AccessToken: accessToken, AttributeName: n, Code: '123456' }),
        'InvalidParameterException',
      ],
      [
        'DeleteUserAttributes',
        (n) => ({ AccessToken: accessToken, UserAttributeNames: [n] }),
        'InvalidParameterException',
      ],
      ['GetDevice', (n) => ({ AccessToken: accessToken, DeviceKey: n }), 'ResourceNotFoundException'],
      ['ForgetDevice', (n) => ({ AccessToken: accessToken, DeviceKey: n }), 'ResourceNotFoundException'],
    ];
    const work = names.flatMap((n, i) => cases.map((c) => [n, i, c] as const));
    const failures: string[] = [];
    await pool(work, 8, async ([n, i, [op, body, type]]) => {
      const a = await operation(op, body(n, i));
      const p = problems(a, 400, type, n);
      if (p.length) failures.push(`${op} ${n}: ${p.join('; ')}`);
    });
    // The control API names users too: unknown ones are an error or an empty answer, never someone else's.
    await pool(names, 8, async (n) => {
      const totp = await raw.send({ path: '/_emulator/totpCode', body: JSON.stringify({ username: n }) });
      const p = problems(totp, 400, 'ResourceNotFoundException', n);
      if (p.length) failures.push(`totpCode ${n}: ${p.join('; ')}`);
      const fault = await raw.send({ path: '/_emulator/injectFault', body: JSON.stringify({ kind: n }) });
      const q = problems(fault, 400, 'InvalidParameterException', n);
      if (q.length) failures.push(`injectFault ${n}: ${q.join('; ')}`);
      const last = await raw.send({ path: '/_emulator/lastCode', body: JSON.stringify({ username: n }) });
      if (last.status !== 200 || last.text !== '{"result":null}')
        failures.push(`lastCode ${n}: ${last.text}`);
      const messages = await raw.send({ path: '/_emulator/messages', body: JSON.stringify({ username: n }) });
      if (messages.status !== 200 || messages.text !== '{"result":[]}')
        failures.push(`messages ${n}: ${messages.text.slice(0, 80)}`);
    });
    expect(failures.slice(0, 20)).toEqual([]);
  });

  it('afterwards the server is up, alice is as she was, nobody was added, Object.prototype is untouched', async () => {
    const signIn = await ok(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: webClient,
      AuthParameters: { USERNAME: 'alice', PASSWORD },
    });
    expect(signIn.AuthenticationResult).toBeDefined();
    const after = await ok(emu.endpoint, 'AdminGetUser', { UserPoolId: poolId, Username: 'alice' });
    expect(after.UserAttributes).toEqual(aliceBefore);
    const users = (await ok(emu.endpoint, 'ListUsers', { UserPoolId: poolId })).Users as unknown[];
    expect(users.length).toBe(usersBefore);
    expect(await emu.control.lastCode({ username: 'alice' })).toMatch(/^\d{6}$/);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
    const known = await operation('ListUserPools', { MaxResults: 10 });
    expect(known.status).toBe(200);
  });
});
