// The redirect back from /oauth2/authorize (RFC 6749 4.1.2): its state checked against the pending authorization
// first, then its `error` or its `code`.

import { OAuthError, oauthError } from '../errors.js';
import type { PendingAuthorization } from './authorize.js';
import { parseForm, queryOf } from './form.js';

/** Compares without an early exit, so the time taken says nothing about how much of a guessed state was right. */
function sameString(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i % (b.length || 1));
  return diff === 0;
}

/** The `state` a callback URL carries, or undefined: what a server looks its pending authorization up by. */
export function callbackState(url: string): string | undefined {
  const { fields, repeated } = parseForm(queryOf(url));
  return repeated.includes('state') ? undefined : fields.state || undefined;
}

/** True when the URL looks like a redirect back from the authorize endpoint (a `code` or an `error`, and a state). */
export function isAuthorizationCallback(url: string): boolean {
  const { fields } = parseForm(queryOf(url));
  return (
    typeof fields.state === 'string' && (typeof fields.code === 'string' || typeof fields.error === 'string')
  );
}

/**
 * The authorization code of a callback URL. A callback whose state is missing, repeated or not the pending one's
 * (another tab's flow, an abandoned one, a forged link) is STATE_MISMATCH, also when it carries an error: an
 * error answer that matches no request is not ours to report. A matching `error` becomes its OAuthError
 * (`access_denied`, ...); a missing or repeated code is INVALID_REQUEST.
 */
export function readCallback(url: string, pending: PendingAuthorization | undefined): { code: string } {
  const { fields, repeated } = parseForm(queryOf(url));
  const state = fields.state;
  if (!pending || repeated.includes('state') || !state || !sameString(state, pending.state))
    throw new OAuthError('STATE_MISMATCH', 'The callback answers no authorization started here');
  if (fields.error !== undefined) throw oauthError(fields.error, fields.error_description);
  const code = fields.code;
  if (!code || repeated.includes('code'))
    throw new OAuthError('INVALID_REQUEST', 'The callback carries no single authorization code');
  return { code };
}

/** The URL without `code`, `state` and the error fields, for history.replaceState after a callback. */
export function withoutCallbackParameters(url: string): string {
  const hash = url.indexOf('#');
  const fragment = hash < 0 ? '' : url.slice(hash);
  const base = hash < 0 ? url : url.slice(0, hash);
  const q = base.indexOf('?');
  if (q < 0) return url;
  const drop = new Set(['code', 'state', 'error', 'error_description', 'error_uri', 'iss']);
  const kept = base
    .slice(q + 1)
    .split('&')
    .filter((part) => {
      const name = part.split('=')[0]!;
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // An undecodable name is not one of ours: kept as it is.
      }
      return part !== '' && !drop.has(decoded);
    });
  return `${base.slice(0, q)}${kept.length ? `?${kept.join('&')}` : ''}${fragment}`;
}
