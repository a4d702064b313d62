// Tokens in the service's format: `iss` as the service writes it (per pool or per emulator), so aws-jwt-verify's
// CognitoJwtVerifier accepts them unchanged with the emulator's JWKS, and every claim with the service's type.
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { type Challenge, ok } from './wire.js';

const PASSWORD = 'Correct-Horse-9!';

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({
    seed: {
      pools: ['service', 'local'].map((name) => ({
        name,
        ...(name === 'service' ? { tokenIssuer: 'service' as const } : {}),
        deviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
        clients: [{ name: 'web' }],
        users: [
          {
            username: 'vera',
            password: PASSWORD,
            attributes: { email: 'vera@example.com', email_verified: 'true', phone_number: '+15555550100' },
          },
        ],
      })),
    },
  });
});

afterAll(async () => {
  await emu?.stop();
});

function pool(name: string): { id: string; clientId: string } {
  const p = emu.pools[name] as { id: string; clients: Record<string, { id: string }> };
  return { id: p.id, clientId: p.clients.web?.id as string };
}

async function signIn(
  name: string,
): Promise<{ IdToken: string; AccessToken: string; NewDeviceMetadata?: { DeviceKey: string } }> {
  const { clientId } = pool(name);
  const r = (await ok(emu.endpoint, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: clientId,
    AuthParameters: { USERNAME: 'vera', PASSWORD },
  })) as Challenge;
  return r.AuthenticationResult as {
    IdToken: string;
    AccessToken: string;
    NewDeviceMetadata?: { DeviceKey: string };
  };
}

async function jwksOf(poolId: string): Promise<{ keys: unknown[] }> {
  const res = await fetch(`${emu.endpoint}/${poolId}/.well-known/jwks.json`);
  return (await res.json()) as { keys: unknown[] };
}

function verifiers(poolId: string, clientId: string, jwks: { keys: unknown[] }) {
  const id = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'id', clientId });
  const access = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'access', clientId });
  // biome-ignore lint/suspicious/noExplicitAny: the JWKS as fetched; aws-jwt-verify checks its shape itself
  id.cacheJwks(jwks as any);
  // biome-ignore lint/suspicious/noExplicitAny: as above
  access.cacheJwks(jwks as any);
  return { id, access };
}

describe('the service issuer', () => {
  it('CognitoJwtVerifier verifies ID and access tokens of a service-issuer pool with the JWKS fetched from the emulator', async () => {
    const { id: poolId, clientId } = pool('service');
    const tokens = await signIn('service');
    const v = verifiers(poolId, clientId, await jwksOf(poolId));
    const id = await v.id.verify(tokens.IdToken);
    const access = await v.access.verify(tokens.AccessToken);
    const iss = `https://cognito-idp.us-east-1.amazonaws.com/${poolId}`;
    expect(id.iss).toBe(iss);
    expect(access.iss).toBe(iss);
    // Access tokens are not ID tokens and the other way round.
    await expect(v.id.verify(tokens.AccessToken)).rejects.toThrow();
    await expect(v.access.verify(tokens.IdToken)).rejects.toThrow();
    // The discovery document agrees with the tokens, and its jwks_uri is the emulator's.
    const discovery = (await (
      await fetch(`${emu.endpoint}/${poolId}/.well-known/openid-configuration`)
    ).json()) as { issuer: string; jwks_uri: string };
    expect(discovery.issuer).toBe(iss);
    expect(discovery.jwks_uri).toBe(`${emu.endpoint}/${poolId}/.well-known/jwks.json`);
    expect(emu.pools.service?.issuer).toBe(iss);
    // The emulator still accepts its own tokens in this mode (GetUser reads the pool from `iss`).
    const user = await ok(emu.endpoint, 'GetUser', { AccessToken: tokens.AccessToken });
    expect(user.Username).toBe('vera');
  });

  it('a pool in the emulator-issuer mode (the default) is refused by CognitoJwtVerifier, accepted by its discovery issuer', async () => {
    const { id: poolId, clientId } = pool('local');
    const tokens = await signIn('local');
    const v = verifiers(poolId, clientId, await jwksOf(poolId));
    await expect(v.id.verify(tokens.IdToken)).rejects.toThrow(/issuer/i);
    const discovery = (await (
      await fetch(`${emu.endpoint}/${poolId}/.well-known/openid-configuration`)
    ).json()) as { issuer: string };
    expect(discovery.issuer).toBe(`${emu.endpoint}/${poolId}`);
    const claims = JSON.parse(Buffer.from(tokens.IdToken.split('.')[1] ?? '', 'base64url').toString());
    expect(claims.iss).toBe(discovery.issuer);
  });

  it("carries the service's claims with the service's types", async () => {
    const { id: poolId, clientId } = pool('service');
    const tokens = await signIn('service');
    const v = verifiers(poolId, clientId, await jwksOf(poolId));
    const id = (await v.id.verify(tokens.IdToken)) as Record<string, unknown>;
    const access = (await v.access.verify(tokens.AccessToken)) as Record<string, unknown>;
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const t of [id, access]) {
      expect(t.sub).toMatch(uuid);
      expect(t.origin_jti).toMatch(uuid);
      expect(t.event_id).toMatch(uuid);
      expect(t.jti).toMatch(uuid);
      for (const n of ['auth_time', 'iat', 'exp']) expect(Number.isInteger(t[n])).toBe(true);
    }
    expect(id.origin_jti).toBe(access.origin_jti);
    expect(id.event_id).toBe(access.event_id);
    expect(id.jti).not.toBe(access.jti);
    expect(access).toMatchObject({
      token_use: 'access',
      client_id: clientId,
      username: 'vera',
      scope: 'aws.cognito.signin.user.admin',
      version: 2,
    });
    // The pool tracks devices: the access token names the device this sign-in made (NewDeviceMetadata).
    expect(tokens.NewDeviceMetadata?.DeviceKey).toMatch(/^us-east-1_/);
    expect(access.device_key).toBe(tokens.NewDeviceMetadata?.DeviceKey);
    expect(id.device_key).toBeUndefined();
    expect(access.aud).toBeUndefined();
    expect(id).toMatchObject({
      token_use: 'id',
      aud: clientId,
      'cognito:username': 'vera',
      email: 'vera@example.com',
      email_verified: true,
      phone_number: '+15555550100',
    });
    expect(id.username).toBeUndefined();
    expect(id.version).toBeUndefined();
    // Not a federated user: no identities claim; in no group: no group claims.
    expect(id.identities).toBeUndefined();
    expect(id['cognito:groups']).toBeUndefined();
  });
});
