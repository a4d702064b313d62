// The authorization-code flow on the user-pool domain, played as a browser: discovery, /oauth2/authorize, the
// managed-login page (password, TOTP, e-mail code), the session cookie, /oauth2/token with PKCE, and every refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { Browser, decodeJwt, pkcePair, tokenRequest } from './oauth-browser.js';
import { oauthSeed, PASSWORD, SPA_CALLBACK } from './oauth-fixture.js';
import { call } from './wire.js';

let emu: Emulator;
let base: string;
let spa: string;

beforeAll(async () => {
  emu = await startEmulator({ seed: oauthSeed });
  base = emu.pools.web?.oauthBaseURL as string;
  spa = emu.pools.web?.clients.spa?.id as string;
});

afterAll(async () => {
  await emu?.stop();
});

function authorizeURL(params: Record<string, string>): string {
  return `${base}/oauth2/authorize?${new URLSearchParams({
    response_type: 'code',
    client_id: spa,
    redirect_uri: SPA_CALLBACK,
    ...params,
  }).toString()}`;
}

/** Signs in through the login page and returns the app's callback URL. */
async function signIn(
  browser: Browser,
  url: string,
  username: string,
  code?: () => Promise<string>,
): Promise<URL> {
  const page = await browser.follow(url);
  expect(page.status).toBe(200);
  let step = await browser.submit(page.html as string, { username, password: PASSWORD });
  if (code) {
    expect(step.html).toContain('Verify your identity');
    step = await browser.submit(step.html as string, { code: await code() });
  }
  if (!step.left) throw new Error(`no redirect to the app: ${step.html?.slice(0, 300)}`);
  return step.left;
}

const origin = (): string => new URL(emu.endpoint).origin;

describe('discovery', () => {
  it('lives at the issuer, its issuer is the tokens iss, and its endpoints are on the domain', async () => {
    const issuer = emu.pools.web?.issuer as string;
    expect(issuer).toBe(`${emu.endpoint}/${emu.pools.web?.id}`);
    const doc = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(doc).toMatchObject({
      issuer,
      authorization_endpoint: `${base}/oauth2/authorize`,
      token_endpoint: `${base}/oauth2/token`,
      userinfo_endpoint: `${base}/oauth2/userInfo`,
      revocation_endpoint: `${base}/oauth2/revoke`,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    });
    expect(doc).not.toHaveProperty('end_session_endpoint');
    const jwks = (await (await fetch(doc.jwks_uri as string)).json()) as { keys: unknown[] };
    expect(jwks.keys).toHaveLength(1);
  });
});

