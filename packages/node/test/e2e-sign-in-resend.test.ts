// signIn's `resendSignUpCode: true` end to end through @cogflow/node against the emulator: an unconfirmed user's
// sign-in asks for a new code (ResendConfirmationCode) and says where it went; the new code confirms, the earlier
// one no longer does; a code that cannot be sent is reported with the step; without the option no code is sent.

import { CogflowError, confirmSignUp, type SignInResult, signIn, signUp } from '@cogflow/core';
import { type Emulator, startEmulator } from '@cogflow/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNodeAuth, sdkTransport } from '../src/index.js';
import { type RecordingTransport, recording } from './helpers/recording-transport.js';

const PASSWORD = 'Resend-Pass-1!';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    seed: {
      pools: [
        {
          name: 'resend',
          autoVerifiedAttributes: ['email'],
          clients: [{ name: 'web' }, { name: 'server', generateSecret: true }],
        },
      ],
    },
  });
});

afterAll(async () => {
  await emulator?.stop();
});

afterEach(async () => {
  await emulator.control.clearFaults();
});

function harness(client = 'web'): {
  auth: ReturnType<typeof createNodeAuth>;
  wire: RecordingTransport;
  store: Map<string, string>;
} {
  const pool = emulator.pools.resend!;
  const wire = recording(sdkTransport({ region: emulator.region, endpoint: emulator.endpoint }));
  const data = new Map<string, string>();
  const auth = createNodeAuth({
    userPoolId: pool.id,
    clientId: pool.clients[client]!.id,
    ...(pool.clients[client]!.secret ? { clientSecret: pool.clients[client]!.secret } : {}),
    transport: wire,
    store: {
      get: (key: string) => data.get(key),
      set: (key: string, value: string) => void data.set(key, value),
      delete: (key: string) => void data.delete(key),
    },
  });
  return { auth, wire, store: data };
}

const poolId = (): string => emulator.pools.resend!.id;
const inbox = async (username: string): Promise<string[]> =>
  (await emulator.control.messages({ username, poolId: poolId() })).map((m) => m.code ?? '');

async function registered(client: string, username: string): Promise<ReturnType<typeof harness>> {
  const h = harness(client);
  const up = await signUp(h.auth, {
    username,
    password: PASSWORD,
    attributes: { email: `${username}@example.com` },
  });
  expect(up.nextStep).toBe('CONFIRM_SIGN_UP');
  return h;
}

describe('signIn with resendSignUpCode through @cogflow/node', () => {
  it('sends a new code and says where it went; the new code confirms, the earlier one does not', async () => {
    const { auth, wire, store } = await registered('web', 'noa');
    const [first] = await inbox('noa');
    const result: SignInResult = await signIn(auth, {
      username: 'noa',
      password: PASSWORD,
      resendSignUpCode: true,
    });
    expect(result).toMatchObject({ status: 'CONFIRM_SIGN_UP', username: 'noa' });
    if (result.status !== 'CONFIRM_SIGN_UP') throw new Error('unreachable');
    expect(result.codeDeliveryDetails?.medium).toBe('EMAIL');
    expect(result.codeDeliveryDetails?.attributeName).toBe('email');
    expect(result.codeDeliveryDetails?.destination).toMatch(/\*/);
    expect(result.resendError).toBeUndefined();
    expect(wire.calls.at(-1)).toBe('ResendConfirmationCode');
    const codes = await inbox('noa');
    expect(codes).toHaveLength(2);
    const resent = codes[1]!;
    expect(resent).not.toBe(first);
    // Neither the password nor a code went into a request other than the sign-in's own, or into the store.
    const resendBody = JSON.stringify(wire.bodies.at(-1));
    for (const secret of [PASSWORD, first!, resent]) {
      expect(resendBody).not.toContain(secret);
      expect(JSON.stringify([...store.entries()])).not.toContain(secret);
    }
    const stale = await confirmSignUp(auth, { username: 'noa', confirmationCode: first! }).catch(
      (e: unknown) => e,
    );
    expect(stale).toBeInstanceOf(CogflowError);
    expect((stale as CogflowError).code).toBe('CODE_MISMATCH');
    await confirmSignUp(auth, { username: 'noa', confirmationCode: resent });
    expect((await signIn(auth, { username: 'noa', password: PASSWORD })).status).toBe('SIGNED_IN');
  });

  it('without the option no code is sent; a confidential client resends with its SecretHash', async () => {
    const plain = await registered('web', 'ode');
    expect(await signIn(plain.auth, { username: 'ode', password: PASSWORD })).toEqual({
      status: 'CONFIRM_SIGN_UP',
      username: 'ode',
    });
    expect(await inbox('ode')).toHaveLength(1);
    expect(plain.wire.calls).not.toContain('ResendConfirmationCode');

    const server = await registered('server', 'ivo');
    const result = await signIn(server.auth, { username: 'ivo', password: PASSWORD, resendSignUpCode: true });
    expect(result).toMatchObject({ status: 'CONFIRM_SIGN_UP', codeDeliveryDetails: { medium: 'EMAIL' } });
    expect(server.wire.bodies.at(-1)?.body).toHaveProperty('SecretHash');
    const codes = await inbox('ivo');
    expect(codes).toHaveLength(2);
    await confirmSignUp(server.auth, { username: 'ivo', confirmationCode: codes[1]! });
  });

  it('a code that cannot be sent: CONFIRM_SIGN_UP with resendError CODE_DELIVERY_FAILURE, the first code still good', async () => {
    const { auth } = await registered('web', 'lia');
    await emulator.control.injectFault({
      operation: 'ResendConfirmationCode',
      kind: 'codeDeliveryFailure',
      times: 1,
    });
    const result = await signIn(auth, { username: 'lia', password: PASSWORD, resendSignUpCode: true });
    expect(result).toMatchObject({
      status: 'CONFIRM_SIGN_UP',
      username: 'lia',
      resendError: { code: 'CODE_DELIVERY_FAILURE' },
    });
    expect(result).not.toHaveProperty('codeDeliveryDetails');
    const codes = await inbox('lia');
    expect(codes).toHaveLength(1);
    await confirmSignUp(auth, { username: 'lia', confirmationCode: codes[0]! });
  });
});
