// The user's devices as the service knows them: fetchDevices (ListDevices, every page) and fetchDevice (GetDevice).

import { answerOf, deviceOf } from '../account/parse.js';
import { required } from '../account/requests.js';
import type { AccountCallOptions, Device, DeviceKeyInput } from '../account/types.js';
import type { AuthClient } from '../types.js';
import { allPages, withAccessToken } from './access.js';

/** Every device of the signed-in user (ListDevices, following PaginationToken to the last page). */
export function fetchDevices(
  auth: AuthClient,
  username: string,
  options?: AccountCallOptions,
): Promise<Device[]> {
  return allPages(
    auth,
    username,
    options,
    'ListDevices',
    { Limit: 60 },
    'Devices',
    'PaginationToken',
    (item) => deviceOf(item, 'ListDevices'),
  );
}

/** One device of the signed-in user (GetDevice); an unknown key is RESOURCE_NOT_FOUND. */
export async function fetchDevice(
  auth: AuthClient,
  username: string,
  input: DeviceKeyInput,
): Promise<Device> {
  const operation = 'GetDevice';
  const body = { DeviceKey: required(input?.deviceKey, 'deviceKey') };
  const { answer } = await withAccessToken(auth, username, operation, body, true, input);
  return deviceOf(answerOf(operation, answer).Device, operation);
}
