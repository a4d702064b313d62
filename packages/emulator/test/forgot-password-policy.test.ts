// ConfirmForgotPassword checks the new password against the pool's policy before it takes the code (issue 18).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { call, ok, srpSignIn } from './wire.js';

let emu: Emulator;
let poolId: string;
let clientId: string;

beforeAll(async () => {
  emu = await startEmulator({
    seed: {
      pools: [
        {
          name: 'reset',
          clients: [{ name: 'web' }],
          users: [
            // Verified: ForgotPassword sends its code only to a verified e-mail or phone.
            {
              username: 'rita',
              password: 'Correct-Horse-9!',
              attributes: { email: 'rita@example.com', email_verified: 'true' },
            },
          ],
        },
      ],
    },
  });
  const pool = emu.pools.reset as { id: string; clients: Record<string, { id: string }> };
  poolId = pool.id;
  clientId = pool.clients.web?.id as string;
});

afterAll(async () => {
  await emu?.stop();
});

it('a password the policy refuses leaves the code usable: the retry with a good password succeeds', async () => {
  await ok(emu.endpoint, 'ForgotPassword', { ClientId: clientId, Username: 'rita' });
  const code = (await emu.control.lastCode({ username: 'rita' })) as string;
  const weak = await call(emu.endpoint, 'ConfirmForgotPassword', {
    ClientId: clientId,
    Username: 'rita',
    ConfirmationCode: code,
    Password: 'short',
  });
  expect(weak.body).toEqual({
    __type: 'InvalidPasswordException',
    message: 'Password did not conform with policy: Password not long enough',
  });
  await ok(emu.endpoint, 'ConfirmForgotPassword', {
    ClientId: clientId,
    Username: 'rita',
    ConfirmationCode: code,
    Password: 'Reset-Horse-8!',
  });
  expect((await srpSignIn(emu.endpoint, poolId, clientId, 'rita', 'Reset-Horse-8!')).status).toBe(200);
  expect((await srpSignIn(emu.endpoint, poolId, clientId, 'rita', 'Correct-Horse-9!')).status).toBe(400);
});
