// End to end against @cogflow/emulator: CUSTOM_AUTH with and without SRP (with ClientMetadata reaching the
// triggers), USER_AUTH (preferred PASSWORD / PASSWORD_SRP / EMAIL_OTP / SMS_OTP, SELECT_CHALLENGE), refresh with
// REFRESH_TOKEN_AUTH, sign-out, and an expired session.

import type { CustomAuthEvent } from '@cogflow/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmSignIn, getTokens, peekTokens, signIn, signOut } from '../src/index.js';
import { storeKeys } from '../src/store-keys.js';
import { challenge, type Harness, signedIn, startHarness } from './e2e-helpers.js';

const PASSWORD = 'Correct-Horse-9!';
let h: Harness;
const seenMetadata: Record<string, string>[] = [];

beforeAll(async () => {
  h = await startHarness(
    {
      pools: [
        {
          name: 'flows',
          signInPolicy: { allowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'] },
          clients: [{ name: 'web' }, { name: 'secret', generateSecret: true }],
          users: [
            {
              username: 'ivy',
              password: PASSWORD,
              attributes: {
                email: 'ivy@x.io',
                email_verified: 'true',
                phone_number: '+15550199',
                phone_number_verified: 'true',
              },
            },
          ],
        },
      ],
    },
    {
      defineAuthChallenge(event: CustomAuthEvent) {
        const session = event.request.session ?? [];
        const last = session[session.length - 1];
        if (!last) event.response.challengeName = 'CUSTOM_CHALLENGE';
        else if (last.challengeName === 'SRP_A') event.response.challengeName = 'PASSWORD_VERIFIER';
        else if (last.challengeName === 'PASSWORD_VERIFIER' && last.challengeResult) {
          event.response.challengeName = 'CUSTOM_CHALLENGE';
        } else if (last.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) {
          event.response.issueTokens = true;
        } else {
          event.response.failAuthentication = true;
        }
        return event;
      },
      createAuthChallenge(event: CustomAuthEvent) {
        if (event.request.clientMetadata) seenMetadata.push(event.request.clientMetadata);
        event.response.publicChallengeParameters = { question: 'What is 6 x 7?' };
        event.response.privateChallengeParameters = { answer: '42' };
        return event;
      },
      verifyAuthChallengeResponse(event: CustomAuthEvent) {
        if (event.request.clientMetadata) seenMetadata.push(event.request.clientMetadata);
        event.response.answerCorrect =
          event.request.challengeAnswer === event.request.privateChallengeParameters?.answer;
        return event;
      },
    },
  );
});
afterAll(async () => {
  await h?.emulator.stop();
});

describe('flows against the emulator', () => {
  it('CUSTOM_AUTH without SRP: the trigger question, the answer, tokens; ClientMetadata passed through', async () => {
    const log: { operation: string; body: unknown }[] = [];
    const { client } = h.client({ log });
    const first = challenge(
      await signIn(client, { username: 'ivy', flow: 'CUSTOM_AUTH', clientMetadata: { purpose: 'start' } }),
    );
    expect(first.step).toMatchObject({
      type: 'CUSTOM_CHALLENGE',
      parameters: { question: 'What is 6 x 7?' },
    });
    const done = await confirmSignIn(
      client,
      first.pending,
      { type: 'CUSTOM_CHALLENGE', answer: '42' },
      { clientMetadata: { purpose: 'e2e' } },
    );
    expect(done.status).toBe('SIGNED_IN');
    // The trigger run by InitiateAuth saw the sign-in's metadata; the answer carried its own.
    expect(seenMetadata).toContainEqual({ purpose: 'start' });
    expect(log[1]).toMatchObject({
      operation: 'RespondToAuthChallenge',
      body: { ClientMetadata: { purpose: 'e2e' } },
    });
  });

  it('CUSTOM_AUTH without SRP: a wrong answer is refused', async () => {
    const { client } = h.client();
    const first = challenge(await signIn(client, { username: 'ivy', flow: 'CUSTOM_AUTH' }));
    await expect(
      confirmSignIn(client, first.pending, { type: 'CUSTOM_CHALLENGE', answer: '41' }),
    ).rejects.toMatchObject({
      code: 'NOT_AUTHORIZED',
    });
  });

  it('CUSTOM_AUTH with SRP: SRP_A, PASSWORD_VERIFIER answered by the machine, then the custom challenge', async () => {
    const { client } = h.client({ appClient: 'secret' });
    const first = challenge(
      await signIn(client, { username: 'ivy', password: PASSWORD, flow: 'CUSTOM_AUTH_SRP' }),
    );
    expect(first.step.type).toBe('CUSTOM_CHALLENGE');
    expect(
      signedIn(await confirmSignIn(client, first.pending, { type: 'CUSTOM_CHALLENGE', answer: '42' })).user
        .username,
    ).toBe('ivy');
  });

  it('USER_AUTH with PREFERRED_CHALLENGE=PASSWORD', async () => {
    const { client } = h.client();
    const r = await signIn(client, {
      username: 'ivy',
      password: PASSWORD,
      flow: 'USER_AUTH',
      preferredChallenge: 'PASSWORD',
    });
    expect(r.status).toBe('SIGNED_IN');
  });

  it('USER_AUTH with PREFERRED_CHALLENGE=PASSWORD_SRP (and a client secret)', async () => {
    const { client } = h.client({ appClient: 'secret' });
    const r = await signIn(client, {
      username: 'ivy',
      password: PASSWORD,
      flow: 'USER_AUTH',
      preferredChallenge: 'PASSWORD_SRP',
    });
    expect(r.status).toBe('SIGNED_IN');
  });

  it.each([
    ['EMAIL_OTP', 'EMAIL'],
    ['SMS_OTP', 'SMS'],
  ] as const)('USER_AUTH with PREFERRED_CHALLENGE=%s and the delivered code', async (factor, medium) => {
    const { client } = h.client();
    const first = challenge(
      await signIn(client, { username: 'ivy', flow: 'USER_AUTH', preferredChallenge: factor }),
    );
    expect(first.step).toMatchObject({ type: factor, deliveryMedium: medium });
    const code = await h.emulator.control.lastCode({ username: 'ivy' });
    expect(
      signedIn(await confirmSignIn(client, first.pending, { type: factor, code: code! })).user.username,
    ).toBe('ivy');
  });

  it('USER_AUTH with SELECT_CHALLENGE: lists the factors; PASSWORD_SRP chosen with the password', async () => {
    const { client } = h.client();
    const first = challenge(await signIn(client, { username: 'ivy', flow: 'USER_AUTH' }));
    expect(first.step.type).toBe('SELECT_CHALLENGE');
    if (first.step.type !== 'SELECT_CHALLENGE') return;
    expect(first.step.available).toEqual(
      expect.arrayContaining(['EMAIL_OTP', 'SMS_OTP', 'PASSWORD', 'PASSWORD_SRP']),
    );
    const done = await confirmSignIn(client, first.pending, {
      type: 'SELECT_CHALLENGE',
      challenge: 'PASSWORD_SRP',
      password: PASSWORD,
    });
    expect(done.status).toBe('SIGNED_IN');
  });

  it('USER_AUTH with SELECT_CHALLENGE: EMAIL_OTP chosen, then the e-mailed code', async () => {
    const { client } = h.client();
    const first = challenge(await signIn(client, { username: 'ivy', flow: 'USER_AUTH' }));
    const second = challenge(
      await confirmSignIn(client, first.pending, { type: 'SELECT_CHALLENGE', challenge: 'EMAIL_OTP' }),
    );
    expect(second.step.type).toBe('EMAIL_OTP');
    const code = await h.emulator.control.lastCode({ username: 'ivy' });
    expect((await confirmSignIn(client, second.pending, { type: 'EMAIL_OTP', code: code! })).status).toBe(
      'SIGNED_IN',
    );
  });

  it('refresh with REFRESH_TOKEN_AUTH keeps the refresh token; with a client secret too', async () => {
    for (const appClient of ['web', 'secret']) {
      const { client } = h.client({ appClient });
      const first = signedIn(await signIn(client, { username: 'ivy', password: PASSWORD }));
      const refreshed = await getTokens(client, 'ivy', { forceRefresh: true });
      expect(refreshed.accessToken).not.toBe(first.tokens.accessToken);
      expect(refreshed.refreshToken).toBe(first.tokens.refreshToken);
    }
  });

  it.each([
    ['a 5xx', 'error5xx', 'INTERNAL_ERROR'],
    ['throttling', 'throttle', 'TOO_MANY_REQUESTS'],
    ['a dropped connection', 'drop', 'TRANSPORT'],
  ] as const)('%s on refresh keeps the tokens; the next refresh works', async (_label, kind, code) => {
    const { client } = h.client();
    const first = signedIn(await signIn(client, { username: 'ivy', password: PASSWORD }));
    await h.emulator.control.injectFault({ operation: 'InitiateAuth', kind, times: 1 });
    const failed = await getTokens(client, 'ivy', { forceRefresh: true }).catch((error: unknown) => error);
    expect(failed).toMatchObject({ code });
    expect(await peekTokens(client, 'ivy')).toEqual(first.tokens);
    expect((await getTokens(client, 'ivy', { forceRefresh: true })).accessToken).not.toBe(
      first.tokens.accessToken,
    );
  });

  it('signOut revokes the refresh token: a later refresh is refused', async () => {
    const { client } = h.client();
    const first = signedIn(await signIn(client, { username: 'ivy', password: PASSWORD }));
    const { client: other, store } = h.client();
    // Another device keeps a copy of the same tokens: after the revocation its refresh must fail.
    const keys = storeKeys({
      userPoolId: h.emulator.pools.flows!.id,
      clientId: h.emulator.pools.flows!.clients.web!.id,
    });
    await store.set(keys.tokens('ivy'), JSON.stringify({ v: 1, username: 'ivy', tokens: first.tokens }));
    await signOut(client, 'ivy');
    expect(await peekTokens(client, 'ivy')).toBeUndefined();
    await expect(getTokens(other, 'ivy', { forceRefresh: true })).rejects.toMatchObject({
      code: 'NOT_AUTHORIZED',
    });
    expect(await peekTokens(other, 'ivy')).toBeUndefined();
  });

  it('global sign-out ends every session of the user', async () => {
    const { client } = h.client();
    signedIn(await signIn(client, { username: 'ivy', password: PASSWORD }));
    await signOut(client, 'ivy', { global: true });
    expect(await peekTokens(client, 'ivy')).toBeUndefined();
  });

  it('a pending step answered after the service session expired says SESSION_EXPIRED', async () => {
    const { client } = h.client({ extra: { pendingTTLSeconds: 3600 } });
    const first = challenge(await signIn(client, { username: 'ivy', flow: 'CUSTOM_AUTH' }));
    await h.emulator.control.advanceClock(4 * 60_000);
    await expect(
      confirmSignIn(client, first.pending, { type: 'CUSTOM_CHALLENGE', answer: '42' }),
    ).rejects.toMatchObject({
      code: 'SESSION_EXPIRED',
    });
  });
});
