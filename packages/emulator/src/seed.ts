// Applies an EmulatorSeed (the same JSON as the CLI's seed file): pools, app clients and users.
import { invalidParameter } from './cognito-exception.js';
import type { EmulatorContext } from './context.js';
import { createDomainRecord } from './oauth/domains.js';
import { createIdentityProviderRecord } from './oauth/identity-providers.js';
import { createResourceServerRecord } from './oauth/resource-servers.js';
import { type ClientInput, createClientRecord } from './operations/app-clients.js';
import { createPoolRecord } from './operations/user-pools.js';
import type { PoolRecord } from './state.js';
import type { EmulatorSeed, SeedClient, SeededPool } from './types.js';
import { createUser } from './user-factory.js';
import { normalizeSchema } from './user-schema.js';

/** Seeded clients may use every flow unless the seed says otherwise: tests should not trip on a missing ALLOW_*. */
const SEED_DEFAULT_FLOWS = [
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_CUSTOM_AUTH',
  'ALLOW_USER_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_ADMIN_USER_PASSWORD_AUTH',
];

/** A seeded client with OAuth flows may use them and managed login unless the seed says otherwise. */
function seedOAuth(sc: SeedClient): NonNullable<ClientInput['oauth']> {
  const flows = sc.allowedOAuthFlows;
  return {
    allowedOAuthFlowsUserPoolClient: sc.allowedOAuthFlowsUserPoolClient ?? !!flows?.length,
    ...(flows ? { allowedOAuthFlows: flows } : {}),
    ...(sc.allowedOAuthScopes ? { allowedOAuthScopes: sc.allowedOAuthScopes } : {}),
    ...(sc.callbackURLs ? { callbackURLs: sc.callbackURLs } : {}),
    ...(sc.logoutURLs ? { logoutURLs: sc.logoutURLs } : {}),
    ...(sc.defaultRedirectURI ? { defaultRedirectURI: sc.defaultRedirectURI } : {}),
    supportedIdentityProviders:
      sc.supportedIdentityProviders ??
      (flows?.length && !flows.includes('client_credentials') ? ['COGNITO'] : []),
  };
}

function existingPool(ctx: EmulatorContext, name: string, id: string | undefined): PoolRecord | undefined {
  if (id) return ctx.store.pools.get(id);
  return [...ctx.store.pools.values()].find((p) => p.name === name);
}

/** `out[name] = value` as an own entry even for `__proto__`, which plain assignment would take as the prototype. */
function setOwn<T>(out: Record<string, T>, name: string, value: T): void {
  Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
}

