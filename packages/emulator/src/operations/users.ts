// The signed-in user's own record: GetUser, GetUserAuthFactors, DeleteUser (AWS API reference). Sign-up, passwords
// and attributes live in sign-up.ts, passwords.ts and attributes.ts.
import { checkAttributeName } from '../attribute-names.js';
import type { EmulatorContext } from '../context.js';
import { attributeList } from '../pool-helpers.js';
import type { PoolRecord } from '../state.js';
import { checkAccessToken } from '../token-issuer.js';
import { checkDefined } from '../user-schema.js';
import { mfaOptions, mfaSummary } from './mfa.js';

/** UserAttributes (`[{Name, Value}]`) as a record, for the Admin* operations: names the pool's schema defines. */
function attributesFrom(pool: PoolRecord, list: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(list)) return out;
  for (const a of list as { Name?: unknown; Value?: unknown }[]) {
    if (a?.Name === undefined) continue;
    const name = checkAttributeName(a.Name);
    checkDefined(pool, name);
    out[name] = typeof a.Value === 'string' ? a.Value : '';
  }
  return out;
}

export { attributesFrom };

export function getUser(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { user } = checkAccessToken(ctx, body.AccessToken);
  return {
    Username: user.username,
    UserAttributes: attributeList(user),
    ...mfaOptions(user),
    ...mfaSummary(user),
  };
}

export function getUserAuthFactors(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { pool, user } = checkAccessToken(ctx, body.AccessToken);
  const factors: string[] = [];
  if (user.password) factors.push('PASSWORD');
  if (pool.allowedFirstAuthFactors.includes('EMAIL_OTP') && user.attributes.email) factors.push('EMAIL_OTP');
  if (pool.allowedFirstAuthFactors.includes('SMS_OTP') && user.attributes.phone_number)
    factors.push('SMS_OTP');
  if (pool.allowedFirstAuthFactors.includes('WEB_AUTHN') && user.webauthn.length) factors.push('WEB_AUTHN');
  return { Username: user.username, ConfiguredUserAuthFactors: factors, ...mfaSummary(user) };
}

export function deleteUser(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { user } = checkAccessToken(ctx, body.AccessToken);
  ctx.store.deleteUser(user);
  return {};
}
