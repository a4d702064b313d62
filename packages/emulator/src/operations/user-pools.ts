// User pools: CreateUserPool, DescribeUserPool, UpdateUserPool, DeleteUserPool, ListUserPools, AddCustomAttributes
// (AWS API reference).
// The service wants SigV4 on these control-plane calls; the emulator accepts any signature or none.
import { userPoolName } from '@cogflow/core';
import { invalidParameter, requireString } from '../cognito-exception.js';
import type { EmulatorContext } from '../context.js';
import { newPoolId } from '../ids.js';
import { warmPoolSigningKey } from '../jwt.js';
import { dropPoolOAuth, poolDomainFields } from '../oauth/domains.js';
import { getPool } from '../pool-helpers.js';
import type { PasswordPolicy, PoolRecord } from '../state.js';
import type { FirstAuthFactor, MfaConfiguration, MfaType } from '../types.js';
import { normalizeSchema, type SchemaEntry, schemaName } from '../user-schema.js';

const DEFAULT_POLICY: PasswordPolicy = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
};

export interface PoolInput {
  name: string;
  id?: string;
  mfaConfiguration?: MfaConfiguration;
  enabledMfas?: MfaType[];
  deviceConfiguration?: {
    ChallengeRequiredOnNewDevice?: boolean;
    DeviceOnlyRememberedOnUserPrompt?: boolean;
  };
  usernameAttributes?: string[];
  aliasAttributes?: string[];
  autoVerifiedAttributes?: string[];
  passwordPolicy?: Partial<PasswordPolicy>;
  allowedFirstAuthFactors?: FirstAuthFactor[];
  webAuthnRelyingPartyId?: string;
  usernameCaseSensitive?: boolean;
  extra?: Record<string, unknown>;
}

export function createPoolRecord(ctx: EmulatorContext, input: PoolInput): PoolRecord {
  const id = input.id ?? newPoolId(ctx.region);
  // The SRP realm of the pool's passwords is core's userPoolName(id); an id it cannot read no client could sign in to.
  try {
    userPoolName(id);
  } catch {
    throw invalidParameter(`Invalid user pool id ${id}`);
  }
  if (ctx.store.pools.has(id)) throw invalidParameter(`User pool ${id} already exists.`);
  const mfa = input.mfaConfiguration ?? 'OFF';
  const enabledMfas = input.enabledMfas ?? (mfa === 'OFF' ? [] : ['SOFTWARE_TOKEN_MFA']);
  const factors = new Set<FirstAuthFactor>(input.allowedFirstAuthFactors ?? ['PASSWORD']);
  factors.add('PASSWORD');
  const now = ctx.now();
  const pool: PoolRecord = {
    id,
    name: input.name,
    createdAt: now,
    modifiedAt: now,
    mfaConfiguration: mfa,
    enabledMfas,
    ...(input.deviceConfiguration
      ? {
          deviceConfiguration: {
            ChallengeRequiredOnNewDevice: input.deviceConfiguration.ChallengeRequiredOnNewDevice ?? false,
            DeviceOnlyRememberedOnUserPrompt:
              input.deviceConfiguration.DeviceOnlyRememberedOnUserPrompt ?? false,
          },
        }
      : {}),
    usernameAttributes: input.usernameAttributes ?? [],
    aliasAttributes: input.aliasAttributes ?? [],
    autoVerifiedAttributes: input.autoVerifiedAttributes ?? [],
    passwordPolicy: { ...DEFAULT_POLICY, ...(input.passwordPolicy ?? {}) },
    allowedFirstAuthFactors: [...factors],
    ...(input.webAuthnRelyingPartyId ? { webAuthnRelyingPartyId: input.webAuthnRelyingPartyId } : {}),
    webAuthnUserVerification: 'preferred',
    ...(input.usernameCaseSensitive ? { usernameCaseSensitive: true } : {}),
    extra: input.extra ?? {},
  };
  ctx.store.pools.set(id, pool);
  warmPoolSigningKey(pool);
  return pool;
}

