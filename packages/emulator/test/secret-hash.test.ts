// SECRET_HASH over exactly the name the service expects per request (AWS API reference, InitiateAuth and
// RespondToAuthChallenge), USERNAME required in every challenge answer and bound to the session's user.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { type Challenge, call, ok, srpSignIn } from './wire.js';

const PASSWORD = 'Correct-Horse-9!';

let emu: Emulator;
let alias: { poolId: string; clientId: string; secret: string };
let byEmail: { poolId: string; clientId: string; secret: string };

beforeAll(async () => {
  emu = await startEmulator({
    seed: {
      pools: [
        {
          name: 'alias',
          aliasAttributes: ['email'],
          mfaConfiguration: 'OPTIONAL',
          enabledMfas: ['SMS_MFA'],
          clients: [{ name: 'confidential', generateSecret: true }],
          users: [
            {
              username: 'alice',
              password: PASSWORD,
              attributes: { email: 'alice@example.com', email_verified: 'true' },
            },
            {
              username: 'carol',
              password: PASSWORD,
              attributes: {
                email: 'carol@example.com',
                email_verified: 'true',
                phone_number: '+15555550123',
              },
              mfaPreference: { sms: true, preferred: 'SMS_MFA' },
            },
          ],
        },
        {
          name: 'email',
          usernameAttributes: ['email'],
          clients: [{ name: 'confidential', generateSecret: true }],
          users: [{ username: 'bob@example.com', password: PASSWORD }],
        },
      ],
    },
  });
  const pick = (name: string) => {
    const pool = emu.pools[name] as { id: string; clients: Record<string, { id: string; secret?: string }> };
    const client = pool.clients.confidential as { id: string; secret: string };
    return { poolId: pool.id, clientId: client.id, secret: client.secret };
  };
  alias = pick('alias');
  byEmail = pick('email');
});

afterAll(async () => {
  await emu?.stop();
});

// Independent of the emulator's own helper: the developer guide's recipe.
const hmac = (c: { clientId: string; secret: string }, name: string): string =>
  createHmac('sha256', c.secret).update(`${name}${c.clientId}`).digest('base64');

const claims = (jwt: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString('utf8'));

function tokensOf(r: { status: number; body: Record<string, unknown> }): {
  AccessToken: string;
  RefreshToken: string;
} {
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const result = (r.body as Challenge).AuthenticationResult;
  if (!result?.RefreshToken) throw new Error('expected tokens');
  return { AccessToken: result.AccessToken, RefreshToken: result.RefreshToken };
}

