// The machine's "do this first" endings and the sign-in after sign-up: UserNotConfirmedException and
// PasswordResetRequiredException end in an account step, and the start with the ConfirmSignUp Session sends
// USER_AUTH with that Session and no password.

import { describe, expect, it } from 'vitest';
import { signInAfterSignUp } from '../src/account/after-sign-up.js';
import { type CogflowError, serviceError } from '../src/errors.js';
import type { TransitionResult } from '../src/machine/index.js';
import { failWith, sendOf, startWith, testEnv } from './machine-helpers.js';

const env = testEnv();

const start = (input: Record<string, unknown>, session?: string, e = env): Promise<TransitionResult> =>
  session === undefined ? startWith(input, e) : signInAfterSignUp(input as never, undefined, session, e);

const fail = (s: TransitionResult, error: CogflowError, e = env): Promise<TransitionResult> =>
  failWith(s, error, e);

const notConfirmed = serviceError('UserNotConfirmedException', 'User is not confirmed.', 400);

describe('account steps of a sign-in', () => {
  it('ends in CONFIRM_SIGN_UP for an unconfirmed user, sending nothing more', async () => {
    const first = await start({ username: 'mia', password: 'pw-1', flow: 'USER_PASSWORD_AUTH' });
    const ended = await fail(first, notConfirmed);
    expect(ended.state).toEqual({
      status: 'account-step',
      id: first.state.status === 'sending' ? first.state.id : '',
      step: 'CONFIRM_SIGN_UP',
      username: 'mia',
    });
    expect(ended.effects).toEqual([]);
    expect(JSON.stringify(ended)).not.toContain('pw-1');
  });

  it('ends in RESET_PASSWORD when a reset is required; other errors still fail', async () => {
    const first = await start({ username: 'mia', password: 'pw-1' });
    const ended = await fail(first, serviceError('PasswordResetRequiredException', 'reset', 400));
    expect(ended.state).toMatchObject({ status: 'account-step', step: 'RESET_PASSWORD', username: 'mia' });
    const wrong = await fail(
      first,
      serviceError('NotAuthorizedException', 'Incorrect username or password.', 400),
    );
    expect(wrong.state).toMatchObject({ status: 'failed', error: { code: 'NOT_AUTHORIZED' } });
  });
});

describe('the sign-in after sign-up', () => {
  it('sends USER_AUTH with the Session and no password, and keeps the Session out of the state', async () => {
    const first = await start({ username: 'mia' }, 'confirm-session-1');
    const sent = sendOf(first);
    expect(sent.operation).toBe('InitiateAuth');
    expect(sent.body).toEqual({
      AuthFlow: 'USER_AUTH',
      ClientId: env.clientId,
      AuthParameters: { USERNAME: 'mia' },
      Session: 'confirm-session-1',
    });
    expect(JSON.stringify(first.state)).not.toContain('confirm-session-1');
  });

  it('asks no password whatever the input says, and refuses an empty Session', async () => {
    const input = {
      username: 'mia',
      flow: 'USER_SRP_AUTH',
      password: 'pw-9',
      preferredChallenge: 'PASSWORD',
    };
    const first = await start(input, 's');
    expect(sendOf(first).body).toEqual({
      AuthFlow: 'USER_AUTH',
      ClientId: env.clientId,
      AuthParameters: { USERNAME: 'mia' },
      Session: 's',
    });
    expect(JSON.stringify(first)).not.toContain('pw-9');
    await expect(start({ username: 'mia' }, '')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
