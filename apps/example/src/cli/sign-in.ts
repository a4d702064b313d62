// Runs one sign-in to the end: shows each step the client hands back and answers it through an Answerer.

import type { AuthClient, ChallengeAnswer, NextStep, SignInResult, TokenSet } from '@cogflow/core';
import { confirmSignIn } from '@cogflow/core';
import qrcode from 'qrcode-terminal';
import { describeAnswer, describeStep } from '../describe-step.js';
import { describeOpaque, summarizeToken } from '../redact.js';
import type { Output } from './output.js';

export type SignedIn = Extract<SignInResult, { status: 'SIGNED_IN' }>;

/** Where answers come from: the emulator's control API (unattended) or a person (interactive). */
export interface Answerer {
  answer(step: NextStep, context: { username: string }): Promise<ChallengeAnswer>;
}

export function showQRCode(out: Output, otpauthURI: string): void {
  // The URI carries the TOTP secret by design: it is what the person scans. It is the only secret shown.
  out.note(`otpauth URI: ${otpauthURI}`);
  qrcode.generate(otpauthURI, { small: true }, (qr) => out.block(qr));
}

export async function completeSignIn(options: {
  client: AuthClient;
  first: SignInResult;
  answerer: Answerer;
  out: Output;
  username: string;
  /** Called when a step is shown, before it is answered (the walkthrough uses it to check the path taken). */
  onStep?: (step: NextStep) => void;
  /** Called with each answer before it is sent (the walkthrough keeps a new password a person chose). */
  onAnswer?: (answer: ChallengeAnswer) => void;
}): Promise<SignedIn> {
  const { client, answerer, out, username } = options;
  let result = options.first;
  // Bounded: a sign-in that keeps asking after this many steps is a bug, not a flow.
  for (let round = 0; round < 12 && result.status === 'CHALLENGE'; round += 1) {
    const { step, pending } = result;
    options.onStep?.(step);
    out.note(`The client asks for ${step.type}: ${describeStep(step)}.`);
    if (step.type === 'TOTP_SETUP') showQRCode(out, step.otpauthURI);
    const answer = await answerer.answer(step, { username });
    options.onAnswer?.(answer);
    out.note(`Answering ${describeAnswer(answer)}`);
    result = await confirmSignIn(client, pending, answer);
  }
  if (result.status !== 'SIGNED_IN') throw new Error('The sign-in did not finish within 12 steps.');
  return result;
}

export function showTokens(out: Output, tokens: TokenSet, now: number = Date.now()): void {
  out.note(summarizeToken('id token', tokens.idToken, now));
  out.note(summarizeToken('access token', tokens.accessToken, now));
  out.note(describeOpaque('refresh token', tokens.refreshToken));
  out.note(
    `expires at ${new Date(tokens.expiresAt).toISOString()}${tokens.deviceKey ? `, device key ${tokens.deviceKey}` : ''}`,
  );
}

export function showSignedIn(out: Output, result: SignedIn, options: { brief?: boolean } = {}): void {
  out.success(`Signed in as ${result.user.username}${result.user.sub ? ` (sub ${result.user.sub})` : ''}`);
  const device = result.device;
  switch (device.status) {
    case 'not-tracked':
      out.note('device: not tracked by this pool');
      break;
    case 'used':
      out.note(`device: signed in with the remembered device ${device.deviceKey}`);
      break;
    case 'confirmed':
      out.note(
        `device: confirmed ${device.deviceKey}, ${device.remembered ? 'remembered' : 'not remembered'}`,
      );
      break;
    case 'failed':
      out.warn(
        `device: confirming ${device.deviceKey} failed (${device.error.code}); the tokens are still good`,
      );
      break;
  }
  if (!options.brief) showTokens(out, result.tokens);
}
