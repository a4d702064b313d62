// The sign-in triggers (developer guide): user migration for an unknown user, pre authentication before the first
// factor is checked, post authentication once the sign-in succeeded.
import { CognitoException } from '../cognito-exception.js';
import type { EmulatorContext } from '../context.js';
import { checkSecretHash } from '../pool-helpers.js';
import type { ClientRecord, PoolRecord, UserRecord } from '../state.js';
import { createUser } from '../user-factory.js';
import { commonEvent, invokeTrigger, stringMap, triggersFor, userAttributesOf } from './invoke.js';
import type { LambdaTriggers, UserMigrationEvent } from './types.js';

/** The app-client setting each InitiateAuth flow needs; a flow it does not allow never reaches a trigger. */
const FLOW_ALLOW: Record<string, string> = {
  USER_SRP_AUTH: 'ALLOW_USER_SRP_AUTH',
  USER_PASSWORD_AUTH: 'ALLOW_USER_PASSWORD_AUTH',
  CUSTOM_AUTH: 'ALLOW_CUSTOM_AUTH',
  USER_AUTH: 'ALLOW_USER_AUTH',
  ADMIN_USER_PASSWORD_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  ADMIN_NO_SRP_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
};
/** The flows that carry the password itself, so an unknown user can be migrated with it. */
const PASSWORD_FLOWS = new Set(['USER_PASSWORD_AUTH', 'ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH']);

/**
 * Runs UserMigration and creates the user it describes: its attributes, CONFIRMED (or RESET_REQUIRED) with the
 * password typed at sign-in; from forgot-password, RESET_REQUIRED without one. The pool's password policy is not
 * applied (the guide: migrated passwords are accepted as they are).
 */
export async function migrateUser(
  ctx: EmulatorContext,
  pool: PoolRecord,
  set: LambdaTriggers,
  opts: {
    name: string;
    clientId: string;
    source: UserMigrationEvent['triggerSource'];
    password?: string;
    clientMetadata?: unknown;
  },
): Promise<UserRecord | undefined> {
  if (!set.userMigration) return undefined;
  const metadata = stringMap(opts.clientMetadata);
  const event: UserMigrationEvent = {
    ...commonEvent(ctx, pool, { userName: opts.name, clientId: opts.clientId, triggerSource: opts.source }),
    request: {
      ...(opts.password !== undefined ? { password: opts.password } : {}),
      ...(metadata ? { validationData: metadata, clientMetadata: metadata } : {}),
    },
    response: {},
  };
  const answer = (await invokeTrigger(set.userMigration, event, 'UserMigration')).response;
  const attributes = stringMap(answer.userAttributes);
  if (!attributes)
    throw new CognitoException(
      'InvalidLambdaResponseException',
      'Invalid lambda response: userAttributes is required',
    );
  const status = answer.finalUserStatus ?? 'CONFIRMED';
  if (status !== 'CONFIRMED' && status !== 'RESET_REQUIRED')
    throw new CognitoException(
      'InvalidLambdaResponseException',
      `Invalid lambda response: finalUserStatus ${String(status)}`,
    );
  delete attributes.username;
  return createUser(ctx, pool, {
    name: opts.name,
    attributes,
    ...(opts.password !== undefined ? { password: opts.password } : {}),
    status: opts.source === 'UserMigration_ForgotPassword' ? 'RESET_REQUIRED' : status,
  });
}

function signInClient(
  ctx: EmulatorContext,
  operation: string,
  body: Record<string, unknown>,
): { client: ClientRecord; pool: PoolRecord } | undefined {
  const client = typeof body.ClientId === 'string' ? ctx.store.clients.get(body.ClientId) : undefined;
  const pool = client ? ctx.store.pools.get(client.poolId) : undefined;
  if (!client || !pool) return undefined;
  if (operation === 'AdminInitiateAuth' && body.UserPoolId !== pool.id) return undefined;
  return { client, pool };
}

/**
 * Before InitiateAuth / AdminInitiateAuth: migrates an unknown user (password flows), then runs pre authentication.
 * Anything the operation itself would refuse first (unknown client, flow not allowed, SECRET_HASH) is left to it.
 */