/** Creates what the seed describes; pools and clients already in a loaded state file are reused, not duplicated. */
export async function applySeed(
  ctx: EmulatorContext,
  seed: EmulatorSeed,
): Promise<Record<string, SeededPool>> {
  const out: Record<string, SeededPool> = {};
  if (!seed || !Array.isArray(seed.pools)) throw invalidParameter('The seed must have a pools array');
  for (const sp of seed.pools) {
    let pool = existingPool(ctx, sp.name, sp.id);
    const fresh = !pool;
    if (!pool) {
      pool = createPoolRecord(ctx, {
        name: sp.name,
        ...(sp.id ? { id: sp.id } : {}),
        ...(sp.mfaConfiguration ? { mfaConfiguration: sp.mfaConfiguration } : {}),
        ...(sp.enabledMfas ? { enabledMfas: sp.enabledMfas } : {}),
        ...(sp.deviceConfiguration ? { deviceConfiguration: sp.deviceConfiguration } : {}),
        ...(sp.usernameAttributes ? { usernameAttributes: sp.usernameAttributes } : {}),
        ...(sp.aliasAttributes ? { aliasAttributes: sp.aliasAttributes } : {}),
        ...(sp.signInPolicy ? { allowedFirstAuthFactors: sp.signInPolicy.allowedFirstAuthFactors } : {}),
        ...(sp.webAuthnRelyingPartyId ? { webAuthnRelyingPartyId: sp.webAuthnRelyingPartyId } : {}),
        autoVerifiedAttributes: sp.autoVerifiedAttributes ?? ['email'],
        ...(sp.caseSensitive ? { usernameCaseSensitive: true } : {}),
        ...(sp.passwordPolicy ? { passwordPolicy: sp.passwordPolicy } : {}),
        extra: {
          ...(sp.attributesRequireVerificationBeforeUpdate
            ? {
                UserAttributeUpdateSettings: {
                  AttributesRequireVerificationBeforeUpdate: sp.attributesRequireVerificationBeforeUpdate,
                },
              }
            : {}),
          ...(sp.recoveryMechanisms
            ? { AccountRecoverySetting: { RecoveryMechanisms: sp.recoveryMechanisms } }
            : {}),
          ...(sp.schema ? { Schema: normalizeSchema(sp.schema) } : {}),
        },
      });
    }
    for (const rs of sp.resourceServers ?? []) {
      if (ctx.store.resourceServers.has(`${pool.id} ${rs.identifier}`)) continue;
      createResourceServerRecord(ctx, pool, rs);
    }
    if (sp.domain && !ctx.store.domains.has(sp.domain)) createDomainRecord(ctx, pool, sp.domain);
    for (const ip of sp.identityProviders ?? []) {
      if (ctx.store.identityProviders.has(`${pool.id} ${ip.providerName}`)) continue;
      createIdentityProviderRecord(ctx, pool, {
        name: ip.providerName,
        type: ip.providerType,
        details: {
          client_id: `stand-in-${ip.providerName.toLowerCase()}`,
          client_secret: 'stand-in-secret',
          authorize_scopes: 'openid email profile',
          ...(ip.providerType === 'OIDC'
            ? { attributes_request_method: 'GET', oidc_issuer: 'https://stand-in.invalid' }
            : {}),
          ...(ip.providerDetails ?? {}),
        },
        ...(ip.attributeMapping ? { attributeMapping: ip.attributeMapping } : {}),
        ...(ip.idpIdentifiers ? { idpIdentifiers: ip.idpIdentifiers } : {}),
      });
    }
    // The issuer and base URL need the endpoint; startEmulator fills them in once the server listens.
    if (sp.tokenIssuer) pool.tokenIssuer = sp.tokenIssuer;
    const seeded: SeededPool = {
      id: pool.id,
      clients: {},
      issuer: '',
      ...(sp.domain ? { domain: sp.domain } : {}),
    };
    for (const sc of sp.clients ?? []) {
      let client = [...ctx.store.clients.values()].find(
        (c) => c.poolId === pool.id && (sc.id ? c.id === sc.id : c.name === sc.name),
      );
      if (!client) {
        client = createClientRecord(ctx, pool, {
          name: sc.name,
          ...(sc.id ? { id: sc.id } : {}),
          ...(sc.generateSecret ? { generateSecret: true } : {}),
          explicitAuthFlows: sc.explicitAuthFlows ?? SEED_DEFAULT_FLOWS,
          ...(sc.refreshTokenRotation ? { rotation: sc.refreshTokenRotation } : {}),
          ...(sc.accessTokenValidityMinutes ? { accessValidityMinutes: sc.accessTokenValidityMinutes } : {}),
          ...(sc.idTokenValidityMinutes ? { idValidityMinutes: sc.idTokenValidityMinutes } : {}),
          ...(sc.refreshTokenValidityDays
            ? { refreshValidityMinutes: sc.refreshTokenValidityDays * 1440 }
            : {}),
          ...(sc.preventUserExistenceErrors
            ? { preventUserExistenceErrors: sc.preventUserExistenceErrors }
            : {}),
          ...(sc.authSessionValidityMinutes !== undefined
            ? { authSessionValidityMinutes: sc.authSessionValidityMinutes }
            : {}),
          ...(sc.allowedOAuthFlows || sc.callbackURLs || sc.allowedOAuthScopes
            ? { oauth: seedOAuth(sc) }
            : {}),
          ...(sc.enableTokenRevocation === false ? { enableTokenRevocation: false } : {}),
        });
      }
      setOwn(seeded.clients, sc.name, { id: client.id, ...(client.secret ? { secret: client.secret } : {}) });
    }
    for (const su of sp.users ?? []) {
      if (!fresh && ctx.store.findUser(pool, su.username)) continue;
      const user = await createUser(ctx, pool, {
        name: su.username,
        ...(su.attributes ? { attributes: su.attributes } : {}),
        ...(su.password ? { password: su.password } : {}),
        ...(su.temporaryPassword ? { temporaryPassword: su.temporaryPassword } : {}),
        status: su.password || !su.temporaryPassword ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD',
      });
      if (su.softwareTokenSecret) {
        user.totp = { secret: su.softwareTokenSecret.replace(/\s+/g, '').toUpperCase(), verified: true };
        if (!su.mfaPreference)
          user.mfa = { sms: false, totp: true, email: false, preferred: 'SOFTWARE_TOKEN_MFA' };
      }
      if (su.mfaPreference) {
        const p = su.mfaPreference;
        user.mfa = {
          sms: p.sms ?? p.preferred === 'SMS_MFA',
          totp: p.totp ?? p.preferred === 'SOFTWARE_TOKEN_MFA',
          email: p.email ?? p.preferred === 'EMAIL_OTP',
          ...(p.preferred ? { preferred: p.preferred } : {}),
        };
      }
    }
    setOwn(out, sp.name, seeded);
  }
  return out;
}
