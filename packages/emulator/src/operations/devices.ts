// Remembered devices: ConfirmDevice, UpdateDeviceStatus, ListDevices, GetDevice, ForgetDevice and their Admin*
// forms (AWS API reference; developer guide "Working with user devices in your user pool").
import { CognitoException, invalidParameter, requireString } from '../cognito-exception.js';
import type { EmulatorContext } from '../context.js';
import { adminUser, ownedDevice } from '../pool-helpers.js';
import { isUsableVerifier } from '../srp-server.js';
import type { DeviceRecord, PoolRecord, UserRecord } from '../state.js';
import { checkAccessToken } from '../token-issuer.js';
import { revokeDeviceTokens } from './refresh.js';

function deviceType(d: DeviceRecord): Record<string, unknown> {
  const attrs = [
    { Name: 'device_status', Value: 'valid' },
    { Name: 'dev:device_remembered_status', Value: d.remembered ? 'remembered' : 'not_remembered' },
  ];
  if (d.name) attrs.push({ Name: 'device_name', Value: d.name });
  if (d.lastIp) attrs.push({ Name: 'last_ip_used', Value: d.lastIp });
  return {
    DeviceKey: d.key,
    DeviceAttributes: attrs,
    DeviceCreateDate: d.createdAt / 1000,
    DeviceLastModifiedDate: d.modifiedAt / 1000,
    ...(d.lastAuthenticatedAt ? { DeviceLastAuthenticatedDate: d.lastAuthenticatedAt / 1000 } : {}),
  };
}

function b64ToHex(value: unknown, member: string): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]+=*$/.test(value))
    throw invalidParameter(`${member} must be base64`);
  const hex = Buffer.from(value, 'base64').toString('hex');
  if (hex.length === 0) throw invalidParameter(`${member} must not be empty`);
  return hex;
}

export function confirmDevice(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { pool, user } = checkAccessToken(ctx, body.AccessToken);
  const device = ownedDevice(ctx, pool, user, requireString(body, 'DeviceKey'));
  const config = pool.deviceConfiguration;
  if (!config)
    throw new CognitoException(
      'InvalidUserPoolConfigurationException',
      'Device tracking is not enabled for this user pool.',
    );
  const verifierConfig = body.DeviceSecretVerifierConfig as
    | { PasswordVerifier?: string; Salt?: string }
    | undefined;
  if (!verifierConfig) throw invalidParameter('DeviceSecretVerifierConfig is required');
  // Keep the client's salt and verifier as given: a wrong verifier only shows at the next device sign-in.
  const salt = b64ToHex(verifierConfig.Salt, 'Salt');
  const verifier = BigInt(`0x${b64ToHex(verifierConfig.PasswordVerifier, 'PasswordVerifier')}`).toString(16);
  // A wrong one is kept, but 0 or a number >= N is no g^x mod N at all: SRP cannot use it.
  if (!isUsableVerifier(verifier)) throw invalidParameter('PasswordVerifier is not a valid SRP verifier');
  device.salt = salt;
  device.verifier = verifier;
  if (typeof body.DeviceName === 'string') device.name = body.DeviceName;
  device.confirmed = true;
  device.remembered = !config.DeviceOnlyRememberedOnUserPrompt;
  device.modifiedAt = ctx.now();
  return { UserConfirmationNecessary: config.DeviceOnlyRememberedOnUserPrompt };
}

function setStatus(ctx: EmulatorContext, device: DeviceRecord, status: unknown): void {
  if (status !== 'remembered' && status !== 'not_remembered') {
    throw invalidParameter(
      "1 validation error detected: Value at 'deviceRememberedStatus' failed to satisfy constraint: Member must satisfy enum value set: [remembered, not_remembered]",
    );
  }
  device.remembered = status === 'remembered';
  device.modifiedAt = ctx.now();
}

