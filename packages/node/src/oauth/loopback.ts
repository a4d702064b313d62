// A CLI's sign-in through the system browser (RFC 8252): a one-shot HTTP listener on 127.0.0.1 takes the redirect
// back from managed login, then closes. The caller opens the browser with the URL it is given.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type AuthClient,
  type AuthorizeOptions,
  callbackState,
  completeAuthorization,
  createAuthorizationRequest,
  InputError,
  isAuthorizationCallback,
  mustBe,
  type OAuthSignInResult,
  TransportError,
} from '@cogflow/core';

export interface LoopbackSignInOptions extends Omit<AuthorizeOptions, 'redirectUri'> {
  /** Opens the system browser at the authorize URL (or prints it). The URL carries no secret. */
  open: (url: string) => void | Promise<void>;
  /**
   * The port to listen on (default 0: an ephemeral one). Cognito matches callback URLs exactly, port included:
   * register `http://localhost:<port><path>` on the app client and pass that port.
   */
  port?: number;
  /** Default `/callback`. */
  path?: string;
  /** The host name in the redirect URI (default `localhost`, the one http:// host Cognito accepts). */
  redirectHost?: string;
  /** How long to wait for the browser to come back, in ms (default 5 minutes). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const page = (title: string): string =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><p>${title} You can close this window.</p>`;

/**
 * Listens on 127.0.0.1, hands `open` the authorize URL whose redirect URI is that listener, and waits for the
 * callback. A request whose state is not this flow's is answered 400 and ignored (any local process can reach the
 * port); the first that matches ends the wait, the listener closes, and the code is exchanged.
 */
export async function signInWithLoopback(
  auth: AuthClient,
  options: LoopbackSignInOptions,
): Promise<OAuthSignInResult> {
  const {
    open,
    port = 0,
    path = '/callback',
    redirectHost = 'localhost',
    timeoutMs = 300_000,
    signal,
    ...authorize
  } = options;
  if (typeof open !== 'function')
    throw new InputError('signInWithLoopback needs open(url): a function that opens the URL in a browser');
  if (!path.startsWith('/')) throw mustBe('path', "a URL path starting with / (e.g. '/callback')");
  let deliver: (query: string, response: ServerResponse) => void = () => {};
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const target = request.url ?? '/';
    const at = target.indexOf('?');
    const pathname = at < 0 ? target : target.slice(0, at);
    if (request.method !== 'GET' || pathname !== path || !isAuthorizationCallback(target)) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    deliver(at < 0 ? '' : target.slice(at), response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  const redirectUri = `http://${redirectHost}:${bound}${path}`;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    const { url, pending } = await createAuthorizationRequest(auth, { ...authorize, redirectUri });
    const arrived = new Promise<{ query: string; response: ServerResponse }>((resolve, reject) => {
      deliver = (query, response) => {
        if (callbackState(query) !== pending.state) {
          response
            .writeHead(400, { 'content-type': 'text/html' })
            .end(page('This sign-in link is not the one awaited.'));
          return;
        }
        resolve({ query, response });
      };
      timer = setTimeout(
        () => reject(new TransportError('TIMEOUT', 'Nobody came back to the loopback redirect in time')),
        timeoutMs,
      );
      onAbort = () =>
        reject(new TransportError('ABORTED', 'The loopback sign-in was aborted', { cause: signal?.reason }));
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
    await open(url);
    const { query, response } = await arrived;
    try {
      const result = await completeAuthorization(auth, { url: `${redirectUri}${query}`, pending });
      response.writeHead(200, { 'content-type': 'text/html' }).end(page('Signed in.'));
      return result;
    } catch (error) {
      response.writeHead(400, { 'content-type': 'text/html' }).end(page('The sign-in failed.'));
      throw error;
    }
  } finally {
    if (timer) clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    server.closeAllConnections?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
