// Small HTTP pieces the user-pool domain and the stand-in provider share: form bodies, JSON and HTML answers,
// redirects, cookies and HTML escaping.
import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_FORM = 64 * 1024;

/** Reads an application/x-www-form-urlencoded body (at most 64 KiB); anything else is an empty form. */
export function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_FORM) {
        reject(new Error('form too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      const type = String(req.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim()
        .toLowerCase();
      const text = Buffer.concat(chunks).toString('utf8');
      resolve(new URLSearchParams(type === 'application/x-www-form-urlencoded' ? text : ''));
    });
    req.on('error', reject);
  });
}

export function isForm(req: IncomingMessage): boolean {
  return (
    String(req.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim()
      .toLowerCase() === 'application/x-www-form-urlencoded'
  );
}

export function sendJSON(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json;charset=UTF-8',
    'cache-control': 'no-store',
    pragma: 'no-cache',
    'access-control-allow-origin': '*',
    'content-length': Buffer.byteLength(text).toString(),
    ...headers,
  });
  res.end(text);
}

export function sendHTML(
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed) return;
  res.writeHead(status, {
    'content-type': 'text/html;charset=UTF-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(html).toString(),
    ...headers,
  });
  res.end(html);
}

/** A 302 to `location`; `cookies` are Set-Cookie lines. */
export function redirect(res: ServerResponse, location: string, cookies: string[] = []): void {
  if (res.destroyed) return;
  res.writeHead(302, {
    location,
    'cache-control': 'no-store',
    'content-length': '0',
    ...(cookies.length ? { 'set-cookie': cookies } : {}),
  });
  res.end();
}

/** `url` with these query parameters added (undefined ones left out). */
export function withQuery(url: string, params: Record<string, string | undefined>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.append(k, v);
  return u.toString();
}

export function cookiesOf(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    out.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
  }
  return out;
}

export function escapeHTML(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The client credentials of a token or revocation request: HTTP Basic (RFC 6749 2.3.1) or the form's members. */
export function clientCredentials(
  req: IncomingMessage,
  form: URLSearchParams,
): { clientId?: string; clientSecret?: string; method: 'basic' | 'post' | 'none'; malformed?: boolean } {
  const auth = String(req.headers.authorization ?? '');
  if (/^basic /i.test(auth)) {
    const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { method: 'basic', malformed: true };
    // RFC 6749 2.3.1: both parts are form-urlencoded before they are joined.
    const dec = (s: string): string => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s;
      }
    };
    return {
      clientId: dec(decoded.slice(0, colon)),
      clientSecret: dec(decoded.slice(colon + 1)),
      method: 'basic',
    };
  }
  const clientId = form.get('client_id') ?? undefined;
  const clientSecret = form.get('client_secret') ?? undefined;
  return {
    ...(clientId ? { clientId } : {}),
    ...(clientSecret ? { clientSecret } : {}),
    method: clientSecret ? 'post' : 'none',
  };
}
