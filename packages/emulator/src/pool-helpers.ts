// Shared checks: app-client lookup, SECRET_HASH, the password policy, attributes and code delivery.
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  CognitoException,
  notAuthorized,
  requireString,
  resourceNotFound,
  userNotFound,
} from './cognito-exception.js';
import type { EmulatorContext } from './context.js';
import { newNumericCode } from './ids.js';
import type { ClientRecord, DeviceRecord, PoolRecord, UserRecord } from './state.js';

export function getPool(ctx: EmulatorContext, poolId: unknown): PoolRecord {
  const pool = typeof poolId === 'string' ? ctx.store.pools.get(poolId) : undefined;
  if (!pool) throw resourceNotFound(`User pool ${String(poolId)} does not exist.`);
  return pool;
}

/** The pool and user an Admin* call names (UserPoolId, Username or a sign-in alias); else UserNotFoundException. */
export function adminUser(
  ctx: EmulatorContext,
  body: Record<string, unknown>,
): { pool: PoolRecord; user: UserRecord } {
  const pool = getPool(ctx, body.UserPoolId);
  const user = ctx.store.findUser(pool, requireString(body, 'Username'));
  if (!user) throw userNotFound();
  return { pool, user };
}

export function getClient(
  ctx: EmulatorContext,
  clientId: unknown,
): { client: ClientRecord; pool: PoolRecord } {
  const client = typeof clientId === 'string' ? ctx.store.clients.get(clientId) : undefined;
  if (!client) throw resourceNotFound(`User pool client ${String(clientId)} does not exist.`);
  const pool = ctx.store.pools.get(client.poolId);
  if (!pool) throw resourceNotFound(`User pool client ${String(clientId)} does not exist.`);
  return { client, pool };
}

/**
 * The device `key` if it is this user's in this pool; any other (unknown, another user's, another pool's) is the
 * service's ResourceNotFoundException. Every device operation and every sign-in step that takes a DEVICE_KEY asks here.
 */
export function ownedDevice(
  ctx: EmulatorContext,
  pool: PoolRecord,
  user: UserRecord,
  key: string,
): DeviceRecord {
  const device = ctx.store.devices.get(key);
  if (!device || device.poolId !== pool.id || device.username !== user.username)
    throw resourceNotFound('Device does not exist.');
  return device;
}

export function secretHashOf(client: ClientRecord, username: string): string {
  return createHmac('sha256', client.secret ?? '')
    .update(`${username}${client.id}`)
    .digest('base64');
}

/**
 * For a client with a secret, SECRET_HASH must be there and be the HMAC over exactly `username`: the name the
 * service expects for that request (the caller picks it), never "any name the user is known by".
 */
export function checkSecretHash(
  client: ClientRecord,
  secretHash: unknown,
  username: string | undefined,
): void {
  if (!client.secret) return;
  if (typeof secretHash !== 'string' || secretHash.length === 0) {
    throw notAuthorized(`Client ${client.id} is configured with secret but SECRET_HASH was not received`);
  }
  const given = Buffer.from(secretHash, 'base64');
  const expected = username ? Buffer.from(secretHashOf(client, username), 'base64') : undefined;
  if (expected && expected.length === given.length && timingSafeEqual(expected, given)) return;
  throw notAuthorized(`Unable to verify secret hash for client ${client.id}`);
}

export function checkPasswordPolicy(pool: PoolRecord, password: string): void {
  const p = pool.passwordPolicy;
  const fail = (why: string): never => {
    throw new CognitoException('InvalidPasswordException', `Password did not conform with policy: ${why}`);
  };
  if (password.length < p.MinimumLength) fail('Password not long enough');
  if (p.RequireLowercase && !/[a-z]/.test(password)) fail('Password must have lowercase characters');
  if (p.RequireUppercase && !/[A-Z]/.test(password)) fail('Password must have uppercase characters');
  if (p.RequireNumbers && !/[0-9]/.test(password)) fail('Password must have numeric characters');
  if (p.RequireSymbols && !/[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/.test(password))
    fail('Password must have symbol characters');
}

export function attributeList(user: UserRecord): { Name: string; Value: string }[] {
  const list = [{ Name: 'sub', Value: user.sub }];
  for (const [Name, Value] of Object.entries(user.attributes)) if (Name !== 'sub') list.push({ Name, Value });
  return list;
}

/** Masks a destination the way the service shows it: `+*******1234`, `a***@e***`. */
export function maskDestination(medium: 'SMS' | 'EMAIL', destination: string): string {
  if (medium === 'SMS') return `+${'*'.repeat(Math.max(0, destination.length - 5))}${destination.slice(-4)}`;
  const [local = '', domain = ''] = destination.split('@');
  return `${local.charAt(0)}***@${domain.charAt(0)}***`;
}

/** Creates a code, records it as delivered and answers the service's delivery details. */
export function sendCode(
  ctx: EmulatorContext,
  user: UserRecord,
  medium: 'SMS' | 'EMAIL',
  kind: string,
  digits = 6,
  to?: string,
): { code: string; destination: string; masked: string } {
  const destination = to ?? (medium === 'SMS' ? user.attributes.phone_number : user.attributes.email);
  if (!destination) {
    throw new CognitoException(
      'InvalidParameterException',
      medium === 'SMS'
        ? 'User has no phone_number attribute to deliver a code to.'
        : 'User has no email attribute to deliver a code to.',
    );
  }
  const code = newNumericCode(digits);
  ctx.deliver({ poolId: user.poolId, username: user.username, medium, destination, code, kind });
  return { code, destination, masked: maskDestination(medium, destination) };
}
