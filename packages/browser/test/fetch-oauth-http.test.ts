// The OAuthHTTP port over fetch against scripted fetch answers: the request as sent (no cookies, no redirect
// followed), the answer as read, and the failures of the fetch exchange it shares with the JSON API transport.

import { describe, expect, it } from 'vitest';
import { fetchOAuthHTTP } from '../src/oauth/fetch-oauth-http.js';

const hanging = ((_url: string, init: RequestInit) =>
  new Promise((_resolve, reject) => {
    init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  })) as unknown as typeof fetch;

const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } } as const;

describe('fetchOAuthHTTP', () => {
  it('sends the request without cookies and without following a redirect, and reads status, headers and body', async () => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const fake = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response('{"access_token":"a"}', { status: 200, headers: { 'X-Answer': 'yes' } });
    }) as unknown as typeof fetch;
    const answer = await fetchOAuthHTTP({ fetch: fake }).request('https://d.example/oauth2/token', {
      ...form,
      body: 'grant_type=refresh_token',
    });
    expect(answer).toMatchObject({ status: 200, body: '{"access_token":"a"}' });
    expect(answer.headers['x-answer']).toBe('yes');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('https://d.example/oauth2/token');
    expect(calls[0]!.init).toMatchObject({
      method: 'POST',
      body: 'grant_type=refresh_token',
      credentials: 'omit',
      redirect: 'manual',
    });
    expect(calls[0]!.init.headers).toEqual(form.headers);
  });

  it('cuts an answer larger than 1 MiB', async () => {
    const fake = (async () => new Response('x'.repeat((1 << 20) + 10))) as unknown as typeof fetch;
    const answer = await fetchOAuthHTTP({ fetch: fake }).request('https://d.example/', form);
    expect(answer.body.length).toBe(1 << 20);
  });

  it('a request past timeoutMs is TIMEOUT; a failed fetch is TRANSPORT, its message naming no URL or body', async () => {
    const late = await fetchOAuthHTTP({ fetch: hanging, timeoutMs: 30 })
      .request('https://d.example/oauth2/token', { ...form, body: 'code=secret-code' })
      .catch((e: unknown) => e);
    expect(late).toMatchObject({ name: 'TransportError', code: 'TIMEOUT' });
    const failing = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    const failed = await fetchOAuthHTTP({ fetch: failing })
      .request('https://d.example/oauth2/token', { ...form, body: 'code=secret-code' })
      .catch((e: unknown) => e);
    expect(failed).toMatchObject({ name: 'TransportError', code: 'TRANSPORT' });
    expect((failed as Error).cause).toBeInstanceOf(TypeError);
    for (const error of [late, failed]) {
      expect((error as Error).message).not.toContain('secret-code');
      expect((error as Error).message).not.toContain('d.example');
    }
  });

  it('an AbortSignal aborts with ABORTED, before and during the request, its reason as the cause', async () => {
    const http = fetchOAuthHTTP({ fetch: hanging, timeoutMs: 0 });
    const controller = new AbortController();
    const pending = http
      .request('https://d.example/', { ...form, signal: controller.signal })
      .catch((e) => e);
    setTimeout(() => controller.abort(new Error('page left')), 20);
    const during = await pending;
    expect(during).toMatchObject({ name: 'TransportError', code: 'ABORTED' });
    expect((during as Error).cause).toMatchObject({ message: 'page left' });
    let fetched = false;
    const counting = (async () => {
      fetched = true;
      return new Response('{}');
    }) as unknown as typeof fetch;
    const before = await fetchOAuthHTTP({ fetch: counting })
      .request('https://d.example/', { ...form, signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(before).toMatchObject({ code: 'ABORTED' });
    expect(fetched).toBe(false);
  });
});
