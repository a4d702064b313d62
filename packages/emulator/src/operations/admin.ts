// The control plane: user pools, app clients and Admin* user operations (AWS API reference). The service wants
// SigV4 on these; the emulator accepts any signature or none.
import { CognitoException, invalidParameter, requireString, userNotFound } from '../cognito-exception.js';
import type { EmulatorContext } from '../context.js';
import { newClientId, newClientSecret, newOpaque, newPoolId } from '../ids.js';
import { warmPoolSigningKey } from '../jwt.js';
import { attributeList, checkPasswordPolicy, getPool, poolNameOf } from '../pool-helpers.js';
import { createVerifier } from '../srp-server.js';
import type { ClientRecord, PasswordPolicy, PoolRecord, UserRecord } from '../state.js';
import type { FirstAuthFactor, MfaConfiguration, MfaType } from '../types.js';
import { createUser } from '../user-factory.js';
import { mfaSummary } from './mfa.js';
import { attributesFrom } from './users.js';

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
  extra?: Record<string, unknown>;
}

export function createPoolRecord(ctx: EmulatorContext, input: PoolInput): PoolRecord {
  const id = input.id ?? newPoolId(ctx.region);
  if (!/^[\w-]+_[0-9a-zA-Z]+$/.test(id)) throw invalidParameter(`Invalid user pool id ${id}`);
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
    extra: input.extra ?? {},
  };
  ctx.store.pools.set(id, pool);
  warmPoolSigningKey(pool);
  return pool;
}

export interface ClientInput {
  name: string;
  id?: string;
  generateSecret?: boolean;
  explicitAuthFlows?: string[];
  rotation?: { Feature: 'ENABLED' | 'DISABLED'; RetryGracePeriodSeconds?: number };
  accessValidityMinutes?: number;
  idValidityMinutes?: number;
  refreshValidityMinutes?: number;
  preventUserExistenceErrors?: 'ENABLED' | 'LEGACY';
  extra?: Record<string, unknown>;
}

const DEFAULT_FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

export function createClientRecord(ctx: EmulatorContext, pool: PoolRecord, input: ClientInput): ClientRecord {
  const id = input.id ?? newClientId();
  if (ctx.store.clients.has(id)) throw invalidParameter(`User pool client ${id} already exists.`);
  const flows = input.explicitAuthFlows ?? DEFAULT_FLOWS;
  const grace = input.rotation?.RetryGracePeriodSeconds;
  if (grace !== undefined && (grace < 0 || grace > 60))
    throw invalidParameter('RetryGracePeriodSeconds must be between 0 and 60');
  const now = ctx.now();
  const client: ClientRecord = {
    poolId: pool.id,
    id,
    name: input.name,
    ...(input.generateSecret ? { secret: newClientSecret() } : {}),
    explicitAuthFlows: flows,
    ...(input.rotation ? { rotation: input.rotation } : {}),
    accessValidityMinutes: input.accessValidityMinutes ?? 60,
    idValidityMinutes: input.idValidityMinutes ?? 60,
    refreshValidityMinutes: input.refreshValidityMinutes ?? 30 * 24 * 60,
    preventUserExistenceErrors: input.preventUserExistenceErrors ?? 'ENABLED',
    createdAt: now,
    modifiedAt: now,
    extra: input.extra ?? {},
  };
  ctx.store.clients.set(id, client);
  return client;
}

function describePool(ctx: EmulatorContext, pool: PoolRecord): Record<string, unknown> {
  return {
    ...pool.extra,
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
    Status: 'Enabled',
  };
}

type Units = { AccessToken?: string; IdToken?: string; RefreshToken?: string };
const toMinutes = (value: unknown, unit: string | undefined, fallbackUnit: string): number | undefined => {
  if (typeof value !== 'number') return undefined;
  switch (unit ?? fallbackUnit) {
    case 'seconds':
      return value / 60;
    case 'minutes':
      return value;
    case 'hours':
      return value * 60;
    case 'days':
      return value * 1440;
    default:
      throw invalidParameter('Invalid TokenValidityUnits');
  }
};

