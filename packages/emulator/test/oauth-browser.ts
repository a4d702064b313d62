// A test that plays the browser on the user-pool domain: a cookie jar (with paths), redirects followed by hand, the
// managed-login forms read from their HTML and posted back.
import { createHash, randomBytes } from 'node:crypto';

interface Cookie {
  value: string;
  path: string;
}

const decodeHTML = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The form on a page: its action and every named input's value. */
export function formOf(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form with an action on the page: ${html.slice(0, 400)}`);
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input([^>]*)>/g)) {
    const attrs = m[1] ?? '';
    const name = /name="([^"]*)"/.exec(attrs)?.[1];
    if (!name) continue;
    fields[name] = decodeHTML(/value="([^"]*)"/.exec(attrs)?.[1] ?? '');
  }
  return { action: decodeHTML(action), fields };
}

export class Browser {
  readonly jar = new Map<string, Cookie>();

  constructor(private readonly origin: string) {}

  private cookieHeader(url: URL): string {
    const out: string[] = [];
    if (url.origin !== this.origin) return '';
    for (const [name, c] of this.jar) if (url.pathname.startsWith(c.path)) out.push(`${name}=${c.value}`);
    return out.join('; ');
  }

  private keep(res: Response, url: URL): void {
    if (url.origin !== this.origin) return;
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const path = attrs.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      if (attrs.some((a) => a.toLowerCase() === 'max-age=0')) this.jar.delete(name);
      else this.jar.set(name, { value, path });
    }
  }

  async request(
    url: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<Response> {
    const u = new URL(url);
    const headers: Record<string, string> = {};
    const cookie = this.cookieHeader(u);
    if (cookie) headers.cookie = cookie;
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(u, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      redirect: 'manual',
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    this.keep(res, u);
    return res;
  }

  /**
   * Follows redirects on the emulator until a page (returned with its HTML) or a redirect away from it (the app's
   * callback, returned as `left`).
   */
  async follow(
    url: string,
    init: { form?: Record<string, string> } = {},
  ): Promise<{ status: number; html?: string; left?: URL; url: string }> {
    let res = await this.request(url, init);
    let at = url;
    for (let hops = 0; hops < 10; hops++) {
      if (res.status !== 302) return { status: res.status, html: await res.text(), url: at };
      const location = new URL(res.headers.get('location') as string, at);
      await res.arrayBuffer();
      if (location.origin !== this.origin) return { status: 302, left: location, url: at };
      at = location.toString();
      res = await this.request(at);
    }
    throw new Error('too many redirects');
  }

  /** Submits the page's form with these fields added. */
  async submit(html: string, fields: Record<string, string>): Promise<ReturnType<Browser['follow']>> {
    const form = formOf(html);
    return this.follow(new URL(form.action, this.origin).toString(), { form: { ...form.fields, ...fields } });
  }
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function decodeJwt(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

export async function tokenRequest(
  url: string,
  form: Record<string, string>,
  basic?: { id: string; secret: string },
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(basic
        ? { authorization: `Basic ${Buffer.from(`${basic.id}:${basic.secret}`).toString('base64')}` }
        : {}),
    },
    body: new URLSearchParams(form).toString(),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    headers: res.headers,
  };
}
