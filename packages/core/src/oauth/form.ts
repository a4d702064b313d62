// application/x-www-form-urlencoded (WHATWG URL's serializer and parser) without the URL global, which core lacks.

/** Encodes pairs as a form body or query; undefined and empty-string values are left out. */
export function formEncode(fields: Record<string, string | undefined>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || value === '') continue;
    parts.push(`${formComponent(name)}=${formComponent(value)}`);
  }
  return parts.join('&');
}

/** Percent-encodes a name or value: encodeURIComponent plus `!'()*`, so only RFC 3986 unreserved characters stay. */
export function formComponent(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * Parses a query or form string (a leading `?` or `#` is dropped). A name given twice keeps its first value and
 * is listed in `repeated`, so a caller can refuse a callback that smuggles a second `state`. A malformed
 * percent-escape leaves that field out rather than throwing.
 */
export function parseForm(text: string): { fields: Record<string, string>; repeated: string[] } {
  const fields: Record<string, string> = Object.create(null);
  const repeated: string[] = [];
  const body = text.startsWith('?') || text.startsWith('#') ? text.slice(1) : text;
  for (const part of body.split('&')) {
    if (!part) continue;
    const at = part.indexOf('=');
    const rawName = at < 0 ? part : part.slice(0, at);
    const rawValue = at < 0 ? '' : part.slice(at + 1);
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      continue;
    }
    if (name in fields) repeated.push(name);
    else fields[name] = value;
  }
  return { fields, repeated };
}

/** The query of a URL (between `?` and `#`), or '' when it has none. */
export function queryOf(url: string): string {
  const hash = url.indexOf('#');
  const base = hash < 0 ? url : url.slice(0, hash);
  const q = base.indexOf('?');
  return q < 0 ? '' : base.slice(q + 1);
}
