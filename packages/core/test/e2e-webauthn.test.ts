// End to end against @cogflow/emulator: USER_AUTH with WEB_AUTHN, preferred and through SELECT_CHALLENGE, with a
// passkey registered by a software authenticator.

import { type SoftAuthenticator, softAuthenticator } from '@cogflow/test-kit/webauthn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmSignIn, signIn, signInWithWebAuthn } from '../src/index.js';
import { fetchTransport } from './client-helpers.js';
import { challenge, type Harness, startHarness } from './e2e-helpers.js';

const PASSWORD = 'Correct-Horse-9!';
let h: Harness;
let authenticator: SoftAuthenticator;

beforeAll(async () => {
  h = await startHarness({
    pools: [
      {
        name: 'passkeys',
        signInPolicy: { allowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] },
        clients: [{ name: 'web' }],
        users: [
          { username: 'kim', password: PASSWORD, attributes: { email: 'kim@x.io', email_verified: 'true' } },
        ],
      },
    ],
  });
  // Register a passkey for kim, signed in with the password.
  const { client } = h.client();
  const signedIn = await signIn(client, { username: 'kim', password: PASSWORD });
  if (signedIn.status !== 'SIGNED_IN') throw new Error('kim could not sign in');
  const transport = fetchTransport(h.emulator.endpoint);
  const start = await transport.send('StartWebAuthnRegistration', {
    AccessToken: signedIn.tokens.accessToken,
  });
  authenticator = softAuthenticator();
  await transport.send('CompleteWebAuthnRegistration', {
    AccessToken: signedIn.tokens.accessToken,
    Credential: authenticator.register(start.CredentialCreationOptions),
  });
});
afterAll(async () => {
  await h?.emulator.stop();
});

describe('passkeys against the emulator', () => {
  it('USER_AUTH with PREFERRED_CHALLENGE=WEB_AUTHN: request options out, the assertion back, tokens', async () => {
    const { client } = h.client();
    const first = challenge(
      await signIn(client, { username: 'kim', flow: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' }),
    );
    expect(first.step.type).toBe('WEB_AUTHN');
    if (first.step.type !== 'WEB_AUTHN') return;
    const options = first.step.credentialRequestOptions;
    expect(options.allowCredentials).toEqual([expect.objectContaining({ id: authenticator.credentialId })]);
    const done = await confirmSignIn(client, first.pending, {
      type: 'WEB_AUTHN',
      credential: authenticator.assert(options),
    });
    expect(done).toMatchObject({ status: 'SIGNED_IN', user: { username: 'kim' } });
  });

  it('SELECT_CHALLENGE offers WEB_AUTHN; choosing it leads to the WEB_AUTHN step', async () => {
    const { client } = h.client();
    const first = challenge(await signIn(client, { username: 'kim', flow: 'USER_AUTH' }));
    expect(first.step).toMatchObject({
      type: 'SELECT_CHALLENGE',
      available: expect.arrayContaining(['WEB_AUTHN', 'PASSWORD']),
    });
    const second = challenge(
      await confirmSignIn(client, first.pending, { type: 'SELECT_CHALLENGE', challenge: 'WEB_AUTHN' }),
    );
    if (second.step.type !== 'WEB_AUTHN') throw new Error('expected WEB_AUTHN');
    const done = await confirmSignIn(client, second.pending, {
      type: 'WEB_AUTHN',
      credential: authenticator.assert(second.step.credentialRequestOptions),
    });
    expect(done.status).toBe('SIGNED_IN');
  });

  it('an assertion from another authenticator is refused', async () => {
    const { client } = h.client();
    const first = challenge(
      await signIn(client, { username: 'kim', flow: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' }),
    );
    if (first.step.type !== 'WEB_AUTHN') throw new Error('expected WEB_AUTHN');
    const stranger = softAuthenticator();
    await expect(
      confirmSignIn(client, first.pending, {
        type: 'WEB_AUTHN',
        credential: stranger.assert(first.step.credentialRequestOptions),
      }),
    ).rejects.toMatchObject({ name: 'ServiceError', code: 'NOT_AUTHORIZED' });
  });

  it('signInWithWebAuthn: the ceremony gets the request options once and its assertion signs in', async () => {
    const { client } = h.client();
    const seen: Array<Record<string, unknown>> = [];
    const done = await signInWithWebAuthn(client, { username: 'kim' }, async (options) => {
      seen.push(options);
      return authenticator.assert(options);
    });
    expect(done).toMatchObject({ status: 'SIGNED_IN', user: { username: 'kim' } });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.allowCredentials).toEqual([expect.objectContaining({ id: authenticator.credentialId })]);
  });

  it("signInWithWebAuthn: another authenticator's assertion is refused", async () => {
    const { client } = h.client();
    await expect(
      signInWithWebAuthn(client, { username: 'kim' }, async (options) => softAuthenticator().assert(options)),
    ).rejects.toMatchObject({ name: 'ServiceError', code: 'NOT_AUTHORIZED' });
  });
});
