// App clients: CreateUserPoolClient, DescribeUserPoolClient, UpdateUserPoolClient, DeleteUserPoolClient,
// ListUserPoolClients (AWS API reference): secrets, auth flows, refresh-token rotation, token validity.
import { CognitoException, invalidParameter, requireString } from '../cognito-exception.js';
import type { EmulatorContext } from '../context.js';
import { newClientId, newClientSecret } from '../ids.js';
import {
  checkOAuthSettings,
  describeOAuth,
  type OAuthInput,
  oauthInputFrom,
} from '../oauth/client-settings.js';
import { getPool } from '../pool-helpers.js';
import { AUTH_SESSION_VALIDITY } from '../sessions.js';
import type { ClientRecord, PoolRecord } from '../state.js';

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
  /** AuthSessionValidity in minutes, 3-15 (default 3). */
  authSessionValidityMinutes?: number;
  /** OAuth 2.0 settings; checked against the pool's resource servers and identity providers. */
  oauth?: OAuthInput;
  enableTokenRevocation?: boolean;
  extra?: Record<string, unknown>;
}

const DEFAULT_FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

export function createClientRecord(ctx: EmulatorContext, pool: PoolRecord, input: ClientInput): ClientRecord {
  const id = input.id ?? newClientId();
  if (ctx.store.clients.has(id)) throw invalidParameter(`User pool client ${id} already exists.`);
  const flows = input.explicitAuthFlows ?? DEFAULT_FLOWS;
  if (input.authSessionValidityMinutes !== undefined)
    checkAuthSessionValidity(input.authSessionValidityMinutes);
  const grace = input.rotation?.RetryGracePeriodSeconds;
  if (grace !== undefined && (grace < 0 || grace > 60))
    throw invalidParameter('RetryGracePeriodSeconds must be between 0 and 60');
  const oauth = input.oauth
    ? checkOAuthSettings(ctx.store, pool.id, input.oauth, !!input.generateSecret)
    : undefined;
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
    authSessionValidityMinutes: input.authSessionValidityMinutes ?? AUTH_SESSION_VALIDITY.default,
    ...(oauth ? { oauth } : {}),
    ...(input.enableTokenRevocation === false ? { enableTokenRevocation: false } : {}),
    createdAt: now,
    modifiedAt: now,
    extra: input.extra ?? {},
  };
  ctx.store.clients.set(id, client);
  return client;
}

/** The service's validation message for an AuthSessionValidity outside 3-15 minutes. */
function checkAuthSessionValidity(minutes: number): void {
  if (!Number.isInteger(minutes) || minutes < AUTH_SESSION_VALIDITY.min) {
    throw invalidParameter(
      `1 validation error detected: Value '${minutes}' at 'authSessionValidity' failed to satisfy constraint: Member must have value greater than or equal to ${AUTH_SESSION_VALIDITY.min}`,
    );
  }
  if (minutes > AUTH_SESSION_VALIDITY.max) {
    throw invalidParameter(
      `1 validation error detected: Value '${minutes}' at 'authSessionValidity' failed to satisfy constraint: Member must have value less than or equal to ${AUTH_SESSION_VALIDITY.max}`,
    );
  }
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
    AuthSessionValidity: client.authSessionValidityMinutes ?? AUTH_SESSION_VALIDITY.default,
    ...describeOAuth(client.oauth),
    EnableTokenRevocation: client.enableTokenRevocation ?? true,
    CreationDate: client.createdAt / 1000,
    LastModifiedDate: client.modifiedAt / 1000,
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
    ...(body.AuthSessionValidity !== undefined
      ? { authSessionValidityMinutes: body.AuthSessionValidity as number }
      : {}),
    oauth: oauthInputFrom(body),
    ...(typeof body.EnableTokenRevocation === 'boolean'
      ? { enableTokenRevocation: body.EnableTokenRevocation }
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
  // The service resets what an update leaves out to its default ("If you don't provide a value for an attribute,
  // Amazon Cognito sets it to its default value", UpdateUserPoolClient): for the OAuth settings the emulator does too.
  // Checked before anything changes, so a refused update leaves the client as it was.
  const oauth = checkOAuthSettings(ctx.store, client.poolId, input.oauth ?? {}, !!client.secret);
  if (input.authSessionValidityMinutes !== undefined)
    checkAuthSessionValidity(input.authSessionValidityMinutes);
  client.name = input.name;
  if (input.explicitAuthFlows) client.explicitAuthFlows = input.explicitAuthFlows;
  if (input.rotation) client.rotation = input.rotation;
  if (input.accessValidityMinutes !== undefined) client.accessValidityMinutes = input.accessValidityMinutes;
  if (input.idValidityMinutes !== undefined) client.idValidityMinutes = input.idValidityMinutes;
  if (input.refreshValidityMinutes !== undefined)
    client.refreshValidityMinutes = input.refreshValidityMinutes;
  if (input.authSessionValidityMinutes !== undefined) {
    checkAuthSessionValidity(input.authSessionValidityMinutes);
    client.authSessionValidityMinutes = input.authSessionValidityMinutes;
  }
  if (body.PreventUserExistenceErrors === 'LEGACY' || body.PreventUserExistenceErrors === 'ENABLED') {
    client.preventUserExistenceErrors = body.PreventUserExistenceErrors;
  }
  client.oauth = oauth;
  if (input.enableTokenRevocation !== undefined) client.enableTokenRevocation = input.enableTokenRevocation;
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
