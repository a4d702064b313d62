// Sign-in sessions: opaque, single-use handles bound to one sign-in, one user and one app client, alive for the
// app client's AuthSessionValidity (3 minutes unless the client says otherwise; AWS API reference).
import { notAuthorized } from './cognito-exception.js';
import { newOpaque } from './ids.js';
import type { MfaType } from './types.js';

/** AuthSessionValidity's default, in minutes, and its bounds (CreateUserPoolClient, AWS API reference). */
export const AUTH_SESSION_VALIDITY = { default: 3, min: 3, max: 15 } as const;

const SESSION_TTL_MS = AUTH_SESSION_VALIDITY.default * 60 * 1000;

export interface SRPPending {
  A: string;
  b: string;
  B: string;
  verifier: string;
  realm: string;
  id: string;
  secretBlock: string;
}

export interface AuthContext {
  poolId: string;
  clientId: string;
  /** Canonical username; for an unknown user (user-existence errors prevented) a made-up one with `phantom`. */
  username: string;
  phantom?: boolean;
  flow: string;
  /** How long each Session of this sign-in lives: the app client's AuthSessionValidity. */
  sessionTtlMs?: number;
  /** The challenge names the next RespondToAuthChallenge may answer. */
  expect: string[];
  expiresAt: number;
  authTime?: number;
  /** DEVICE_KEY the client presented; `deviceVerified` once DEVICE_PASSWORD_VERIFIER passed. */
  deviceKey?: string;
  deviceVerified?: boolean;
  /** Every session string that may answer the pending DEVICE_SRP_AUTH; all are spent by its answer. */
  deviceSessions?: string[];
  srp?: SRPPending;
  code?: { value: string; kind: MfaType | 'SMS_OTP' | 'EMAIL_OTP_SIGN_IN' };
  /**
   * Wrong answers to the current code challenge (SMS, e-mail, TOTP, OTP): kept here rather than on `code`, which a
   * TOTP challenge has none of, so every code challenge spends its session after the same number of misses.
   */
  codeAttempts?: number;
  mfaSetupSecret?: string;
  mfaSetupVerified?: boolean;
  mfaSetupCounter?: number;
  mfaSetupName?: string;
  challengeMetadata?: string;
  custom?: {
    session: { challengeName: string; challengeResult: boolean; challengeMetadata?: string }[];
    privateParams?: Record<string, string>;
  };
  webauthnChallenge?: string;
  available?: string[];
  clientMetadata?: Record<string, string>;
  /** Which first factor succeeded: a passwordless one (or a custom-auth hook's verdict) needs no MFA. */
  firstFactor?: 'PASSWORD' | 'PASSWORDLESS';
}

const MAX_CODE_ATTEMPTS = 3;

export class SessionTable {
  private readonly bySession = new Map<string, AuthContext>();
  private readonly bySecretBlock = new Map<string, AuthContext>();

  constructor(private readonly now: () => number) {}

  /** Issues a fresh session string for the context's next step. */
  open(ctx: AuthContext): string {
    ctx.expiresAt = this.now() + (ctx.sessionTtlMs ?? SESSION_TTL_MS);
    const session = newOpaque(96);
    this.bySession.set(session, ctx);
    this.sweep();
    return session;
  }

  /** Remembers a pending PASSWORD_VERIFIER by its SECRET_BLOCK (the service sends no Session there). */
  openSecretBlock(ctx: AuthContext, secretBlock: string): void {
    ctx.expiresAt = this.now() + (ctx.sessionTtlMs ?? SESSION_TTL_MS);
    this.bySecretBlock.set(secretBlock, ctx);
    this.sweep();
  }

  /**
   * Takes the context of a session for an answer to `challenge` from `clientId`. It stays until `consume`, so a
   * wrong code can be retried on the same session; a foreign, unknown, expired or spent one is refused.
   */
  peek(session: string | undefined, clientId: string, challenge: string): AuthContext {
    if (!session) throw notAuthorized('Invalid session for the user.');
    const ctx = this.bySession.get(session);
    return this.check(ctx, clientId, challenge, () => this.bySession.delete(session));
  }

  peekSecretBlock(secretBlock: string, clientId: string, challenge: string): AuthContext {
    const ctx = this.bySecretBlock.get(secretBlock);
    return this.check(ctx, clientId, challenge, () => this.bySecretBlock.delete(secretBlock));
  }

  consume(session: string | undefined): void {
    if (session) this.bySession.delete(session);
  }

  consumeSecretBlock(secretBlock: string): void {
    this.bySecretBlock.delete(secretBlock);
  }

  /** Counts a wrong code of any kind (SMS, e-mail, TOTP, OTP); after the third the session is spent, as the service does. */
  wrongCode(session: string | undefined, ctx: AuthContext): void {
    ctx.codeAttempts = (ctx.codeAttempts ?? 0) + 1;
    if (ctx.codeAttempts >= MAX_CODE_ATTEMPTS) this.consume(session);
  }

  /** Looks up a session without the challenge check (AssociateSoftwareToken / VerifySoftwareToken by Session). */
  lookup(session: string): AuthContext | undefined {
    const ctx = this.bySession.get(session);
    if (!ctx) return undefined;
    if (ctx.expiresAt <= this.now()) {
      this.bySession.delete(session);
      return undefined;
    }
    return ctx;
  }

  /**
   * Lets a spent session string answer the context's next step too (it expires with the context). For the
   * DEVICE_SRP_AUTH after an MFA answer: amazon-cognito-identity-js sends the MFA challenge's Session there.
   */
  keepAlso(session: string, ctx: AuthContext): void {
    this.bySession.set(session, ctx);
  }

  /** Moves a context to a new session string (VerifySoftwareToken answers with a new Session). */
  reissue(session: string, ctx: AuthContext): string {
    this.bySession.delete(session);
    return this.open(ctx);
  }

  private check(
    ctx: AuthContext | undefined,
    clientId: string,
    challenge: string,
    drop: () => void,
  ): AuthContext {
    if (!ctx) throw notAuthorized('Invalid session for the user.');
    if (ctx.expiresAt <= this.now()) {
      drop();
      throw notAuthorized('Invalid session for the user, session is expired.');
    }
    if (ctx.clientId !== clientId) throw notAuthorized('Invalid session for the user.');
    if (!ctx.expect.includes(challenge)) throw notAuthorized('Invalid session for the user.');
    return ctx;
  }

  private opens = 0;

  /** Drops expired entries now and then, so a long load run does not grow the tables without bound. */
  private sweep(): void {
    this.opens += 1;
    if (this.opens % 1000 !== 0) return;
    const now = this.now();
    for (const [k, v] of this.bySession) if (v.expiresAt <= now) this.bySession.delete(k);
    for (const [k, v] of this.bySecretBlock) if (v.expiresAt <= now) this.bySecretBlock.delete(k);
  }
}
