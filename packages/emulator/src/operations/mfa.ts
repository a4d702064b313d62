// MFA settings: AssociateSoftwareToken / VerifySoftwareToken (by Session and by AccessToken), SetUserMFAPreference,
// AdminSetUserMFAPreference, SetUserPoolMfaConfig, GetUserPoolMfaConfig (AWS API reference).
import { CognitoException, invalidParameter, notAuthorized, requireString } from '../cognito-exception.js';
import type { EmulatorContext } from '../context.js';
import { adminUser, getPool } from '../pool-helpers.js';
import type { PoolRecord, UserRecord } from '../state.js';
import { checkAccessToken } from '../token-issuer.js';
import { matchTotp, newTotpSecret } from '../totp.js';
import type { MfaType } from '../types.js';

export function associateSoftwareToken(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const secret = newTotpSecret();
  if (typeof body.Session === 'string' && body.Session) {
    const auth = ctx.sessions.lookup(body.Session);
    if (!auth?.expect.includes('MFA_SETUP')) throw notAuthorized('Invalid session for the user.');
    auth.mfaSetupSecret = secret;
    auth.mfaSetupVerified = false;
    return { SecretCode: secret, Session: ctx.sessions.reissue(body.Session, auth) };
  }
  if (body.AccessToken === undefined) throw invalidParameter('Either AccessToken or Session is required.');
  const { user } = checkAccessToken(ctx, body.AccessToken);
  user.pendingTotpSecret = secret;
  return { SecretCode: secret };
}

export function verifySoftwareToken(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const code = requireString(body, 'UserCode');
  if (!/^[0-9]{6}$/.test(code)) {
    throw invalidParameter(
      "1 validation error detected: Value at 'userCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9]+",
    );
  }
  const friendly = typeof body.FriendlyDeviceName === 'string' ? body.FriendlyDeviceName : undefined;
  if (typeof body.Session === 'string' && body.Session) {
    const auth = ctx.sessions.lookup(body.Session);
    if (!auth?.expect.includes('MFA_SETUP') || !auth.mfaSetupSecret)
      throw notAuthorized('Invalid session for the user.');
    const counter = matchTotp(auth.mfaSetupSecret, code, ctx.now());
    if (counter === undefined)
      throw new CognitoException(
        'EnableSoftwareTokenMFAException',
        'Code mismatch and fail enable Software Token MFA',
      );
    auth.mfaSetupVerified = true;
    auth.mfaSetupCounter = counter;
    if (friendly) auth.mfaSetupName = friendly;
    return { Status: 'SUCCESS', Session: ctx.sessions.reissue(body.Session, auth) };
  }
  const { user } = checkAccessToken(ctx, body.AccessToken);
  const secret = user.pendingTotpSecret;
  if (!secret)
    throw new CognitoException(
      'SoftwareTokenMFANotFoundException',
      'Software Token MFA does not exist for the user.',
    );
  const counter = matchTotp(secret, code, ctx.now());
  if (counter === undefined)
    throw new CognitoException(
      'EnableSoftwareTokenMFAException',
      'Code mismatch and fail enable Software Token MFA',
    );
  user.totp = {
    secret,
    verified: true,
    lastCounter: counter,
    ...(friendly ? { friendlyName: friendly } : {}),
  };
  delete user.pendingTotpSecret;
  return { Status: 'SUCCESS' };
}

interface Settings {
  Enabled?: boolean;
  PreferredMfa?: boolean;
}

function applyPreference(user: UserRecord, body: Record<string, unknown>): void {
  const table: [string, MfaType, 'sms' | 'totp' | 'email'][] = [
    ['SMSMfaSettings', 'SMS_MFA', 'sms'],
    ['SoftwareTokenMfaSettings', 'SOFTWARE_TOKEN_MFA', 'totp'],
    ['EmailMfaSettings', 'EMAIL_OTP', 'email'],
  ];
  const web = body.WebAuthnMfaSettings as { Enabled?: unknown } | undefined;
  if (web !== undefined && web !== null && typeof web.Enabled === 'boolean') {
    // The API reference: passkey MFA needs another MFA method on, so the user cannot lock themselves out.
    if (web.Enabled && !user.mfa.sms && !user.mfa.totp && !user.mfa.email)
      throw invalidParameter(
        'Passkey MFA requires at least one other MFA method to be enabled for the user.',
      );
    user.mfa.webauthn = web.Enabled;
  }
  for (const [member, type, field] of table) {
    const s = body[member] as Settings | undefined;
    if (!s) continue;
    if (s.Enabled === true || s.PreferredMfa === true) {
      if (field === 'totp' && !user.totp?.verified)
        throw invalidParameter('User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA');
      if (field === 'sms' && !user.attributes.phone_number)
        throw invalidParameter('User does not have delivery config set to turn on SMS_MFA');
      if (field === 'email' && !user.attributes.email)
        throw invalidParameter('User does not have delivery config set to turn on EMAIL_OTP');
    }
    if (s.Enabled !== undefined) user.mfa[field] = s.Enabled;
    if (s.PreferredMfa === true) {
      user.mfa[field] = true;
      user.mfa.preferred = type;
    } else if ((s.PreferredMfa === false || s.Enabled === false) && user.mfa.preferred === type) {
      delete user.mfa.preferred;
    }
  }
}

