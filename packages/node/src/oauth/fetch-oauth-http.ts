// The OAuthHTTP port over Node's fetch (undici): form posts to the user-pool domain, a timeout, no retries (a
// token request may already have spent its code).

import { type OAuthHTTP, TransportError } from '@cogflow/core';

export interface FetchOAuthHTTPOptions {
  /** Default the global fetch, looked up on each request. */
  fetch?: typeof fetch;
  /** Per request, in ms (default 10 000; 0 turns it off). */
  timeoutMs?: number;
}

/** An answer larger than this is not the domain's: it is cut, and then fails to parse as JSON. */
const MAX_BODY_CHARS = 1 << 20;

export function fetchOAuthHTTP(options: FetchOAuthHTTPOptions = {}): OAuthHTTP {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async request(url, request) {
      const doFetch = options.fetch ?? fetch;
      const controller = new AbortController();
      const outer = request.signal as AbortSignal | undefined;
      if (outer?.aborted)
        throw new TransportError('ABORTED', 'The request was aborted', { cause: outer.reason });
      const onAbort = (): void => controller.abort(outer?.reason);
      outer?.addEventListener('abort', onAbort, { once: true });
      let timedOut = false;
      const timer =
        timeoutMs > 0
          ? setTimeout(() => {
              timedOut = true;
              controller.abort();
            }, timeoutMs)
          : undefined;
      try {
        const response = await doFetch(url, {
          method: request.method,
          headers: request.headers,
          ...(request.body === undefined ? {} : { body: request.body }),
          redirect: 'manual',
          signal: controller.signal,
        });
        const headers: Record<string, string> = {};
        response.headers.forEach((value, name) => {
          headers[name.toLowerCase()] = value;
        });
        const body = (await response.text()).slice(0, MAX_BODY_CHARS);
        return { status: response.status, headers, body };
      } catch (error) {
        if (timedOut) throw new TransportError('TIMEOUT', 'The OAuth request timed out', { cause: error });
        if (outer?.aborted)
          throw new TransportError('ABORTED', 'The request was aborted', { cause: outer.reason });
        throw new TransportError('TRANSPORT', 'The OAuth request failed', { cause: error });
      } finally {
        if (timer !== undefined) clearTimeout(timer);
        outer?.removeEventListener('abort', onAbort);
      }
    },
  };
}
