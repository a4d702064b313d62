// The end of a sign-in: the tokens, and a NewDeviceMetadata when no tracked device proved itself.
import { newDeviceGroupKey, newDeviceKey } from '../../ids.js';
import type { AuthContext } from '../../sessions.js';
import type { DeviceRecord, UserRecord } from '../../state.js';
import { completeSignIn } from '../../token-issuer.js';
import type { Call } from './steps.js';

export function finish(call: Call, auth: AuthContext, user: UserRecord): Record<string, unknown> {
  user.failedSignIns = 0;
  delete user.lockedUntil;
  let deviceKey: string | undefined;
  let newDevice: { DeviceKey: string; DeviceGroupKey: string } | undefined;
  if (call.pool.deviceConfiguration) {
    if (auth.deviceVerified && auth.deviceKey) {
      deviceKey = auth.deviceKey;
      const device = call.ctx.store.devices.get(deviceKey);
      if (device) {
        device.lastAuthenticatedAt = call.ctx.now();
        if (call.ctx.remoteIp) device.lastIp = call.ctx.remoteIp;
      }
    } else {
      const device: DeviceRecord = {
        poolId: call.pool.id,
        username: user.username,
        key: newDeviceKey(call.pool.id.split('_')[0] ?? call.ctx.region),
        groupKey: newDeviceGroupKey(),
        confirmed: false,
        remembered: false,
        createdAt: call.ctx.now(),
        modifiedAt: call.ctx.now(),
        lastAuthenticatedAt: call.ctx.now(),
        ...(call.ctx.remoteIp ? { lastIp: call.ctx.remoteIp } : {}),
      };
      call.ctx.store.devices.set(device.key, device);
      deviceKey = device.key;
      newDevice = { DeviceKey: device.key, DeviceGroupKey: device.groupKey };
    }
  }
  const result = completeSignIn(call.ctx, call.pool, call.client, user, {
    ...(deviceKey ? { deviceKey } : {}),
    ...(auth.authTime ? { authTime: auth.authTime } : {}),
  });
  return {
    ChallengeParameters: {},
    AuthenticationResult: newDevice ? { ...result, NewDeviceMetadata: newDevice } : result,
  };
}
