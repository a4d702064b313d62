// The Transport port over fetch, speaking Cognito's JSON 1.1 protocol directly (AWS JSON 1.1 protocol, no SDK).

import {
  CONTENT_TYPE,
  CogflowError,
  InputError,
  type OperationName,
  ProtocolError,
  type Random,
  type RequestOf,
  type ResponseOf,
  retryDecision,
  type SendOptions,
  serviceError,
  TARGET_PREFIX,
  type Transport,
  TransportError,
} from '@cogflow/core';
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

const DEFAULT_TIMEOUT_MS = 10_000;
/** An answer larger than this is not a Cognito answer: refuse to parse it. */
const MAX_BODY_CHARS = 1 << 20;
/** `Name`, `namespace#Name` or `Name:uri`, as the service and its gateways write error types. */
const ERROR_TYPE = /^[\w.#:/-]{1,256}$/;

function endpointOf(options: FetchTransportOptions): string {
  if (options.endpoint) return options.endpoint;
  if (options.region && /^[a-z]{2}(-[a-z]+)+-\d$/.test(options.region)) {
    return `https://cognito-idp.${options.region}.amazonaws.com/`;
  }
  throw new InputError('fetchTransport needs an endpoint or a region');
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort(): void {
      clearTimeout(timer);
      reject(new TransportError('ABORTED', 'The request was aborted', { cause: signal?.reason }));
    }
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function parseJSON(text: string): unknown {
  if (text.length > MAX_BODY_CHARS) return undefined;
  try {
    return text === '' ? {} : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A Transport that POSTs JSON 1.1 with fetch. Works in pages, workers and any runtime with fetch. */
export function fetchTransport(options: FetchTransportOptions = {}): Transport {
  const endpoint = endpointOf(options);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 3));
  // Jitter only; drawn lazily so a transport that never retries never touches crypto.
  let jitter: Random | undefined;

  async function attempt(operation: OperationName, payload: string, signal?: AbortSignal): Promise<unknown> {
    const doFetch = options.fetch ?? globalThis.fetch;
    const controller = new AbortController();
    let timedOut = false;
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, timeoutMs)
        : undefined;
    const onAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const failed = (cause: unknown): TransportError => {
      if (signal?.aborted)
        return new TransportError('ABORTED', 'The request was aborted', { cause: signal.reason });
      if (timedOut)
        return new TransportError('TIMEOUT', `${operation} timed out after ${timeoutMs} ms`, { cause });
      return new TransportError('TRANSPORT', `${operation}: no answer from the service`, { cause });
    };
    try {
      if (signal?.aborted) throw failed(signal.reason);
      let response: Response;
      let text: string;
      try {
        response = await doFetch(endpoint, {
          method: 'POST',
          headers: { 'Content-Type': CONTENT_TYPE, 'X-Amz-Target': TARGET_PREFIX + operation },
          body: payload,
          signal: controller.signal,
          // Cognito needs no cookies; never send the page's.
          credentials: 'omit',
        });
        text = await response.text();
      } catch (error) {
        throw failed(error);
      }
      const body = parseJSON(text);
      if (response.ok) {
        if (!isObject(body)) throw new ProtocolError(`${operation}: the answer is not a JSON object`);
        return body;
      }
      const type =
        (isObject(body) && typeof body.__type === 'string' && body.__type) ||
        response.headers.get('x-amzn-ErrorType');
      if (type) {
        // A hostile or garbled answer must not put arbitrary text into an error's type and message.
        if (!ERROR_TYPE.test(type)) throw new ProtocolError(`${operation}: the error type is malformed`);
        const message = isObject(body) ? (body.message ?? body.Message) : undefined;
        throw serviceError(type, typeof message === 'string' ? message : undefined, response.status);
      }
      // No error type: a proxy or gateway answered, not the service.
      if (response.status >= 500) {
        throw new TransportError(
          'TRANSPORT',
          `${operation}: HTTP ${response.status} without a service error`,
        );
      }
      throw new ProtocolError(`${operation}: HTTP ${response.status} without a service error type`);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

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
      } catch (_error) {
        throw new InputError(`${operation}: body is not JSON`);
      }
      for (let attemptNo = 1; ; attemptNo += 1) {
        try {
          return (await attempt(operation, payload, signal)) as ResponseOf<O>;
        } catch (error) {
          const typed =
            error instanceof CogflowError
              ? error
              : new TransportError('TRANSPORT', `${operation}: unexpected failure`, { cause: error });
          jitter ??= webRandom();
          const decision = retryDecision({
            operation,
            error: typed,
            attempt: attemptNo,
            retryable: sendOptions.retryable,
            policy: { maxAttempts },
            random: jitter,
          });
          if (!decision.retry) throw typed;
          await sleep(decision.delayMs, signal);
        }
      }
    },
  };
}