describe('SECRET_HASH names exactly one user name per request', () => {
  it('InitiateAuth: over USERNAME as typed (the alias), not the canonical name or the sub', async () => {
    const typed = 'alice@example.com';
    const canonical = await srpSignIn(emu.endpoint, alias.poolId, alias.clientId, typed, PASSWORD, {
      secretHash: () => hmac(alias, 'alice'),
    });
    expect(canonical.body).toEqual({
      __type: 'NotAuthorizedException',
      message: `Unable to verify secret hash for client ${alias.clientId}`,
    });
    const right = await srpSignIn(emu.endpoint, alias.poolId, alias.clientId, typed, PASSWORD, {
      secretHash: (name) => hmac(alias, name),
    });
    const { AccessToken } = tokensOf(right);
    const sub = String(claims(AccessToken).sub);
    expect(claims(AccessToken).username).toBe('alice');
    const bySub = await srpSignIn(emu.endpoint, alias.poolId, alias.clientId, typed, PASSWORD, {
      secretHash: () => hmac(alias, sub),
    });
    expect(bySub.body.__type).toBe('NotAuthorizedException');
  });

  it('PASSWORD_VERIFIER: over its USERNAME (USER_ID_FOR_SRP), not the alias typed at InitiateAuth', async () => {
    const typed = 'alice@example.com';
    const wrong = await srpSignIn(emu.endpoint, alias.poolId, alias.clientId, typed, PASSWORD, {
      // InitiateAuth gets the right hash; the PASSWORD_VERIFIER answer (USERNAME alice) gets one over the alias.
      secretHash: () => hmac(alias, typed),
    });
    expect(wrong.body).toEqual({
      __type: 'NotAuthorizedException',
      message: `Unable to verify secret hash for client ${alias.clientId}`,
    });
  });

  it('a challenge answer: USERNAME required, SECRET_HASH over it, and it must name the session user', async () => {
    const first = await srpSignIn(emu.endpoint, alias.poolId, alias.clientId, 'carol', PASSWORD, {
      secretHash: (name) => hmac(alias, name),
    });
    const mfa = first.body as Challenge;
    expect(mfa.ChallengeName).toBe('SMS_MFA');
    const code = (await emu.control.lastCode({ username: 'carol' })) as string;
    const answer = (responses: Record<string, string>) =>
      call(emu.endpoint, 'RespondToAuthChallenge', {
        ClientId: alias.clientId,
        ChallengeName: 'SMS_MFA',
        Session: mfa.Session,
        ChallengeResponses: { SMS_MFA_CODE: code, ...responses },
      });
    const missing = await answer({ SECRET_HASH: hmac(alias, 'carol') });
    expect(missing.body).toEqual({
      __type: 'InvalidParameterException',
      message: 'Missing required parameter USERNAME',
    });
    const overAlias = await answer({ USERNAME: 'carol', SECRET_HASH: hmac(alias, 'carol@example.com') });
    expect(overAlias.body.message).toBe(`Unable to verify secret hash for client ${alias.clientId}`);
    const otherUser = await answer({ USERNAME: 'alice', SECRET_HASH: hmac(alias, 'alice') });
    expect(otherUser.body).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Invalid session for the user.',
    });
    // None of the refusals spent the session: the alias with a hash over the alias is the session's user.
    const done = await answer({
      USERNAME: 'carol@example.com',
      SECRET_HASH: hmac(alias, 'carol@example.com'),
    });
    expect(claims(tokensOf(done).AccessToken).username).toBe('carol');
  });

  it('REFRESH_TOKEN_AUTH: over cognito:username only, in an alias pool and where e-mail is the username', async () => {
    const refresh = (c: typeof alias, token: string, hash: string) =>
      call(emu.endpoint, 'InitiateAuth', {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: c.clientId,
        AuthParameters: { REFRESH_TOKEN: token, SECRET_HASH: hash },
      });
    const a = tokensOf(
      await srpSignIn(emu.endpoint, alias.poolId, alias.clientId, 'alice@example.com', PASSWORD, {
        secretHash: (name) => hmac(alias, name),
      }),
    );
    const aSub = String(claims(a.AccessToken).sub);
    for (const name of ['alice@example.com', aSub]) {
      const r = await refresh(alias, a.RefreshToken, hmac(alias, name));
      expect(r.body.message, name).toBe(`Unable to verify secret hash for client ${alias.clientId}`);
    }
    expect((await refresh(alias, a.RefreshToken, hmac(alias, 'alice'))).status).toBe(200);

    const b = tokensOf(
      await srpSignIn(emu.endpoint, byEmail.poolId, byEmail.clientId, 'bob@example.com', PASSWORD, {
        secretHash: (name) => hmac(byEmail, name),
      }),
    );
    const username = String(claims(b.AccessToken).username);
    expect(username).not.toBe('bob@example.com');
    const byTyped = await refresh(byEmail, b.RefreshToken, hmac(byEmail, 'bob@example.com'));
    expect(byTyped.body.__type).toBe('NotAuthorizedException');
    const fresh = await ok(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: byEmail.clientId,
      AuthParameters: { REFRESH_TOKEN: b.RefreshToken, SECRET_HASH: hmac(byEmail, username) },
    });
    expect((fresh as Challenge).AuthenticationResult?.AccessToken).toBeTypeOf('string');
  });
});
