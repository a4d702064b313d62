import {
  backoffDelay,
  CogflowError,
  DEFAULT_RETRY_POLICY,
  isConnectionRefused,
  isRepeatable,
  retryDecision,
  retryReason,
  ServiceError,
  serviceError,
  TransportError,
  withRetries,
} from '@cogflow/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const fixedRandom = (byte: number) => ({ bytes: (n: number) => new Uint8Array(n).fill(byte) });
const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

describe('transport retry policy (core/transport-policy)', () => {
  it('retries throttling for any operation the caller allows', () => {
    const throttled = serviceError('TooManyRequestsException', 'Rate exceeded', 400);
    expect(retryReason('RespondToAuthChallenge', throttled)).toBe('throttled');
    expect(
      retryReason('InitiateAuth', new ServiceError('SERVICE_ERROR', 'ThrottlingException', 'slow', 400)),
    ).toBe('throttled');
  });

  it('retries a 5xx only for operations that may be repeated', () => {
    const internal = serviceError('InternalErrorException', 'boom', 500);
    expect(retryReason('InitiateAuth', internal)).toBe('server-error');
    expect(retryReason('GetUser', serviceError('ServiceUnavailable', 'HTTP 503', 503))).toBe('server-error');
    for (const op of [
      'RespondToAuthChallenge',
      'VerifySoftwareToken',
      'GetTokensFromRefreshToken',
      'SignUp',
    ] as const) {
      expect(isRepeatable(op)).toBe(false);
      expect(retryReason(op, internal)).toBeUndefined();
    }
  });

  it('retries a connection that was never made, never one dropped after sending', () => {
    expect(isConnectionRefused(refused)).toBe(true);
    expect(isConnectionRefused(new AggregateError([refused, refused]))).toBe(true);
    expect(isConnectionRefused(reset)).toBe(false);
    expect(retryReason('InitiateAuth', new TransportError('TRANSPORT', 'x', { cause: refused }))).toBe(
      'not-sent',
    );
    expect(
      retryReason('InitiateAuth', new TransportError('TRANSPORT', 'x', { cause: reset })),
    ).toBeUndefined();
  });

  it('never retries timeouts, aborts, 4xx answers or local errors', () => {
    expect(retryReason('InitiateAuth', new TransportError('TIMEOUT', 't'))).toBeUndefined();
    expect(retryReason('InitiateAuth', new TransportError('ABORTED', 'a'))).toBeUndefined();
    expect(retryReason('InitiateAuth', serviceError('NotAuthorizedException', 'no', 400))).toBeUndefined();
    expect(retryReason('InitiateAuth', serviceError('LimitExceededException', 'limit', 400))).toBeUndefined();
    expect(retryReason('InitiateAuth', new CogflowError('PROTOCOL', 'p'))).toBeUndefined();
  });

  it('retryable: false and the attempt budget both stop retries', () => {
    const throttled = serviceError('TooManyRequestsException', 'Rate exceeded', 400);
    const random = fixedRandom(0x80);
    const base = { operation: 'InitiateAuth' as const, error: throttled, random };
    expect(retryDecision({ ...base, attempt: 1 })).toMatchObject({ retry: true, reason: 'throttled' });
    expect(retryDecision({ ...base, attempt: 1, retryable: false })).toEqual({ retry: false });
    expect(retryDecision({ ...base, attempt: 3 })).toEqual({ retry: false });
    expect(retryDecision({ ...base, attempt: 3, policy: { maxAttempts: 5 } })).toMatchObject({ retry: true });
  });

  it('applies DEFAULT_RETRY_POLICY when no policy is given', () => {
    const throttled = serviceError('TooManyRequestsException', 'Rate exceeded', 400);
    const last = DEFAULT_RETRY_POLICY.maxAttempts;
    const base = { operation: 'InitiateAuth' as const, error: throttled, random: fixedRandom(0xff) };
    expect(retryDecision({ ...base, attempt: last - 1 })).toMatchObject({ retry: true });
    expect(retryDecision({ ...base, attempt: last })).toEqual({ retry: false });
    for (let attempt = 1; attempt <= 12; attempt++) {
      expect(backoffDelay(attempt, fixedRandom(0xff))).toBe(
        backoffDelay(attempt, fixedRandom(0xff), DEFAULT_RETRY_POLICY),
      );
    }
    expect(backoffDelay(1, fixedRandom(0xff), { maxDelayMs: 50 })).toBe(49);
    expect(backoffDelay(11, fixedRandom(0xff), { baseDelayMs: 1 })).toBe(1023);
  });

  it('draws the backoff uniformly below min(cap, base * 2^(attempt-1)) (full jitter)', () => {
    expect(backoffDelay(1, fixedRandom(0), { baseDelayMs: 100, maxDelayMs: 2000 })).toBe(0);
    expect(backoffDelay(1, fixedRandom(0x80), { baseDelayMs: 100, maxDelayMs: 2000 })).toBe(50);
    expect(backoffDelay(3, fixedRandom(0x80), { baseDelayMs: 100, maxDelayMs: 2000 })).toBe(200);
    expect(backoffDelay(10, fixedRandom(0xff), { baseDelayMs: 100, maxDelayMs: 2000 })).toBe(1999);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.uint8Array({ minLength: 4, maxLength: 4 }),
        (attempt, bytes) => {
          const delay = backoffDelay(attempt, { bytes: () => bytes });
          const ceiling = Math.min(2000, 100 * 2 ** (attempt - 1));
          return Number.isInteger(delay) && delay >= 0 && delay < ceiling;
        },
      ),
    );
  });
});

describe('withRetries (core/transport-policy)', () => {
  const throttled = (): ServiceError => serviceError('TooManyRequestsException', 'Rate exceeded', 400);

  it('retries what the policy allows, waiting the decided delays, until an attempt succeeds', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetries(
      async () => {
        calls++;
        if (calls < 3) throw throttled();
        return 'ok';
      },
      {
        operation: 'InitiateAuth',
        policy: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 },
        random: fixedRandom(128),
        wait: async (ms) => {
          waits.push(ms);
        },
      },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    // Half of 100 then half of 200: full jitter with a random fraction of 0.5.
    expect(waits).toEqual([50, 100]);
  });

  it('stops at the attempt budget and on retryable: false, throwing the last typed error', async () => {
    let calls = 0;
    const failing = async (): Promise<never> => {
      calls++;
      throw throttled();
    };
    const base = { operation: 'InitiateAuth' as const, random: fixedRandom(0), wait: async () => {} };
    await expect(withRetries(failing, { ...base, policy: { maxAttempts: 2 } })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    });
    expect(calls).toBe(2);
    calls = 0;
    await expect(withRetries(failing, { ...base, retryable: false })).rejects.toBeInstanceOf(ServiceError);
    expect(calls).toBe(1);
  });

  it('turns an untyped failure into a TRANSPORT error and ends when the wait rejects', async () => {
    await expect(
      withRetries(
        async () => {
          throw new Error('boom');
        },
        { operation: 'GetUser', random: fixedRandom(0), wait: async () => {} },
      ),
    ).rejects.toMatchObject({ code: 'TRANSPORT', name: 'TransportError' });
    const abort = new TransportError('ABORTED', 'aborted');
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw throttled();
        },
        {
          operation: 'InitiateAuth',
          random: fixedRandom(0),
          wait: async () => {
            throw abort;
          },
        },
      ),
    ).rejects.toBe(abort);
    expect(calls).toBe(1);
  });
});
