// A test that plays the person's browser on the emulator's user-pool domain: cookies kept per path, redirects
// followed by hand until one leaves the emulator, the managed-login forms read from their HTML and posted back.

const decodeHTML = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

export function formOf(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form on the page: ${html.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input([^>]*)>/g)) {
    const name = /name="([^"]*)"/.exec(m[1] ?? '')?.[1];
    if (name) fields[name] = decodeHTML(/value="([^"]*)"/.exec(m[1] ?? '')?.[1] ?? '');
  }
  return { action: decodeHTML(action), fields };
}

export class PlayedBrowser {
  private readonly jar = new Map<string, { value: string; path: string }>();
  constructor(private readonly origin: string) {}

  private async request(url: string, form?: Record<string, string>): Promise<Response> {
    const u = new URL(url);
    const headers: Record<string, string> = {};
    if (u.origin === this.origin) {
      const cookie = [...this.jar]
        .filter(([, c]) => u.pathname.startsWith(c.path))
        .map(([n, c]) => `${n}=${c.value}`)
        .join('; ');
      if (cookie) headers.cookie = cookie;
    }
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(u, {
      method: form ? 'POST' : 'GET',
      headers,
      redirect: 'manual',
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    if (u.origin === this.origin) {
      for (const line of res.headers.getSetCookie()) {
        const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
        const eq = pair.indexOf('=');
        const path = attrs.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
        if (attrs.some((a) => a.toLowerCase() === 'max-age=0')) this.jar.delete(pair.slice(0, eq));
        else this.jar.set(pair.slice(0, eq), { value: pair.slice(eq + 1), path });
      }
    }
    return res;
  }

  /** Follows redirects on the emulator until a page (its HTML) or a redirect that leaves it (`left`). */
  async follow(
    url: string,
    form?: Record<string, string>,
  ): Promise<{ status: number; html?: string; left?: string }> {
    let res = await this.request(url, form);
    let at = url;
    for (let hops = 0; hops < 10; hops++) {
      if (res.status !== 302 && res.status !== 303) return { status: res.status, html: await res.text() };
      const location = new URL(res.headers.get('location') as string, at);
      await res.arrayBuffer();
      if (location.origin !== this.origin) return { status: res.status, left: location.toString() };
      at = location.toString();
      res = await this.request(at);
    }
    throw new Error('too many redirects');
  }

  async submit(
    html: string,
    fields: Record<string, string>,
  ): Promise<{ status: number; html?: string; left?: string }> {
    const form = formOf(html);
    return this.follow(new URL(form.action, this.origin).toString(), { ...form.fields, ...fields });
  }

  /** Signs in on the login page the authorize URL leads to; returns the URL the domain sends the person back to. */
  async signIn(
    authorizeURL: string,
    username: string,
    password: string,
    code?: () => Promise<string>,
  ): Promise<string> {
    const page = await this.follow(authorizeURL);
    if (!page.html) throw new Error(`no login page (status ${page.status}, left to ${page.left})`);
    let step = await this.submit(page.html, { username, password });
    if (code) step = await this.submit(step.html ?? '', { code: await code() });
    if (!step.left) throw new Error(`no redirect back: ${step.html?.slice(0, 300)}`);
    return step.left;
  }
}
