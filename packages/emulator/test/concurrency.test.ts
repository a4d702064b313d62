// 200 concurrent SRP sign-ins from one process, each verified end to end (an SRP client on core's exports).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { type Challenge, srpSignIn } from './wire.js';

const PASSWORD = 'Correct-Horse-9!';
const USERS = 20;
const SIGN_INS = 200;

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({
    seed: {
      pools: [
        {
          name: 'load',
          clients: [{ name: 'web' }],
          users: Array.from({ length: USERS }, (_, i) => ({ username: `user${i}`, password: PASSWORD })),
        },
      ],
    },
  });
});

afterAll(async () => {
  await emu?.stop();
});

it('completes 200 concurrent SRP sign-ins, each with its own tokens', async () => {
  const pool = emu.pools.load as { id: string; clients: Record<string, { id: string }> };
  const clientId = pool.clients.web?.id as string;
  const results = await Promise.all(
    Array.from({ length: SIGN_INS }, (_, i) =>
      srpSignIn(emu.endpoint, pool.id, clientId, `user${i % USERS}`, PASSWORD),
    ),
  );
  const failures = results.filter((r) => r.status !== 200);
  expect(failures.map((f) => f.body)).toEqual([]);
  const tokens = results.map((r) => (r.body as Challenge).AuthenticationResult?.AccessToken);
  expect(tokens.every((t) => typeof t === 'string')).toBe(true);
  expect(new Set(tokens).size).toBe(SIGN_INS);
  expect((await emu.control.stats()).RespondToAuthChallenge).toBe(SIGN_INS);
});
