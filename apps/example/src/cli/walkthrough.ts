// The unattended (or --interactive) tour of the demo pool: every challenge, one scenario per step.

import type { AuthClient, ChallengeAnswer, NextStep, SignInInput, Transport } from '@cogflow/core';
import { DEMO_PASSWORDS, DEMO_POOL_NAME, DEMO_USERS } from '../seed.js';
import type { TracingTransport } from '../tracing-transport.js';
import type { EmulatorAnswerer } from './answerers.js';
import type { Output } from './output.js';
import {
  type Answerer,
  completeSignIn,
  type SignedIn,
  showQRCode,
  showSignedIn,
  showTokens,
} from './sign-in.js';

export interface WalkthroughContext {
  client: AuthClient;
  clientId: string;
  /** The client's own transport, wrapped to narrate; also used for the few calls a signed-in app makes itself. */
  transport: TracingTransport;
  out: Output;
  /** Answers from the emulator; its `script` holds the choices an unattended run makes. */
  emulator: EmulatorAnswerer;
  /** Who answers: the emulator, or a person (--interactive) with the emulator as fallback. */
  answerer: Answerer;
}

/** A claim the walkthrough makes about what happened, checked rather than assumed. */
function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(`Walkthrough check failed: ${message}`);
}

async function signIn(
  ctx: WalkthroughContext,
  input: SignInInput,
  options: { brief?: boolean; onAnswer?: (answer: ChallengeAnswer) => void } = {},
): Promise<{ result: SignedIn; steps: NextStep['type'][]; wire: string[] }> {
  const steps: NextStep['type'][] = [];
  const mark = ctx.transport.events.length;
  const flow = input.flow ?? 'USER_SRP_AUTH';
  ctx.out.note(
    `${input.username} signs in with ${flow}${input.password ? ' (the password stays in this process)' : ''}.`,
  );
  const first = await ctx.client.signIn(input);
  const result = await completeSignIn({
    client: ctx.client,
    first,
    answerer: ctx.answerer,
    out: ctx.out,
    username: input.username,
    onStep: (step) => steps.push(step.type),
    ...(options.onAnswer ? { onAnswer: options.onAnswer } : {}),
  });
  showSignedIn(ctx.out, result, options);
  const wire = ctx.transport.events.slice(mark).map((e) => e.outcome);
  return { result, steps, wire };
}

/** TOTP for a signed-in user (MFA optional pools): AssociateSoftwareToken, VerifySoftwareToken, preference. */
async function setUpTOTP(ctx: WalkthroughContext, username: string, accessToken: string): Promise<void> {
  const transport: Transport = ctx.transport;
  const { SecretCode } = await transport.send('AssociateSoftwareToken', { AccessToken: accessToken });
  expect(typeof SecretCode === 'string' && SecretCode.length > 0, 'AssociateSoftwareToken returned a secret');
  const issuer = encodeURIComponent(DEMO_POOL_NAME);
  const otpauthURI = `otpauth://totp/${issuer}:${encodeURIComponent(username)}?secret=${SecretCode}&issuer=${issuer}`;
  showQRCode(ctx.out, otpauthURI);
  const answer = await ctx.answerer.answer(
    { type: 'TOTP_SETUP', secretCode: SecretCode as string, otpauthURI },
    { username },
  );
  expect(answer.type === 'TOTP_SETUP', 'the answer is a TOTP code');
  const code = answer.type === 'TOTP_SETUP' ? answer.code : '';
  const verified = await transport.send('VerifySoftwareToken', {
    AccessToken: accessToken,
    UserCode: code,
    FriendlyDeviceName: 'cogflow walkthrough',
  });
  expect(verified.Status === 'SUCCESS', 'VerifySoftwareToken accepted the first code');
  await transport.send('SetUserMFAPreference', {
    AccessToken: accessToken,
    SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
  });
  ctx.out.success(`TOTP is ${username}'s second factor from now on.`);
}

