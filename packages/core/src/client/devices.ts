// Devices: forgetting or (not) remembering this browser's or server's device, or any other device of the user by
// its key, on the service and, for this one, locally.

import { CogflowError, mustBe, NON_EMPTY, ServiceError } from '../errors.js';
import type { AbortSignalLike } from '../ports.js';
import type { AuthClient } from '../types.js';
import { sendAs } from './access.js';
import { asCogflowError, canonical, drop, put, readDevice } from './records.js';

export interface ForgetDeviceOptions {
  /** Another device of the user (from fetchDevices). Left out: this device, the one whose secrets are kept here. */
  deviceKey?: string;
  signal?: AbortSignalLike;
}

function keyOption(options: { deviceKey?: unknown } | undefined): string | undefined {
  const key = options?.deviceKey;
  if (key !== undefined && (typeof key !== 'string' || !key))
    throw mustBe('deviceKey', `${NON_EMPTY} when given`);
  return key as string | undefined;
}

/**
 * Forgets a device of the user on the service (ForgetDevice): this one by default, or any by `deviceKey`. When it
 * is this device, the local secrets go too, only once the service has confirmed (or says it no longer knows the
 * device), so a failed call can simply be retried.
 */
export async function forgetDevice(
  auth: AuthClient,
  username: string,
  options?: ForgetDeviceOptions,
): Promise<void> {
  const { core } = auth;
  const signal = options?.signal;
  const other = keyOption(options);
  const user = await canonical(core, username);
  const device = await readDevice(core, user);
  const key = other ?? device?.deviceKey;
  if (key) {
    try {
      await sendAs(core, user, 'ForgetDevice', { DeviceKey: key }, true, signal);
    } catch (raw) {
      const error = asCogflowError(raw);
      // Already gone on the service: the local secrets can go too. Anything else is retried by the caller.
      if (!(error instanceof ServiceError && error.code === 'RESOURCE_NOT_FOUND')) throw error;
      if (other && other !== device?.deviceKey) throw error;
    }
    if (device && key === device.deviceKey) await drop(core, core.keys.device(user));
  }
  if (!other || other === device?.deviceKey) core.emit({ type: 'device-forgotten', username: user });
}

export interface RememberDeviceOptions {
  /** false: mark the device not remembered (it stays tracked). Default true. */
  remembered?: boolean;
  /** Another device of the user (from fetchDevices). Left out: this device. */
  deviceKey?: string;
  signal?: AbortSignalLike;
}

/**
 * Remembers (or, with `remembered: false`, stops remembering) a device on the service (UpdateDeviceStatus): this
 * one by default, what to call after asking the person when a sign-in's device outcome said
 * `userConfirmationNecessary`; or any device of the user by `deviceKey`. A remembered device lets the next
 * sign-in skip MFA.
 */
export async function rememberDevice(
  auth: AuthClient,
  username: string,
  options?: RememberDeviceOptions,
): Promise<void> {
  const { core } = auth;
  const remembered = options?.remembered ?? true;
  const other = keyOption(options);
  const user = await canonical(core, username);
  const device = await readDevice(core, user);
  const key = other ?? device?.deviceKey;
  if (!key) throw new CogflowError('NO_DEVICE', 'No device of this user is kept here');
  const body = {
    DeviceKey: key,
    DeviceRememberedStatus: remembered ? 'remembered' : 'not_remembered',
  } as const;
  await sendAs(core, user, 'UpdateDeviceStatus', body, true, options?.signal);
  if (device && key === device.deviceKey) await put(core, core.keys.device(user), { ...device, remembered });
}
