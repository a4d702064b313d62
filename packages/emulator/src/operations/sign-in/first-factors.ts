// USER_AUTH's first factors: PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP, WEB_AUTHN (AWS API reference, InitiateAuth).
import { invalidParameter, notAuthorized, requireParam } from '../../cognito-exception.js';
import { sendCode } from '../../pool-helpers.js';
import type { AuthContext } from '../../sessions.js';
import type { PoolRecord, UserRecord } from '../../state.js';
import { startWebAuthnSignIn } from '../webauthn.js';

import {
  afterPassword,
  type Call,
  challenge,
  checkPassword,
  checkUsable,
  type Params,
  passwordVerifier,
} from './steps.js';

export function availableFirstFactors(pool: PoolRecord, user: UserRecord | undefined): string[] {
  if (!user) return ['PASSWORD', 'PASSWORD_SRP'];
  const allowed = pool.allowedFirstAuthFactors;
  const out: string[] = [];
  if (allowed.includes('WEB_AUTHN') && user.webauthn.length > 0) out.push('WEB_AUTHN');
  if (allowed.includes('EMAIL_OTP') && user.attributes.email) out.push('EMAIL_OTP');
  if (allowed.includes('SMS_OTP') && user.attributes.phone_number) out.push('SMS_OTP');
  if (user.password) out.push('PASSWORD', 'PASSWORD_SRP');
  return out;
}

export async function startFirstFactor(
  call: Call,
  auth: AuthContext,
  user: UserRecord | undefined,
  choice: string,
  params: Params,
): Promise<Record<string, unknown>> {
  switch (choice) {
    case 'PASSWORD': {
      const password = requireParam(params, 'PASSWORD');
      if (!user || !(await checkPassword(call, user, password))) throw notAuthorized();
      auth.firstFactor = 'PASSWORD';
      return afterPassword(call, auth, user);
    }
    case 'PASSWORD_SRP':
      auth.firstFactor = 'PASSWORD';
      return passwordVerifier(call, auth, user, requireParam(params, 'SRP_A'), true);
    case 'EMAIL_OTP':
    case 'SMS_OTP': {
      if (!user) throw notAuthorized();
      checkUsable(user);
      const medium = choice === 'SMS_OTP' ? 'SMS' : 'EMAIL';
      const sent = sendCode(
        call.ctx,
        user,
        medium,
        choice === 'SMS_OTP' ? 'SMS_OTP' : 'EMAIL_OTP_SIGN_IN',
        8,
      );
      auth.code = { value: sent.code, kind: choice === 'SMS_OTP' ? 'SMS_OTP' : 'EMAIL_OTP_SIGN_IN' };
      auth.codeAttempts = 0;
      auth.firstFactor = 'PASSWORDLESS';
      return challenge(call, auth, choice, {
        USERNAME: auth.username,
        CODE_DELIVERY_DELIVERY_MEDIUM: medium,
        CODE_DELIVERY_DESTINATION: sent.masked,
      });
    }
    case 'WEB_AUTHN': {
      if (!user) throw notAuthorized();
      checkUsable(user);
      const options = await startWebAuthnSignIn(call.pool, user);
      auth.webauthnChallenge = options.challenge;
      auth.firstFactor = 'PASSWORDLESS';
      return challenge(call, auth, 'WEB_AUTHN', {
        USERNAME: auth.username,
        CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options),
      });
    }
    default:
      throw invalidParameter(`Invalid challenge ${choice}`);
  }
}
