// signIn's `resendSignUpCode: true`: an unconfirmed user's sign-in asks for a new sign-up code
// (ResendConfirmationCode, as a send effect of the pure machine) before ending in CONFIRM_SIGN_UP, which then says
// where the code went or why none was sent. Without the option nothing more is sent (machine-account-step.test.ts).

import { describe, expect, it } from 'vitest';
import { type CogflowError, serviceError, TransportError } from '../src/errors.js';
import { type TransitionResult, transition } from '../src/machine/index.js';
import { parsePending } from '../src/machine/pending.js';
import { failWith, SECRETS, sendOf, snap, startWith, testEnv } from './machine-helpers.js';

const env = testEnv();
const notConfirmed = serviceError('UserNotConfirmedException', 'User is not confirmed.', 400);

const start = (input: Record<string, unknown>, e = env): Promise<TransitionResult> => startWith(input, e);
const fail = (s: TransitionResult, error: CogflowError, e = env): Promise<TransitionResult> =>
  failWith(s, error, e);
const answer = (s: TransitionResult, body: unknown, e = env): Promise<TransitionResult> =>
  transition(snap(s), { type: 'response', operation: 'ResendConfirmationCode', body }, e);

async function unconfirmed(input: Record<string, unknown> = {}, e = env): Promise<TransitionResult> {
  const first = await start(
    { username: 'mia', password: SECRETS.password, resendSignUpCode: true, ...input },
    e,
  );
  return fail(first, notConfirmed, e);
}

describe('signIn with resendSignUpCode: true', () => {
  it('asks for a new code for the unconfirmed user, never retried, with the metadata and no password', async () => {
    const resending = await unconfirmed({ clientMetadata: { app: 'web' } });
    expect(resending.state).toMatchObject({ status: 'sending', operation: 'ResendConfirmationCode' });
    const sent = sendOf(resending);
    expect(sent).toEqual({
      type: 'send',
      operation: 'ResendConfirmationCode',
      body: { ClientId: env.clientId, Username: 'mia', ClientMetadata: { app: 'web' } },
      retryable: false,
    });
    expect(JSON.stringify(resending)).not.toContain(SECRETS.password);
  });

  it('a confidential client signs the request: SecretHash over that Username', async () => {
    const secretEnv = testEnv({ clientSecret: SECRETS.clientSecret });
    const sent = sendOf(await unconfirmed({}, secretEnv));
    expect(Object.keys(sent.body).sort()).toEqual(['ClientId', 'SecretHash', 'Username']);
    expect(sent.body.SecretHash).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(JSON.stringify(sent)).not.toContain(SECRETS.clientSecret);
  });

  it('the answer ends in CONFIRM_SIGN_UP with where the code went', async () => {
    const resending = await unconfirmed();
    const ended = await answer(resending, {
      CodeDeliveryDetails: { DeliveryMedium: 'EMAIL', Destination: 'm***@e***', AttributeName: 'email' },
    });
    expect(ended.state).toEqual({
      status: 'account-step',
      id: resending.state.status === 'sending' ? resending.state.id : '',
      step: 'CONFIRM_SIGN_UP',
      username: 'mia',
      codeDeliveryDetails: { medium: 'EMAIL', destination: 'm***@e***', attributeName: 'email' },
    });
    expect(ended.effects).toEqual([]);
    // An answer without details still ends in the step, with nothing to say about the delivery.
    const bare = await answer(resending, {});
    expect(bare.state).toMatchObject({ step: 'CONFIRM_SIGN_UP', codeDeliveryDetails: {} });
  });

  it('a malformed answer is a PROTOCOL failure naming the field', async () => {
    const resending = await unconfirmed();
    for (const body of [
      [],
      'text',
      { CodeDeliveryDetails: 'EMAIL' },
      { CodeDeliveryDetails: { Destination: 7 } },
    ]) {
      const ended = await answer(resending, body);
      expect(ended.state).toMatchObject({
        status: 'failed',
        error: { code: 'PROTOCOL', field: 'CodeDeliveryDetails' },
      });
    }
  });

  it('a resend that fails still ends in CONFIRM_SIGN_UP, with the reason (the user is unconfirmed either way)', async () => {
    const resending = await unconfirmed();
    const limit = serviceError('LimitExceededException', 'Attempt limit exceeded', 400);
    const ended = await fail(resending, limit);
    expect(ended.state).toMatchObject({
      status: 'account-step',
      step: 'CONFIRM_SIGN_UP',
      username: 'mia',
      resendError: { code: 'LIMIT_EXCEEDED' },
    });
    const offline = await fail(resending, new TransportError('TRANSPORT', 'no answer'));
    expect(offline.state).toMatchObject({ step: 'CONFIRM_SIGN_UP', resendError: { code: 'TRANSPORT' } });
  });

  it('resends to the canonical name once the service named the user', async () => {
    const first = await start({
      username: 'mia@example.com',
      password: SECRETS.password,
      resendSignUpCode: true,
    });
    const named = { ...snap(first), state: { ...first.state, userId: 'mia-canonical' } } as TransitionResult;
    const resending = await fail({ ...named, effects: [] }, notConfirmed);
    expect(sendOf(resending).body.Username).toBe('mia-canonical');
  });

  it('other endings are unchanged: RESET_PASSWORD sends nothing; a wrong password still fails', async () => {
    const first = await start({ username: 'mia', password: SECRETS.password, resendSignUpCode: true });
    const reset = await fail(first, serviceError('PasswordResetRequiredException', 'reset', 400));
    expect(reset.state).toEqual({
      status: 'account-step',
      id: first.state.status === 'sending' ? first.state.id : '',
      step: 'RESET_PASSWORD',
      username: 'mia',
    });
    expect(reset.effects).toEqual([]);
    const wrong = await fail(
      first,
      serviceError('NotAuthorizedException', 'Incorrect username or password.', 400),
    );
    expect(wrong.state).toMatchObject({ status: 'failed', error: { code: 'NOT_AUTHORIZED' } });
  });

  it('resendSignUpCode that is not a boolean is an InputError; false is the same as leaving it out', async () => {
    await expect(start({ username: 'mia', password: 'pw', resendSignUpCode: 'yes' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    const first = await start({ username: 'mia', password: 'pw', resendSignUpCode: false });
    expect(first.state).not.toHaveProperty('resendSignUpCode');
    expect((await fail(first, notConfirmed)).state).toMatchObject({
      status: 'account-step',
      step: 'CONFIRM_SIGN_UP',
    });
  });

  it('a pending state carrying the option resumes; one carrying a non-boolean is refused', () => {
    const pending = {
      v: 1,
      status: 'waiting',
      step: 'SOFTWARE_TOKEN_MFA',
      id: 'abc',
      flow: 'USER_SRP_AUTH',
      username: 'mia',
      rememberDevice: false,
      metadata: {},
      retriedWithoutDevice: false,
      deviceAuthenticated: false,
      session: 's',
      expiresAt: 1,
      detail: { type: 'SOFTWARE_TOKEN_MFA' },
    };
    expect(parsePending({ ...pending, resendSignUpCode: true }).resendSignUpCode).toBe(true);
    expect(() => parsePending({ ...pending, resendSignUpCode: 'yes' })).toThrow(/resendSignUpCode/);
  });
});