describe('authorization code with PKCE', () => {
  it('signs in, exchanges the code once, and the tokens carry exactly the requested scopes', async () => {
    const browser = new Browser(origin());
    const { verifier, challenge } = pkcePair();
    const back = await signIn(
      browser,
      authorizeURL({
        scope: 'openid email',
        state: 's-1',
        nonce: 'n-1',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }),
      'alice',
    );
    expect(`${back.origin}${back.pathname}`).toBe(SPA_CALLBACK);
    expect(back.searchParams.get('state')).toBe('s-1');
    const code = back.searchParams.get('code') as string;
    const form = {
      grant_type: 'authorization_code',
      client_id: spa,
      code,
      redirect_uri: SPA_CALLBACK,
      code_verifier: verifier,
    };
    const first = await tokenRequest(`${base}/oauth2/token`, form);
    expect(first.status).toBe(200);
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    expect(first.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const id = decodeJwt(first.body.id_token as string);
    const access = decodeJwt(first.body.access_token as string);
    expect(id).toMatchObject({
      aud: spa,
      nonce: 'n-1',
      iss: emu.pools.web?.issuer,
      'cognito:username': 'alice',
    });
    expect(access.scope).toBe('openid email');
    expect(typeof first.body.refresh_token).toBe('string');
    // Without aws.cognito.signin.user.admin the access token does not open the user API.
    const getUser = await call(emu.endpoint, 'GetUser', { AccessToken: first.body.access_token });
    expect(getUser.body.__type).toBe('NotAuthorizedException');

    const replay = await tokenRequest(`${base}/oauth2/token`, form);
    expect(replay).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    const refreshed = await tokenRequest(`${base}/oauth2/token`, {
      grant_type: 'refresh_token',
      client_id: spa,
      refresh_token: first.body.refresh_token as string,
    });
    expect(refreshed.status).toBe(200);
    expect(decodeJwt(refreshed.body.access_token as string).scope).toBe('openid email');
    expect(refreshed.body.refresh_token).toBeUndefined();
  });

  it('the admin scope, when asked for, opens the user API; no scope means every scope of the client', async () => {
    const browser = new Browser(origin());
    const back = await signIn(browser, authorizeURL({}), 'alice');
    const tokens = await tokenRequest(`${base}/oauth2/token`, {
      grant_type: 'authorization_code',
      client_id: spa,
      code: back.searchParams.get('code') as string,
      redirect_uri: SPA_CALLBACK,
    });
    expect(
      String(decodeJwt(tokens.body.access_token as string).scope)
        .split(' ')
        .sort(),
    ).toEqual(['aws.cognito.signin.user.admin', 'email', 'openid', 'orders/read', 'phone', 'profile']);
    const getUser = await call(emu.endpoint, 'GetUser', { AccessToken: tokens.body.access_token });
    expect(getUser.status).toBe(200);
  });

  it('refuses a wrong verifier, a missing verifier, a wrong redirect URI, an expired code and another client', async () => {
    const exchange = async (
      over: Record<string, string>,
      opts: { advance?: number } = {},
    ): Promise<{ status: number; body: Record<string, unknown> }> => {
      const { verifier, challenge } = pkcePair();
      const back = await signIn(
        new Browser(origin()),
        authorizeURL({ code_challenge: challenge, code_challenge_method: 'S256', scope: 'openid' }),
        'alice',
      );
      if (opts.advance) await emu.control.advanceClock(opts.advance);
      const form: Record<string, string> = {
        grant_type: 'authorization_code',
        client_id: spa,
        code: back.searchParams.get('code') as string,
        redirect_uri: SPA_CALLBACK,
        code_verifier: verifier,
        ...over,
      };
      for (const [k, v] of Object.entries(form)) if (v === '') delete form[k];
      return tokenRequest(`${base}/oauth2/token`, form);
    };
    expect(await exchange({ code_verifier: pkcePair().verifier })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    expect(await exchange({ code_verifier: '' })).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' },
    });
    expect(await exchange({ redirect_uri: 'http://localhost:3000/other' })).toMatchObject({
      body: { error: 'invalid_grant' },
    });
    expect(await exchange({}, { advance: 5 * 60_000 + 1000 })).toMatchObject({
      body: { error: 'invalid_grant' },
    });
    const server = emu.pools.web?.clients.server as { id: string; secret: string };
    expect(await exchange({ client_id: server.id, client_secret: server.secret })).toMatchObject({
      body: { error: 'invalid_grant' },
    });
    expect(await exchange({ client_id: 'nosuchclient' })).toMatchObject({
      body: { error: 'invalid_client' },
    });
  });
});

describe('/oauth2/authorize refusals', () => {
  it('a redirect URI that is not a callback URL gets the domain error page, never the app', async () => {
    for (const redirect_uri of ['http://localhost:3000/evil', 'https://attacker.example/cb', '']) {
      const res = await new Browser(origin()).follow(authorizeURL({ redirect_uri, state: 'x' }));
      expect(res.left).toBeUndefined();
      expect(res.status).toBe(400);
      expect(res.html).toContain('redirect_mismatch');
    }
    for (const client_id of ['', 'nosuchclient', emu.pools.devices?.clients.app?.id as string]) {
      const res = await new Browser(origin()).follow(authorizeURL({ client_id }));
      expect(res.left).toBeUndefined();
      expect(res.status).toBe(400);
    }
  });

  it('other errors go back to the app with error, error_description and state', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ response_type: '' }, 'invalid_request'],
      [{ response_type: 'token' }, 'unauthorized_client'],
      [{ response_type: 'id_token' }, 'unsupported_response_type'],
      [{ scope: 'openid orders/write' }, 'invalid_scope'],
      [{ scope: 'email' }, 'invalid_scope'],
      [{ code_challenge: pkcePair().challenge, code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge: pkcePair().challenge }, 'invalid_request'],
      [{ identity_provider: 'Facebook' }, 'invalid_request'],
      [{ prompt: 'none' }, 'login_required'],
    ];
    for (const [params, error] of cases) {
      const res = await new Browser(origin()).follow(authorizeURL({ state: 'st', ...params }));
      expect(res.left?.searchParams.get('error'), JSON.stringify(params)).toBe(error);
      expect(res.left?.searchParams.get('state')).toBe('st');
    }
  });
});

