import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceError, TransportError } from '@cogflow/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sdkTransport } from '../src/sdk-transport.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

let server: Server;
let endpoint: string;
let handler: Handler;
const seen: { target: string; authorization: string | undefined; body: string }[] = [];

function json(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function errorAnswer(res: ServerResponse, status: number, type: string, message: string): void {
  const text = JSON.stringify({ __type: type, message });
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-errortype': type,
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      seen.push({
        target: String(req.headers['x-amz-target']),
        authorization: req.headers.authorization,
        body,
      });
      handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

afterEach(() => {
  seen.length = 0;
});

const fast = { baseDelayMs: 1, maxDelayMs: 5 };
const challenge = { ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: { SALT: 'ab' }, Session: 's' };

describe('sdkTransport', () => {
  it('sends the operation unsigned, with the JSON 1.1 target, and returns the body', async () => {
    handler = (_req, _body, res) => json(res, 200, challenge);
    const saved = { ...process.env };
    for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/credentials';
    process.env.AWS_CONFIG_FILE = '/nonexistent/config';
    try {
      const transport = sdkTransport({ region: 'eu-west-1', endpoint });
      const answer = await transport.send('InitiateAuth', {
        AuthFlow: 'USER_SRP_AUTH',
        ClientId: 'client',
        AuthParameters: { USERNAME: 'ana', SRP_A: 'ff' },
      });
      expect(answer).toEqual(challenge);
      expect(seen).toHaveLength(1);
      expect(seen[0]!.target).toBe('AWSCognitoIdentityProviderService.InitiateAuth');
      expect(seen[0]!.authorization).toBeUndefined();
      expect(JSON.parse(seen[0]!.body)).toEqual({
        AuthFlow: 'USER_SRP_AUTH',
        ClientId: 'client',
        AuthParameters: { USERNAME: 'ana', SRP_A: 'ff' },
      });
    } finally {
      process.env = saved;
    }
  });

  it('maps a JSON error answer to a ServiceError with code, type and status', async () => {
    handler = (_req, _body, res) =>
      errorAnswer(
        res,
        400,
        'com.amazonaws.cognito#NotAuthorizedException',
        'Incorrect username or password.',
      );
    const transport = sdkTransport({ region: 'eu-west-1', endpoint });
    const error = await transport
      .send('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: 'c' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error.code).toBe('NOT_AUTHORIZED');
    expect(error.type).toBe('NotAuthorizedException');
    expect(error.status).toBe(400);
    expect(seen).toHaveLength(1);
  });

  it('maps an error type the SDK does not model', async () => {
    handler = (_req, _body, res) => errorAnswer(res, 400, 'SomethingNewException', 'new');
    const transport = sdkTransport({ region: 'eu-west-1', endpoint });
    const error = await transport.send('GetUser', { AccessToken: 't' }).catch((e) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error.code).toBe('SERVICE_ERROR');
    expect(error.type).toBe('SomethingNewException');
  });

  it('retries throttling with backoff and gives the answer once it comes', async () => {
    let calls = 0;
    handler = (_req, _body, res) => {
      calls += 1;
      if (calls < 3) errorAnswer(res, 400, 'TooManyRequestsException', 'Rate exceeded');
      else json(res, 200, challenge);
    };
    const transport = sdkTransport({ region: 'eu-west-1', endpoint, retry: fast });
    await expect(
      transport.send('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: 'c' }),
    ).resolves.toEqual(challenge);
    expect(calls).toBe(3);
  });

  it('stops after maxAttempts and throws the last throttling error', async () => {
    handler = (_req, _body, res) => errorAnswer(res, 400, 'TooManyRequestsException', 'Rate exceeded');
    const transport = sdkTransport({ region: 'eu-west-1', endpoint, retry: fast, maxAttempts: 4 });
    const error = await transport
      .send('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: 'c' })
      .catch((e) => e);
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    expect(seen).toHaveLength(4);
  });

  it('never retries when the caller says retryable: false', async () => {
    handler = (_req, _body, res) => errorAnswer(res, 400, 'TooManyRequestsException', 'Rate exceeded');
    const transport = sdkTransport({ region: 'eu-west-1', endpoint, retry: fast });
    const error = await transport
      .send(
        'RespondToAuthChallenge',
        { ClientId: 'c', ChallengeName: 'SOFTWARE_TOKEN_MFA' },
        { retryable: false },
      )
      .catch((e) => e);
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    expect(seen).toHaveLength(1);
  });

  it('retries a 5xx of a repeatable operation but never of a challenge answer', async () => {
    handler = (_req, _body, res) => errorAnswer(res, 500, 'InternalErrorException', 'boom');
    const transport = sdkTransport({ region: 'eu-west-1', endpoint, retry: fast });
    const first = await transport
      .send('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: 'c' })
      .catch((e) => e);
    expect(first.code).toBe('INTERNAL_ERROR');
    expect(first.status).toBe(500);
    expect(seen).toHaveLength(3);
    seen.length = 0;
    const second = await transport
      .send('RespondToAuthChallenge', { ClientId: 'c', ChallengeName: 'PASSWORD_VERIFIER' })
      .catch((e) => e);
    expect(second.code).toBe('INTERNAL_ERROR');
    expect(seen).toHaveLength(1);
  });

  it('maps an unreadable 502 (an HTML page) to a 5xx ServiceError', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body>Bad Gateway</body></html>');
    };
    const transport = sdkTransport({ region: 'eu-west-1', endpoint, retry: fast, maxAttempts: 1 });
    const error = await transport.send('GetUser', { AccessToken: 't' }).catch((e) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error.status).toBe(502);
  });

  it('fails an attempt that outlives timeoutMs with TIMEOUT and does not retry it', async () => {
    handler = (_req, _body, res) => {
      setTimeout(() => json(res, 200, challenge), 500);
    };
    const transport = sdkTransport({ region: 'eu-west-1', endpoint, timeoutMs: 100, retry: fast });
    const error = await transport
      .send('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: 'c' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error.code).toBe('TIMEOUT');
    expect(seen).toHaveLength(1);
  });

  it('timeoutMs 0 turns the timeout off, as in the browser transport (no attempt fails at once)', async () => {
    handler = (_req, _body, res) => {
      setTimeout(() => json(res, 200, challenge), 50);
    };
    const transport = sdkTransport({ region: 'eu-west-1', endpoint, timeoutMs: 0, retry: fast });
    await expect(
      transport.send('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: 'c' }),
    ).resolves.toEqual(challenge);
    expect(seen).toHaveLength(1);
  });

  it('rejects with ABORTED when the caller aborts, before or during the request', async () => {
    handler = (_req, _body, res) => {
      setTimeout(() => json(res, 200, challenge), 500);
    };
    const transport = sdkTransport({ region: 'eu-west-1', endpoint });
    const controller = new AbortController();
    const pending = transport.send(
      'InitiateAuth',
      { AuthFlow: 'USER_SRP_AUTH', ClientId: 'c' },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 50);
    const error = await pending.catch((e) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error.code).toBe('ABORTED');
    const already = await transport
      .send('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: 'c' }, { signal: AbortSignal.abort() })
      .catch((e) => e);
    expect(already.code).toBe('ABORTED');
  });

  it('maps a dropped connection to TRANSPORT with a cause and does not retry it', async () => {
    handler = (req) => req.socket.destroy();
    const transport = sdkTransport({ region: 'eu-west-1', endpoint, retry: fast });
    const error = await transport
      .send('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: 'c' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error.code).toBe('TRANSPORT');
    expect(error.cause).toBeDefined();
    expect(seen).toHaveLength(1);
  });

  it('maps a refused connection to TRANSPORT with the refusal as its cause', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const transport = sdkTransport({
      region: 'eu-west-1',
      endpoint: `http://127.0.0.1:${port}`,
      retry: fast,
    });
    const error = await transport
      .send('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: 'c' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error.code).toBe('TRANSPORT');
    expect(JSON.stringify(error.cause?.code ?? error.cause?.errors?.[0]?.code)).toContain('ECONNREFUSED');
  });

  it('gives dates as epoch seconds, as on the wire, and no SDK metadata', async () => {
    handler = (_req, _body, res) =>
      json(res, 200, {
        Devices: [{ DeviceKey: 'k', DeviceCreateDate: 1_700_000_000.5, DeviceAttributes: [] }],
      });
    const transport = sdkTransport({ region: 'eu-west-1', endpoint });
    const answer = await transport.send('ListDevices', { AccessToken: 't' });
    expect(answer).toEqual({
      Devices: [{ DeviceKey: 'k', DeviceCreateDate: 1_700_000_000.5, DeviceAttributes: [] }],
    });
  });

  it('refuses an operation it does not know with an InputError', async () => {
    const transport = sdkTransport({ region: 'eu-west-1', endpoint });
    // biome-ignore lint/suspicious/noExplicitAny: deliberately outside the typed operation names
    const error = await transport.send('AdminDeleteUser' as any, {} as any).catch((e) => e);
    expect(error.code).toBe('INVALID_INPUT');
  });
});
