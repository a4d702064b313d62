// The rest of the user-pool domain: client authentication at /oauth2/token, client_credentials, the refresh rule
// for API sign-ins, /oauth2/userInfo, /oauth2/revoke, federation through the stand-in provider, and the control-plane
// operations behind them (domains, identity providers).
import {
  type CognitoIdentityProviderClient,
  CreateIdentityProviderCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DeleteIdentityProviderCommand,
  DeleteUserPoolDomainCommand,
  DescribeIdentityProviderCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  ListIdentityProvidersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { sdkClient } from './helpers.js';
import { Browser, decodeJwt, tokenRequest } from './oauth-browser.js';
import { oauthSeed, PASSWORD, SPA_CALLBACK } from './oauth-fixture.js';
import { call } from './wire.js';

let emu: Emulator;
let sdk: CognitoIdentityProviderClient;
let base: string;
let spa: string;

beforeAll(async () => {
  emu = await startEmulator({ seed: oauthSeed });
  sdk = sdkClient(emu.endpoint);
  base = emu.pools.web?.oauthBaseURL as string;
  spa = emu.pools.web?.clients.spa?.id as string;
});

afterAll(async () => {
  sdk?.destroy();
  await emu?.stop();
});

const origin = (): string => new URL(emu.endpoint).origin;
const token = (form: Record<string, string>, basic?: { id: string; secret: string }) =>
  tokenRequest(`${base}/oauth2/token`, form, basic);

async function codeFor(
  clientId: string,
  redirectUri: string,
  username: string,
  scope?: string,
): Promise<string> {
  const browser = new Browser(origin());
  const q = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri });
  if (scope) q.set('scope', scope);
  const page = await browser.follow(`${base}/oauth2/authorize?${q}`);
  const done = await browser.submit(page.html as string, { username, password: PASSWORD });
  return done.left?.searchParams.get('code') as string;
}

