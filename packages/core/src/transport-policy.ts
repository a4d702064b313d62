// When a transport may retry a failed operation, and how long it waits: capped exponential backoff with full jitter.
// Shared by every adapter's transport so that the retry rules live in one pure place (AWS Architecture Blog,
// "Exponential Backoff And Jitter"; Cognito error types from the API reference).

import { asCogflowError, type CogflowError, ServiceError, TransportError } from './errors.js';
import type { Random } from './ports.js';
import type { OperationName } from './protocol/operations.js';

export interface RetryPolicy {
  /** Attempts in all, the first one included (default 3). 1 turns retries off. */
  maxAttempts: number;
  /** The backoff before retry n (n >= 1) is uniform in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))). */
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * The defaults, for reading. The functions below write them as literals, so that a bundle does not ship this object
 * only to read three numbers from it; a test holds the two equal.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 2000 };

/**
 * Whether a retry after a 5xx is harmless for this operation (the service may have acted before failing). Not for
 * the operations whose effect may not be repeated once the service may have acted on them: a challenge answer
 * consumes its Session, a verification consumes its code, a rotating refresh consumes the refresh token, a sign-up
 * or device confirmation creates something. After a 5xx these are never retried.
 */
export function isRepeatable(operation: OperationName): boolean {
  return ![
    'RespondToAuthChallenge',
    'VerifySoftwareToken',
    'AssociateSoftwareToken',
    'ConfirmDevice',
    'GetTokensFromRefreshToken',
    'SignUp',
    'CompleteWebAuthnRegistration',
  ].includes(operation);
}

/**
 * Walks an error's `cause` chain looking for a connection that was never established: Node's and undici's names
 * for "nothing reached the service". An AggregateError from a dual-stack connect carries one error per address.
 */
export function isConnectionRefused(error: unknown, depth = 0): boolean {
  if (depth > 5 || !error || typeof error !== 'object') return false;
  const { code, errors, cause } = error as { code?: unknown; errors?: unknown; cause?: unknown };
  return (
    /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|UND_ERR_CONNECT_TIMEOUT)$/.test(code as string) ||
    (Array.isArray(errors) && errors.length > 0 && errors.every((inner) => isConnectionRefused(inner))) ||
    isConnectionRefused(cause, depth + 1)
  );
}

export type RetryReason = 'throttled' | 'server-error' | 'not-sent';

/**
 * Why an error may be retried, or undefined when it must not be: throttling (the service refused before acting),
 * a 5xx of an operation that is safe to repeat, or a connection that was never established. Timeouts, aborts,
 * dropped connections and every other answer are final: the service may have acted on the request.
 */
export function retryReason(operation: OperationName, error: CogflowError): RetryReason | undefined {
  if (error instanceof ServiceError) {
    if (error.code === 'TOO_MANY_REQUESTS' || /Throttl/i.test(error.type)) return 'throttled';
    const status = error.status ?? (error.code === 'INTERNAL_ERROR' ? 500 : 0);
    if (status >= 500 && isRepeatable(operation)) return 'server-error';
  } else if (
    error instanceof TransportError &&
    error.code === 'TRANSPORT' &&
    isConnectionRefused(error.cause)
  ) {
    return 'not-sent';
  }
  return undefined;
}

export interface RetryDecisionInput {
  operation: OperationName;
  error: CogflowError;
  /** The attempt that just failed, 1 for the first. */
  attempt: number;
  /** SendOptions.retryable: false forbids any retry (a challenge answer that may have been consumed). */
  retryable?: boolean;
  policy?: Partial<RetryPolicy>;
  random: Random;
}

export type RetryDecision = { retry: false } | { retry: true; delayMs: number; reason: RetryReason };

/** Full jitter: a uniform delay in [0, min(cap, base * 2^(attempt-1))). */
export function backoffDelay(attempt: number, random: Random, policy: Partial<RetryPolicy> = {}): number {
  const { baseDelayMs = 100, maxDelayMs = 2000 } = policy;
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const fraction = random.bytes(4).reduce((n, byte) => n * 256 + byte, 0) / 2 ** 32;
  return Math.floor(fraction * ceiling);
}

/** retryReason, or undefined when the request forbids retries or no attempt is left (a NaN count leaves none). */
function mayRetry(
  input: Omit<RetryDecisionInput, 'random' | 'error' | 'attempt'>,
  error: CogflowError,
  attempt: number,
): RetryReason | undefined {
  const maxAttempts = input.policy?.maxAttempts ?? 3;
  return input.retryable !== false && attempt < maxAttempts ? retryReason(input.operation, error) : undefined;
}

/** Decides whether to retry after `attempt` failed with `error`, and after how long. */
export function retryDecision(input: RetryDecisionInput): RetryDecision {
  const reason = mayRetry(input, input.error, input.attempt);
  return reason
    ? { retry: true, reason, delayMs: backoffDelay(input.attempt, input.random, input.policy) }
    : { retry: false };
}

export interface RetryLoopOptions extends Omit<RetryDecisionInput, 'error' | 'attempt'> {
  /** Waits between attempts; rejecting (an abort) ends the loop. Core has no timer: the transport brings one. */
  wait(ms: number): Promise<void>;
}

/**
 * Runs `attempt` until it succeeds or `retryDecision` says stop, waiting the decided delay in between. A failure
 * that is not a CogflowError becomes a TRANSPORT error, so callers always see a typed error.
 */
export async function withRetries<T>(attempt: () => Promise<T>, options: RetryLoopOptions): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const typed = asCogflowError(error, `${options.operation}: unexpected failure`);
      // retryDecision's rule, without building its answer.
      if (!mayRetry(options, typed, n)) throw typed;
      await options.wait(backoffDelay(n, options.random, options.policy));
    }
  }
}
