// The OAuthHTTP port over fetch: requests to the user-pool domain without cookies, a timeout, no retries (a token
// request may already have spent its code), redirects not followed.

import type { OAuthHTTP } from '@cogflow/core';
import { fetchText } from '../fetch-http.js';

export interface FetchOAuthHTTPOptions {
  /** Default the global fetch, looked up on each request. */
  fetch?: typeof fetch;
  /** Per request, in ms (default 10 000; 0 turns it off). */
  timeoutMs?: number;
}

/** An answer larger than this is not the domain's: it is cut, and then fails to parse as JSON. */
const MAX_BODY_CHARS = 1 << 20;

export function fetchOAuthHTTP(options: FetchOAuthHTTPOptions = {}): OAuthHTTP {
  return {
    async request(url, { method, headers, body, signal }) {
      const { response, text } = await fetchText(
        options.fetch ?? fetch,
        url,
        { method, headers, body, redirect: 'manual' },
        options.timeoutMs ?? 10_000,
        signal as AbortSignal | undefined,
        'The OAuth request',
      );
      const answer: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        answer[name.toLowerCase()] = value;
      });
      return { status: response.status, headers: answer, body: text.slice(0, MAX_BODY_CHARS) };
    },
  };
}
