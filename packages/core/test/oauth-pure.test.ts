// The pure OAuth functions against hostile input: endpoints, the authorize URL, the callback, requests, answers,
// ID-token checks.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InputError, OAuthError, oauthError, ProtocolError } from '../src/errors.js';
import {
  callbackState,
  checkIDToken,
  codeChallengeS256,
  createAuthorization,
  domainBase,
  endpointsFromDiscovery,
  endpointsFromDomain,
  errorFromOAuthAnswer,
  formEncode,
  logoutURL,
  parseForm,
  parsePendingAuthorization,
  readCallback,
  revocationRequest,
  tokenRequest,
  tokenSetFromTokenAnswer,
  withoutCallbackParameters,
} from '../src/oauth/index.js';
import { nobleHash } from '../src/srp/index.js';
import { fakeJWT, NOW, seededRandom } from './machine-helpers.js';

const POOL = 'us-east-1_AbCdEf123';
const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`;

async function authorization(extra: Record<string, unknown> = {}) {
  return createAuthorization({
    authorizeEndpoint: 'https://p.auth.us-east-1.amazoncognito.com/oauth2/authorize',
    clientId: 'client1',
    redirectUri: 'https://app.example/cb',
    scopes: ['openid', 'email'],
    random: seededRandom(),
    hash: nobleHash,
    now: NOW,
    ...extra,
  });
}

describe('endpoints', () => {
  it('builds the paths under a prefix domain, a custom domain and an emulator URL', () => {
    expect(endpointsFromDomain('p.auth.us-east-1.amazoncognito.com')).toEqual({
      authorize: 'https://p.auth.us-east-1.amazoncognito.com/oauth2/authorize',
      token: 'https://p.auth.us-east-1.amazoncognito.com/oauth2/token',
      revoke: 'https://p.auth.us-east-1.amazoncognito.com/oauth2/revoke',
      userInfo: 'https://p.auth.us-east-1.amazoncognito.com/oauth2/userInfo',
      logout: 'https://p.auth.us-east-1.amazoncognito.com/logout',
    });
    expect(endpointsFromDomain('auth.example.com').token).toBe('https://auth.example.com/oauth2/token');
    expect(endpointsFromDomain('http://127.0.0.1:9229/domain/p/').authorize).toBe(
      'http://127.0.0.1:9229/domain/p/oauth2/authorize',
    );
  });

  it('refuses a domain with a query, credentials, a fragment, spaces or another scheme', () => {
    for (const bad of [
      '',
      ' p.auth.amazoncognito.com',
      'https://evil@p.example',
      'https://p.example/?x=1',
      'https://p.example/#x',
      'javascript:alert(1)',
      'ftp://p.example',
      'p example',
    ])
      expect(() => domainBase(bad), bad).toThrow(InputError);
  });

  it('reads discovery, and refuses another issuer or a malformed endpoint', () => {
    const doc = {
      issuer: ISSUER,
      authorization_endpoint: 'https://p.auth.us-east-1.amazoncognito.com/oauth2/authorize',
      token_endpoint: 'https://p.auth.us-east-1.amazoncognito.com/oauth2/token',
      userinfo_endpoint: 'https://p.auth.us-east-1.amazoncognito.com/oauth2/userInfo',
      jwks_uri: `${ISSUER}/.well-known/jwks.json`,
    };
    const endpoints = endpointsFromDiscovery(doc, ISSUER);
    expect(endpoints.revoke).toBe('https://p.auth.us-east-1.amazoncognito.com/oauth2/revoke');
    expect(endpoints.logout).toBe('https://p.auth.us-east-1.amazoncognito.com/logout');
    expect(endpoints.issuer).toBe(ISSUER);
    expect(endpoints.jwks).toBe(doc.jwks_uri);
    expect(() => endpointsFromDiscovery(doc, 'https://evil.example/pool')).toThrow(ProtocolError);
    expect(() => endpointsFromDiscovery({ ...doc, token_endpoint: 'javascript:x' })).toThrow(ProtocolError);
    expect(() => endpointsFromDiscovery({ ...doc, token_endpoint: 42 })).toThrow(ProtocolError);
    for (const junk of [null, 'text', 7, []])
      expect(() => endpointsFromDiscovery(junk)).toThrow(ProtocolError);
  });
});

describe('PKCE and the authorize URL', () => {
  it('computes S256 as RFC 7636 appendix B', async () => {
    expect(await codeChallengeS256(nobleHash, 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('carries every parameter, a challenge of the kept verifier, and fresh state and nonce', async () => {
    const { url, pending } = await authorization({
      provider: 'Google',
      lang: 'de',
      loginHint: 'a b@example.com',
      prompt: 'login',
      customState: 'back-to=/cart',
    });
    const { fields } = parseForm(url.slice(url.indexOf('?')));
    expect(fields).toMatchObject({
      response_type: 'code',
      client_id: 'client1',
      redirect_uri: 'https://app.example/cb',
      scope: 'openid email',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge_method: 'S256',
      identity_provider: 'Google',
      lang: 'de',
      login_hint: 'a b@example.com',
      prompt: 'login',
    });
    const expected = createHash('sha256').update(pending.verifier).digest('base64url');
    expect(fields.code_challenge).toBe(expected);
    expect(pending.verifier).toMatch(/^[\w-]{43}$/);
    expect(pending.state).not.toBe(pending.nonce);
    // The verifier and the custom state never leave in the URL.
    expect(url).not.toContain(pending.verifier);
    expect(url).not.toContain('cart');
    expect(parsePendingAuthorization(JSON.parse(JSON.stringify(pending)))).toEqual(pending);
  });

  it('maps the provider shorthands and passes idp_identifier', async () => {
    const query = async (extra: Record<string, unknown>) => {
      const { url } = await authorization(extra);
      return parseForm(url.slice(url.indexOf('?'))).fields;
    };
    expect((await query({ provider: 'Amazon' })).identity_provider).toBe('LoginWithAmazon');
    expect((await query({ provider: 'Apple' })).identity_provider).toBe('SignInWithApple');
    expect((await query({ provider: 'MyOIDC' })).identity_provider).toBe('MyOIDC');
    expect((await query({ idpIdentifier: 'example.com' })).idp_identifier).toBe('example.com');
    await expect(authorization({ provider: 'Google', idpIdentifier: 'x' })).rejects.toThrow(InputError);
  });

  it('refuses a bad redirect URI or scope list', async () => {
    for (const redirectUri of ['', '/cb', 'https://app.example/cb#x', 'not a url'])
      await expect(authorization({ redirectUri }), redirectUri).rejects.toThrow(InputError);
    for (const scopes of [[], ['open id'], ['"'], 'openid'])
      await expect(authorization({ scopes }), String(scopes)).rejects.toThrow(InputError);
  });

  it('refuses malformed pending records', async () => {
    const { pending } = await authorization();
    for (const bad of [
      null,
      1,
      'x',
      { ...pending, v: 2 },
      { ...pending, verifier: '' },
      { ...pending, scopes: 'openid' },
    ])
      expect(parsePendingAuthorization(bad)).toBeUndefined();
  });
});

describe('the callback', () => {
  it('gives the code of a callback with the pending state', async () => {
    const { pending } = await authorization();
    expect(readCallback(`https://app.example/cb?code=abc&state=${pending.state}`, pending)).toEqual({
      code: 'abc',
    });
    expect(callbackState(`https://app.example/cb?code=abc&state=${pending.state}#x`)).toBe(pending.state);
  });

  it('refuses a tampered, missing, repeated or unexpected state as STATE_MISMATCH, error or not', async () => {
    const { pending } = await authorization();
    const tampered = `${pending.state.slice(0, -1)}${pending.state.endsWith('A') ? 'B' : 'A'}`;
    for (const url of [
      `https://app.example/cb?code=abc&state=${tampered}`,
      'https://app.example/cb?code=abc',
      `https://app.example/cb?code=abc&state=${pending.state}&state=${tampered}`,
      `https://app.example/cb?code=abc&state=${pending.state}x`,
      `https://app.example/cb?error=access_denied&state=${tampered}`,
    ]) {
      const error = (() => {
        try {
          readCallback(url, pending);
        } catch (e) {
          return e as OAuthError;
        }
      })();
      expect(error, url).toBeInstanceOf(OAuthError);
      expect(error?.code, url).toBe('STATE_MISMATCH');
      expect(error?.message).not.toContain(pending.state);
    }
    expect(() => readCallback(`https://app.example/cb?code=abc&state=${pending.state}`, undefined)).toThrow(
      expect.objectContaining({ code: 'STATE_MISMATCH' }),
    );
  });

  it('turns a matching error into its typed error', async () => {
    const { pending } = await authorization();
    const url = `https://app.example/cb?error=access_denied&error_description=User+cancelled%0Athe+login&state=${pending.state}`;
    expect(() => readCallback(url, pending)).toThrow(
      expect.objectContaining({
        code: 'ACCESS_DENIED',
        error: 'access_denied',
        message: 'access_denied: User cancelled the login',
      }),
    );
    const hostile = `https://app.example/cb?error=%3Cscript%3E+x&state=${pending.state}`;
    expect(() => readCallback(hostile, pending)).toThrow(
      expect.objectContaining({ code: 'OAUTH_ERROR', error: undefined }),
    );
    for (const url of [
      `https://app.example/cb?state=${pending.state}`,
      `https://app.example/cb?code=a&code=b&state=${pending.state}`,
    ])
      expect(() => readCallback(url, pending)).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
  });

  it('strips only the callback parameters from the address', () => {
    expect(withoutCallbackParameters('https://app.example/cb?code=a&state=b')).toBe('https://app.example/cb');
    expect(withoutCallbackParameters('https://app.example/cb?tab=2&code=a&state=b#top')).toBe(
      'https://app.example/cb?tab=2#top',
    );
    expect(
      withoutCallbackParameters('https://app.example/cb?error=x&error_description=y&state=s&keep=%ZZ'),
    ).toBe('https://app.example/cb?keep=%ZZ');
    expect(withoutCallbackParameters('https://app.example/')).toBe('https://app.example/');
  });

  it('parses forms without throwing on malformed escapes', () => {
    expect(parseForm('a=%ZZ&b=1+2&c').fields).toEqual({ b: '1 2', c: '' });
    expect(formEncode({ a: "x y!'()*", b: undefined, c: '' })).toBe('a=x%20y%21%27%28%29%2A');
  });
});