export function setUserMFAPreference(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { user } = checkAccessToken(ctx, body.AccessToken);
  applyPreference(user, body);
  user.modifiedAt = ctx.now();
  return {};
}

export function adminSetUserMFAPreference(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { user } = adminUser(ctx, body);
  applyPreference(user, body);
  user.modifiedAt = ctx.now();
  return {};
}

/**
 * SetUserSettings (legacy SMS MFA): MFAOptions with `{DeliveryMedium: SMS, AttributeName: phone_number}` turns SMS
 * MFA on; an empty or absent list turns it off (AWS API reference).
 */
export function setUserSettings(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { user } = checkAccessToken(ctx, body.AccessToken);
  const options = body.MFAOptions;
  if (options !== undefined && options !== null && !Array.isArray(options))
    throw invalidParameter('MFAOptions must be a list');
  const list = (options ?? []) as { DeliveryMedium?: unknown; AttributeName?: unknown }[];
  for (const o of list) {
    if (o?.DeliveryMedium !== 'SMS' || o.AttributeName !== 'phone_number')
      throw invalidParameter('Only SMS to phone_number is a valid MFA option.');
  }
  const on = list.length > 0;
  if (on && !user.attributes.phone_number)
    throw invalidParameter('User does not have delivery config set to turn on SMS_MFA');
  user.mfa.sms = on;
  if (!on && user.mfa.preferred === 'SMS_MFA') delete user.mfa.preferred;
  user.modifiedAt = ctx.now();
  return {};
}

/** GetUser's legacy MFAOptions: SMS to the phone number when SMS MFA is on. */
export function mfaOptions(user: UserRecord): {
  MFAOptions?: { DeliveryMedium: 'SMS'; AttributeName: string }[];
} {
  return user.mfa.sms ? { MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] } : {};
}

/** The user's MFA summary as GetUser / AdminGetUser show it. */
export function mfaSummary(user: UserRecord): {
  PreferredMfaSetting?: string;
  UserMFASettingList?: string[];
} {
  const list: string[] = [];
  if (user.mfa.sms) list.push('SMS_MFA');
  if (user.mfa.totp) list.push('SOFTWARE_TOKEN_MFA');
  if (user.mfa.email) list.push('EMAIL_OTP');
  return {
    ...(user.mfa.preferred ? { PreferredMfaSetting: user.mfa.preferred } : {}),
    ...(list.length ? { UserMFASettingList: list } : {}),
  };
}

function mfaConfigOf(pool: PoolRecord): Record<string, unknown> {
  return {
    MfaConfiguration: pool.mfaConfiguration,
    SoftwareTokenMfaConfiguration: { Enabled: pool.enabledMfas.includes('SOFTWARE_TOKEN_MFA') },
    ...(pool.enabledMfas.includes('SMS_MFA')
      ? { SmsMfaConfiguration: { SmsAuthenticationMessage: 'Your authentication code is {####}. ' } }
      : {}),
    ...(pool.enabledMfas.includes('EMAIL_OTP')
      ? { EmailMfaConfiguration: { Message: 'Your code is {####}', Subject: 'Your code' } }
      : {}),
    WebAuthnConfiguration: {
      RelyingPartyId: pool.webAuthnRelyingPartyId ?? 'localhost',
      UserVerification: pool.webAuthnUserVerification,
    },
  };
}

export function setUserPoolMfaConfig(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const pool = getPool(ctx, body.UserPoolId);
  const enabled = new Set(pool.enabledMfas);
  const toggle = (type: MfaType, on: boolean | undefined): void => {
    if (on === true) enabled.add(type);
    if (on === false) enabled.delete(type);
  };
  const sw = body.SoftwareTokenMfaConfiguration as { Enabled?: boolean } | undefined;
  if (sw) toggle('SOFTWARE_TOKEN_MFA', sw.Enabled);
  if ('SmsMfaConfiguration' in body)
    toggle('SMS_MFA', body.SmsMfaConfiguration !== null && body.SmsMfaConfiguration !== undefined);
  if ('EmailMfaConfiguration' in body)
    toggle('EMAIL_OTP', body.EmailMfaConfiguration !== null && body.EmailMfaConfiguration !== undefined);
  const mode = body.MfaConfiguration;
  const mfaConfiguration =
    mode === 'OFF' || mode === 'ON' || mode === 'OPTIONAL' ? mode : pool.mfaConfiguration;
  // Checked before anything is assigned: a refused call leaves the pool as it was.
  if ((mfaConfiguration === 'ON' || mfaConfiguration === 'OPTIONAL') && enabled.size === 0) {
    throw invalidParameter('At least one MFA method must be enabled when MFA is ON or OPTIONAL.');
  }
  pool.enabledMfas = [...enabled];
  pool.mfaConfiguration = mfaConfiguration;
  const web = body.WebAuthnConfiguration as
    | { RelyingPartyId?: string; UserVerification?: 'required' | 'preferred' }
    | undefined;
  if (web?.RelyingPartyId) pool.webAuthnRelyingPartyId = web.RelyingPartyId;
  if (web?.UserVerification) pool.webAuthnUserVerification = web.UserVerification;
  pool.modifiedAt = ctx.now();
  return mfaConfigOf(pool);
}

export function getUserPoolMfaConfig(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  return mfaConfigOf(getPool(ctx, body.UserPoolId));
}
