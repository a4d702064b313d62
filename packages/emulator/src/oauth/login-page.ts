// Managed login on the emulator: a small page with username and password, then the MFA the user has (TOTP, or an
// SMS / e-mail code delivered to the control API's inbox), a double-submit CSRF cookie like the service's XSRF-TOKEN.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { userPoolName } from '@cogflow/core';
import { CognitoException } from '../cognito-exception.js';
import type { EmulatorContext } from '../context.js';
import { newOpaque } from '../ids.js';
import {
  type Call,
  checkPassword,
  checkTotp,
  checkUsable,
  enabledMfas,
  requiredAttributes,
} from '../operations/sign-in/steps.js';
import { checkPasswordPolicy, sendCode } from '../pool-helpers.js';
import { createVerifier } from '../srp-server.js';
import type { DomainRecord, UserRecord } from '../state.js';
import {
  type AuthorizeRequest,
  type Checked,
  checkAuthorize,
  finishAuthorization,
  openDomainSession,
} from './authorize.js';
import { cookiesOf, escapeHTML, readForm, redirect, sendHTML } from './http.js';
import { LOGIN_TTL_MS, oauthStateOf, type PendingLogin } from './oauth-state.js';

const CSRF_COOKIE = 'XSRF-TOKEN';
const MAX_CODE_ATTEMPTS = 3;

function shell(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHTML(title)}</title></head><body><main>${body}</main></body></html>`;
}

/** The error page of the domain (a wrong redirect URI, an unknown client): never a redirect to the app. */
export function sendErrorPage(res: ServerResponse, error: string, description: string): void {
  sendHTML(
    res,
    400,
    shell(
      'An error was encountered',
      `<h1>An error was encountered with the requested page.</h1><p id="error" data-error="${escapeHTML(error)}">${escapeHTML(error)}: ${escapeHTML(description)}</p>`,
    ),
  );
}

/** Answers a failed check: the error page, or a redirect to the app with error=. */
export function answerFailure(res: ServerResponse, checked: Exclude<Checked, { ok: true }>): void {
  if ('page' in checked) sendErrorPage(res, checked.page.error, checked.page.description);
  else redirect(res, checked.redirect);
}

function csrfCookie(domain: DomainRecord, token: string): string {
  return `${CSRF_COOKIE}=${token}; Path=/${domain.domain}; HttpOnly; SameSite=Lax`;
}

function loginForm(request: AuthorizeRequest, csrf: string, error?: string, username?: string): string {
  const oauth = request.client.oauth;
  const providers = (oauth?.supportedIdentityProviders ?? []).filter((p) => p !== 'COGNITO');
  const providerLinks = providers
    .map((p) => {
      const q = new URLSearchParams(request.query);
      q.set('identity_provider', p);
      return `<p><a id="idp-${escapeHTML(p)}" href="${escapeHTML(`${request.base}/oauth2/authorize?${q.toString()}`)}">Sign in with ${escapeHTML(p)}</a></p>`;
    })
    .join('');
  const cognito = oauth?.supportedIdentityProviders.includes('COGNITO')
    ? `<form method="post" action="${escapeHTML(`${request.base}/login`)}">
<input type="hidden" name="_q" value="${escapeHTML(request.query)}">
<input type="hidden" name="_csrf" value="${escapeHTML(csrf)}">
<label>Username <input name="username" id="username" autocomplete="username" value="${escapeHTML(username ?? request.loginHint ?? '')}" required></label>
<label>Password <input name="password" id="password" type="password" autocomplete="current-password" required></label>
<button type="submit" id="signin">Sign in</button></form>`
    : '';
  return shell(
    'Sign in',
    `<h1>Sign in</h1>${error ? `<p role="alert" id="login-error">${escapeHTML(error)}</p>` : ''}${providerLinks}${cognito}`,
  );
}

function mfaForm(
  request: AuthorizeRequest,
  csrf: string,
  tx: string,
  login: PendingLogin,
  error?: string,
): string {
  if (login.method === 'NEW_PASSWORD') {
    return shell(
      'Change password',
      `<h1>Change your password</h1>${error ? `<p role="alert" id="login-error">${escapeHTML(error)}</p>` : ''}
