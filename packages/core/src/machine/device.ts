// After the tokens: ConfirmDevice with a fresh verifier, UpdateDeviceStatus when the pool asks, then signed in.
// A failure on the device path is reported in the outcome and never costs the tokens.

import { type CogflowError, ProtocolError, StateError } from '../errors.js';
import type { AuthenticationResult, ConfirmDeviceResponse } from '../protocol/operations.js';
import { createDeviceVerifier } from '../srp/index.js';
import { tokenSetFromResult, tokenUser } from '../tokens/token-set.js';
import type { DeviceOutcome, TokenSet } from '../types.js';
import { contextOf, sending } from './context.js';
import type {
  DeviceSecrets,
  MachineEnv,
  RunSecrets,
  SendEffect,
  SendingState,
  SignInContext,
  TransitionResult,
} from './types.js';

/** Default DeviceName when neither the caller nor the configuration names one. */
export const DEFAULT_DEVICE_NAME = 'cogflow';

/** The canonical user and the other names the person may type, for the store's alias map. */
function names(
  context: SignInContext,
  tokens: TokenSet,
): { username: string; sub?: string; aliases: string[] } {
  const user = tokenUser(tokens);
  const username = user.username ?? context.userId ?? context.username;
  const aliases = [...new Set([context.username, context.userId])].filter(
    (name): name is string => name !== undefined && name !== username,
  );
  return user.sub ? { username, sub: user.sub, aliases } : { username, aliases };
}

/** The final step: store the tokens, announce the sign-in, and keep the tokens only in the run's memory. */
export function finish(context: SignInContext, tokens: TokenSet, device: DeviceOutcome): TransitionResult {
  const { username, sub, aliases } = names(context, tokens);
  return {
    state: sub
      ? { status: 'signed-in', id: context.id, username, sub, device }
      : { status: 'signed-in', id: context.id, username, device },
    secrets: { tokens },
    effects: [
      { type: 'store-tokens', username, aliases, tokens },
      { type: 'emit', event: { type: 'signed-in', username } },
    ],
  };
}

function lost(): StateError {
  return new StateError('The device step belongs to a run that is over: its tokens are gone');
}

/** The tokens and the new device of the current run; a device step resumed without them is a misuse. */
function runDevice(secrets: RunSecrets): { tokens: TokenSet; device: DeviceSecrets } {
  if (!secrets.tokens || !secrets.newDevice) throw lost();
  return { tokens: secrets.tokens, device: secrets.newDevice };
}

/** The `challenge` label of an UpdateDeviceStatus for a device used in this sign-in (not a new one). */
const USED_DEVICE = 'UpdateDeviceStatus:used-device';

function updateStatus(tokens: TokenSet, deviceKey: string, remember: boolean): SendEffect {
  return {
    type: 'send',
    operation: 'UpdateDeviceStatus',
    body: {
      AccessToken: tokens.accessToken,
      DeviceKey: deviceKey,
      DeviceRememberedStatus: remember ? 'remembered' : 'not_remembered',
    },
    retryable: true,
  };
}