function describeClient(client: ClientRecord): Record<string, unknown> {
  return {
    ...client.extra,
    UserPoolId: client.poolId,
    ClientName: client.name,
    ClientId: client.id,
    ...(client.secret ? { ClientSecret: client.secret } : {}),
    ExplicitAuthFlows: client.explicitAuthFlows,
    ...(client.rotation ? { RefreshTokenRotation: client.rotation } : {}),
    AccessTokenValidity: client.accessValidityMinutes,
    IdTokenValidity: client.idValidityMinutes,
    RefreshTokenValidity: client.refreshValidityMinutes,
    TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
    PreventUserExistenceErrors: client.preventUserExistenceErrors,
    EnableTokenRevocation: true,
    CreationDate: client.createdAt / 1000,
    LastModifiedDate: client.modifiedAt / 1000,
  };
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
  ]) {
    if (body[k] !== undefined) extra[k] = body[k];
  }
  const pool = createPoolRecord(ctx, {
    name,
    ...(mfa ? { mfaConfiguration: mfa } : {}),
    ...(mfa && mfa !== 'OFF' ? { enabledMfas: ['SMS_MFA'] } : {}),
    ...(body.DeviceConfiguration
      ? { deviceConfiguration: body.DeviceConfiguration as PoolInput['deviceConfiguration'] }
      : {}),
    ...(Array.isArray(body.UsernameAttributes)
      ? { usernameAttributes: body.UsernameAttributes as string[] }
      : {}),
    ...(Array.isArray(body.AliasAttributes) ? { aliasAttributes: body.AliasAttributes as string[] } : {}),
    ...(Array.isArray(body.AutoVerifiedAttributes)
      ? { autoVerifiedAttributes: body.AutoVerifiedAttributes as string[] }
      : {}),
    ...(policies.PasswordPolicy ? { passwordPolicy: policies.PasswordPolicy } : {}),
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
  pool.modifiedAt = ctx.now();
  return {};
}

export function deleteUserPool(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const pool = getPool(ctx, body.UserPoolId);
  for (const u of ctx.store.usersOf(pool.id)) ctx.store.deleteUser(u);
  for (const c of [...ctx.store.clients.values()]) if (c.poolId === pool.id) ctx.store.clients.delete(c.id);
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

function clientInputFrom(body: Record<string, unknown>, name: string): ClientInput {
  const units = (body.TokenValidityUnits ?? {}) as Units;
  const access = toMinutes(body.AccessTokenValidity, units.AccessToken, 'hours');
  const id = toMinutes(body.IdTokenValidity, units.IdToken, 'hours');
  const refresh = toMinutes(body.RefreshTokenValidity, units.RefreshToken, 'days');
  return {
    name,
    ...(body.GenerateSecret === true ? { generateSecret: true } : {}),
    ...(Array.isArray(body.ExplicitAuthFlows)
      ? { explicitAuthFlows: body.ExplicitAuthFlows as string[] }
      : {}),
    ...(body.RefreshTokenRotation
      ? { rotation: body.RefreshTokenRotation as ClientInput['rotation'] & object }
      : {}),
    ...(access !== undefined ? { accessValidityMinutes: access } : {}),
    ...(id !== undefined ? { idValidityMinutes: id } : {}),
    ...(refresh !== undefined ? { refreshValidityMinutes: refresh } : {}),
    ...(body.PreventUserExistenceErrors === 'LEGACY'
      ? { preventUserExistenceErrors: 'LEGACY' as const }
      : {}),
  };
}

export function createUserPoolClient(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const pool = getPool(ctx, body.UserPoolId);
  const client = createClientRecord(ctx, pool, clientInputFrom(body, requireString(body, 'ClientName')));
  return { UserPoolClient: describeClient(client) };
}

function poolClient(ctx: EmulatorContext, body: Record<string, unknown>): ClientRecord {
  const pool = getPool(ctx, body.UserPoolId);
  const id = requireString(body, 'ClientId');
  const client = ctx.store.clients.get(id);
  if (!client || client.poolId !== pool.id)
    throw new CognitoException('ResourceNotFoundException', `User pool client ${id} does not exist.`);
  return client;
}

export function describeUserPoolClient(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  return { UserPoolClient: describeClient(poolClient(ctx, body)) };
}

export function updateUserPoolClient(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const client = poolClient(ctx, body);
  const input = clientInputFrom(body, typeof body.ClientName === 'string' ? body.ClientName : client.name);
  client.name = input.name;
  if (input.explicitAuthFlows) client.explicitAuthFlows = input.explicitAuthFlows;
  if (input.rotation) client.rotation = input.rotation;
  if (input.accessValidityMinutes !== undefined) client.accessValidityMinutes = input.accessValidityMinutes;
  if (input.idValidityMinutes !== undefined) client.idValidityMinutes = input.idValidityMinutes;
  if (input.refreshValidityMinutes !== undefined)
    client.refreshValidityMinutes = input.refreshValidityMinutes;
  if (body.PreventUserExistenceErrors === 'LEGACY' || body.PreventUserExistenceErrors === 'ENABLED') {
    client.preventUserExistenceErrors = body.PreventUserExistenceErrors;
  }
  client.modifiedAt = ctx.now();
  return { UserPoolClient: describeClient(client) };
}

export function deleteUserPoolClient(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  ctx.store.clients.delete(poolClient(ctx, body).id);
  return {};
}

export function listUserPoolClients(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const pool = getPool(ctx, body.UserPoolId);
  return {
    UserPoolClients: [...ctx.store.clients.values()]
      .filter((c) => c.poolId === pool.id)
      .map((c) => ({ ClientId: c.id, ClientName: c.name, UserPoolId: c.poolId })),
  };
}

function userType(user: UserRecord): Record<string, unknown> {
  return {
    Username: user.username,
    Attributes: attributeList(user),
    UserCreateDate: user.createdAt / 1000,
    UserLastModifiedDate: user.modifiedAt / 1000,
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

function adminUser(
  ctx: EmulatorContext,
  body: Record<string, unknown>,
): { pool: PoolRecord; user: UserRecord } {
  const pool = getPool(ctx, body.UserPoolId);
  const user = ctx.store.findUser(pool, requireString(body, 'Username'));
  if (!user) throw userNotFound();
  return { pool, user };
}

export function adminCreateUser(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const pool = getPool(ctx, body.UserPoolId);
  const name = requireString(body, 'Username');
  const action = body.MessageAction;
  if (action === 'RESEND') {
    const existing = ctx.store.findUser(pool, name);
    if (!existing) throw userNotFound();
    return { User: userType(existing) };
  }
  const temporary =
    typeof body.TemporaryPassword === 'string' && body.TemporaryPassword
      ? body.TemporaryPassword
      : `Tmp${newOpaque(9)}1!a`;
  checkPasswordPolicy(pool, temporary);
  const user = createUser(ctx, pool, {
    name,
    attributes: attributesFrom(body.UserAttributes),
    temporaryPassword: temporary,
  });
  if (action !== 'SUPPRESS') {
    const mediums = Array.isArray(body.DesiredDeliveryMediums)
      ? (body.DesiredDeliveryMediums as string[])
      : ['SMS'];
    for (const medium of mediums) {
      const destination = medium === 'EMAIL' ? user.attributes.email : user.attributes.phone_number;
      if (destination) {
        ctx.deliver({
          poolId: pool.id,
          username: user.username,
          medium: medium as 'SMS' | 'EMAIL',
          destination,
          code: temporary,
          kind: 'INVITATION',
        });
      }
    }
  }
  return { User: userType(user) };
}

export function adminGetUser(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { user } = adminUser(ctx, body);
  const t = userType(user);
  return {
    Username: t.Username,
    UserAttributes: t.Attributes,
    UserCreateDate: t.UserCreateDate,
    UserLastModifiedDate: t.UserLastModifiedDate,
    Enabled: t.Enabled,
    UserStatus: t.UserStatus,
    ...mfaSummary(user),
  };
}

export function adminDeleteUser(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { user } = adminUser(ctx, body);
  ctx.store.deleteUser(user);
  return {};
}

export function adminSetUserPassword(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { pool, user } = adminUser(ctx, body);
  const password = requireString(body, 'Password');
  checkPasswordPolicy(pool, password);
  user.password = createVerifier(poolNameOf(pool), user.username, password);
  if (body.Permanent === true) {
    user.status = 'CONFIRMED';
    delete user.temporaryPasswordExpiresAt;
  } else {
    user.status = 'FORCE_CHANGE_PASSWORD';
    user.temporaryPasswordExpiresAt =
      ctx.now() + pool.passwordPolicy.TemporaryPasswordValidityDays * 86_400_000;
  }
  user.modifiedAt = ctx.now();
  return {};
}

export function adminResetUserPassword(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { user } = adminUser(ctx, body);
  user.status = 'RESET_REQUIRED';
  user.modifiedAt = ctx.now();
  return {};
}

export function adminUpdateUserAttributes(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { user } = adminUser(ctx, body);
  Object.assign(user.attributes, attributesFrom(body.UserAttributes));
  user.modifiedAt = ctx.now();
  return {};
}

export function adminDeleteUserAttributes(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { user } = adminUser(ctx, body);
  for (const name of (body.UserAttributeNames as string[] | undefined) ?? []) delete user.attributes[name];
  user.modifiedAt = ctx.now();
  return {};
}

export function adminConfirmSignUp(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { user } = adminUser(ctx, body);
  if (user.status !== 'UNCONFIRMED')
    throw new CognitoException(
      'NotAuthorizedException',
      `User cannot be confirmed. Current status is ${user.status}`,
    );
  user.status = 'CONFIRMED';
  return {};
}

export function adminSetEnabled(enabled: boolean) {
  return (ctx: EmulatorContext, body: Record<string, unknown>): unknown => {
    const { user } = adminUser(ctx, body);
    user.enabled = enabled;
    user.modifiedAt = ctx.now();
    return {};
  };
}

export function listUsers(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const pool = getPool(ctx, body.UserPoolId);
  let users = ctx.store.usersOf(pool.id);
  if (typeof body.Filter === 'string' && body.Filter) {
    const m = /^\s*([\w:]+)\s*(=|\^=)\s*"([^"]*)"\s*$/.exec(body.Filter);
    if (!m) throw invalidParameter('Invalid search filter');
    const [, attr, op, value] = m as unknown as [string, string, string, string];
    const read = (u: UserRecord): string | undefined =>
      attr === 'username'
        ? u.username
        : attr === 'sub'
          ? u.sub
          : attr === 'status'
            ? u.enabled
              ? 'Enabled'
              : 'Disabled'
            : attr === 'cognito:user_status'
              ? u.status
              : u.attributes[attr];
    users = users.filter((u) => {
      const v = read(u);
      return v !== undefined && (op === '=' ? v === value : v.startsWith(value));
    });
  }
  const limit = typeof body.Limit === 'number' ? body.Limit : 60;
  return { Users: users.slice(0, limit).map(userType) };
}
