// The user's devices as the service knows them: fetchDevices (ListDevices, every page) and fetchDevice (GetDevice).

import { answerOf, deviceOf, pageOf } from '../account/parse.js';
import { required } from '../account/requests.js';
import type { AccountCallOptions, Device, DeviceKeyInput } from '../account/types.js';
import { ProtocolError } from '../errors.js';
import type { AuthClient } from '../types.js';
import { withAccessToken } from './access.js';

/** A listing longer than this many pages is a service leading us in circles. */
const MAX_PAGES = 100;

/** Every device of the signed-in user (ListDevices, following PaginationToken to the last page). */
export async function fetchDevices(
  auth: AuthClient,
  username: string,
  options?: AccountCallOptions,
): Promise<Device[]> {
  const operation = 'ListDevices';
  const devices: Device[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const body = token ? { Limit: 60, PaginationToken: token } : { Limit: 60 };
    const { answer } = await withAccessToken(auth, username, operation, body, true, options);
    const { items, next } = pageOf(answer, operation, 'Devices', 'PaginationToken', (item) =>
      deviceOf(item, operation),
    );
    devices.push(...items);
    if (!next) return devices;
    token = next;
  }
  throw new ProtocolError('ListDevices: too many pages', { field: 'PaginationToken' });
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
