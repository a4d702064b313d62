import { userPoolName } from '@cogflow/core';
import { attributeValue } from '../../attribute-names.js';
import {
  CognitoException,
  codeMismatch,
  expiredCode,
  invalidParameter,
  notAuthorized,
  requireParam,
  userNotFound,
} from '../../cognito-exception.js';
import type { EmulatorContext } from '../../context.js';
import { checkSecretHash, ownedDevice, sendCode } from '../../pool-helpers.js';
import { AUTH_SESSION_VALIDITY, type AuthContext } from '../../sessions.js';
import {
  isValidTimestamp,
  openSRPExchange,
  passwordMatches,
  phantomVerifier,
  verifyClaim,
} from '../../srp-server.js';
import type { ClientRecord, DeviceRecord, PoolRecord, UserRecord } from '../../state.js';
import { matchTotp } from '../../totp.js';
import type { MfaType } from '../../types.js';
import { requiredAttributes } from '../../user-schema.js';
import { finish } from './finish.js';

export type Params = Record<string, string>;
export interface Call {
  ctx: EmulatorContext;
  pool: PoolRecord;
  client: ClientRecord;
}

export function requireFlow(client: ClientRecord, allow: string, flow: string): void {
  if (!client.explicitAuthFlows.includes(allow))
    throw invalidParameter(`${flow} flow not enabled for this client`);
}

export function asParams(value: unknown): Params {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object') throw invalidParameter('AuthParameters must be a map of strings');
  const out: Params = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>))
    if (typeof v === 'string') out[k] = v;
  return out;
}

/** A user who may sign in at all; else the service's refusal. */
export function checkUsable(user: UserRecord): void {
  if (!user.enabled) throw notAuthorized('User is disabled.');
  if (user.status === 'UNCONFIRMED')
    throw new CognitoException('UserNotConfirmedException', 'User is not confirmed.');
  if (user.status === 'RESET_REQUIRED')
    throw new CognitoException('PasswordResetRequiredException', 'Password reset required for the user');
}

/**
 * Looks the user up; with user-existence errors prevented (the default) an unknown name fails later, like a wrong
 * password. Whether the account may sign in (disabled, unconfirmed) is told only after the first factor passed.
 */
export function lookup(call: Call, name: string, secretHash: string | undefined): { user?: UserRecord } {
  const user = call.ctx.store.findUser(call.pool, name);
  // SECRET_HASH is over USERNAME as typed, alias included.
  checkSecretHash(call.client, secretHash, name);
  if (!user && call.client.preventUserExistenceErrors === 'LEGACY') throw userNotFound();
  return user ? { user } : {};
}

export function newContext(
  call: Call,
  username: string,
  flow: string,
  extra: Partial<AuthContext> = {},
): AuthContext {
  return {
    poolId: call.pool.id,
    clientId: call.client.id,
    username,
    flow,
    sessionTtlMs: (call.client.authSessionValidityMinutes ?? AUTH_SESSION_VALIDITY.default) * 60_000,
    expect: [],
    expiresAt: 0,
    ...extra,
  };
}

export function userOf(call: Call, auth: AuthContext): UserRecord {
  const user = auth.phantom ? undefined : call.ctx.store.getUser(auth.poolId, auth.username);
  if (!user) throw notAuthorized();
  return user;
}

export function challenge(
  call: Call,
  auth: AuthContext,
  name: string,
  params: Params,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  auth.expect = [name];
  const session = call.ctx.sessions.open(auth);
  return { ChallengeName: name, Session: session, ChallengeParameters: params, ...extra };
}

function baseParams(auth: AuthContext): Params {
  const p: Params = { USERNAME: auth.username };
  if (auth.srp || auth.flow === 'USER_SRP_AUTH') p.USER_ID_FOR_SRP = auth.username;
  return p;
}

const FREE_FAILURES = 5;
const MAX_LOCK_MS = 15 * 60 * 1000;

/** After five wrong passwords in a row the service locks the user for 1 s, doubling with each further failure. */
export function assertNotLocked(call: Call, user: UserRecord): void {
  if (user.lockedUntil !== undefined && user.lockedUntil > call.ctx.now())
    throw notAuthorized('Password attempts exceeded');
}

export function recordPasswordFailure(call: Call, user: UserRecord): void {
  user.failedSignIns += 1;
  const over = user.failedSignIns - FREE_FAILURES;
  if (over >= 0) user.lockedUntil = call.ctx.now() + Math.min(1000 * 2 ** over, MAX_LOCK_MS);
}

export async function checkPassword(call: Call, user: UserRecord, password: string): Promise<boolean> {
  if (!user.password) return false;
  assertNotLocked(call, user);
  const ok = await passwordMatches(user.password, userPoolName(call.pool.id), user.username, password);
  if (!ok) recordPasswordFailure(call, user);
  else user.failedSignIns = 0;
  return ok;
}

