import {
  backoffDelay,
  CogflowError,
  isConnectionRefused,
  isRepeatable,
  retryDecision,
  retryReason,
  ServiceError,
  serviceError,
  TransportError,
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
