// The app client's AuthSessionValidity (3-15 minutes, default 3; AWS API reference, CreateUserPoolClient): set by
// CreateUserPoolClient, UpdateUserPoolClient and the seed, shown by DescribeUserPoolClient, and the Session's life.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { type Challenge, call, ok, srpSignIn } from './wire.js';

const PASSWORD = 'Correct-Horse-9!';
const MINUTE = 60_000;

let emu: Emulator;
let poolId: string;
let clients: Record<string, string>;

beforeAll(async () => {
  emu = await startEmulator({
    seed: {
      pools: [
        {
          name: 'main',
          mfaConfiguration: 'OPTIONAL',
          enabledMfas: ['SMS_MFA'],
          clients: [{ name: 'default' }, { name: 'seeded', authSessionValidityMinutes: 15 }],
          users: [
            {
              username: 'sam',
              password: PASSWORD,
              attributes: { phone_number: '+15555550199' },
              mfaPreference: { sms: true, preferred: 'SMS_MFA' },
            },
          ],
        },
      ],
    },
  });
  const pool = emu.pools.main as { id: string; clients: Record<string, { id: string }> };
  poolId = pool.id;
  clients = Object.fromEntries(Object.entries(pool.clients).map(([name, c]) => [name, c.id]));
});

afterAll(async () => {
  await emu?.stop();
});

async function validity(clientId: string): Promise<unknown> {
  const r = await ok(emu.endpoint, 'DescribeUserPoolClient', { UserPoolId: poolId, ClientId: clientId });
  return (r.UserPoolClient as Record<string, unknown>).AuthSessionValidity;
}

/** Signs sam in up to SMS_MFA, lets `waitMs` pass on the emulator clock, then answers. */
async function answerAfter(clientId: string, waitMs: number): Promise<Record<string, unknown>> {
  const first = (await srpSignIn(emu.endpoint, poolId, clientId, 'sam', PASSWORD)).body as Challenge;
  expect(first.ChallengeName).toBe('SMS_MFA');
  const code = (await emu.control.lastCode({ username: 'sam' })) as string;
  await emu.control.advanceClock(waitMs);
  return (
    await call(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: clientId,
      ChallengeName: 'SMS_MFA',
      Session: first.Session,
      ChallengeResponses: { USERNAME: 'sam', SMS_MFA_CODE: code },
    })
  ).body;
}

const expired = {
  __type: 'NotAuthorizedException',
  message: 'Invalid session for the user, session is expired.',
};
const signedIn = (body: Record<string, unknown>): unknown =>
  (body as Challenge).AuthenticationResult?.AccessToken;

describe('AuthSessionValidity', () => {
  it('defaults to 3 minutes; the seed sets it; the Session lives exactly that long', async () => {
    expect(await validity(clients.default as string)).toBe(3);
    expect(await validity(clients.seeded as string)).toBe(15);
    expect(await answerAfter(clients.default as string, 3 * MINUTE + 1000)).toEqual(expired);
    expect(signedIn(await answerAfter(clients.seeded as string, 14 * MINUTE))).toBeTypeOf('string');
    expect(await answerAfter(clients.seeded as string, 15 * MINUTE + 1000)).toEqual(expired);
  });

  it('CreateUserPoolClient and UpdateUserPoolClient set it within 3-15 and refuse anything else', async () => {
    for (const bad of [2, 16]) {
      const r = await call(emu.endpoint, 'CreateUserPoolClient', {
        UserPoolId: poolId,
        ClientName: `bad-${bad}`,
        AuthSessionValidity: bad,
      });
      expect(r.body.__type, String(bad)).toBe('InvalidParameterException');
      expect(String(r.body.message)).toContain(`Value '${bad}' at 'authSessionValidity'`);
    }
    const created = await ok(emu.endpoint, 'CreateUserPoolClient', {
      UserPoolId: poolId,
      ClientName: 'ten',
      AuthSessionValidity: 10,
    });
    const id = (created.UserPoolClient as { ClientId: string }).ClientId;
    expect((created.UserPoolClient as { AuthSessionValidity: number }).AuthSessionValidity).toBe(10);
    expect(signedIn(await answerAfter(id, 9 * MINUTE))).toBeTypeOf('string');
    expect(await answerAfter(id, 10 * MINUTE + 1000)).toEqual(expired);

    await ok(emu.endpoint, 'UpdateUserPoolClient', {
      UserPoolId: poolId,
      ClientId: id,
      AuthSessionValidity: 5,
    });
    expect(await validity(id)).toBe(5);
    expect(await answerAfter(id, 5 * MINUTE + 1000)).toEqual(expired);
    expect(signedIn(await answerAfter(id, 4 * MINUTE))).toBeTypeOf('string');
    const tooLong = await call(emu.endpoint, 'UpdateUserPoolClient', {
      UserPoolId: poolId,
      ClientId: id,
      AuthSessionValidity: 16,
    });
    expect(tooLong.body.__type).toBe('InvalidParameterException');
    expect(await validity(id)).toBe(5);
  });
});
