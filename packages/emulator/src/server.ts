// The HTTP server: Cognito's JSON 1.1 protocol on POST / (X-Amz-Target), CORS, JWKS, and the /_emulator/ control routes.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CognitoException } from './cognito-exception.js';
import type { EmulatorContext, Handler } from './context.js';
import { isControlCall, runControl } from './control.js';
import { controlOriginAllowed } from './control-origins.js';
import { endWhenDurable } from './durable-end.js';
import type { FaultTable } from './faults.js';
import { jwksOf, poolSigningKey } from './jwt.js';
import { discoveryDocument, handleOAuthRequest, isOAuthPath } from './oauth/router.js';
import { OPERATIONS } from './operations/index.js';
import { runWithTriggers } from './triggers/pipeline.js';
import type { EmulatorControl } from './types.js';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const MAX_BODY = 1024 * 1024;
const DRAIN_LIMIT = 16 * MAX_BODY;

const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, GET, OPTIONS, DELETE',
  'access-control-allow-headers':
    'content-type, x-amz-target, x-amz-user-agent, x-amz-date, x-amz-security-token, x-amz-content-sha256, authorization, amz-sdk-invocation-id, amz-sdk-request, cache-control, x-amz-api-version',
  'access-control-expose-headers':
    'x-amzn-errortype, x-amzn-requestid, x-amzn-errormessage, x-amz-apigw-id, date',
  'access-control-max-age': '86400',
};

export interface ServerDeps {
  ctx: EmulatorContext;
  control: EmulatorControl;
  /** Checked by checkControlOrigins: the origins whose pages may call /_emulator/. */
  controlOrigins: readonly string[];
  faults: FaultTable;
  stats: Map<string, number>;
  /** Resolves once every change so far is durable (the state file's journal, fsync'd); the answer waits for it. */
  changed(): Promise<void>;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  cors: Record<string, string> = CORS_HEADERS,
): void {
  if (res.destroyed) return;
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...cors,
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-requestid': randomUUID(),
    'content-length': Buffer.byteLength(text).toString(),
    ...headers,
  });
  res.end(text);
}

/** As the service: the type in the body and in x-amzn-ErrorType (with its trailing colon), the message twice too. */
function sendError(
  res: ServerResponse,
  err: CognitoException,
  cors: Record<string, string> = CORS_HEADERS,
): void {
  send(
    res,
    err.status,
    { __type: err.type, message: err.message },
    {
      'x-amzn-errortype': `${err.type}:`,
      'x-amzn-errormessage': err.message.replace(/[^\x20-\x7e]/g, '?'),
      // After an oversized body the connection is not reused: the answer, then close.
      ...(err.status === 413 ? { connection: 'close' } : {}),
    },
    cors,
  );
}