describe('/oauth2/token client authentication and grants', () => {
  it('a confidential client: client_secret_basic and client_secret_post; a wrong or missing secret is invalid_client', async () => {
    const server = emu.pools.web?.clients.server as { id: string; secret: string };
    const redirect_uri = 'https://app.example/callback';
    const basic = await token(
      {
        grant_type: 'authorization_code',
        code: await codeFor(server.id, redirect_uri, 'alice'),
        redirect_uri,
      },
      server,
    );
    expect(basic.status).toBe(200);
    const post = await token({
      grant_type: 'authorization_code',
      code: await codeFor(server.id, redirect_uri, 'alice'),
      redirect_uri,
      client_id: server.id,
      client_secret: server.secret,
    });
    expect(post.status).toBe(200);
    const code = await codeFor(server.id, redirect_uri, 'alice');
    expect(
      await token(
        { grant_type: 'authorization_code', code, redirect_uri },
        { id: server.id, secret: 'wrong' },
      ),
    ).toMatchObject({
      status: 400,
      body: { error: 'invalid_client' },
    });
    expect(
      await token({ grant_type: 'authorization_code', code, redirect_uri, client_id: server.id }),
    ).toMatchObject({
      body: { error: 'invalid_client' },
    });
    const m2m = emu.pools.web?.clients.m2m as { id: string; secret: string };
    expect(await token({ grant_type: 'client_credentials', client_id: server.id }, m2m)).toMatchObject({
      body: { error: 'invalid_client' },
    });
    // The refresh token of a confidential client needs the secret too.
    const refresh = basic.body.refresh_token as string;
    expect(
      await token({ grant_type: 'refresh_token', refresh_token: refresh, client_id: server.id }),
    ).toMatchObject({
      body: { error: 'invalid_client' },
    });
    expect((await token({ grant_type: 'refresh_token', refresh_token: refresh }, server)).status).toBe(200);
  });

  it('refuses a missing or unknown grant type, a body that is not a form, and flows the client may not use', async () => {
    expect(await token({ client_id: spa })).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' },
    });
    expect(await token({ grant_type: 'password', client_id: spa })).toMatchObject({
      body: { error: 'unsupported_grant_type' },
    });
    const json = await fetch(`${base}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: string }).error).toBe('invalid_request');
    expect(await token({ grant_type: 'client_credentials', client_id: spa })).toMatchObject({
      body: { error: 'unauthorized_client' },
    });
    const apiOnly = emu.pools.web?.clients['api-only']?.id as string;
    expect(
      await token({ grant_type: 'refresh_token', client_id: apiOnly, refresh_token: 'x' }),
    ).toMatchObject({
      body: { error: 'unauthorized_client' },
    });
  });

  it('client_credentials: an access token for the client, with its custom scopes only', async () => {
    const m2m = emu.pools.web?.clients.m2m as { id: string; secret: string };
    const all = await token({ grant_type: 'client_credentials' }, m2m);
    expect(all.status).toBe(200);
    expect(all.body.id_token).toBeUndefined();
    expect(all.body.refresh_token).toBeUndefined();
    const claims = decodeJwt(all.body.access_token as string);
    expect(claims).toMatchObject({
      sub: m2m.id,
      client_id: m2m.id,
      token_use: 'access',
      scope: 'orders/read orders/write',
    });
    const one = await token({
      grant_type: 'client_credentials',
      scope: 'orders/read',
      client_id: m2m.id,
      client_secret: m2m.secret,
    });
    expect(decodeJwt(one.body.access_token as string).scope).toBe('orders/read');
    expect(await token({ grant_type: 'client_credentials', scope: 'openid' }, m2m)).toMatchObject({
      body: { error: 'invalid_scope' },
    });
    expect(await token({ grant_type: 'client_credentials' }, { id: m2m.id, secret: 'nope' })).toMatchObject({
      body: { error: 'invalid_client' },
    });
  });

  it('an API sign-in refreshes at the token endpoint, unless the pool remembers devices', async () => {
    const signIn = async (pool: 'web' | 'devices', clientName: string, username: string): Promise<string> => {
      const r = await call(emu.endpoint, 'InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: emu.pools[pool]?.clients[clientName]?.id,
        AuthParameters: { USERNAME: username, PASSWORD },
      });
      return (r.body.AuthenticationResult as { RefreshToken: string }).RefreshToken;
    };
    const plain = await token({
      grant_type: 'refresh_token',
      client_id: spa,
      refresh_token: await signIn('web', 'spa', 'alice'),
    });
    expect(plain.status).toBe(200);
    const devices = emu.pools.devices?.clients.app?.id as string;
    // Another pool's client at this domain is invalid_client; at its own domain the rule applies.
    const foreign = await token({ grant_type: 'refresh_token', client_id: devices, refresh_token: 'x' });
    expect(foreign.body.error).toBe('invalid_client');
    const withDevices = await tokenRequest(`${emu.pools.devices?.oauthBaseURL}/oauth2/token`, {
      grant_type: 'refresh_token',
      client_id: devices,
      refresh_token: await signIn('devices', 'app', 'dave'),
    });
    expect(withDevices).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(withDevices.body.error_description).toContain('remembered devices');
  });
});

describe('/oauth2/userInfo and /oauth2/revoke', () => {
  it('userInfo answers the claims the scopes allow, and 401 for a bad token', async () => {
    const exchange = async (scope: string): Promise<string> => {
      const r = await token({
        grant_type: 'authorization_code',
        client_id: spa,
        redirect_uri: SPA_CALLBACK,
        code: await codeFor(spa, SPA_CALLBACK, 'alice', scope),
      });
      return r.body.access_token as string;
    };
    const info = async (
      access: string,
    ): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> => {
      const res = await fetch(`${base}/oauth2/userInfo`, { headers: { authorization: `Bearer ${access}` } });
      return {
        status: res.status,
        body: (await res.json()) as Record<string, unknown>,
        headers: res.headers,
      };
    };
    const openid = await info(await exchange('openid'));
    expect(openid.status).toBe(200);
    expect(openid.body.email).toBeUndefined();
    expect(openid.body.username).toBe('alice');
    const email = await info(await exchange('openid email'));
    expect(email.body).toMatchObject({ email: 'alice@example.com', email_verified: 'true' });
    expect(email.body.phone_number).toBeUndefined();
    const profile = await info(await exchange('openid profile phone'));
    expect(profile.body).toMatchObject({ name: 'Alice Liddell', phone_number: '+15555550100' });
    expect(profile.body.email).toBeUndefined();
    const bad = await info('eyJhbGciOiJSUzI1NiJ9.e30.c2ln');
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('revoke ends the refresh token and its access tokens; JWTs, revocation off and a bad secret are refused', async () => {
    const r = await token({
      grant_type: 'authorization_code',
      client_id: spa,
      redirect_uri: SPA_CALLBACK,
      code: await codeFor(spa, SPA_CALLBACK, 'alice'),
    });
    const revoke = (form: Record<string, string>, basic?: { id: string; secret: string }) =>
      tokenRequest(`${base}/oauth2/revoke`, form, basic);
    expect(await revoke({ client_id: spa, token: r.body.access_token as string })).toMatchObject({
      status: 400,
      body: { error: 'unsupported_token_type' },
    });
    expect((await revoke({ client_id: spa, token: r.body.refresh_token as string })).status).toBe(200);
    expect(
      await token({
        grant_type: 'refresh_token',
        client_id: spa,
        refresh_token: r.body.refresh_token as string,
      }),
    ).toMatchObject({
      body: { error: 'invalid_grant' },
    });
    expect((await call(emu.endpoint, 'GetUser', { AccessToken: r.body.access_token })).body.__type).toBe(
      'NotAuthorizedException',
    );
    expect((await revoke({ client_id: spa, token: 'unknown-token' })).status).toBe(200);
    const implicit = emu.pools.web?.clients.implicit?.id as string;
    expect(await revoke({ client_id: implicit, token: 'x' })).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' },
    });
    const server = emu.pools.web?.clients.server as { id: string; secret: string };
    expect(await revoke({ token: 'x' }, { id: server.id, secret: 'wrong' })).toMatchObject({
      status: 401,
      body: { error: 'invalid_client' },
    });
  });
});

describe('federation through the stand-in provider', () => {
  it('"Sign in with Google": the user is created on the first sign-in and the same user on the next', async () => {
    const signInWithGoogle = async (by: Record<string, string>): Promise<Record<string, unknown>> => {
      const browser = new Browser(origin());
      const q = new URLSearchParams({
        response_type: 'code',
        client_id: spa,
        redirect_uri: SPA_CALLBACK,
        scope: 'openid email',
        ...by,
      });
      const page = await browser.follow(`${base}/oauth2/authorize?${q}`);
      expect(page.html).toContain('Stand-in identity provider');
      const back = await browser.submit(page.html as string, {
        sub: '1045',
        email: 'gina@gmail.com',
      });
      const r = await token({
        grant_type: 'authorization_code',
        client_id: spa,
        redirect_uri: SPA_CALLBACK,
        code: back.left?.searchParams.get('code') as string,
      });
      return decodeJwt(r.body.id_token as string);
    };
    const first = await signInWithGoogle({ identity_provider: 'Google' });
    expect(first['cognito:username']).toBe('Google_1045');
    expect(first.email).toBe('gina@gmail.com');
    expect(first.identities).toEqual([
      expect.objectContaining({
        userId: '1045',
        providerName: 'Google',
        providerType: 'Google',
        primary: 'true',
      }),
    ]);
    const second = await signInWithGoogle({ idp_identifier: 'gmail.com' });
    expect(second.sub).toBe(first.sub);
    const user = await call(emu.endpoint, 'AdminGetUser', {
      UserPoolId: emu.pools.web?.id,
      Username: 'Google_1045',
    });
    expect(user.body.UserStatus).toBe('EXTERNAL_PROVIDER');
  });

  it('the login page offers the provider; a cancel at the provider is access_denied for the app', async () => {
    const browser = new Browser(origin());
    const q = new URLSearchParams({
      response_type: 'code',
      client_id: spa,
      redirect_uri: SPA_CALLBACK,
      state: 'c',
    });
    const page = await browser.follow(`${base}/oauth2/authorize?${q}`);
    const link = /id="idp-Google" href="([^"]+)"/.exec(page.html as string)?.[1]?.replace(/&amp;/g, '&');
    const provider = await browser.follow(link as string);
    // A person cancels without typing a subject: the Cancel button skips the form's `required` check.
    expect(provider.html).toMatch(/<button[^>]*id="deny"[^>]*formnovalidate/);
    const back = await browser.submit(provider.html as string, {
      sub: '',
      deny: '1',
    });
    expect(back.left?.searchParams.get('error')).toBe('access_denied');
    expect(back.left?.searchParams.get('state')).toBe('c');
    // The stand-in sends the browser back to this emulator's domains only: no open redirect.
    const open = await fetch(
      `${emu.standInProviderIssuer}/authorize?client_id=x&response_type=code&redirect_uri=${encodeURIComponent('https://evil.example/cb')}`,
      { redirect: 'manual' },
    );
    expect(open.status).toBe(400);
  });
});

describe('domains and identity providers through the AWS SDK', () => {
  it('CreateUserPoolDomain / DescribeUserPoolDomain / DeleteUserPoolDomain, and the domain serves at once', async () => {
    const pool = await sdk.send(new CreateUserPoolCommand({ PoolName: 'with-domain' }));
    const UserPoolId = pool.UserPool?.Id as string;
    await sdk.send(new CreateUserPoolDomainCommand({ UserPoolId, Domain: 'my-app-login' }));
    const described = await sdk.send(new DescribeUserPoolDomainCommand({ Domain: 'my-app-login' }));
    expect(described.DomainDescription).toMatchObject({
      UserPoolId,
      Domain: 'my-app-login',
      Status: 'ACTIVE',
    });
    expect((await sdk.send(new DescribeUserPoolCommand({ UserPoolId }))).UserPool?.Domain).toBe(
      'my-app-login',
    );
    const doc = (await (
      await fetch(`${emu.issuer(UserPoolId)}/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    expect(doc.token_endpoint).toBe(`${emu.oauthBaseURL('my-app-login')}/oauth2/token`);
    const refuse = async (cmd: CreateUserPoolDomainCommand): Promise<string | undefined> =>
      sdk.send(cmd).then(
        () => undefined,
        (e: { name: string }) => e.name,
      );
    expect(await refuse(new CreateUserPoolDomainCommand({ UserPoolId, Domain: 'my-app-login' }))).toBe(
      'InvalidParameterException',
    );
    expect(await refuse(new CreateUserPoolDomainCommand({ UserPoolId, Domain: 'second-one' }))).toBe(
      'InvalidParameterException',
    );
    expect(await refuse(new CreateUserPoolDomainCommand({ UserPoolId, Domain: 'Bad_Domain' }))).toBe(
      'InvalidParameterException',
    );
    expect(await refuse(new CreateUserPoolDomainCommand({ UserPoolId, Domain: 'my-cognito' }))).toBe(
      'InvalidParameterException',
    );
    await sdk.send(new DeleteUserPoolDomainCommand({ UserPoolId, Domain: 'my-app-login' }));
    expect(
      (await sdk.send(new DescribeUserPoolDomainCommand({ Domain: 'my-app-login' }))).DomainDescription,
    ).toEqual({});
    expect((await fetch(`${emu.oauthBaseURL('my-app-login')}/oauth2/token`, { method: 'POST' })).status).toBe(
      404,
    );
  });

  it('CreateIdentityProvider / Describe / List / Delete', async () => {
    const pool = await sdk.send(new CreateUserPoolCommand({ PoolName: 'with-idp' }));
    const UserPoolId = pool.UserPool?.Id as string;
    await sdk.send(
      new CreateIdentityProviderCommand({
        UserPoolId,
        ProviderName: 'Google',
        ProviderType: 'Google',
        ProviderDetails: { client_id: 'g', client_secret: 's', authorize_scopes: 'openid email' },
        AttributeMapping: { email: 'email' },
      }),
    );
    await sdk.send(
      new CreateIdentityProviderCommand({
        UserPoolId,
        ProviderName: 'Corp',
        ProviderType: 'OIDC',
        ProviderDetails: {
          client_id: 'c',
          attributes_request_method: 'GET',
          oidc_issuer: 'https://corp.example',
          authorize_scopes: 'openid',
        },
      }),
    );
    const dup = await sdk
      .send(
        new CreateIdentityProviderCommand({
          UserPoolId,
          ProviderName: 'Corp',
          ProviderType: 'OIDC',
          ProviderDetails: {},
        }),
      )
      .then(
        () => undefined,
        (e: { name: string }) => e.name,
      );
    expect(dup).toBe('DuplicateProviderException');
    const misnamed = await sdk
      .send(
        new CreateIdentityProviderCommand({
          UserPoolId,
          ProviderName: 'MyGoogle',
          ProviderType: 'Google',
          ProviderDetails: { client_id: 'g', client_secret: 's', authorize_scopes: 'openid' },
        }),
      )
      .then(
        () => undefined,
        (e: { name: string }) => e.name,
      );
    expect(misnamed).toBe('InvalidParameterException');
    const described = await sdk.send(
      new DescribeIdentityProviderCommand({ UserPoolId, ProviderName: 'Google' }),
    );
    expect(described.IdentityProvider).toMatchObject({
      ProviderType: 'Google',
      AttributeMapping: { email: 'email' },
    });
    const list = await sdk.send(new ListIdentityProvidersCommand({ UserPoolId }));
    expect(list.Providers?.map((p) => p.ProviderName).sort()).toEqual(['Corp', 'Google']);
    await sdk.send(new DeleteIdentityProviderCommand({ UserPoolId, ProviderName: 'Corp' }));
    const gone = await sdk
      .send(new DescribeIdentityProviderCommand({ UserPoolId, ProviderName: 'Corp' }))
      .then(
        () => undefined,
        (e: { name: string }) => e.name,
      );
    expect(gone).toBe('ResourceNotFoundException');
  });
});
