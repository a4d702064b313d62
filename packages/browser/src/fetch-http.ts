// One HTTP exchange over fetch, shared by the JSON API transport and the OAuth port: no cookies, the caller's abort,
// a timeout, failures typed. A page that uses both ships this once.

import { TransportError } from '@cogflow/core';

/** ABORTED, with the signal's reason as the cause. */
export function aborted(signal: AbortSignal | undefined): TransportError {
  return new TransportError('ABORTED', 'The request was aborted', { cause: signal?.reason });
}

/**
 * Fetches `url` with `init` (which it completes) and reads the whole body. ABORTED when `signal` aborts (before or during), TIMEOUT when `timeoutMs`
 * (0: none) passes first, TRANSPORT for any other failure; messages name `what`, never the request.
 */
export async function fetchText(
  doFetch: typeof fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  what: string,
): Promise<{ response: Response; text: string }> {
  if (signal?.aborted) throw aborted(signal);
  // The fetch's own controller: aborted by the caller's signal or by the timer, nothing else.
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  const timer = timeoutMs > 0 ? setTimeout(onAbort, timeoutMs) : undefined;
  // Removed in `finally`; a second abort event could only abort the controller again, which does nothing.
  signal?.addEventListener('abort', onAbort);
  try {
    // Neither Cognito's API nor the user-pool domain needs the page's cookies: never send them.
    init.credentials = 'omit';
    init.signal = controller.signal;
    const response = await doFetch(url, init);
    return { response, text: await response.text() };
  } catch (cause) {
    if (signal?.aborted) throw aborted(signal);
    // So when the caller did not abort, an aborted controller means the timer fired.
    throw controller.signal.aborted
      ? new TransportError('TIMEOUT', `${what} timed out after ${timeoutMs} ms`, { cause })
      : new TransportError('TRANSPORT', `${what}: no answer`, { cause });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