export function updateDeviceStatus(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { pool, user } = checkAccessToken(ctx, body.AccessToken);
  setStatus(ctx, ownedDevice(ctx, pool, user, requireString(body, 'DeviceKey')), body.DeviceRememberedStatus);
  return {};
}

/** Devices in a stable order: creation time, then key. */
const order = (a: DeviceRecord, b: DeviceRecord): number =>
  a.createdAt - b.createdAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * A page of the user's confirmed devices. The PaginationToken names the last device of the page (its creation time
 * and key), not an offset, so a device forgotten between two pages does not make the next page skip one.
 */
function listFor(
  ctx: EmulatorContext,
  pool: PoolRecord,
  user: UserRecord,
  body: Record<string, unknown>,
): unknown {
  const all = [...ctx.store.devices.values()]
    .filter((d) => d.poolId === pool.id && d.username === user.username && d.confirmed)
    .sort(order);
  if (body.Limit !== undefined && (typeof body.Limit !== 'number' || body.Limit < 0 || body.Limit > 60))
    throw invalidParameter(
      "1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60",
    );
  const limit = typeof body.Limit === 'number' && body.Limit > 0 ? body.Limit : 60;
  let rest = all;
  if (body.PaginationToken !== undefined) {
    const after = parseToken(body.PaginationToken);
    rest = all.filter((d) => order(d, { createdAt: after.createdAt, key: after.key } as DeviceRecord) > 0);
  }
  const page = rest.slice(0, limit);
  const last = page.at(-1);
  const next =
    rest.length > limit && last
      ? Buffer.from(JSON.stringify({ t: last.createdAt, k: last.key })).toString('base64url')
      : undefined;
  return { Devices: page.map(deviceType), ...(next ? { PaginationToken: next } : {}) };
}

function parseToken(token: unknown): { createdAt: number; key: string } {
  try {
    const v = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as {
      t?: unknown;
      k?: unknown;
    };
    if (typeof token === 'string' && typeof v.t === 'number' && typeof v.k === 'string')
      return { createdAt: v.t, key: v.k };
  } catch {
    // falls through to the refusal
  }
  throw invalidParameter('Invalid pagination token.');
}

export function listDevices(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { pool, user } = checkAccessToken(ctx, body.AccessToken);
  return listFor(ctx, pool, user, body);
}

export function getDevice(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { pool, user } = checkAccessToken(ctx, body.AccessToken);
  return { Device: deviceType(ownedDevice(ctx, pool, user, requireString(body, 'DeviceKey'))) };
}

function forget(ctx: EmulatorContext, device: DeviceRecord): void {
  ctx.store.devices.delete(device.key);
  revokeDeviceTokens(ctx, device.key);
}

/** ForgetDevice: DeviceKey is optional (API reference); without it, the device the access token was issued to. */
export function forgetDevice(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { pool, user, claims } = checkAccessToken(ctx, body.AccessToken);
  const named = body.DeviceKey === undefined ? claims.device_key : body.DeviceKey;
  if (typeof named !== 'string' || named.length === 0)
    throw invalidParameter(
      "1 validation error detected: Value at 'deviceKey' failed to satisfy constraint: Member must not be null",
    );
  forget(ctx, ownedDevice(ctx, pool, user, named));
  return {};
}

export function adminForgetDevice(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { pool, user } = adminUser(ctx, body);
  forget(ctx, ownedDevice(ctx, pool, user, requireString(body, 'DeviceKey')));
  return {};
}

export function adminGetDevice(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { pool, user } = adminUser(ctx, body);
  return { Device: deviceType(ownedDevice(ctx, pool, user, requireString(body, 'DeviceKey'))) };
}

export function adminListDevices(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { pool, user } = adminUser(ctx, body);
  return listFor(ctx, pool, user, body);
}

export function adminUpdateDeviceStatus(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { pool, user } = adminUser(ctx, body);
  setStatus(ctx, ownedDevice(ctx, pool, user, requireString(body, 'DeviceKey')), body.DeviceRememberedStatus);
  return {};
}