/** Answers PASSWORD_VERIFIER: the salt, B and an opaque SECRET_BLOCK that names this pending sign-in. */
export async function passwordVerifier(
  call: Call,
  auth: AuthContext,
  user: UserRecord | undefined,
  aHex: string,
  withSession: boolean,
): Promise<Record<string, unknown>> {
  // An unknown user gets a made-up salt and verifier, so the answer does not tell whether the user exists.
  const stored = user?.password ?? phantomVerifier(call.pool, auth.username);
  if (!user?.password) auth.phantom = true;
  const srp = openSRPExchange(aHex, {
    verifier: stored.verifier,
    realm: userPoolName(call.pool.id),
    id: auth.username,
  });
  auth.srp = srp;
  auth.expect = ['PASSWORD_VERIFIER'];
  call.ctx.sessions.openSecretBlock(auth, srp.secretBlock);
  const out: Record<string, unknown> = {
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeParameters: {
      SALT: stored.salt,
      SECRET_BLOCK: srp.secretBlock,
      SRP_B: srp.B,
      USERNAME: auth.username,
      USER_ID_FOR_SRP: auth.username,
    },
  };
  if (withSession) out.Session = call.ctx.sessions.open(auth);
  return out;
}

export async function checkClaim(auth: AuthContext, responses: Params): Promise<boolean> {
  const srp = auth.srp;
  if (!srp) return false;
  const timestamp = requireParam(responses, 'TIMESTAMP');
  const signature = requireParam(responses, 'PASSWORD_CLAIM_SIGNATURE');
  if (!isValidTimestamp(timestamp)) return false;
  return verifyClaim({
    A: BigInt(`0x${srp.A}`),
    b: srp.b,
    B: srp.B,
    verifier: srp.verifier,
    realm: srp.realm,
    id: srp.id,
    secretBlock: srp.secretBlock,
    timestamp,
    signature,
  });
}

/** After the password (or a first factor): a forced new password, then MFA and the device in the service's order. */
export function afterPassword(
  call: Call,
  auth: AuthContext,
  user: UserRecord,
): Record<string, unknown> | Promise<Record<string, unknown>> {
  checkUsable(user);
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    if (user.temporaryPasswordExpiresAt !== undefined && user.temporaryPasswordExpiresAt < call.ctx.now()) {
      throw notAuthorized('Temporary password has expired and must be reset by an administrator.');
    }
    const required = requiredAttributes(call.pool).filter((a) => !attributeValue(user.attributes, a));
    const visible: Record<string, string> = {};
    for (const [k, v] of Object.entries(user.attributes)) if (!k.endsWith('_verified')) visible[k] = v;
    return challenge(call, auth, 'NEW_PASSWORD_REQUIRED', {
      ...baseParams(auth),
      userAttributes: JSON.stringify(visible),
      requiredAttributes: JSON.stringify(required.map((a) => `userAttributes.${a}`)),
    });
  }
  return deviceStep(call, auth, user);
}

/**
 * The device after the first factor. A confirmed device proves itself (DEVICE_SRP_AUTH) straight away when it stands
 * in for MFA or no MFA is due; otherwise MFA comes first and the device proves itself after the MFA answer that names
 * it (the service's order; README "Sign-in order").
 */
export function deviceStep(call: Call, auth: AuthContext, user: UserRecord): Record<string, unknown> {
  if (call.pool.deviceConfiguration && auth.deviceKey && !auth.deviceVerified) {
    const device = ownedDevice(call.ctx, call.pool, user, auth.deviceKey);
    if (device.confirmed && device.verifier) {
      if (standsInForMfa(call.pool, device) || !mfaDue(call.pool, auth, user))
        return deviceChallenge(call, auth);
      return mfaStep(call, auth, user);
    }
    // Tracked but never confirmed: nothing to prove, the sign-in goes on as from a new device.
    delete auth.deviceKey;
  }
  return mfaStep(call, auth, user);
}

/** A remembered device stands in for the second factor when ChallengeRequiredOnNewDevice is on (API reference). */
function standsInForMfa(pool: PoolRecord, device: DeviceRecord): boolean {
  return device.remembered && pool.deviceConfiguration?.ChallengeRequiredOnNewDevice === true;
}

/** Whether mfaStep would ask for (or set up) a second factor. */
function mfaDue(pool: PoolRecord, auth: AuthContext, user: UserRecord): boolean {
  if (auth.firstFactor === 'PASSWORDLESS' || pool.mfaConfiguration === 'OFF') return false;
  return pool.mfaConfiguration === 'ON' || enabledMfas(pool, user).length > 0;
}

function deviceChallenge(call: Call, auth: AuthContext): Record<string, unknown> {
  return challenge(call, auth, 'DEVICE_SRP_AUTH', baseParams(auth));
}

/**
 * After an answered MFA challenge: the DEVICE_KEY in that answer names the device that proves itself next; an answer
 * without one ends the sign-in as from a new device (tokens with NewDeviceMetadata), as the service does.
 */
