// Faults injected by the emulator reach @cogflow/node as typed errors, and nothing stored is lost on the way:
// latency past the timeout, 5xx, throttling and a connection dropped in the middle of a refresh.
import {
  type AuthClient,
  CogflowError,
  getTokens,
  peekTokens,
  type SignInResult,
  signIn,
} from '@cogflow/core';
import { type Emulator, startEmulator } from '@cogflow/emulator';
import { transportConformance } from '@cogflow/test-kit';
import { runInVitest } from '@cogflow/test-kit/vitest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createNodeAuth, sdkTransport } from '../src/index.js';
import { PASSWORD, seed } from './helpers/seed.js';
import { type SnapshotStore, snapshotStore } from './helpers/snapshot-store.js';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    seed: seed([
      'conformance',
      'f-timeout',
      'f-5xx',
      'f-throttle',
      'f-drop',
      'f-answer',
      'f-rot-drop',
      'f-rot-late',
    ]),
  });
});

afterAll(async () => {
  await emulator?.stop();
});

const fast = { baseDelayMs: 1, maxDelayMs: 10 };

// The shared transport suite needs a started emulator; the env getter reads it when a case runs.
runInVitest(
  'sdkTransport conformance against the emulator',
  transportConformance(
    ({ endpoint, timeoutMs }) => sdkTransport({ region: 'us-east-1', endpoint, timeoutMs, retry: fast }),
    {
      get endpoint() {
        return emulator.endpoint;
      },
      control: {
        injectFault: (fault) => emulator.control.injectFault(fault),
        clearFaults: () => emulator.control.clearFaults(),
      },
      get clientId() {
        return emulator.pools.main!.clients.public!.id;
      },
      username: 'conformance',
      password: PASSWORD,
    },
  ),
);

function signedIn(result: SignInResult): Extract<SignInResult, { status: 'SIGNED_IN' }> {
  if (result.status !== 'SIGNED_IN')
    throw new Error(
      `expected SIGNED_IN, got ${result.status === 'CHALLENGE' ? result.step.type : result.status}`,
    );
  return result;
}

interface Signed {
  auth: AuthClient;
  store: SnapshotStore;
  deviceKey: string;
}

function client(store: SnapshotStore, options: { timeoutMs?: number; rotating?: boolean } = {}): AuthClient {
  const pool = emulator.pools.main!;
  return createNodeAuth({
    userPoolId: pool.id,
    clientId: (options.rotating ? pool.clients.rotating : pool.clients.public)!.id,
    endpoint: emulator.endpoint,
    ...(options.rotating ? { refreshTokenRotation: true } : {}),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    store,
  });
}

/**
 * A client on the same store with a short timeout, for the one operation under test: the sign-in before it runs
 * with the default timeout, so a loaded machine does not turn SRP into a spurious TIMEOUT.
 */
const SHORT_TIMEOUT_MS = 300;

/** Signs `username` in with a remembered device, so that both tokens and device secrets are in the store. */
async function signInWithDevice(username: string): Promise<Signed> {
  const store = snapshotStore();
  const auth = client(store);
  const result = signedIn(await signIn(auth, { username, password: PASSWORD }));
  expect(result.device.status).toBe('confirmed');
  return { auth, store, deviceKey: (result.device as { deviceKey: string }).deviceKey };
}

async function count(operation: string): Promise<number> {
  return (await emulator.control.stats())[operation] ?? 0;
}

