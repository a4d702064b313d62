// Which web pages may call the control API (/_emulator/): an allow-list of origins, by default loopback ones only.
//
// The control API hands out delivered codes and TOTP codes and moves the clock; a page on any other origin that the
// developer happens to have open must not reach it. Browsers send `Origin` on every POST (Fetch standard, also for
// same-origin and no-cors requests), so a POST whose Origin is not listed is refused before it does anything; that
// also covers DNS rebinding, where the page's origin is the attacker's name, not a loopback one. Clients that are
// not browsers (Node, curl) send no Origin and are not affected.

/** `'loopback'` stands for every http(s) origin on localhost, *.localhost, 127.0.0.0/8 or [::1], on any port. */
export const DEFAULT_CONTROL_ORIGINS: readonly string[] = ['loopback'];

function parseOrigin(origin: string): URL | undefined {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    // An origin is scheme, host and port only: anything more is not what a browser sends.
    if (url.origin !== origin.replace(/\/$/, '')) return undefined;
    return url;
  } catch {
    return undefined;
  }
}

function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return true;
  if (hostname === '[::1]') return true;
  return /^127(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(hostname);
}

/** Checks the option once, at start: every entry is `'loopback'` or an http(s) origin such as `https://app.test:8443`. */
export function checkControlOrigins(list: readonly string[]): readonly string[] {
  if (!Array.isArray(list)) throw new TypeError('controlOrigins must be an array of origins');
  for (const entry of list) {
    if (entry === 'loopback') continue;
    if (typeof entry !== 'string' || !parseOrigin(entry))
      throw new TypeError(
        `controlOrigins: ${String(entry)} is not an origin (scheme://host[:port], http or https) nor 'loopback'`,
      );
  }
  return list.map((e) => (e === 'loopback' ? e : (parseOrigin(e) as URL).origin));
}

/** True when a request with this Origin header (undefined: none) may use the control API. */
export function controlOriginAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  const url = parseOrigin(origin);
  if (!url) return false;
  if (allowed.includes(url.origin)) return true;
  return allowed.includes('loopback') && isLoopbackHost(url.hostname);
}
