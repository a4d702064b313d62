// One-time codes of the account operations (sign-up, forgot password, attribute verification): their lifetimes,
// delivery to the inbox, the attempt limit, and taking a code once (developer guide; AWS API reference errors).
import { CognitoException, codeMismatch, expiredCode } from './cognito-exception.js';
import type { EmulatorContext } from './context.js';
import { sendCode } from './pool-helpers.js';
import type { UserRecord } from './state.js';

const HOUR_MS = 60 * 60 * 1000;

/**
 * How long a code lives. The developer guide: a sign-up confirmation or attribute verification code (or link) is
 * valid for 24 hours; a ForgotPassword recovery code for one hour.
 */
export const CODE_LIFETIME_MS = {
  SIGN_UP: 24 * HOUR_MS,
  FORGOT_PASSWORD: HOUR_MS,
  VERIFY: 24 * HOUR_MS,
} as const;

/**
 * Requests for a code plus wrong codes entered, per user and purpose, in a rolling hour. The developer guide allows
 * "between 5 and 20" per hour for password reset, depending on risk; the emulator takes the lower bound, always.
 */
export const CODE_ATTEMPTS_PER_HOUR = 5;

export type CodePurpose = 'SIGN_UP' | 'FORGOT_PASSWORD' | `VERIFY_${string}` | 'CHANGE_PASSWORD';

const lifetimeOf = (purpose: CodePurpose): number =>
  purpose === 'SIGN_UP'
    ? CODE_LIFETIME_MS.SIGN_UP
    : purpose === 'FORGOT_PASSWORD'
      ? CODE_LIFETIME_MS.FORGOT_PASSWORD
      : CODE_LIFETIME_MS.VERIFY;

export const limitExceeded = (): CognitoException =>
  new CognitoException('LimitExceededException', 'Attempt limit exceeded, please try after some time.');

function recentAttempts(ctx: EmulatorContext, user: UserRecord, purpose: CodePurpose): number[] {
  const since = ctx.now() - HOUR_MS;
  const kept = (user.codeAttempts ?? []).filter((a) => a.at > since);
  user.codeAttempts = kept;
  return kept.filter((a) => a.purpose === purpose).map((a) => a.at);
}

/** Refuses with LimitExceededException once this purpose has used up its attempts of the last hour. */
export function assertUnderLimit(ctx: EmulatorContext, user: UserRecord, purpose: CodePurpose): void {
  if (recentAttempts(ctx, user, purpose).length >= CODE_ATTEMPTS_PER_HOUR) throw limitExceeded();
}

/** Counts one attempt (a code requested, a wrong code, a wrong previous password). */
export function countAttempt(ctx: EmulatorContext, user: UserRecord, purpose: CodePurpose): void {
  user.codeAttempts = [...(user.codeAttempts ?? []), { purpose, at: ctx.now() }];
}

/**
 * Sends a fresh code for `purpose` (replacing any earlier one, which stops working) to the user's e-mail or phone,
 * or to `pending` (an updated value awaiting verification), records it in the inbox with `messageKind` and answers
 * the service's CodeDeliveryDetails.
 */
export function issueCode(
  ctx: EmulatorContext,
  user: UserRecord,
  purpose: CodePurpose,
  medium: 'SMS' | 'EMAIL',
  messageKind: string,
  pending?: string,
): { Destination: string; DeliveryMedium: 'SMS' | 'EMAIL'; AttributeName: string } {
  assertUnderLimit(ctx, user, purpose);
  const attribute = medium === 'SMS' ? 'phone_number' : 'email';
  const sent = sendCode(ctx, user, medium, messageKind, 6, pending);
  countAttempt(ctx, user, purpose);
  user.codes = user.codes.filter((c) => c.kind !== purpose);
  user.codes.push({
    kind: purpose,
    code: sent.code,
    expiresAt: ctx.now() + lifetimeOf(purpose),
    attribute,
    ...(pending !== undefined ? { value: pending } : {}),
  });
  return { Destination: sent.masked, DeliveryMedium: medium, AttributeName: attribute };
}

export type CodeEntry = UserRecord['codes'][number];

/**
 * Takes the code for `purpose` once: none outstanding (never sent, already used) or past its lifetime is
 * ExpiredCodeException; a wrong one is CodeMismatchException and counts towards the limit; the limit reached is
 * LimitExceededException, even for the right code. `beforeSpend` runs once the code matched and may still refuse
 * (an alias taken): the code then stays usable.
 */
export function takeCode(
  ctx: EmulatorContext,
  user: UserRecord,
  purpose: CodePurpose,
  code: string,
  beforeSpend?: (entry: CodeEntry) => void,
): CodeEntry {
  assertUnderLimit(ctx, user, purpose);
  const entry = user.codes.find((c) => c.kind === purpose);
  if (!entry) throw expiredCode();
  if (entry.expiresAt <= ctx.now()) {
    user.codes = user.codes.filter((c) => c !== entry);
    throw expiredCode();
  }
  if (entry.code !== code) {
    countAttempt(ctx, user, purpose);
    throw codeMismatch('Invalid verification code provided, please try again.');
  }
  beforeSpend?.(entry);
  user.codes = user.codes.filter((c) => c !== entry);
  return entry;
}
