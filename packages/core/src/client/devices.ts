// Devices: forgetting this browser's or server's remembered device, locally and on the service.

import { CogflowError, ServiceError } from '../errors.js';
import type { AuthClient } from '../types.js';
import { asCogflowError, canonical, drop, put, readDevice, send } from './records.js';
import { tokensFor } from './tokens.js';

/**
 * Forgets the user's remembered device on the service (ForgetDevice), then locally. The local secrets stay until
 * the service has confirmed (or says it no longer knows the device), so a failed call can simply be retried.
 */
export async function forgetDevice(auth: AuthClient, username: string): Promise<void> {
  const { core } = auth;
  const user = await canonical(core, username);
  const device = await readDevice(core, user);
  if (device) {
    try {
      const tokens = await tokensFor(core, user, false, undefined);
      await send(
        core,
        'ForgetDevice',
        { AccessToken: tokens.accessToken, DeviceKey: device.deviceKey },
        true,
        undefined,
      );
    } catch (raw) {
      const error = asCogflowError(raw);
      // Already gone on the service: the local secrets can go too. Anything else is retried by the caller.
      if (!(error instanceof ServiceError && error.code === 'RESOURCE_NOT_FOUND')) throw error;
    }
    await drop(core, core.keys.device(user));
  }
  core.emit({ type: 'device-forgotten', username: user });
}

export interface RememberDeviceOptions {
  /** false: mark the device not remembered (it stays tracked). Default true. */
  remembered?: boolean;
}

/**
 * Remembers (or, with `remembered: false`, stops remembering) the user's device of this sign-in on the service
 * (UpdateDeviceStatus): what to call after asking the person, when a sign-in's device outcome said
 * `userConfirmationNecessary`. A remembered device lets the next sign-in skip MFA.
 */
export async function rememberDevice(
  auth: AuthClient,
  username: string,
  options?: RememberDeviceOptions,
): Promise<void> {
  const { core } = auth;
  const remembered = options?.remembered ?? true;
  const user = await canonical(core, username);
  const device = await readDevice(core, user);
  if (!device) throw new CogflowError('NO_DEVICE', 'No device of this user is kept here');
  const tokens = await tokensFor(core, user, false, undefined);
  await send(
    core,
    'UpdateDeviceStatus',
    {
      AccessToken: tokens.accessToken,
      DeviceKey: device.deviceKey,
      DeviceRememberedStatus: remembered ? 'remembered' : 'not_remembered',
    },
    true,
    undefined,
  );
  await put(core, core.keys.device(user), { ...device, remembered });
}
