// The Transport port over fetch, speaking Cognito's JSON 1.1 protocol directly (AWS JSON 1.1 protocol, no SDK).

import {
  CONTENT_TYPE,
  errorFromAnswer,
  InputError,
  type OperationName,
  type Random,
  type RequestOf,
  type ResponseOf,
  type SendOptions,
  TARGET_PREFIX,
  type Transport,
  withRetries,
} from '@cogflow/core';
import { aborted, fetchText } from './fetch-http.js';
import { waitForEvent } from './wait-for-event.js';
import { webRandom } from './web-random.js';

export interface FetchTransportOptions {
  /** The service endpoint (default `https://cognito-idp.{region}.amazonaws.com/`); the emulator's for tests. */
  endpoint?: string;
  /** The AWS region, used when no endpoint is given. */
  region?: string;
  /** The fetch to call (default the global one, looked up on each request so tests and polyfills can swap it). */
  fetch?: typeof fetch;
  /** Per attempt, in ms (default 10 000). 0 turns the timeout off. */
  timeoutMs?: number;
  /**
   * Attempts in all (default 3; 1 turns retries off). Which failures are retried is core's transport policy:
   * throttling, a 5xx of an operation that is safe to repeat, a connection never made; never a request sent with
   * `retryable: false`.
   */
  maxAttempts?: number;
}

function endpointOf(options: FetchTransportOptions): string {
  const { endpoint, region } = options;
  if (endpoint) return endpoint;
  if (!region || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw new InputError('fetchTransport needs an endpoint or a region such as us-east-1');
  }
  return `https://cognito-idp.${region}.amazonaws.com/`;
}

/**
 * The body as an object, or undefined (not JSON, not an object, too large); an empty body is `{}`. An answer over
 * 1 MiB is not a Cognito answer: it is not parsed.
 */
function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value = text.length > 1 << 20 ? 0 : JSON.parse(text || '{}');
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A Transport that POSTs JSON 1.1 with fetch. Works in pages, workers and any runtime with fetch. */
export function fetchTransport(options: FetchTransportOptions = {}): Transport {
  const endpoint = endpointOf(options);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxAttempts = Math.floor(options.maxAttempts ?? 3);
  // Jitter only; drawn lazily so a transport that never retries never touches crypto.
  let jitter: Random | undefined;

  return {
    async send<O extends OperationName>(
      operation: O,
      body: RequestOf<O>,
      sendOptions: SendOptions = {},
    ): Promise<ResponseOf<O>> {
      const signal = sendOptions.signal as AbortSignal | undefined;
      let payload: string;
      try {
        payload = JSON.stringify(body);
      } catch {
        throw new InputError(`${operation}: body is not JSON`);
      }
      const attempt = async (): Promise<unknown> => {
        const { response, text } = await fetchText(
          options.fetch ?? globalThis.fetch,
          endpoint,
          {
            method: 'POST',
            headers: { 'Content-Type': CONTENT_TYPE, 'X-Amz-Target': TARGET_PREFIX + operation },
            body: payload,
          },
          timeoutMs,
          signal,
          operation,
        );
        const answer = parseObject(text);
        if (response.ok && answer) return answer;
        // Core's rule, the same in every transport; a 2xx that is not an object has no error type to give.
        throw errorFromAnswer(
          operation,
          response.status,
          response.ok
            ? undefined
            : (typeof answer?.__type === 'string' && answer.__type) ||
                response.headers.get('x-amzn-ErrorType'),
          answer?.message ?? answer?.Message,
        );
      };
      return (await withRetries(attempt, {
        operation,
        retryable: sendOptions.retryable,
        policy: { maxAttempts },
        // Created on the first retry only: most requests never need jitter.
        random: {
          bytes: (n) => {
            jitter ??= webRandom();
            return jitter.bytes(n);
          },
        },
        // Between attempts; an abort ends the wait at once with ABORTED.
        wait: async (ms) => {
          if (signal?.aborted || (await waitForEvent(signal, 'abort', ms))) throw aborted(signal);
        },
      })) as ResponseOf<O>;
    },
  };
}
