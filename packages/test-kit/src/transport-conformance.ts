// The conformance suite for a Transport (packages/core/src/ports.ts) against a running @cogflow/emulator with fault
// injection: error mapping, retries only where harmless, timeouts, aborts. Framework-neutral.

import type { Transport } from '@cogflow/core';
import { assertEqual, assertErrorCode, assertRejects, assertTrue } from './assert.js';
import type { ConformanceCase, MaybePromise } from './case.js';

/** The part of the emulator's control API these cases use (`startEmulator(...).control` or `emulatorControl(url)`). */
export interface FaultControl {
  injectFault(fault: {
    operation?: string;
    kind: 'latency' | 'error5xx' | 'throttle' | 'drop';
    times?: number;
    latencyMs?: number;
  }): Promise<void>;
  clearFaults(): Promise<void>;
}

export interface TransportConformanceEnv {
  endpoint: string;
  control: FaultControl;
  /** A public app client (no secret) that allows USER_PASSWORD_AUTH and USER_SRP_AUTH. */
  clientId: string;
  /** A confirmed user of that client's pool with a permanent password and no MFA. */
  username: string;
  password: string;
}

export interface TransportFactoryOptions {
  endpoint: string;
  /** Per-attempt timeout the transport must honour. */
  timeoutMs: number;
}

/**
 * Builds the Transport conformance cases. `makeTransport` must retry (with short backoff) what core's
 * transport policy allows: at least one retry of throttling; never a timeout, a dropped connection or a
 * `retryable: false` request.
 */
export function transportConformance(
  makeTransport: (options: TransportFactoryOptions) => MaybePromise<Transport>,
  env: TransportConformanceEnv,
): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  const add = (name: string, timeoutMs: number, body: (transport: Transport) => Promise<void>): void => {
    cases.push({
      name,
      run: async () => {
        await env.control.clearFaults();
        try {
          await body(await makeTransport({ endpoint: env.endpoint, timeoutMs }));
        } finally {
          await env.control.clearFaults();
        }
      },
    });
  };
  const passwordAuth = (password: string) =>
    ({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: env.clientId,
      AuthParameters: { USERNAME: env.username, PASSWORD: password },
    }) as const;

  add('a successful operation resolves with the parsed JSON body', 5000, async (transport) => {
    const answer = await transport.send('InitiateAuth', passwordAuth(env.password));
    assertTrue(
      typeof answer.AuthenticationResult?.AccessToken === 'string' ||
        typeof answer.ChallengeName === 'string',
      'InitiateAuth with the right password should give tokens or a challenge',
    );
  });

  add('an error answer becomes a ServiceError with code, type and status', 5000, async (transport) => {
    const error = await assertRejects(
      transport.send('InitiateAuth', passwordAuth(`${env.password}-wrong`)),
      'InitiateAuth with a wrong password',
    );
    assertErrorCode(error, 'NOT_AUTHORIZED', 'InitiateAuth with a wrong password', 'ServiceError');
    assertEqual((error as { type?: unknown }).type, 'NotAuthorizedException', 'ServiceError.type');
    assertEqual((error as { status?: unknown }).status, 400, 'ServiceError.status');
    const message = (error as Error).message;
    assertTrue(!message.includes(env.password), 'the error message must not contain the password');
  });

  add('throttling is retried and the retry answer is returned', 5000, async (transport) => {
    await env.control.injectFault({ operation: 'InitiateAuth', kind: 'throttle', times: 1 });
    const answer = await transport.send('InitiateAuth', passwordAuth(env.password));
    assertTrue(
      answer.AuthenticationResult !== undefined || answer.ChallengeName !== undefined,
      'the answer after one throttled attempt',
    );
  });

  add('a persistent 5xx ends as a ServiceError with its status', 10_000, async (transport) => {
    await env.control.injectFault({ operation: 'InitiateAuth', kind: 'error5xx', times: 20 });
    const error = await assertRejects(
      transport.send('InitiateAuth', passwordAuth(env.password)),
      'InitiateAuth under persistent 5xx',
    );
    assertEqual((error as { name?: unknown }).name, 'ServiceError', 'error class');
    const status = (error as { status?: number }).status ?? 0;
    assertTrue(status >= 500 && status < 600, `expected a 5xx status, got ${status}`);
  });

  add('a request marked retryable: false is sent once, even when throttled', 5000, async (transport) => {
    await env.control.injectFault({ operation: 'RespondToAuthChallenge', kind: 'throttle', times: 1 });
    const error = await assertRejects(
      transport.send(
        'RespondToAuthChallenge',
        {
          ClientId: env.clientId,
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          ChallengeResponses: { USERNAME: env.username, SOFTWARE_TOKEN_MFA_CODE: '000000' },
          Session: 'not-a-session',
        },
        { retryable: false },
      ),
      'a throttled challenge answer',
    );
    // A retry would have reached the emulator's handler and failed differently (the session is bogus).
    assertErrorCode(error, 'TOO_MANY_REQUESTS', 'a throttled challenge answer must not be retried');
  });

  add('a 5xx of a challenge answer is not retried', 5000, async (transport) => {
    await env.control.injectFault({ operation: 'RespondToAuthChallenge', kind: 'error5xx', times: 1 });
    const error = await assertRejects(
      transport.send('RespondToAuthChallenge', {
        ClientId: env.clientId,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        ChallengeResponses: { USERNAME: env.username, SOFTWARE_TOKEN_MFA_CODE: '000000' },
        Session: 'not-a-session',
      }),
      'a challenge answer failing with 5xx',
    );
    const status = (error as { status?: number }).status ?? 0;
    assertTrue(status >= 500, `the 5xx must surface unretried, got ${String((error as Error).message)}`);
  });

  add('a dropped connection is a TransportError TRANSPORT and is not retried', 5000, async (transport) => {
    await env.control.injectFault({ operation: 'InitiateAuth', kind: 'drop', times: 1 });
    const error = await assertRejects(
      transport.send('InitiateAuth', passwordAuth(env.password)),
      'InitiateAuth on a dropped connection',
    );
    assertErrorCode(error, 'TRANSPORT', 'InitiateAuth on a dropped connection', 'TransportError');
  });

  add('an answer slower than timeoutMs is a TransportError TIMEOUT', 300, async (transport) => {
    await env.control.injectFault({ operation: 'InitiateAuth', kind: 'latency', latencyMs: 1500, times: 1 });
    const error = await assertRejects(
      transport.send('InitiateAuth', passwordAuth(env.password)),
      'InitiateAuth slower than the timeout',
    );
    assertErrorCode(error, 'TIMEOUT', 'InitiateAuth slower than the timeout', 'TransportError');
  });

  add('aborting the signal rejects with ABORTED, before or during the request', 5000, async (transport) => {
    await env.control.injectFault({ operation: 'InitiateAuth', kind: 'latency', latencyMs: 1500, times: 1 });
    const controller = new AbortController();
    const pending = transport.send('InitiateAuth', passwordAuth(env.password), { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const during = await assertRejects(pending, 'InitiateAuth aborted in flight');
    assertErrorCode(during, 'ABORTED', 'InitiateAuth aborted in flight', 'TransportError');
    const before = await assertRejects(
      transport.send('InitiateAuth', passwordAuth(env.password), { signal: AbortSignal.abort() }),
      'InitiateAuth with an aborted signal',
    );
    assertErrorCode(before, 'ABORTED', 'InitiateAuth with an aborted signal', 'TransportError');
  });

  return cases;
}