<form method="post" action="${escapeHTML(`${request.base}/mfa`)}">
<input type="hidden" name="_tx" value="${escapeHTML(tx)}">
<input type="hidden" name="_csrf" value="${escapeHTML(csrf)}">
<label>New password <input name="new_password" id="new_password" type="password" autocomplete="new-password" required></label>
<button type="submit" id="change" data-method="NEW_PASSWORD">Change password</button></form>`,
    );
  }
  const label =
    login.method === 'SOFTWARE_TOKEN_MFA'
      ? 'Code from your authenticator app'
      : login.method === 'SMS_MFA'
        ? 'Code sent by SMS'
        : 'Code sent by e-mail';
  return shell(
    'Verify',
    `<h1>Verify your identity</h1>${error ? `<p role="alert" id="login-error">${escapeHTML(error)}</p>` : ''}
<form method="post" action="${escapeHTML(`${request.base}/mfa`)}">
<input type="hidden" name="_tx" value="${escapeHTML(tx)}">
<input type="hidden" name="_csrf" value="${escapeHTML(csrf)}">
<label>${label} <input name="code" id="code" inputmode="numeric" autocomplete="one-time-code" required></label>
<button type="submit" id="verify" data-method="${login.method}">Verify</button></form>`,
  );
}

/** GET /login: the form (and a fresh CSRF cookie). */
export function showLogin(
  ctx: EmulatorContext,
  domain: DomainRecord,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const checked = checkAuthorize(ctx, domain, url.searchParams);
  if (!checked.ok) {
    answerFailure(res, checked);
    return;
  }
  const csrf = newOpaque(24);
  sendHTML(res, 200, loginForm(checked.request, csrf), { 'set-cookie': csrfCookie(domain, csrf) });
}

function csrfOk(req: IncomingMessage, form: URLSearchParams): boolean {
  const cookie = Buffer.from(cookiesOf(req).get(CSRF_COOKIE) ?? '');
  const field = Buffer.from(form.get('_csrf') ?? '');
  return cookie.length > 0 && cookie.length === field.length && timingSafeEqual(cookie, field);
}

/** The first MFA step the user has, or undefined when the sign-in needs none. */
function mfaMethodOf(call: Call, user: UserRecord): PendingLogin['method'] | undefined | 'SETUP' {
  if (call.pool.mfaConfiguration === 'OFF') return undefined;
  const methods = enabledMfas(call.pool, user);
  if (methods.length === 0) return call.pool.mfaConfiguration === 'ON' ? 'SETUP' : undefined;
  const preferred =
    user.mfa.preferred && methods.includes(user.mfa.preferred) ? user.mfa.preferred : undefined;
  return preferred ?? methods[0];
}

/** POST /login: the password; then the tokens' way back to the app, or the MFA page. */
export async function submitLogin(
  ctx: EmulatorContext,
  domain: DomainRecord,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const form = await readForm(req);
  const checked = checkAuthorize(ctx, domain, new URLSearchParams(form.get('_q') ?? ''));
  if (!checked.ok) return answerFailure(res, checked);
  const request = checked.request;
  if (!csrfOk(req, form))
    return sendErrorPage(res, 'invalid_request', 'The form expired; start the sign-in again.');
  const csrf = form.get('_csrf') ?? '';
  const name = (form.get('username') ?? '').trim();
  const password = form.get('password') ?? '';
  const call: Call = { ctx, pool: request.pool, client: request.client };
  const user = name ? ctx.store.findUser(request.pool, name) : undefined;
  const again = (message: string): void => sendHTML(res, 200, loginForm(request, csrf, message, name));
  try {
    if (!user || !(await checkPassword(call, user, password)))
      return again('Incorrect username or password.');
    checkUsable(user);
  } catch (err) {
    if (err instanceof CognitoException) return again(err.message);
    throw err;
  }
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    if (user.temporaryPasswordExpiresAt !== undefined && user.temporaryPasswordExpiresAt < ctx.now())
      return again('Temporary password has expired and must be reset by an administrator.');
    if (requiredAttributes(request.pool).some((a) => !user.attributes[a]))
      return again(
        'This user must give required attributes; the emulator’s managed login does not ask for them.',
      );
  }
  const login: PendingLogin = {
    domain: domain.domain,
    query: request.query,
    poolId: request.pool.id,
    username: user.username,
    method: 'NEW_PASSWORD',
    attempts: 0,
    expiresAt: ctx.now() + LOGIN_TTL_MS,
  };
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    const tx = newOpaque(32);
    oauthStateOf(ctx.store).logins.set(tx, login);
    return sendHTML(res, 200, mfaForm(request, csrf, tx, login));
  }
  afterPasswordStep(ctx, res, request, csrf, user, login, newOpaque(32));
}

/** After the password (or a new one): the MFA page, or straight back to the app. */
function afterPasswordStep(
  ctx: EmulatorContext,
  res: ServerResponse,
  request: AuthorizeRequest,
  csrf: string,
  user: UserRecord,
  login: PendingLogin,
  tx: string,
): void {
  const call: Call = { ctx, pool: request.pool, client: request.client };
  const logins = oauthStateOf(ctx.store).logins;
  const method = mfaMethodOf(call, user);
  if (method === 'SETUP') {
    logins.delete(tx);
    sendHTML(
      res,
      200,
      loginForm(
        request,
        csrf,
        'MFA must be set up first; the emulator’s managed login does not offer MFA set-up.',
      ),
    );
    return;
  }
  if (!method) {
    logins.delete(tx);
    user.failedSignIns = 0;
    const authTime = Math.floor(ctx.now() / 1000);
    finishAuthorization(ctx, res, request, user, authTime, [openDomainSession(ctx, request, user, authTime)]);
    return;
  }
  login.method = method;
  login.attempts = 0;
  if (method !== 'SOFTWARE_TOKEN_MFA') {
    login.code = sendCode(ctx, user, method === 'SMS_MFA' ? 'SMS' : 'EMAIL', method, 6).code;
  }
  logins.set(tx, login);
  sendHTML(res, 200, mfaForm(request, csrf, tx, login));
}

/** POST /mfa: the code; three wrong ones end the attempt, as on the API. */
export async function submitMfa(
  ctx: EmulatorContext,
  domain: DomainRecord,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const form = await readForm(req);
  const logins = oauthStateOf(ctx.store).logins;
  const tx = form.get('_tx') ?? '';
  const login = logins.get(tx);
  if (!login || login.domain !== domain.domain || login.expiresAt <= ctx.now()) {
    logins.delete(tx);
    return sendErrorPage(res, 'invalid_request', 'The sign-in expired; start it again.');
  }
  const checked = checkAuthorize(ctx, domain, new URLSearchParams(login.query));
  if (!checked.ok) return answerFailure(res, checked);
  const request = checked.request;
  if (!csrfOk(req, form))
    return sendErrorPage(res, 'invalid_request', 'The form expired; start the sign-in again.');
  const csrf = form.get('_csrf') ?? '';
  const user = ctx.store.getUser(login.poolId, login.username);
  if (!user) return sendErrorPage(res, 'invalid_request', 'The sign-in expired; start it again.');
  if (login.method === 'NEW_PASSWORD') {
    const proposed = form.get('new_password') ?? '';
    try {
      checkPasswordPolicy(request.pool, proposed);
    } catch (err) {
      if (err instanceof CognitoException)
        return sendHTML(res, 200, mfaForm(request, csrf, tx, login, err.message));
      throw err;
    }
    const verifier = await createVerifier(userPoolName(request.pool.id), user.username, proposed);
    user.password = verifier;
    user.status = 'CONFIRMED';
    delete user.temporaryPasswordExpiresAt;
    user.modifiedAt = ctx.now();
    return afterPasswordStep(ctx, res, request, csrf, user, login, tx);
  }
  const code = (form.get('code') ?? '').trim();
  const wrong = (message: string): void => {
    login.attempts += 1;
    if (login.attempts >= MAX_CODE_ATTEMPTS) {
      logins.delete(tx);
      sendHTML(res, 200, loginForm(request, csrf, 'Too many wrong codes; sign in again.'));
      return;
    }
    sendHTML(res, 200, mfaForm(request, csrf, tx, login, message));
  };
  if (login.method === 'SOFTWARE_TOKEN_MFA') {
    try {
      checkTotp(ctx, user, code, () => undefined);
    } catch (err) {
      if (err instanceof CognitoException) return wrong(err.message);
      throw err;
    }
  } else {
    const want = Buffer.from(login.code ?? '');
    const got = Buffer.from(code);
    if (want.length === 0 || want.length !== got.length || !timingSafeEqual(want, got))
      return wrong('Invalid code received for user');
  }
  logins.delete(tx);
  user.failedSignIns = 0;
  const authTime = Math.floor(ctx.now() / 1000);
  finishAuthorization(ctx, res, request, user, authTime, [openDomainSession(ctx, request, user, authTime)]);
}

/** Sends the browser on from /oauth2/authorize to the login page with the same parameters. */
export function toLoginPage(res: ServerResponse, request: AuthorizeRequest): void {
  redirect(res, `${request.base}/login?${request.query}`);
}