/** Tokens arrived (from InitiateAuth or RespondToAuthChallenge). */
export function tokensArrived(
  state: SendingState,
  secrets: RunSecrets,
  result: AuthenticationResult,
  env: MachineEnv,
): TransitionResult {
  const context = contextOf(state);
  const metadata = result.NewDeviceMetadata;
  const newKey = metadata?.DeviceKey;
  const tokens = tokenSetFromResult(result, env.clock.now(), {
    ...(newKey || context.deviceKey ? { deviceKey: (newKey || context.deviceKey) as string } : {}),
    ...(state.challenge ? { challenge: state.challenge } : {}),
  });
  if (metadata === undefined || metadata === null) {
    const known =
      context.deviceKey && secrets.device?.deviceKey === context.deviceKey ? secrets.device : undefined;
    const choice = context.rememberChoice;
    // A known device whose remembered status differs from what the caller now asks for explicitly: tell the
    // service (a device once declined would otherwise never be remembered).
    if (known && choice !== undefined && known.remembered !== choice) {
      return {
        state: sending(context, 'UpdateDeviceStatus', USED_DEVICE),
        secrets: { tokens, newDevice: known },
        effects: [updateStatus(tokens, known.deviceKey, choice)],
      };
    }
    const device: DeviceOutcome = context.deviceKey
      ? { status: 'used', deviceKey: context.deviceKey }
      : { status: 'not-tracked' };
    return finish(context, tokens, device);
  }
  const groupKey = metadata.DeviceGroupKey;
  if (typeof newKey !== 'string' || newKey === '' || typeof groupKey !== 'string' || groupKey === '') {
    const error = new ProtocolError('NewDeviceMetadata lacks DeviceKey or DeviceGroupKey', {
      field: 'NewDeviceMetadata',
    });
    return finish(context, tokens, { status: 'failed', deviceKey: newKey ?? '', error });
  }
  const verifier = createDeviceVerifier({
    deviceGroupKey: groupKey,
    deviceKey: newKey,
    random: env.random,
    modPow: env.modPow,
  });
  const next: SignInContext = { ...context, deviceKey: newKey };
  return {
    state: sending(next, 'ConfirmDevice'),
    secrets: {
      tokens,
      newDevice: { deviceKey: newKey, deviceGroupKey: groupKey, devicePassword: verifier.devicePassword },
    },
    effects: [
      {
        type: 'send',
        operation: 'ConfirmDevice',
        body: {
          AccessToken: tokens.accessToken,
          DeviceKey: newKey,
          DeviceName: context.deviceName ?? env.deviceName ?? DEFAULT_DEVICE_NAME,
          DeviceSecretVerifierConfig: verifier.verifierConfig,
        },
        retryable: false,
      },
    ],
  };
}

/** ConfirmDevice answered: keep the secrets, then remember (or not) the device if the pool leaves it to us. */
export function deviceConfirmed(
  state: SendingState,
  secrets: RunSecrets,
  body: ConfirmDeviceResponse,
): TransitionResult {
  const context = contextOf(state);
  const { tokens, device } = runDevice(secrets);
  const { username, aliases } = names(context, tokens);
  const needsStatus = body.UserConfirmationNecessary === true;
  // Until UpdateDeviceStatus succeeds, a device that needs the user's confirmation is not remembered.
  const stored: DeviceSecrets = { ...device, remembered: !needsStatus };
  const store = { type: 'store-device' as const, username, aliases, device: stored };
  if (needsStatus) {
    return {
      state: sending(context, 'UpdateDeviceStatus'),
      secrets: { tokens, newDevice: stored },
      effects: [store, updateStatus(tokens, device.deviceKey, context.rememberDevice)],
    };
  }
  const done = finish(context, tokens, {
    status: 'confirmed',
    deviceKey: device.deviceKey,
    remembered: true,
  });
  return { ...done, effects: [store, ...done.effects] };
}

export function deviceStatusUpdated(state: SendingState, secrets: RunSecrets): TransitionResult {
  const context = contextOf(state);
  const { tokens, device } = runDevice(secrets);
  const used = state.challenge === USED_DEVICE;
  const remembered = used ? (context.rememberChoice ?? context.rememberDevice) : context.rememberDevice;
  const { username, aliases } = names(context, tokens);
  const done = finish(
    context,
    tokens,
    used
      ? { status: 'used', deviceKey: device.deviceKey }
      : { status: 'confirmed', deviceKey: device.deviceKey, remembered },
  );
  const store = { type: 'store-device' as const, username, aliases, device: { ...device, remembered } };
  return { ...done, effects: [store, ...done.effects] };
}

/** ConfirmDevice or UpdateDeviceStatus failed: signed in all the same, with the failure in the outcome. */
export function deviceFailed(
  state: SendingState,
  secrets: RunSecrets,
  error: CogflowError,
): TransitionResult {
  const context = contextOf(state);
  if (!secrets.tokens) throw lost();
  return finish(context, secrets.tokens, {
    status: 'failed',
    deviceKey: secrets.newDevice?.deviceKey ?? context.deviceKey ?? '',
    error,
  });
}
