// Stands in for the person's browser in the unattended OAuth demo: follows the domain's redirects, keeps its
// cookies (the login form's CSRF cookie), and fills the managed-login form.

export async function fillManagedLogin(url: string, username: string, password: string): Promise<string> {
  const cookies = new Map<string, string>();
  const go = async (to: string, form?: Record<string, string>): Promise<Response> => {
    const headers: Record<string, string> = {};
    if (cookies.size) headers.cookie = [...cookies].map(([n, v]) => `${n}=${v}`).join('; ');
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(to, {
      method: form ? 'POST' : 'GET',
      headers,
      redirect: 'manual',
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(';')[0] ?? '';
      cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
    return res;
  };
  const origin = new URL(url).origin;
  let res = await go(url);
  let at = url;
  for (let hops = 0; hops < 10; hops++) {
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location') ?? '', at).toString();
      if (!next.startsWith(origin)) return next;
      at = next;
      res = await go(next);
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1];
    if (!action) throw new Error(`The managed-login page has no form (HTTP ${res.status})`);
    const fields: Record<string, string> = {};
    for (const m of html.matchAll(/<input([^>]*)>/g)) {
      const name = /name="([^"]*)"/.exec(m[1] ?? '')?.[1];
      const value = /value="([^"]*)"/.exec(m[1] ?? '')?.[1] ?? '';
      if (name)
        fields[name] = value
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&amp;/g, '&');
    }
    at = new URL(action.replace(/&amp;/g, '&'), at).toString();
    res = await go(at, { ...fields, username, password });
  }
  throw new Error('Too many redirects on the managed-login domain');
}
