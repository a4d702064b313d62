// TOTP set-up inside MFA_SETUP: AssociateSoftwareToken gives the secret, VerifySoftwareToken takes the first code,
// then MFA_SETUP is answered with the session VerifySoftwareToken returned (AWS API reference).

import { ServiceError } from '../errors.js';
import type { NextStep } from '../types.js';
import { contextOf, wait } from './context.js';
import { isObject, protocolFailure } from './parse.js';
import { respond } from './requests.js';
import type { MachineEnv, RunSecrets, SendingState, SignInContext, TransitionResult } from './types.js';

/** Default issuer in the otpauth URI, the name authenticator apps show above the code. */
export const DEFAULT_TOTP_ISSUER = 'Cognito';

/** The otpauth:// URI for a QR code (Key Uri Format: otpauth://totp/ISSUER:ACCOUNT?secret=..&issuer=..). */
export function otpauthURI(issuer: string, account: string, secret: string): string {
  const e = encodeURIComponent;
  return `otpauth://totp/${e(issuer)}:${e(account)}?secret=${e(secret)}&issuer=${e(issuer)}`;
}

/** The answer of AssociateSoftwareToken or VerifySoftwareToken must be an object. */
function objectOf(state: SendingState, raw: unknown): Record<string, unknown> {
  if (!isObject(raw)) throw protocolFailure('MFA_SETUP', state.operation, 'is not an object');
  return raw;
}

/** The context to go on with: the answer's Session replaces the spent one. */
function withSession(state: SendingState, body: Record<string, unknown>): SignInContext {
  if (typeof body.Session !== 'string' || !body.Session) throw protocolFailure('MFA_SETUP', 'Session');
  return { ...contextOf(state), session: body.Session };
}

export function softwareTokenAssociated(
  state: SendingState,
  raw: unknown,
  env: MachineEnv,
): TransitionResult {
  const body = objectOf(state, raw);
  const secret = body.SecretCode;
  if (typeof secret !== 'string' || !/^[A-Z2-7]+=*$/i.test(secret)) {
    throw protocolFailure('MFA_SETUP', 'SecretCode', 'is missing or not base32');
  }
  // The secret is shown once, from this run; it never enters the pending state.
  return wait(withSession(state, body), { type: 'TOTP_SETUP' }, env, { totpSecret: secret });
}

/** The step to show for a TOTP set-up, built from the run's memory. */
export function totpSetupStep(account: string, secret: string, env: MachineEnv): NextStep {
  return {
    type: 'TOTP_SETUP',
    secretCode: secret,
    otpauthURI: otpauthURI(env.totpIssuer ?? DEFAULT_TOTP_ISSUER, account, secret),
  };
}

export function softwareTokenVerified(
  state: SendingState,
  secrets: RunSecrets,
  raw: unknown,
  env: MachineEnv,
): Promise<TransitionResult> {
  const body = objectOf(state, raw);
  const status = body.Status;
  if (status === 'ERROR') {
    throw new ServiceError('CODE_MISMATCH', 'VerifySoftwareToken', 'VerifySoftwareToken: code refused');
  }
  if (status !== undefined && status !== 'SUCCESS')
    throw protocolFailure('MFA_SETUP', 'Status', 'is malformed');
  return respond(withSession(state, body), secrets, env, 'MFA_SETUP', {});
}