function describePool(ctx: EmulatorContext, pool: PoolRecord): Record<string, unknown> {
  const { Schema: schema, ...extra } = pool.extra;
  return {
    ...extra,
    // The schema as DescribeUserPool names it: custom attributes under their full names.
    ...(schema ? { SchemaAttributes: schema } : {}),
    Id: pool.id,
    Name: pool.name,
    Arn: `arn:aws:cognito-idp:${ctx.region}:000000000000:userpool/${pool.id}`,
    CreationDate: pool.createdAt / 1000,
    LastModifiedDate: pool.modifiedAt / 1000,
    MfaConfiguration: pool.mfaConfiguration,
    ...(pool.deviceConfiguration ? { DeviceConfiguration: pool.deviceConfiguration } : {}),
    ...(pool.usernameAttributes.length ? { UsernameAttributes: pool.usernameAttributes } : {}),
    ...(pool.aliasAttributes.length ? { AliasAttributes: pool.aliasAttributes } : {}),
    AutoVerifiedAttributes: pool.autoVerifiedAttributes,
    Policies: {
      PasswordPolicy: pool.passwordPolicy,
      SignInPolicy: { AllowedFirstAuthFactors: pool.allowedFirstAuthFactors },
    },
    EstimatedNumberOfUsers: ctx.store.usersOf(pool.id).length,
    ...poolDomainFields(ctx.store, pool.id),
    Status: 'Enabled',
  };
}

const USERNAME_ATTRIBUTES = ['phone_number', 'email'];
const ALIAS_ATTRIBUTES = ['phone_number', 'email', 'preferred_username'];

/** A list member outside its enum is the service's validation error (the name is looked up by value, never as a key). */
function enumList(list: unknown[], member: string, allowed: readonly string[]): string[] {
  for (const v of list)
    if (typeof v !== 'string' || !allowed.includes(v))
      throw invalidParameter(
        `1 validation error detected: Value '[${list.map(String).join(', ')}]' at '${member}' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${allowed.join(', ')}]]`,
      );
  return list as string[];
}

export function createUserPool(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const name = requireString(body, 'PoolName');
  const policies = (body.Policies ?? {}) as {
    PasswordPolicy?: Partial<PasswordPolicy>;
    SignInPolicy?: { AllowedFirstAuthFactors?: FirstAuthFactor[] };
  };
  const mfa = body.MfaConfiguration as MfaConfiguration | undefined;
  const extra: Record<string, unknown> = {};
  for (const k of [
    'Schema',
    'UserPoolTier',
    'UsernameConfiguration',
    'AccountRecoverySetting',
    'AdminCreateUserConfig',
    'UserPoolTags',
    'LambdaConfig',
    'UserAttributeUpdateSettings',
  ]) {
    if (body[k] !== undefined) extra[k] = k === 'Schema' ? normalizeSchema(body[k]) : body[k];
  }
  const pool = createPoolRecord(ctx, {
    name,
    ...(mfa ? { mfaConfiguration: mfa } : {}),
    ...(mfa && mfa !== 'OFF' ? { enabledMfas: ['SMS_MFA'] } : {}),
    ...(body.DeviceConfiguration
      ? { deviceConfiguration: body.DeviceConfiguration as PoolInput['deviceConfiguration'] }
      : {}),
    ...(Array.isArray(body.UsernameAttributes)
      ? { usernameAttributes: enumList(body.UsernameAttributes, 'usernameAttributes', USERNAME_ATTRIBUTES) }
      : {}),
    ...(Array.isArray(body.AliasAttributes)
      ? { aliasAttributes: enumList(body.AliasAttributes, 'aliasAttributes', ALIAS_ATTRIBUTES) }
      : {}),
    ...(Array.isArray(body.AutoVerifiedAttributes)
      ? { autoVerifiedAttributes: body.AutoVerifiedAttributes as string[] }
      : {}),
    ...(policies.PasswordPolicy ? { passwordPolicy: policies.PasswordPolicy } : {}),
    // The API reference: CaseSensitive defaults to true when UsernameConfiguration is left out.
    usernameCaseSensitive:
      (body.UsernameConfiguration as { CaseSensitive?: unknown } | undefined)?.CaseSensitive !== false,
    ...(policies.SignInPolicy?.AllowedFirstAuthFactors
      ? { allowedFirstAuthFactors: policies.SignInPolicy.AllowedFirstAuthFactors }
      : {}),
    extra,
  });
  return { UserPool: describePool(ctx, pool) };
}

