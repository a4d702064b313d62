// The walkthrough's main scenario on the demo pool: new password, TOTP, a remembered device, refresh, sign-out.

import { forgetDevice, getTokens, peekTokens, signOut } from '@cogflow/core';
import { DEMO_PASSWORDS, DEMO_USERS } from '../seed.js';
import { check, signIn, type WalkthroughContext } from './scenario.js';
import { showTokens } from './sign-in.js';
import { setUpTOTP } from './totp-setup.js';

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
  check(first.steps.includes('NEW_PASSWORD_REQUIRED'), 'the first sign-in asked for NEW_PASSWORD_REQUIRED');

  out.heading('TOTP set-up: the otpauth URI and a QR code for an authenticator app');
  if (first.steps.includes('TOTP_SETUP')) {
    out.note('The pool required MFA, so the sign-in above already set up TOTP through MFA_SETUP.');
  } else {
    out.note('MFA is optional in this pool: alice, now signed in, adds an authenticator app herself.');
    await setUpTOTP(ctx, alice, first.result.tokens.accessToken);
  }
  if (first.result.device.status === 'confirmed' || first.result.device.status === 'used') {
    // The next step shows MFA on a new device; the tracked (declined) device would make it a device sign-in.
    out.note(
      'She declined to remember this device at her first sign-in; she forgets it, so the next sign-in is new.',
    );
    await forgetDevice(client, alice);
  }

  out.heading('Sign-in answering SOFTWARE_TOKEN_MFA, and the device is remembered');
  emulator.script = {};
  const second = await signIn(ctx, {
    username: alice,
    password,
    rememberDevice: true,
    deviceName: 'cogflow walkthrough (terminal)',
  });
  check(second.steps.includes('SOFTWARE_TOKEN_MFA'), 'the sign-in asked for SOFTWARE_TOKEN_MFA');
  const device = second.result.device;
  check(device.status === 'confirmed' && device.remembered, 'the device was confirmed and remembered');
  const deviceKey = device.status === 'confirmed' ? device.deviceKey : '';
  out.success(`Device ${deviceKey} is remembered (ConfirmDevice, then UpdateDeviceStatus).`);

  out.heading('A remembered device: DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER, and no MFA');
  const third = await signIn(ctx, {
    username: alice,
    password,
    rememberDevice: true,
  });
  check(third.wire.includes('DEVICE_SRP_AUTH'), 'the service asked for DEVICE_SRP_AUTH');
  check(third.wire.includes('DEVICE_PASSWORD_VERIFIER'), 'the service asked for DEVICE_PASSWORD_VERIFIER');
  const mfaSteps = third.steps.filter(
    (s) => s === 'SOFTWARE_TOKEN_MFA' || s === 'SMS_MFA' || s === 'EMAIL_OTP',
  );
  check(mfaSteps.length === 0, 'the remembered device skipped MFA');
  check(third.result.device.status === 'used', 'the sign-in used the remembered device');
  out.success(
    `MFA skipped: device ${deviceKey} proved itself with its own SRP secret, so no SOFTWARE_TOKEN_MFA was asked.`,
  );

  out.heading('Refresh: new access and id tokens from the refresh token');
  const before = await peekTokens(client, alice);
  const refreshed = await getTokens(client, alice, { forceRefresh: true });
  check(
    before !== undefined && refreshed.accessToken !== before.accessToken,
    'the refresh issued a new access token',
  );
  out.success('New tokens:');
  showTokens(out, refreshed);

  out.heading('Sign-out: the refresh token is revoked, and then refused');
  const old = await peekTokens(client, alice);
  await signOut(client, alice);
  out.success('Signed out: the tokens are gone from the store.');
  const local = await peekTokens(client, alice);
  check(local === undefined, 'no tokens are stored after sign-out');
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
  check(refused, 'the revoked refresh token is refused');
  out.success('Refused: the refresh token died with the sign-out.');
}
