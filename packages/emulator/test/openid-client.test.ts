// openid-client (v6, panva), an OAuth 2.0 / OpenID Connect client nobody here wrote, against the emulator's
// user-pool domain: discovery, PKCE sign-in through the managed-login page (the test plays the browser), ID tokens
// verified against the JWKS (non-repudiation checks), userInfo, refresh, revocation, and client_credentials.
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { Browser } from './oauth-browser.js';
import { oauthSeed, PASSWORD, SPA_CALLBACK } from './oauth-fixture.js';

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ seed: oauthSeed });
});

afterAll(async () => {
  await emu?.stop();
});

const checks = { execute: [client.allowInsecureRequests, client.enableNonRepudiationChecks] };

async function discover(name: string, auth?: 'basic'): Promise<client.Configuration> {
  const c = emu.pools.web?.clients[name] as { id: string; secret?: string };
  return client.discovery(
    new URL(emu.pools.web?.issuer as string),
    c.id,
    c.secret ? { client_secret: c.secret } : undefined,
    auth === 'basic'
      ? client.ClientSecretBasic(c.secret)
      : c.secret
        ? client.ClientSecretPost(c.secret)
        : client.None(),
    checks,
  );
}

/** The browser's part: GET the authorize URL, post the login form (and the MFA code), land on the callback. */
async function playBrowser(url: URL, username: string, mfa?: () => Promise<string>): Promise<URL> {
  const browser = new Browser(new URL(emu.endpoint).origin);
  const page = await browser.follow(url.toString());
  let step = await browser.submit(page.html as string, { username, password: PASSWORD });
  if (mfa) step = await browser.submit(step.html as string, { code: await mfa() });
  if (!step.left) throw new Error(`not sent back to the app: ${step.html?.slice(0, 200)}`);
  return step.left;
}

describe('openid-client against the emulator', () => {
  it('discovers the pool and signs in with PKCE; the ID token verifies; userInfo, refresh and revocation work', async () => {
    const config = await discover('spa');
    expect(config.serverMetadata().issuer).toBe(emu.pools.web?.issuer);
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: SPA_CALLBACK,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const callback = await playBrowser(url, 'alice');
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    expect(claims?.iss).toBe(emu.pools.web?.issuer);
    expect(claims?.aud).toBe(emu.pools.web?.clients.spa?.id);
    expect(claims?.['cognito:username']).toBe('alice');
    expect(tokens.scope).toBeUndefined();

    const info = await client.fetchUserInfo(config, tokens.access_token, claims?.sub as string);
    expect(info).toMatchObject({ email: 'alice@example.com', name: 'Alice Liddell' });

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token as string);
    expect(refreshed.claims()?.sub).toBe(claims?.sub);
    expect(refreshed.access_token).not.toBe(tokens.access_token);

    await client.tokenRevocation(config, tokens.refresh_token as string);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('a replayed code and a wrong verifier are refused with the OAuth errors', async () => {
    const config = await discover('spa');
    const verifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: SPA_CALLBACK,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const callback = await playBrowser(url, 'alice');
    await expect(
      client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: client.randomPKCECodeVerifier() }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    // The code was spent by the failed attempt: the right verifier no longer helps.
    await expect(
      client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier }),
    ).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('a confidential client with client_secret_basic, through TOTP MFA', async () => {
    const config = await discover('server', 'basic');
    const verifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: 'https://app.example/callback',
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const callback = await playBrowser(url, 'tom', () => emu.control.totpCode({ username: 'tom' }));
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier });
    expect(tokens.claims()?.['cognito:username']).toBe('tom');
  });

  it('client_credentials: an access token with the custom scopes asked for', async () => {
    const config = await discover('m2m', 'basic');
    const tokens = await client.clientCredentialsGrant(config, { scope: 'orders/read' });
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.id_token).toBeUndefined();
    const payload = JSON.parse(
      Buffer.from(tokens.access_token.split('.')[1] as string, 'base64url').toString(),
    ) as {
      scope: string;
      client_id: string;
    };
    expect(payload).toMatchObject({ scope: 'orders/read', client_id: emu.pools.web?.clients.m2m?.id });
    await expect(client.clientCredentialsGrant(config, { scope: 'orders/delete' })).rejects.toMatchObject({
      error: 'invalid_scope',
    });
  });
});