export function describeUserPool(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  return { UserPool: describePool(ctx, getPool(ctx, body.UserPoolId)) };
}

export function updateUserPool(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const pool = getPool(ctx, body.UserPoolId);
  if (body.MfaConfiguration) pool.mfaConfiguration = body.MfaConfiguration as MfaConfiguration;
  if (body.DeviceConfiguration) {
    const d = body.DeviceConfiguration as {
      ChallengeRequiredOnNewDevice?: boolean;
      DeviceOnlyRememberedOnUserPrompt?: boolean;
    };
    pool.deviceConfiguration = {
      ChallengeRequiredOnNewDevice: d.ChallengeRequiredOnNewDevice ?? false,
      DeviceOnlyRememberedOnUserPrompt: d.DeviceOnlyRememberedOnUserPrompt ?? false,
    };
  }
  const policies = body.Policies as
    | {
        PasswordPolicy?: Partial<PasswordPolicy>;
        SignInPolicy?: { AllowedFirstAuthFactors?: FirstAuthFactor[] };
      }
    | undefined;
  if (policies?.PasswordPolicy) pool.passwordPolicy = { ...DEFAULT_POLICY, ...policies.PasswordPolicy };
  if (policies?.SignInPolicy?.AllowedFirstAuthFactors) {
    pool.allowedFirstAuthFactors = [
      ...new Set<FirstAuthFactor>(['PASSWORD', ...policies.SignInPolicy.AllowedFirstAuthFactors]),
    ];
  }
  if (Array.isArray(body.AutoVerifiedAttributes))
    pool.autoVerifiedAttributes = body.AutoVerifiedAttributes as string[];
  for (const k of ['UserAttributeUpdateSettings', 'AccountRecoverySetting', 'AdminCreateUserConfig']) {
    if (body[k] !== undefined) pool.extra[k] = body[k];
  }
  pool.modifiedAt = ctx.now();
  return {};
}

export function deleteUserPool(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const pool = getPool(ctx, body.UserPoolId);
  for (const u of ctx.store.usersOf(pool.id)) ctx.store.deleteUser(u);
  for (const c of [...ctx.store.clients.values()]) if (c.poolId === pool.id) ctx.store.clients.delete(c.id);
  dropPoolOAuth(ctx.store, pool.id);
  for (const g of ctx.store.groupsOf(pool.id)) ctx.store.deleteGroup(g);
  ctx.store.pools.delete(pool.id);
  return {};
}

export function listUserPools(ctx: EmulatorContext): unknown {
  return {
    UserPools: [...ctx.store.pools.values()].map((p) => ({
      Id: p.id,
      Name: p.name,
      CreationDate: p.createdAt / 1000,
      LastModifiedDate: p.modifiedAt / 1000,
      Status: 'Enabled',
    })),
  };
}

/** AddCustomAttributes: custom attributes only, never a name the schema has; none can be removed afterwards. */
export function addCustomAttributes(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const pool = getPool(ctx, body.UserPoolId);
  const list = body.CustomAttributes;
  if (!Array.isArray(list) || list.length === 0)
    throw invalidParameter(
      "1 validation error detected: Value at 'customAttributes' failed to satisfy constraint: Member must not be null",
    );
  const schema = Array.isArray(pool.extra.Schema) ? (pool.extra.Schema as SchemaEntry[]) : [];
  const taken = new Set(schema.map((e) => schemaName(e)));
  const added = normalizeSchema(
    (list as SchemaEntry[]).map((e) => {
      // The Name is given without its prefix; a standard name is not a custom attribute.
      if (typeof e?.Name !== 'string' || e.Name.includes(':'))
        throw invalidParameter('Custom attribute names are given without the custom: prefix');
      return e;
    }),
  );
  for (const e of added) {
    if (taken.has(e.Name as string)) throw invalidParameter(`Existing attribute already has name ${e.Name}.`);
    taken.add(e.Name as string);
  }
  pool.extra.Schema = [...schema, ...added];
  pool.modifiedAt = ctx.now();
  return {};
}
