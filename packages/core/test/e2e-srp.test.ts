// End to end against @cogflow/emulator: the password flows (SRP and plain), with and without a client secret.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTokens, peekTokens, signIn } from '../src/index.js';
import { decodeJWTClaims } from '../src/tokens/index.js';
import { type Harness, startHarness } from './e2e-helpers.js';

const PASSWORD = 'Correct-Horse-9!';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    pools: [
      {
        name: 'main',
        usernameAttributes: ['email'],
        clients: [{ name: 'public' }, { name: 'confidential', generateSecret: true }],
        users: [
          {
            username: 'alice@example.com',
            password: PASSWORD,
            attributes: { email: 'alice@example.com', email_verified: 'true' },
          },
        ],
      },
    ],
  });
});
afterAll(async () => {
  await h?.emulator.stop();
});

describe('password flows against the emulator', () => {
  it('USER_SRP_AUTH signs in by e-mail and stores tokens under the canonical user', async () => {
    const { client } = h.client();
    const result = await signIn(client, { username: 'alice@example.com', password: PASSWORD });
    expect(result.status).toBe('SIGNED_IN');
    if (result.status !== 'SIGNED_IN') return;
    const claims = decodeJWTClaims(result.tokens.accessToken);
    expect(result.user.username).toBe(claims.username);
    expect(result.tokens.refreshToken).toBeTruthy();
    expect(await peekTokens(client, 'alice@example.com')).toEqual(result.tokens);
  });

  it('USER_SRP_AUTH with a wrong password is NOT_AUTHORIZED', async () => {
    const { client } = h.client();
    await expect(
      signIn(client, { username: 'alice@example.com', password: 'Wrong-Horse-9!' }),
    ).rejects.toMatchObject({
      code: 'NOT_AUTHORIZED',
    });
  });

  it('USER_SRP_AUTH with a client secret (SECRET_HASH over each USERNAME)', async () => {
    const { client } = h.client({ appClient: 'confidential' });
    const result = await signIn(client, { username: 'alice@example.com', password: PASSWORD });
    expect(result.status).toBe('SIGNED_IN');
  });

  it('a confidential client refreshes with SECRET_HASH over the canonical user, found by alias', async () => {
    const log: { operation: string; body: unknown }[] = [];
    const { client } = h.client({ appClient: 'confidential', log });
    const result = await signIn(client, { username: 'alice@example.com', password: PASSWORD });
    if (result.status !== 'SIGNED_IN') throw new Error('expected tokens');
    log.length = 0;
    const refreshed = await getTokens(client, 'alice@example.com', { forceRefresh: true });
    expect(refreshed.accessToken).not.toBe(result.tokens.accessToken);
    expect(log[0]).toMatchObject({ operation: 'InitiateAuth', body: { AuthFlow: 'REFRESH_TOKEN_AUTH' } });
  });

  it('USER_PASSWORD_AUTH with a client secret', async () => {
    const { client } = h.client({ appClient: 'confidential' });
    const result = await signIn(client, {
      username: 'alice@example.com',
      password: PASSWORD,
      flow: 'USER_PASSWORD_AUTH',
    });
    expect(result.status).toBe('SIGNED_IN');
  });
});