describe('token and revocation requests', () => {
  it('authenticates with client_secret_basic, client_secret_post, or names a public client', () => {
    const grant = {
      grant_type: 'authorization_code',
      code: 'c',
      redirect_uri: 'https://app.example/cb',
      code_verifier: 'v',
    } as const;
    const basic = tokenRequest({ clientId: 'id', clientSecret: 's:cret' }, grant);
    expect(basic.headers.authorization).toBe(`Basic ${Buffer.from('id:s%3Acret').toString('base64')}`);
    expect(parseForm(basic.body!).fields).toEqual({
      grant_type: 'authorization_code',
      code: 'c',
      redirect_uri: 'https://app.example/cb',
      code_verifier: 'v',
    });
    const post = tokenRequest(
      { clientId: 'id', clientSecret: 's', clientAuthentication: 'client_secret_post' },
      grant,
    );
    expect(post.headers.authorization).toBeUndefined();
    expect(parseForm(post.body!).fields).toMatchObject({ client_id: 'id', client_secret: 's' });
    const pub = revocationRequest({ clientId: 'id' }, 'rt');
    expect(parseForm(pub.body!).fields).toEqual({ token: 'rt', client_id: 'id' });
    expect(pub.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(logoutURL('https://d/logout', 'id', 'https://app.example/bye')).toBe(
      'https://d/logout?client_id=id&logout_uri=https%3A%2F%2Fapp.example%2Fbye',
    );
  });
});

describe('token answers', () => {
  const access = fakeJWT({ username: 'u', sub: 's', exp: NOW / 1000 + 3600 });
  const ok = (body: unknown, status = 200) => ({
    status,
    headers: {},
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

  it('reads a success answer into tokens marked via oauth', () => {
    const tokens = tokenSetFromTokenAnswer(
      ok({
        access_token: access,
        id_token: access,
        refresh_token: 'r',
        token_type: 'Bearer',
        expires_in: 3600,
      }),
      NOW,
    );
    expect(tokens).toEqual({
      accessToken: access,
      idToken: access,
      refreshToken: 'r',
      tokenType: 'Bearer',
      expiresAt: NOW + 3_600_000,
      via: 'oauth',
    });
    const refreshed = tokenSetFromTokenAnswer(
      ok({ access_token: access, token_type: 'bearer', expires_in: 60 }),
      NOW,
      tokens,
    );
    expect(refreshed.refreshToken).toBe('r');
  });

  it('types every OAuth error answer', () => {
    for (const [error, code] of [
      ['invalid_grant', 'INVALID_GRANT'],
      ['invalid_client', 'INVALID_CLIENT'],
      ['unauthorized_client', 'UNAUTHORIZED_CLIENT'],
      ['invalid_scope', 'INVALID_SCOPE'],
      ['unsupported_grant_type', 'UNSUPPORTED_GRANT_TYPE'],
      ['invalid_request', 'INVALID_REQUEST'],
      ['something_new', 'OAUTH_ERROR'],
    ]) {
      const thrown = (() => {
        try {
          tokenSetFromTokenAnswer(ok({ error, error_description: 'nope' }, 400), NOW);
        } catch (e) {
          return e as OAuthError;
        }
      })();
      expect(thrown).toBeInstanceOf(OAuthError);
      expect(thrown).toMatchObject({ code, status: 400, error });
    }
    expect(errorFromOAuthAnswer('token', ok('<html>bad gateway</html>', 502))).toMatchObject({
      code: 'SERVER_ERROR',
      status: 502,
    });
    expect(errorFromOAuthAnswer('token', ok('<html>', 404))).toBeInstanceOf(ProtocolError);
    expect(oauthError('invalid_grant', 'x'.repeat(500)).message.length).toBeLessThan(230);
  });

  it('refuses malformed success answers as ProtocolErrors that repeat no token', () => {
    for (const body of [
      'not json',
      '[]',
      'null',
      { access_token: access },
      { access_token: access, token_type: 'MAC' },
      { access_token: 'not-a-jwt', token_type: 'Bearer', expires_in: 5 },
      { access_token: access, token_type: 'Bearer', expires_in: -1 },
      { access_token: access, token_type: 'Bearer', expires_in: '3600' },
      { access_token: access, token_type: 'Bearer', refresh_token: 5 },
    ]) {
      const thrown = (() => {
        try {
          tokenSetFromTokenAnswer(ok(body), NOW);
        } catch (e) {
          return e as Error;
        }
      })();
      expect(thrown, JSON.stringify(body)).toBeInstanceOf(ProtocolError);
      expect(thrown?.message).not.toContain(access);
    }
  });
});

describe('ID token checks', () => {
  const claims = {
    iss: ISSUER,
    aud: 'client1',
    exp: NOW / 1000 + 3600,
    nonce: 'n1',
    token_use: 'id',
    sub: 's',
  };
  const expectations = { clientId: 'client1', issuer: ISSUER, nonce: 'n1', now: NOW };
  const claimOf = (token: string, extra = {}) => {
    try {
      checkIDToken(token, { ...expectations, ...extra });
    } catch (e) {
      expect(e).toBeInstanceOf(OAuthError);
      expect((e as OAuthError).code).toBe('ID_TOKEN_INVALID');
      return (e as OAuthError).claim;
    }
    return 'accepted';
  };

  it('accepts the expected token, with a trailing slash on the issuer or a list audience with azp', () => {
    expect(claimOf(fakeJWT(claims))).toBe('accepted');
    expect(claimOf(fakeJWT({ ...claims, iss: `${ISSUER}/` }))).toBe('accepted');
    expect(claimOf(fakeJWT({ ...claims, aud: ['client1', 'other'], azp: 'client1' }))).toBe('accepted');
    expect(claimOf(fakeJWT({ ...claims, nonce: undefined }), { nonce: undefined })).toBe('accepted');
  });

  it('refuses a wrong nonce, audience, issuer, expiry, token use or encoding', () => {
    expect(claimOf(fakeJWT({ ...claims, nonce: 'n2' }))).toBe('nonce');
    expect(claimOf(fakeJWT({ ...claims, nonce: undefined }))).toBe('nonce');
    expect(claimOf(fakeJWT({ ...claims, aud: 'other' }))).toBe('aud');
    expect(claimOf(fakeJWT({ ...claims, aud: ['client1', 'other'] }))).toBe('azp');
    expect(claimOf(fakeJWT({ ...claims, iss: 'https://evil.example/pool' }))).toBe('iss');
    expect(claimOf(fakeJWT({ ...claims, iss: undefined }))).toBe('iss');
    expect(claimOf(fakeJWT({ ...claims, exp: NOW / 1000 - 301 }))).toBe('exp');
    expect(claimOf(fakeJWT({ ...claims, exp: '9999999999' }))).toBe('exp');
    expect(claimOf(fakeJWT({ ...claims, token_use: 'access' }))).toBe('token_use');
    expect(claimOf('a.b')).toBe('encoding');
  });
});
