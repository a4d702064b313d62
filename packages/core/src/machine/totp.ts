// TOTP set-up inside MFA_SETUP: AssociateSoftwareToken gives the secret, VerifySoftwareToken takes the first code,
// then MFA_SETUP is answered with the session VerifySoftwareToken returned (AWS API reference).

import { ServiceError } from '../errors.js';
import type { AssociateSoftwareTokenResponse, VerifySoftwareTokenResponse } from '../protocol/operations.js';
import type { NextStep } from '../types.js';
import { contextOf, sending, waiting } from './context.js';
import { protocolFailure } from './parse.js';
import { randomId, respondEffect } from './requests.js';
import type { MachineEnv, RunSecrets, SendingState, TransitionResult } from './types.js';

/** Default issuer in the otpauth URI, the name authenticator apps show above the code. */
export const DEFAULT_TOTP_ISSUER = 'Cognito';

function asObject(raw: unknown, operation: string): Record<string, unknown> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw protocolFailure('MFA_SETUP', operation, 'answered with something that is not an object');
  }
  return raw as Record<string, unknown>;
}

/** The otpauth:// URI for a QR code (Key Uri Format: otpauth://totp/ISSUER:ACCOUNT?secret=..&issuer=..). */
export function otpauthURI(issuer: string, account: string, secret: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  return `otpauth://totp/${label}?secret=${encodeURIComponent(secret)}&issuer=${encodeURIComponent(issuer)}`;
}

export function softwareTokenAssociated(
  state: SendingState,
  raw: unknown,
  env: MachineEnv,
): TransitionResult {
  const body = asObject(raw, 'AssociateSoftwareToken') as AssociateSoftwareTokenResponse;
  const secret = body.SecretCode;
  if (typeof secret !== 'string' || !/^[A-Z2-7]+=*$/i.test(secret)) {
    throw protocolFailure('MFA_SETUP', 'SecretCode', 'is missing or not base32');
  }
  if (typeof body.Session !== 'string' || body.Session === '') {
    throw protocolFailure('MFA_SETUP', 'Session', 'is missing');
  }
  const context = { ...contextOf(state), session: body.Session, id: randomId(env) };
  return {
    state: waiting(context, { type: 'TOTP_SETUP' }, env.clock.now() + env.pendingTTLSeconds * 1000),
    // The secret is shown once, from this run; it never enters the pending state.
    secrets: { totpSecret: secret },
    effects: [],
  };
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
): TransitionResult {
  const body = asObject(raw, 'VerifySoftwareToken') as VerifySoftwareTokenResponse;
  if (body.Status === 'ERROR') {
    throw new ServiceError(
      'CODE_MISMATCH',
      'VerifySoftwareToken',
      'VerifySoftwareToken: the code was not accepted',
    );
  }
  if (body.Status !== undefined && body.Status !== 'SUCCESS') {
    throw protocolFailure('MFA_SETUP', 'Status', 'is neither SUCCESS nor ERROR');
  }
  if (typeof body.Session !== 'string' || body.Session === '') {
    throw protocolFailure('MFA_SETUP', 'Session', 'is missing');
  }
  const context = { ...contextOf(state), session: body.Session };
  return {
    state: sending(context, 'RespondToAuthChallenge', 'MFA_SETUP'),
    secrets,
    effects: [respondEffect(context, env, 'MFA_SETUP', {})],
  };
}