describe('managed login', () => {
  it('a wrong password shows the form again; the session cookie signs the next authorize in without it', async () => {
    const browser = new Browser(origin());
    const page = await browser.follow(authorizeURL({ login_hint: 'alice' }));
    expect(page.html).toContain('value="alice"');
    const wrong = await browser.submit(page.html as string, { username: 'alice', password: 'nope' });
    expect(wrong.status).toBe(200);
    expect(wrong.html).toContain('Incorrect username or password.');
    const ok = await browser.submit(wrong.html as string, { username: 'alice', password: PASSWORD });
    expect(ok.left?.searchParams.get('code')).toBeTruthy();

    const again = await browser.follow(authorizeURL({ state: 'second' }));
    expect(again.left?.searchParams.get('code')).toBeTruthy();
    expect(again.left?.searchParams.get('state')).toBe('second');
    const forced = await browser.follow(authorizeURL({ prompt: 'login' }));
    expect(forced.html).toContain('name="password"');
    // prompt=none with a live session: a code without any page.
    const silent = await browser.follow(authorizeURL({ prompt: 'none' }));
    expect(silent.left?.searchParams.get('code')).toBeTruthy();
  });

  it('a form posted without its CSRF cookie is refused', async () => {
    const browser = new Browser(origin());
    const page = await browser.follow(authorizeURL({}));
    browser.jar.delete('XSRF-TOKEN');
    const res = await browser.submit(page.html as string, { username: 'alice', password: PASSWORD });
    expect(res.left).toBeUndefined();
    expect(res.status).toBe(400);
  });

  it('TOTP: the code from the authenticator, a wrong one retried', async () => {
    const browser = new Browser(origin());
    const page = await browser.follow(authorizeURL({}));
    const mfa = await browser.submit(page.html as string, { username: 'tom', password: PASSWORD });
    expect(mfa.html).toContain('data-method="SOFTWARE_TOKEN_MFA"');
    const wrong = await browser.submit(mfa.html as string, { code: '000000' });
    expect(wrong.html).toContain('Verify your identity');
    const code = await emu.control.totpCode({ username: 'tom' });
    const ok = await browser.submit(wrong.html as string, { code });
    expect(ok.left?.searchParams.get('code')).toBeTruthy();
  });

  it('e-mail code: delivered to the control inbox; three wrong codes end the attempt', async () => {
    const back = await signIn(new Browser(origin()), authorizeURL({}), 'erin', async () => {
      const code = await emu.control.lastCode({ username: 'erin' });
      return code as string;
    });
    expect(back.searchParams.get('code')).toBeTruthy();

    const browser = new Browser(origin());
    const page = await browser.follow(authorizeURL({}));
    let step = await browser.submit(page.html as string, { username: 'erin', password: PASSWORD });
    for (let i = 0; i < 3; i++) step = await browser.submit(step.html as string, { code: '00000000' });
    expect(step.html).toContain('Too many wrong codes');
    expect(step.html).toContain('name="password"');
  });

  it('/logout clears the session: a registered logout_uri, or back to the login page', async () => {
    const browser = new Browser(origin());
    await signIn(browser, authorizeURL({}), 'alice');
    const bad = await browser.follow(
      `${base}/logout?client_id=${spa}&logout_uri=${encodeURIComponent('https://evil.example/')}`,
    );
    expect(bad.left).toBeUndefined();
    expect(bad.status).toBe(400);
    const out = await browser.follow(
      `${base}/logout?client_id=${spa}&logout_uri=${encodeURIComponent('http://localhost:3000/signed-out')}`,
    );
    expect(out.left?.toString()).toBe('http://localhost:3000/signed-out');
    const page = await browser.follow(authorizeURL({}));
    expect(page.html).toContain('name="password"');
    await signIn(browser, authorizeURL({}), 'alice');
    const relogin = await browser.follow(
      `${base}/logout?${new URLSearchParams({ client_id: spa, redirect_uri: SPA_CALLBACK, response_type: 'code' })}`,
    );
    expect(relogin.html).toContain('name="password"');
  });

  it('a temporary password: the page asks for a new one (the policy applies), then the sign-in goes on', async () => {
    const browser = new Browser(origin());
    const page = await browser.follow(authorizeURL({ state: 'np' }));
    const change = await browser.submit(page.html as string, {
      username: 'newbie',
      password: 'Temp-0rary-Pass!',
    });
    expect(change.html).toContain('data-method="NEW_PASSWORD"');
    const weak = await browser.submit(change.html as string, { new_password: 'short' });
    expect(weak.html).toContain('Password did not conform with policy');
    const done = await browser.submit(weak.html as string, { new_password: PASSWORD });
    expect(done.left?.searchParams.get('state')).toBe('np');
    const api = await call(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: spa,
      AuthParameters: { USERNAME: 'newbie', PASSWORD },
    });
    expect(api.body.AuthenticationResult).toBeDefined();
  });

  it('implicit: tokens in the fragment, no refresh token', async () => {
    const implicit = emu.pools.web?.clients.implicit?.id as string;
    const back = await signIn(
      new Browser(origin()),
      authorizeURL({ client_id: implicit, response_type: 'token', state: 'i' }),
      'alice',
    );
    const fragment = new URLSearchParams(back.hash.slice(1));
    expect(fragment.get('state')).toBe('i');
    expect(decodeJwt(fragment.get('id_token') as string).aud).toBe(implicit);
    expect(fragment.get('refresh_token')).toBeNull();
  });
});