export async function beforeSignIn(
  ctx: EmulatorContext,
  operation: string,
  body: Record<string, unknown>,
): Promise<void> {
  if (operation !== 'InitiateAuth' && operation !== 'AdminInitiateAuth') return;
  const flow = typeof body.AuthFlow === 'string' ? body.AuthFlow : '';
  const found = signInClient(ctx, operation, body);
  const allow = FLOW_ALLOW[flow];
  if (!found || !allow || !found.client.explicitAuthFlows.includes(allow)) return;
  if (operation === 'InitiateAuth' && flow.startsWith('ADMIN_')) return;
  const { client, pool } = found;
  const params = (body.AuthParameters ?? {}) as Record<string, unknown>;
  const name = typeof params.USERNAME === 'string' ? params.USERNAME : '';
  if (!name) return;
  checkSecretHash(client, params.SECRET_HASH, name);
  const set = triggersFor(ctx, pool);
  let user = ctx.store.findUser(pool, name);
  if (!user && PASSWORD_FLOWS.has(flow) && typeof params.PASSWORD === 'string' && params.PASSWORD) {
    user = await migrateUser(ctx, pool, set, {
      name,
      clientId: client.id,
      source: 'UserMigration_Authentication',
      password: params.PASSWORD,
      clientMetadata: body.ClientMetadata,
    });
  }
  if (!set.preAuthentication) return;
  // Without the user, the trigger hears of it only where unknown users are not told apart (the guide's userNotFound).
  if (!user && client.preventUserExistenceErrors !== 'ENABLED') return;
  const metadata = stringMap(body.ClientMetadata);
  await invokeTrigger(
    set.preAuthentication,
    {
      ...commonEvent(ctx, pool, {
        userName: user?.username ?? name,
        clientId: client.id,
        triggerSource: 'PreAuthentication_Authentication' as const,
      }),
      request: {
        userAttributes: user ? userAttributesOf(user) : {},
        ...(user ? {} : { userNotFound: true }),
        ...(metadata ? { validationData: metadata } : {}),
      },
      response: {},
    },
    'PreAuthentication',
  );
}

/** Before ForgotPassword: a user the pool does not know may be migrated (UserMigration_ForgotPassword). */
export async function beforeForgotPassword(
  ctx: EmulatorContext,
  body: Record<string, unknown>,
): Promise<void> {
  const client = typeof body.ClientId === 'string' ? ctx.store.clients.get(body.ClientId) : undefined;
  const pool = client ? ctx.store.pools.get(client.poolId) : undefined;
  const name = typeof body.Username === 'string' ? body.Username : '';
  if (!client || !pool || !name || ctx.store.findUser(pool, name)) return;
  const set = triggersFor(ctx, pool);
  if (!set.userMigration) return;
  checkSecretHash(client, body.SecretHash, name);
  await migrateUser(ctx, pool, set, {
    name,
    clientId: client.id,
    source: 'UserMigration_ForgotPassword',
    clientMetadata: body.ClientMetadata,
  });
}

/** After a sign-in answered with tokens: post authentication; if it throws, that sign-in's tokens are revoked. */
export async function postAuthentication(
  ctx: EmulatorContext,
  pool: PoolRecord,
  set: LambdaTriggers,
  opts: {
    clientId: string;
    username: string;
    originJti: string;
    newDeviceUsed: boolean;
    clientMetadata: unknown;
  },
): Promise<void> {
  const user = ctx.store.getUser(pool.id, opts.username);
  if (!set.postAuthentication || !user) return;
  const metadata = stringMap(opts.clientMetadata);
  try {
    await invokeTrigger(
      set.postAuthentication,
      {
        ...commonEvent(ctx, pool, {
          userName: user.username,
          clientId: opts.clientId,
          triggerSource: 'PostAuthentication_Authentication' as const,
        }),
        request: {
          userAttributes: userAttributesOf(user),
          newDeviceUsed: opts.newDeviceUsed,
          ...(metadata ? { clientMetadata: metadata } : {}),
        },
        response: {},
      },
      'PostAuthentication',
    );
  } catch (err) {
    // The caller gets an error and no tokens, so none of this sign-in's may keep working.
    ctx.store.revokeOrigins([opts.originJti]);
    throw err;
  }
}