export async function runWalkthrough(ctx: WalkthroughContext): Promise<void> {
  const { out, client, emulator } = ctx;
  const alice = DEMO_USERS.alice;

  out.heading('An administrator created alice with a temporary password: NEW_PASSWORD_REQUIRED');
  out.note('alice exists because an administrator created her (AdminCreateUser) with a temporary password.');
  emulator.script = { newPassword: DEMO_PASSWORDS.aliceNew };
  // The password alice signs in with from now on: the scripted one, or the one a person typed (--interactive).
  let password: string = DEMO_PASSWORDS.aliceNew;
  const first = await signIn(
    ctx,
    { username: alice, password: DEMO_PASSWORDS.aliceTemporary, rememberDevice: false },
    {
      onAnswer: (answer) => {
        if (answer.type === 'NEW_PASSWORD_REQUIRED') password = answer.newPassword;
      },
    },
  );
  expect(first.steps.includes('NEW_PASSWORD_REQUIRED'), 'the first sign-in asked for NEW_PASSWORD_REQUIRED');

  out.heading('TOTP set-up: the otpauth URI and a QR code for an authenticator app');
  if (first.steps.includes('TOTP_SETUP')) {
    out.note('The pool required MFA, so the sign-in above already set up TOTP through MFA_SETUP.');
  } else {
    out.note('MFA is optional in this pool: alice, now signed in, adds an authenticator app herself.');
    await setUpTOTP(ctx, alice, first.result.tokens.accessToken);
  }
  if (first.result.device.status === 'confirmed' || first.result.device.status === 'used') {
    // A device left tracked-but-not-remembered would make the next sign-in a device sign-in; start clean.
    out.note('The first sign-in was on a device she chose not to remember; she forgets it on this machine.');
    await client.forgetDevice(alice);
  }

  out.heading('Sign-in answering SOFTWARE_TOKEN_MFA, and the device is remembered');
  emulator.script = {};
  const second = await signIn(ctx, {
    username: alice,
    password,
    rememberDevice: true,
    deviceName: 'cogflow walkthrough (terminal)',
  });
  expect(second.steps.includes('SOFTWARE_TOKEN_MFA'), 'the sign-in asked for SOFTWARE_TOKEN_MFA');
  const device = second.result.device;
  expect(device.status === 'confirmed' && device.remembered, 'the device was confirmed and remembered');
  const deviceKey = device.status === 'confirmed' ? device.deviceKey : '';
  out.success(`Device ${deviceKey} is remembered (ConfirmDevice, then UpdateDeviceStatus).`);

  out.heading('A remembered device: DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER, and no MFA');
  const third = await signIn(ctx, {
    username: alice,
    password,
    rememberDevice: true,
  });
  expect(third.wire.includes('DEVICE_SRP_AUTH'), 'the service asked for DEVICE_SRP_AUTH');
  expect(third.wire.includes('DEVICE_PASSWORD_VERIFIER'), 'the service asked for DEVICE_PASSWORD_VERIFIER');
  const mfaSteps = third.steps.filter(
    (s) => s === 'SOFTWARE_TOKEN_MFA' || s === 'SMS_MFA' || s === 'EMAIL_OTP',
  );
  expect(mfaSteps.length === 0, 'the remembered device skipped MFA');
  expect(third.result.device.status === 'used', 'the sign-in used the remembered device');
  out.success(
    `MFA skipped: device ${deviceKey} proved itself with its own SRP secret, so no SOFTWARE_TOKEN_MFA was asked.`,
  );

  out.heading('Refresh: new access and id tokens from the refresh token');
  const before = await client.peekTokens(alice);
  const refreshed = await client.getTokens(alice, { forceRefresh: true });
  expect(
    before !== undefined && refreshed.accessToken !== before.accessToken,
    'the refresh issued a new access token',
  );
  out.success('New tokens:');
  showTokens(out, refreshed);

  out.heading('Sign-out: the refresh token is revoked, and then refused');
  const old = await client.peekTokens(alice);
  await client.signOut(alice);
  out.success('Signed out: the tokens are gone from the store.');
  const local = await client.peekTokens(alice);
  expect(local === undefined, 'no tokens are stored after sign-out');
  out.note('Trying the old refresh token anyway, as a thief who copied it would:');
  let refused = false;
  try {
    await ctx.transport.send('InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: ctx.clientId,
      AuthParameters: {
        REFRESH_TOKEN: old?.refreshToken ?? '',
        ...(old?.deviceKey ? { DEVICE_KEY: old.deviceKey } : {}),
      },
    });
  } catch (error) {
    refused = (error as { code?: string }).code === 'NOT_AUTHORIZED';
  }
  expect(refused, 'the revoked refresh token is refused');
  out.success('Refused: the refresh token died with the sign-out.');
}

/** The remaining challenges, one short sign-in each. */
export async function runOtherChallenges(ctx: WalkthroughContext): Promise<void> {
  const { out, emulator, client } = ctx;
  const check = async (
    username: string,
    input: Omit<SignInInput, 'username'>,
    expected: NextStep['type'],
  ): Promise<void> => {
    const { steps } = await signIn(ctx, { username, rememberDevice: false, ...input }, { brief: true });
    expect(steps.includes(expected), `${username}'s sign-in asked for ${expected}`);
    await client.signOut(username);
  };

  out.heading('EMAIL_OTP: erin gets her second factor by e-mail');
  emulator.script = {};
  await check(DEMO_USERS.erin, { password: DEMO_PASSWORDS.erin }, 'EMAIL_OTP');

  out.heading('SMS_MFA: sam gets his second factor by text message');
  await check(DEMO_USERS.sam, { password: DEMO_PASSWORDS.sam }, 'SMS_MFA');

  out.heading('SELECT_MFA_TYPE: milo has two second factors and picks one');
  emulator.script = { selectMfa: 'EMAIL_OTP' };
  await check(DEMO_USERS.milo, { password: DEMO_PASSWORDS.milo }, 'SELECT_MFA_TYPE');

  out.heading('CUSTOM_CHALLENGE: carl answers the question of the custom-auth triggers');
  emulator.script = {};
  await check(
    DEMO_USERS.carl,
    { password: DEMO_PASSWORDS.carl, flow: 'CUSTOM_AUTH_SRP' },
    'CUSTOM_CHALLENGE',
  );

  out.heading('USER_AUTH: uma picks a passwordless e-mail code at SELECT_CHALLENGE');
  emulator.script = { selectChallenge: { challenge: 'EMAIL_OTP' } };
  await check(DEMO_USERS.uma, { flow: 'USER_AUTH' }, 'SELECT_CHALLENGE');
  emulator.script = {};
}
