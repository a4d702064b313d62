// The fetch transport against scripted fetch answers: the JSON 1.1 request, error mapping, and core's retry policy.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProtocolError, ServiceError, TransportError } from '@cogflow/core';
import { describe, expect, it } from 'vitest';
import { fetchTransport } from '../src/fetch-transport.js';

interface Call {
  url: string;
  init: RequestInit;
}

function scripted(...answers: Array<Response | Error | (() => Promise<Response>)>): {
  fetch: typeof fetch;
  calls: Call[];
} {
  const calls: Call[] = [];
  const fake = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    calls.push({ url: String(url), init: init ?? {} });
    const next = answers[Math.min(calls.length - 1, answers.length - 1)];
    if (next instanceof Error) throw next;
    if (typeof next === 'function') return next();
    return (next as Response).clone();
  };
  return { fetch: fake as typeof fetch, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.1', ...headers },
  });

describe('fetchTransport', () => {
  it('POSTs JSON 1.1 to the endpoint with the operation in X-Amz-Target and no cookies', async () => {
    const { fetch, calls } = scripted(json(200, { ChallengeName: 'PASSWORD_VERIFIER' }));
    const transport = fetchTransport({ endpoint: 'http://127.0.0.1:1/', fetch });
    const answer = await transport.send('InitiateAuth', {
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: 'c',
      AuthParameters: { USERNAME: 'u' },
    });
    expect(answer).toEqual({ ChallengeName: 'PASSWORD_VERIFIER' });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('http://127.0.0.1:1/');
    expect(calls[0]!.init.method).toBe('POST');
    expect(calls[0]!.init.credentials).toBe('omit');
    const headers = calls[0]!.init.headers as Record<string, string>;
    expect(headers['Content-Type']).toBe('application/x-amz-json-1.1');
    expect(headers['X-Amz-Target']).toBe('AWSCognitoIdentityProviderService.InitiateAuth');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: 'c',
      AuthParameters: { USERNAME: 'u' },
    });
  });

  it('derives the regional endpoint and refuses to guess one', async () => {
    const { fetch, calls } = scripted(json(200, {}));
    await fetchTransport({ region: 'eu-west-1', fetch }).send('GetUser', { AccessToken: 'x' });
    expect(calls[0]!.url).toBe('https://cognito-idp.eu-west-1.amazonaws.com/');
    expect(() => fetchTransport({})).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => fetchTransport({ region: 'evil.com/#' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });

  it('maps the body __type (with namespace) to a ServiceError with status', async () => {
    const { fetch } = scripted(
      json(400, {
        __type: 'com.amazonaws.cognito#NotAuthorizedException',
        message: 'Incorrect username or password.',
      }),
    );
    const error = await fetchTransport({ endpoint: 'http://x/', fetch })
      .send('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: 'c' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ code: 'NOT_AUTHORIZED', type: 'NotAuthorizedException', status: 400 });
  });

  it('falls back to the x-amzn-ErrorType header when the body has no __type', async () => {
    const { fetch } = scripted(
      json(400, 'not json', { 'x-amzn-ErrorType': 'CodeMismatchException:http://x' }),
    );
    const error = await fetchTransport({ endpoint: 'http://x/', fetch })
      .send('RespondToAuthChallenge', { ClientId: 'c', ChallengeName: 'SOFTWARE_TOKEN_MFA' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ServiceError', code: 'CODE_MISMATCH', status: 400 });
  });

  it('an expired session is SESSION_EXPIRED', async () => {
    const { fetch } = scripted(
      json(400, {
        __type: 'NotAuthorizedException',
        message: 'Invalid session for the user, session is expired.',
      }),
    );
    const error = await fetchTransport({ endpoint: 'http://x/', fetch })
      .send('RespondToAuthChallenge', { ClientId: 'c', ChallengeName: 'SMS_MFA' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SESSION_EXPIRED' });
  });

  it('a 200 with a non-JSON, array or null body is a ProtocolError', async () => {
    for (const body of ['<html>', '[1,2]', 'null', '"text"', '{"a":']) {
      const { fetch } = scripted(json(200, body));
      const error = await fetchTransport({ endpoint: 'http://x/', fetch })
        .send('GetUser', { AccessToken: 'x' })
        .catch((e: unknown) => e);
      expect(error, body).toBeInstanceOf(ProtocolError);
    }
  });

  it('a hostile error type (control characters, huge) is a ProtocolError, not an error carrying its text', async () => {
    for (const type of ['Not\nAuthorized <script>', 'X'.repeat(5000), 'a b']) {
      const { fetch } = scripted(json(400, { __type: type, message: 'm' }));
      const error = await fetchTransport({ endpoint: 'http://x/', fetch })
        .send('GetUser', { AccessToken: 'x' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProtocolError);
      expect((error as Error).message.length).toBeLessThan(200);
    }
  });

  it('an error status without any error type: 5xx is a ServiceError with its status (as in node), 4xx is PROTOCOL', async () => {
    const gateway = scripted(json(502, '<html>bad gateway</html>'));
    const e5 = await fetchTransport({ endpoint: 'http://x/', fetch: gateway.fetch, maxAttempts: 1 })
      .send('GetUser', { AccessToken: 'x' })
      .catch((e: unknown) => e);
    expect(e5).toBeInstanceOf(ServiceError);
    expect(e5).toMatchObject({ name: 'ServiceError', code: 'SERVICE_ERROR', status: 502 });
    expect((e5 as Error).message).not.toContain('html');
    const four = scripted(json(403, 'forbidden'));
    const e4 = await fetchTransport({ endpoint: 'http://x/', fetch: four.fetch })
      .send('GetUser', { AccessToken: 'x' })
      .catch((e: unknown) => e);
    expect(e4).toBeInstanceOf(ProtocolError);
  });

  it('a network failure is TRANSPORT and keeps its cause; fetch is not retried when it may have been sent', async () => {
    const cause = new TypeError('Failed to fetch');
    const { fetch, calls } = scripted(cause);
    const error = await fetchTransport({ endpoint: 'http://x/', fetch })
      .send('GetUser', { AccessToken: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'TRANSPORT' });
    expect((error as Error).cause).toBe(cause);
    expect(calls).toHaveLength(1);
  });

  it('a connection refused (nothing sent) is retried up to maxAttempts', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    const { fetch, calls } = scripted(refused, refused, json(200, { Username: 'u', UserAttributes: [] }));
    const answer = await fetchTransport({ endpoint: 'http://x/', fetch, maxAttempts: 3 }).send('GetUser', {
      AccessToken: 'x',
    });
    expect(answer.Username).toBe('u');
    expect(calls).toHaveLength(3);
  });

  it('throttling and 5xx are retried for repeatable operations, never for retryable:false or acts-once ones', async () => {
    const throttled = json(400, { __type: 'TooManyRequestsException', message: 'Rate exceeded' });
    const ok = json(200, {});
    const a = scripted(throttled, ok);
    await fetchTransport({ endpoint: 'http://x/', fetch: a.fetch }).send('GetUser', { AccessToken: 'x' });
    expect(a.calls).toHaveLength(2);

    const b = scripted(json(500, { __type: 'InternalErrorException' }), ok);
    await fetchTransport({ endpoint: 'http://x/', fetch: b.fetch }).send('GetUser', { AccessToken: 'x' });
    expect(b.calls).toHaveLength(2);

    const c = scripted(json(500, { __type: 'InternalErrorException' }), ok);
    const ec = await fetchTransport({ endpoint: 'http://x/', fetch: c.fetch })
      .send('RespondToAuthChallenge', { ClientId: 'c', ChallengeName: 'SMS_MFA' })
      .catch((e: unknown) => e);
    expect(ec).toMatchObject({ code: 'INTERNAL_ERROR' });
    expect(c.calls).toHaveLength(1);

    const d = scripted(throttled, ok);
    const ed = await fetchTransport({ endpoint: 'http://x/', fetch: d.fetch })
      .send('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: 'c' }, { retryable: false })
      .catch((e: unknown) => e);
    expect(ed).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(d.calls).toHaveLength(1);

    const e = scripted(throttled);
    const ee = await fetchTransport({ endpoint: 'http://x/', fetch: e.fetch, maxAttempts: 2 })
      .send('GetUser', { AccessToken: 'x' })
      .catch((err: unknown) => err);
    expect(ee).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(e.calls).toHaveLength(2);
  });

  it('a request past timeoutMs is TIMEOUT and is not retried', async () => {
    let calls = 0;
    const hanging = ((_url: string, init: RequestInit) => {
      calls += 1;
      return new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    }) as unknown as typeof fetch;
    const error = await fetchTransport({ endpoint: 'http://x/', fetch: hanging, timeoutMs: 50 })
      .send('GetUser', { AccessToken: 'x' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'TransportError', code: 'TIMEOUT' });
    expect(calls).toBe(1);
  });

  it('an AbortSignal aborts with ABORTED, before and during the request', async () => {
    const hanging = ((_url: string, init: RequestInit) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      })) as unknown as typeof fetch;
    const transport = fetchTransport({ endpoint: 'http://x/', fetch: hanging, timeoutMs: 0 });
    const controller = new AbortController();
    const pending = transport
      .send('GetUser', { AccessToken: 'x' }, { signal: controller.signal })
      .catch((e) => e);
    setTimeout(() => controller.abort(), 20);
    expect(await pending).toMatchObject({ name: 'TransportError', code: 'ABORTED' });
    const already = await transport
      .send('GetUser', { AccessToken: 'x' }, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(already).toMatchObject({ code: 'ABORTED' });
  });

  it('a connection dropped mid-answer over real HTTP is a typed TransportError', async () => {
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': '1000' });
      res.write('{"AuthenticationResult":');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const error = await fetchTransport({ endpoint: `http://127.0.0.1:${port}/` })
        .send('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: 'c' }, { retryable: false })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'TransportError', code: 'TRANSPORT' });
    } finally {
      server.close();
    }
  });

  it('error messages carry no request secrets', async () => {
    const { fetch } = scripted(
      json(400, { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' }),
    );
    const error = (await fetchTransport({ endpoint: 'http://x/', fetch })
      .send('RespondToAuthChallenge', {
        ClientId: 'c',
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        ChallengeResponses: { NEW_PASSWORD: 'hunter2-secret' },
      })
      .catch((e: unknown) => e)) as Error;
    expect(error.message).not.toContain('hunter2-secret');
    expect(JSON.stringify(error)).not.toContain('hunter2-secret');
  });
});
