// TOTP for a signed-in user (MFA optional pools): AssociateSoftwareToken, VerifySoftwareToken, then the MFA
// preference (AWS API reference), with the otpauth URI and its QR code shown as an authenticator app needs them.

import type { Transport } from '@cogflow/core';
import { DEMO_POOL_NAME } from '../seed.js';
import { check, type WalkthroughContext } from './scenario.js';
import { showQRCode } from './sign-in.js';

/** TOTP for a signed-in user (MFA optional pools): AssociateSoftwareToken, VerifySoftwareToken, preference. */
export async function setUpTOTP(
  ctx: WalkthroughContext,
  username: string,
  accessToken: string,
): Promise<void> {
  const transport: Transport = ctx.transport;
  const { SecretCode } = await transport.send('AssociateSoftwareToken', { AccessToken: accessToken });
  check(typeof SecretCode === 'string' && SecretCode.length > 0, 'AssociateSoftwareToken returned a secret');
  const issuer = encodeURIComponent(DEMO_POOL_NAME);
  const otpauthURI = `otpauth://totp/${issuer}:${encodeURIComponent(username)}?secret=${SecretCode}&issuer=${issuer}`;
  showQRCode(ctx.out, otpauthURI);
  const answer = await ctx.answerer.answer(
    { type: 'TOTP_SETUP', secretCode: SecretCode as string, otpauthURI },
    { username },
  );
  check(answer.type === 'TOTP_SETUP', 'the answer is a TOTP code');
  const code = answer.type === 'TOTP_SETUP' ? answer.code : '';
  const verified = await transport.send('VerifySoftwareToken', {
    AccessToken: accessToken,
    UserCode: code,
    FriendlyDeviceName: 'cogflow walkthrough',
  });
  check(verified.Status === 'SUCCESS', 'VerifySoftwareToken accepted the first code');
  await transport.send('SetUserMFAPreference', {
    AccessToken: accessToken,
    SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
  });
  ctx.out.success(`TOTP is ${username}'s second factor from now on.`);
}