export function afterMfa(
  call: Call,
  auth: AuthContext,
  user: UserRecord,
  answer: { responses: Params; session: string | undefined },
): Record<string, unknown> {
  const key = answer.responses.DEVICE_KEY;
  if (!auth.deviceVerified) delete auth.deviceKey;
  if (call.pool.deviceConfiguration && key && !auth.deviceVerified) {
    const device = ownedDevice(call.ctx, call.pool, user, key);
    if (device.confirmed && device.verifier) {
      auth.deviceKey = key;
      const next = deviceChallenge(call, auth);
      // amazon-cognito-identity-js answers this DEVICE_SRP_AUTH with the MFA challenge's Session, and works so
      // against the service: that session is accepted beside the new one, once, for this step only.
      auth.deviceSessions = [next.Session as string];
      if (answer.session) {
        call.ctx.sessions.keepAlso(answer.session, auth);
        auth.deviceSessions.push(answer.session);
      }
      return next;
    }
  }
  return finish(call, auth, user);
}

export function enabledMfas(pool: PoolRecord, user: UserRecord): MfaType[] {
  const out: MfaType[] = [];
  if (user.mfa.sms && pool.enabledMfas.includes('SMS_MFA') && user.attributes.phone_number)
    out.push('SMS_MFA');
  if (user.mfa.totp && pool.enabledMfas.includes('SOFTWARE_TOKEN_MFA') && user.totp?.verified)
    out.push('SOFTWARE_TOKEN_MFA');
  if (user.mfa.email && pool.enabledMfas.includes('EMAIL_OTP') && user.attributes.email)
    out.push('EMAIL_OTP');
  return out;
}

export function mfaStep(call: Call, auth: AuthContext, user: UserRecord): Record<string, unknown> {
  const pool = call.pool;
  // A device that proved itself before MFA stood in for it (deviceStep decided so).
  if (auth.firstFactor === 'PASSWORDLESS' || pool.mfaConfiguration === 'OFF' || auth.deviceVerified)
    return finish(call, auth, user);
  let methods = enabledMfas(pool, user);
  if (methods.length === 0) {
    if (pool.mfaConfiguration !== 'ON') return finish(call, auth, user);
    if (pool.enabledMfas.includes('SMS_MFA') && user.attributes.phone_number) {
      methods = ['SMS_MFA'];
    } else {
      const canSetup = pool.enabledMfas.filter(
        (m) => m === 'SOFTWARE_TOKEN_MFA' || (m === 'EMAIL_OTP' && user.attributes.email),
      );
      if (canSetup.length === 0) {
        throw new CognitoException(
          'InvalidUserPoolConfigurationException',
          'No MFA method is available to set up for the user.',
        );
      }
      return challenge(call, auth, 'MFA_SETUP', {
        ...baseParams(auth),
        MFAS_CAN_SETUP: JSON.stringify(canSetup),
      });
    }
  }
  const preferred =
    user.mfa.preferred && methods.includes(user.mfa.preferred) ? user.mfa.preferred : undefined;
  if (preferred) return issueMfa(call, auth, user, preferred);
  if (methods.length === 1) return issueMfa(call, auth, user, methods[0] as MfaType);
  return challenge(call, auth, 'SELECT_MFA_TYPE', {
    ...baseParams(auth),
    MFAS_CAN_CHOOSE: JSON.stringify(methods),
  });
}

export function issueMfa(
  call: Call,
  auth: AuthContext,
  user: UserRecord,
  kind: MfaType,
): Record<string, unknown> {
  // A fresh code challenge: its wrong answers are counted from zero (SessionTable.wrongCode).
  auth.codeAttempts = 0;
  if (kind === 'SOFTWARE_TOKEN_MFA') {
    delete auth.code;
    return challenge(call, auth, 'SOFTWARE_TOKEN_MFA', {
      ...baseParams(auth),
      FRIENDLY_DEVICE_NAME: user.totp?.friendlyName ?? 'TOTP device',
    });
  }
  const medium = kind === 'SMS_MFA' ? 'SMS' : 'EMAIL';
  const sent = sendCode(call.ctx, user, medium, kind, 6);
  auth.code = { value: sent.code, kind };
  return challenge(call, auth, kind, {
    ...baseParams(auth),
    CODE_DELIVERY_DELIVERY_MEDIUM: medium,
    CODE_DELIVERY_DESTINATION: sent.masked,
  });
}

// The Schema's required attributes, under their full names (user-schema.ts).
export { requiredAttributes };

/** Checks a TOTP code; a code already used for its 30-second step is refused as the service does. */
export function checkTotp(ctx: EmulatorContext, user: UserRecord, code: string, onWrong: () => void): void {
  const secret = user.totp?.verified ? user.totp.secret : undefined;
  if (!secret)
    throw new CognitoException(
      'SoftwareTokenMFANotFoundException',
      'Software Token MFA does not exist for the user.',
    );
  const counter = matchTotp(secret, code, ctx.now());
  if (counter === undefined) {
    onWrong();
    throw codeMismatch('Invalid code or auth state for the user.');
  }
  if (user.totp && user.totp.lastCounter !== undefined && counter <= user.totp.lastCounter) {
    throw expiredCode('Your software token has already been used once.');
  }
  if (user.totp) user.totp.lastCounter = counter;
}
