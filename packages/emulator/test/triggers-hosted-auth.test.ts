// Pre token generation at the user-pool domain's /oauth2/token: TokenGeneration_HostedAuth for a code from managed
// login, TokenGeneration_RefreshTokens for the refresh_token grant, a refusal as an OAuth error with its message.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, type PreTokenGenerationV1Event, startEmulator } from '../src/index.js';
import { Browser, decodeJwt, tokenRequest } from './oauth-browser.js';
import { oauthSeed, PASSWORD, SPA_CALLBACK } from './oauth-fixture.js';

let emu: Emulator;
let base: string;
let spa: string;
const events: PreTokenGenerationV1Event[] = [];
let refuse = false;

beforeAll(async () => {
  emu = await startEmulator({
    seed: oauthSeed,
    triggers: {
      pools: {
        web: {
          preTokenGeneration: (event) => {
            const e = event as PreTokenGenerationV1Event;
            events.push(structuredClone(e));
            if (refuse) throw new Error('No tokens today');
            e.response.claimsOverrideDetails = {
              claimsToAddOrOverride: { via: e.triggerSource },
              groupOverrideDetails: { groupsToOverride: ['hosted'] },
            };
          },
        },
      },
    },
  });
  base = emu.pools.web?.oauthBaseURL as string;
  spa = emu.pools.web?.clients.spa?.id as string;
});

afterAll(async () => {
  await emu?.stop();
});

beforeEach(() => {
  events.length = 0;
  refuse = false;
});

async function code(): Promise<string> {
  const browser = new Browser(new URL(emu.endpoint).origin);
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: spa,
    redirect_uri: SPA_CALLBACK,
    scope: 'openid email',
  });
  const page = await browser.follow(`${base}/oauth2/authorize?${q}`);
  const done = await browser.submit(page.html as string, { username: 'alice', password: PASSWORD });
  return done.left?.searchParams.get('code') as string;
}

const token = (form: Record<string, string>) => tokenRequest(`${base}/oauth2/token`, form);

describe('pre token generation at /oauth2/token', () => {
  it('a code grant is TokenGeneration_HostedAuth; the refresh grant TokenGeneration_RefreshTokens; both carry the answer', async () => {
    const first = await token({
      grant_type: 'authorization_code',
      code: await code(),
      redirect_uri: SPA_CALLBACK,
      client_id: spa,
    });
    expect(first.status).toBe(200);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      version: '1',
      userPoolId: emu.pools.web?.id,
      userName: 'alice',
      callerContext: { clientId: spa },
      triggerSource: 'TokenGeneration_HostedAuth',
    });
    const id = decodeJwt(first.body.id_token as string);
    expect(id.via).toBe('TokenGeneration_HostedAuth');
    expect(id['cognito:groups']).toEqual(['hosted']);
    expect(decodeJwt(first.body.access_token as string)['cognito:groups']).toEqual(['hosted']);
    const jwks = (await (
      await fetch(`${emu.endpoint}/${emu.pools.web?.id}/.well-known/jwks.json`)
    ).json()) as {
      keys: { kid: string }[];
    };
    const header = JSON.parse(
      Buffer.from((first.body.id_token as string).split('.')[0] as string, 'base64url').toString(),
    );
    expect(jwks.keys.map((k) => k.kid)).toContain(header.kid);

    const refreshed = await token({
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token as string,
      client_id: spa,
    });
    expect(refreshed.status).toBe(200);
    expect(events.map((e) => e.triggerSource)).toEqual([
      'TokenGeneration_HostedAuth',
      'TokenGeneration_RefreshTokens',
    ]);
    expect(decodeJwt(refreshed.body.id_token as string).via).toBe('TokenGeneration_RefreshTokens');
  });

  it("a trigger that throws is an OAuth error carrying the service's message", async () => {
    const grant = await code();
    refuse = true;
    const r = await token({
      grant_type: 'authorization_code',
      code: grant,
      redirect_uri: SPA_CALLBACK,
      client_id: spa,
    });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      error: 'invalid_request',
      error_description: 'PreTokenGeneration failed with error No tokens today.',
    });
  });
});
