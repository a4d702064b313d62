// The walkthrough's short scenarios: EMAIL_OTP, SMS_MFA, SELECT_MFA_TYPE, CUSTOM_CHALLENGE, USER_AUTH.

import type { NextStep, SignInInput } from '@cogflow/core';
import { signOut } from '@cogflow/core';
import { DEMO_PASSWORDS, DEMO_USERS } from '../seed.js';
import { check, signIn, type WalkthroughContext } from './scenario.js';

/** The remaining challenges, one short sign-in each. */
export async function runOtherChallenges(ctx: WalkthroughContext): Promise<void> {
  const { out, emulator, client } = ctx;
  const signInExpecting = async (
    username: string,
    input: Omit<SignInInput, 'username'>,
    expected: NextStep['type'],
  ): Promise<void> => {
    const { steps } = await signIn(ctx, { username, rememberDevice: false, ...input }, { brief: true });
    check(steps.includes(expected), `${username}'s sign-in asked for ${expected}`);
    await signOut(client, username);
  };

  out.heading('EMAIL_OTP: erin gets her second factor by e-mail');
  emulator.script = {};
  await signInExpecting(DEMO_USERS.erin, { password: DEMO_PASSWORDS.erin }, 'EMAIL_OTP');

  out.heading('SMS_MFA: sam gets his second factor by text message');
  await signInExpecting(DEMO_USERS.sam, { password: DEMO_PASSWORDS.sam }, 'SMS_MFA');

  out.heading('SELECT_MFA_TYPE: milo has two second factors and picks one');
  emulator.script = { selectMfa: 'EMAIL_OTP' };
  await signInExpecting(DEMO_USERS.milo, { password: DEMO_PASSWORDS.milo }, 'SELECT_MFA_TYPE');

  out.heading('CUSTOM_CHALLENGE: carl answers the question of the custom-auth triggers');
  emulator.script = {};
  await signInExpecting(
    DEMO_USERS.carl,
    { password: DEMO_PASSWORDS.carl, flow: 'CUSTOM_AUTH_SRP' },
    'CUSTOM_CHALLENGE',
  );

  out.heading('USER_AUTH: uma picks a passwordless e-mail code at SELECT_CHALLENGE');
  emulator.script = { selectChallenge: { challenge: 'EMAIL_OTP' } };
  await signInExpecting(DEMO_USERS.uma, { flow: 'USER_AUTH' }, 'SELECT_CHALLENGE');
  emulator.script = {};
}