/**
 * Reads the body, at most MAX_BODY bytes. A bigger one is read to its end and dropped, then refused with 413: the
 * answer goes out on a connection with nothing left unread, so it is not lost to a reset (closing a socket with
 * unread bytes sends RST, and the client sees ECONNRESET instead of the answer). Past DRAIN_LIMIT the client gets
 * no answer and the connection is cut.
 */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > DRAIN_LIMIT) {
        req.destroy();
        reject(new CognitoException('SerializationException', 'Request body too large'));
        return;
      }
      if (size <= MAX_BODY) chunks.push(c);
      else chunks.length = 0;
    });
    req.on('end', () => {
      if (size > MAX_BODY)
        reject(
          new CognitoException('SerializationException', 'Request body is larger than the 1 MiB limit', 413),
        );
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function handleOperation(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = String(req.headers['x-amz-target'] ?? '');
  if (!target.startsWith(TARGET_PREFIX)) {
    sendError(res, new CognitoException('UnknownOperationException', 'Missing or unknown X-Amz-Target'));
    return;
  }
  const operation = target.slice(TARGET_PREFIX.length);
  const handler = OPERATIONS.get(operation);
  if (!handler) {
    // Read to the end first, so the answer is not lost to a reset of a connection with unread bytes.
    await readBody(req);
    sendError(
      res,
      new CognitoException(
        'UnknownOperationException',
        `Operation ${operation} is not supported by the emulator`,
      ),
    );
    return;
  }
  bump(deps.stats, operation);
  let dropped = false;
  try {
    dropped = await answerOperation(deps, operation, handler, req, res);
  } finally {
    // A test that timed out waiting can poll for the late answer (the service acted) instead of sleeping.
    if (!dropped) bump(deps.stats, `${operation}:answered`);
  }
}

function bump(stats: Map<string, number>, key: string): void {
  stats.set(key, (stats.get(key) ?? 0) + 1);
}

/** Runs one operation, faults first; true when the connection was dropped instead of answered. */
async function answerOperation(
  deps: ServerDeps,
  operation: string,
  handler: Handler,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const text = await readBody(req);
  const fault = deps.faults.take(operation);
  if (fault) {
    switch (fault.kind) {
      case 'latency':
        await sleep(fault.latencyMs);
        break;
      case 'drop':
        req.socket.destroy();
        return true;
      case 'error5xx':
        sendError(
          res,
          new CognitoException('InternalErrorException', 'Internal server error (injected)', 500),
        );
        return false;
      case 'throttle':
        sendError(res, new CognitoException('TooManyRequestsException', 'Rate exceeded'));
        return false;
      case 'codeDeliveryFailure':
        // The SMS or e-mail could not go out: the operation leaves no code behind, as if never called.
        sendError(
          res,
          new CognitoException('CodeDeliveryFailureException', 'Unable to deliver the verification code.'),
        );
        return false;
    }
  }
  let body: Record<string, unknown>;
  try {
    const parsed = text ? (JSON.parse(text) as unknown) : {};
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    body = parsed as Record<string, unknown>;
  } catch {
    sendError(res, new CognitoException('SerializationException', 'Request body is not a JSON object'));
    return false;
  }
  const ctx: EmulatorContext = { ...deps.ctx, remoteIp: req.socket.remoteAddress ?? '127.0.0.1' };
  try {
    const result = await runWithTriggers(ctx, operation, body, handler);
    if (await durable(deps, res)) send(res, 200, result ?? {});
  } catch (err) {
    if (err instanceof CognitoException) {
      // A refusal can change state too (a wrong password counts towards the lockout): on disk before it is told.
      if (await durable(deps, res)) sendError(res, err);
      return false;
    }
    sendError(
      res,
      new CognitoException('InternalErrorException', 'An internal error occurred in the emulator', 500),
    );
    // Surfaces emulator bugs to whoever runs it; never the request, which may hold secrets.
    console.error(`[cogflow-emulator] ${operation} failed:`, err instanceof Error ? err.stack : err);
  }
  return false;
}

/**
 * Waits until what the request changed is on disk. When it cannot be written, the request is answered with a 500
 * instead (its change is not acknowledged) and false is returned.
 */
async function durable(deps: ServerDeps, res: ServerResponse): Promise<boolean> {
  try {
    await deps.changed();
    return true;
  } catch (err) {
    console.error('[cogflow-emulator]', err instanceof Error ? err.message : err);
    sendError(
      res,
      new CognitoException('InternalErrorException', 'The emulator could not write its state file', 500),
    );
    return false;
  }
}

/** CORS for /_emulator/: never `*`; the page's own origin, echoed, only when the allow-list lets it in. */
function controlCors(origin: string | undefined): Record<string, string> {
  if (origin === undefined) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'content-type',
    'access-control-expose-headers': 'x-amzn-errortype, x-amzn-requestid, x-amzn-errormessage',
    vary: 'Origin',
  };
}

/** Parses a control call's body: a JSON object (or nothing); anything else is the service's SerializationException. */
function controlBody(text: string, url: string): Record<string, unknown> {
  let parsed: unknown = {};
  try {
    parsed = text ? (JSON.parse(text) as unknown) : {};
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new CognitoException('SerializationException', 'Control call body is not a JSON object');
  const body = parsed as Record<string, unknown>;
  for (const [k, v] of new URL(url, 'http://localhost').searchParams)
    Object.defineProperty(body, k, { value: v, enumerable: true, writable: true, configurable: true });
  return body;
}

/**
 * /_emulator/<call>: the origin rule first (a page not on the allow-list is refused before anything runs), then
 * only the calls CONTROL_CALLS lists, by POST; every refusal is the service's error shape.
 */
async function handleControl(
  deps: ServerDeps,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const origin = req.headers.origin;
  if (!controlOriginAllowed(origin, deps.controlOrigins)) {
    await readBody(req).catch(() => undefined);
    sendError(
      res,
      new CognitoException(
        'AccessDeniedException',
        'This origin may not call the emulator control API (see the controlOrigins option)',
        403,
      ),
      {},
    );
    return;
  }
  const cors = controlCors(origin);
  if (req.method === 'OPTIONS') {
    res.writeHead(204, cors);
    res.end();
    return;
  }
  const name = path.slice('/_emulator/'.length);
  try {
    const text = await readBody(req);
    if (!path.startsWith('/_emulator/') || !isControlCall(name))
      throw new CognitoException('UnknownOperationException', `Unknown control call ${name}`);
    if (req.method !== 'POST')
      throw new CognitoException(
        'MethodNotAllowedException',
        `Control calls are POST, not ${req.method}`,
        405,
      );
    const result = await runControl(deps.control, name, controlBody(text, req.url ?? '/'));
    send(res, 200, { result: result ?? null }, { 'content-type': 'application/json' }, cors);
  } catch (err) {
    sendError(
      res,
      err instanceof CognitoException
        ? err
        : new CognitoException('InvalidParameterException', err instanceof Error ? err.message : String(err)),
      cors,
    );
  }
}

function handleWellKnown(deps: ServerDeps, path: string, res: ServerResponse): boolean {
  const m = /^\/([\w-]+_[0-9a-zA-Z]+)\/\.well-known\/(jwks\.json|openid-configuration)$/.exec(path);
  if (!m) return false;
  const pool = deps.ctx.store.pools.get(m[1] as string);
  if (!pool) {
    send(res, 404, { message: 'User pool not found' }, { 'content-type': 'application/json' });
    return true;
  }
  if (m[2] === 'jwks.json') {
    send(res, 200, jwksOf(poolSigningKey(pool)), { 'content-type': 'application/json' });
    return true;
  }
  send(res, 200, discoveryDocument(deps.ctx, pool.id), { 'content-type': 'application/json' });
  return true;
}

export function createEmulatorServer(deps: ServerDeps): Server {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    const control = path === '/_emulator' || path.startsWith('/_emulator/');
    if (req.method === 'OPTIONS' && !control) {
      res.writeHead(204, CORS_HEADERS);
      res.end();
      return;
    }
    if (isOAuthPath(deps.ctx, path)) {
      // The user-pool domains and the stand-in provider (src/oauth): their own answers, HTML or OAuth JSON. As on
      // the JSON API, an answer goes out only once what the request changed is on disk.
      endWhenDurable(deps, res);
      handleOAuthRequest(deps.ctx, path, req, res).then(
        () => undefined,
        (err: unknown) => {
          console.error('[cogflow-emulator] OAuth request failed:', err instanceof Error ? err.stack : err);
          if (!res.headersSent)
            send(res, 500, { error: 'server_error' }, { 'content-type': 'application/json' });
        },
      );
      return;
    }
    const work = control
      ? handleControl(deps, path, req, res)
      : req.method === 'GET'
        ? Promise.resolve(
            handleWellKnown(deps, path, res) ||
              void send(
                res,
                path === '/' ? 200 : 404,
                path === '/'
                  ? { service: 'cogflow-emulator', endpoint: deps.ctx.endpoint }
                  : { message: 'Not found' },
                {
                  'content-type': 'application/json',
                },
              ),
          )
        : req.method === 'POST' && path === '/'
          ? handleOperation(deps, req, res)
          : Promise.resolve(send(res, 404, { message: 'Not found' }, { 'content-type': 'application/json' }));
    work.catch((err: unknown) => {
      if (err instanceof CognitoException) sendError(res, err);
      else
        send(res, 500, {
          __type: 'InternalErrorException',
          message: 'An internal error occurred in the emulator',
        });
    });
  });
  server.keepAliveTimeout = 5_000;
  return server;
}

export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}