/** Waits until the emulator has answered `n` more `operation` requests than `from` (a late answer went out). */
async function answered(operation: string, from: number, n: number, deadlineMs = 20_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while ((await count(`${operation}:answered`)) - from < n) {
    if (Date.now() > until) throw new Error(`${operation} not answered within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect((await count(`${operation}:answered`)) - from).toBe(n);
}

describe('faults through createNodeAuth', () => {
  beforeEach(async () => {
    await emulator.control.clearFaults();
  });
  afterEach(async () => {
    await emulator.control.clearFaults();
  });

  it('latency past the timeout in a refresh: TIMEOUT, tokens and device kept, the next refresh works', async () => {
    const { auth, store, deviceKey } = await signInWithDevice('f-timeout');
    const before = store.snapshot();
    const calls = await count('InitiateAuth');
    const answers = await count('InitiateAuth:answered');
    await emulator.control.injectFault({
      operation: 'InitiateAuth',
      kind: 'latency',
      latencyMs: 1500,
      times: 1,
    });
    const short = client(store, { timeoutMs: SHORT_TIMEOUT_MS });
    const error = await getTokens(short, 'f-timeout', { forceRefresh: true }).catch((e) => e);
    expect(error).toBeInstanceOf(CogflowError);
    expect(error).toMatchObject({ name: 'TransportError', code: 'TIMEOUT' });
    expect(store.snapshot()).toEqual(before);
    // A timeout is not retried: one request reached the service, and it was still being held when we gave up.
    expect((await count('InitiateAuth')) - calls).toBe(1);
    await answered('InitiateAuth', answers, 1);
    expect(store.snapshot()).toEqual(before);
    const after = await getTokens(auth, 'f-timeout', { forceRefresh: true });
    expect(after.accessToken).not.toBe(
      JSON.parse(Object.values(before).find((v) => v.includes('accessToken'))!).tokens.accessToken,
    );
    expect(after.deviceKey ?? deviceKey).toBe(deviceKey);
  });

  it('5xx in every attempt of a refresh: a ServiceError after the retries, nothing deleted', async () => {
    const { auth, store } = await signInWithDevice('f-5xx');
    const before = store.snapshot();
    const calls = await count('InitiateAuth');
    await emulator.control.injectFault({ operation: 'InitiateAuth', kind: 'error5xx', times: 10 });
    const error = await getTokens(auth, 'f-5xx', { forceRefresh: true }).catch((e) => e);
    expect(error).toMatchObject({ name: 'ServiceError', code: 'INTERNAL_ERROR', status: 500 });
    // REFRESH_TOKEN_AUTH may be repeated: the default three attempts were made.
    expect((await count('InitiateAuth')) - calls).toBe(3);
    expect(store.snapshot()).toEqual(before);
    await emulator.control.clearFaults();
    await expect(getTokens(auth, 'f-5xx', { forceRefresh: true })).resolves.toMatchObject({
      accessToken: expect.any(String),
    });
  });

  it('throttling of a refresh is retried with backoff and succeeds', async () => {
    const { auth, store } = await signInWithDevice('f-throttle');
    const before = JSON.stringify(store.snapshot());
    const calls = await count('InitiateAuth');
    await emulator.control.injectFault({ operation: 'InitiateAuth', kind: 'throttle', times: 2 });
    const tokens = await getTokens(auth, 'f-throttle', { forceRefresh: true });
    expect((await count('InitiateAuth')) - calls).toBe(3);
    expect(before).not.toContain(tokens.accessToken);
    expect((await peekTokens(auth, 'f-throttle'))?.accessToken).toBe(tokens.accessToken);
  });

  it('a connection dropped mid-refresh: TRANSPORT, not retried, tokens and device secrets intact and usable', async () => {
    const { auth, store, deviceKey } = await signInWithDevice('f-drop');
    const before = store.snapshot();
    const calls = await count('InitiateAuth');
    await emulator.control.injectFault({ operation: 'InitiateAuth', kind: 'drop', times: 1 });
    const error = await getTokens(auth, 'f-drop', { forceRefresh: true }).catch((e) => e);
    expect(error).toMatchObject({ name: 'TransportError', code: 'TRANSPORT' });
    expect(error.cause).toBeDefined();
    expect((await count('InitiateAuth')) - calls).toBe(1);
    expect(store.snapshot()).toEqual(before);
    // The device secrets still work: the next sign-in uses the remembered device.
    const again = signedIn(await signIn(auth, { username: 'f-drop', password: PASSWORD }));
    expect(again.device).toEqual({ status: 'used', deviceKey });
  });

  it('a 5xx answering a challenge surfaces once, unretried, and the sign-in can start over', async () => {
    const store = snapshotStore();
    const auth = createNodeAuth({
      userPoolId: emulator.pools.main!.id,
      clientId: emulator.pools.main!.clients.public!.id,
      endpoint: emulator.endpoint,
      store,
    });
    const calls = await count('RespondToAuthChallenge');
    await emulator.control.injectFault({ operation: 'RespondToAuthChallenge', kind: 'error5xx', times: 1 });
    const error = await signIn(auth, { username: 'f-answer', password: PASSWORD }).catch((e) => e);
    expect(error).toMatchObject({ name: 'ServiceError', status: 500 });
    expect((await count('RespondToAuthChallenge')) - calls).toBe(1);
    signedIn(await signIn(auth, { username: 'f-answer', password: PASSWORD }));
  });

  it('rotation: a refresh lost on the way is never retried, and the kept refresh token still works', async () => {
    // Signed in with the default timeout; only the refresh under test goes through the short-timeout client.
    const rotating = async (username: string) => {
      const store = snapshotStore();
      const auth = client(store, { rotating: true });
      signedIn(await signIn(auth, { username, password: PASSWORD, rememberDevice: false }));
      return { auth, store, short: client(store, { rotating: true, timeoutMs: SHORT_TIMEOUT_MS }) };
    };

    // Dropped before the service acted.
    const a = await rotating('f-rot-drop');
    const beforeA = a.store.snapshot();
    const callsA = await count('GetTokensFromRefreshToken');
    await emulator.control.injectFault({ operation: 'GetTokensFromRefreshToken', kind: 'drop', times: 1 });
    await expect(getTokens(a.short, 'f-rot-drop', { forceRefresh: true })).rejects.toMatchObject({
      code: 'TRANSPORT',
    });
    expect((await count('GetTokensFromRefreshToken')) - callsA).toBe(1);
    expect(a.store.snapshot()).toEqual(beforeA);
    const fresh = await getTokens(a.auth, 'f-rot-drop', { forceRefresh: true });
    expect(fresh.refreshToken).toBeTypeOf('string');

    // Answered too late: the service rotated, we timed out and kept the old refresh token, which the grace
    // period still honours.
    const b = await rotating('f-rot-late');
    const beforeB = b.store.snapshot();
    const callsB = await count('GetTokensFromRefreshToken');
    const answersB = await count('GetTokensFromRefreshToken:answered');
    await emulator.control.injectFault({
      operation: 'GetTokensFromRefreshToken',
      kind: 'latency',
      latencyMs: 800,
      times: 1,
    });
    await expect(getTokens(b.short, 'f-rot-late', { forceRefresh: true })).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
    expect((await count('GetTokensFromRefreshToken')) - callsB).toBe(1);
    expect(b.store.snapshot()).toEqual(beforeB);
    // Wait for the service to have rotated (its late answer went out), not for a fixed time.
    await answered('GetTokensFromRefreshToken', answersB, 1);
    expect(b.store.snapshot()).toEqual(beforeB);
    const recovered = await getTokens(b.auth, 'f-rot-late', { forceRefresh: true });
    expect(JSON.stringify(beforeB)).not.toContain(recovered.accessToken);
    expect((await count('GetTokensFromRefreshToken')) - callsB).toBe(2);
  });
});
