// After the tokens: ConfirmDevice with a fresh verifier, UpdateDeviceStatus when the pool asks, then signed in.
// A failure on the device path is reported in the outcome and never costs the tokens.

import { type CogflowError, ProtocolError, StateError } from '../errors.js';
import type { AuthenticationResult, ConfirmDeviceResponse } from '../protocol/operations.js';
import { deviceVerifier } from '../srp/device-verifier.js';
import { tokenSetFromResult, tokenUser } from '../tokens/token-set.js';
import type { DeviceOutcome, TokenSet } from '../types.js';
import { contextOf, request } from './context.js';
import type {
  DeviceSecrets,
  MachineEnv,
  RunSecrets,
  SendingState,
  SignInContext,
  SignInEffect,
  TransitionResult,
} from './types.js';

/** Default DeviceName when neither the caller nor the configuration names one. */
export const DEFAULT_DEVICE_NAME = 'cogflow';

/** The `challenge` label of an UpdateDeviceStatus for a device used in this sign-in (not a new one). */
const USED_DEVICE = 'UpdateDeviceStatus:used-device';

/** The other names the person may type for the canonical `username`, for the store's alias map. */
function aliasesOf(context: SignInContext, username: string): string[] {
  return [...new Set([context.username, context.userId])].filter(
    (name): name is string => name !== undefined && name !== username,
  );
}

/** The canonical user and the other names the person may type, for the store's alias map. */
function names(
  context: SignInContext,
  tokens: TokenSet,
): { user: { sub: string | undefined }; username: string; aliases: string[] } {
  const user = tokenUser(tokens);
  const username = user.username ?? context.userId ?? context.username;
  return { user, username, aliases: aliasesOf(context, username) };
}

/**
 * The final step: store the tokens (and the device, when `device` is given) under the canonical user with the
 * other names the person may type as aliases, announce the sign-in, keep the tokens only in the run's memory.
 * The aliases go with the run's first store effect only: the driver writes every alias of every effect. After
 * the UpdateDeviceStatus of a new device, deviceConfirmed has already stored them with the device.
 */
function finish(
  state: SendingState,
  tokens: TokenSet,
  outcome: DeviceOutcome,
  device?: DeviceSecrets,
): TransitionResult {
  const { user, username, aliases } = names(state, tokens);
  const stored = state.operation === 'UpdateDeviceStatus' && state.challenge !== USED_DEVICE;
  const first = stored ? [] : aliases;
  const effects: SignInEffect[] = [
    { type: 'store-tokens', username, aliases: device ? [] : first, tokens },
    { type: 'emit', event: { type: 'signed-in', username } },
  ];
  if (device) effects.unshift({ type: 'store-device', username, aliases: first, device });
  return {
    state: {
      status: 'signed-in',
      id: state.id,
      username,
      ...(user.sub ? { sub: user.sub } : {}),
      device: outcome,
    },
    secrets: { tokens },
    effects,
  };
}

const lost = (): StateError => new StateError('Device step without its tokens');

/** The tokens and the new device of the current run; a device step resumed without them is a misuse. */
function runDevice(secrets: RunSecrets): { tokens: TokenSet; device: DeviceSecrets } {
  if (!secrets.tokens || !secrets.newDevice) {
    throw lost();
  }
  return { tokens: secrets.tokens, device: secrets.newDevice };
}

/** UpdateDeviceStatus for the run's device (`newDevice`), with the run's access token. */
function updateStatus(
  context: SignInContext,
  secrets: { tokens: TokenSet; newDevice: DeviceSecrets },
  remember: boolean,
  challenge?: string,
): TransitionResult {
  const body = {
    AccessToken: secrets.tokens.accessToken,
    DeviceKey: secrets.newDevice.deviceKey,
    DeviceRememberedStatus: remember ? 'remembered' : 'not_remembered',
  };
  return request(context, secrets, 'UpdateDeviceStatus', body, true, challenge);
}

/** The run's device secrets, when they belong to the device this sign-in named with DEVICE_KEY. */
export function namedDevice(
  context: SignInContext,
  device: DeviceSecrets | undefined,
): DeviceSecrets | undefined {
  return context.deviceKey && device?.deviceKey === context.deviceKey ? device : undefined;
}

/** Tokens arrived (from InitiateAuth or RespondToAuthChallenge). */
export async function tokensArrived(
  state: SendingState,
  secrets: RunSecrets,
  result: AuthenticationResult,
  env: MachineEnv,
): Promise<TransitionResult> {
  const context = contextOf(state);
  const metadata = result.NewDeviceMetadata;
  // A DeviceKey that is not a string must reach neither the tokens (refresh sends them) nor the outcome.
  const newKey = typeof metadata?.DeviceKey === 'string' ? metadata.DeviceKey : '';
  const tokens = tokenSetFromResult(result, env.clock.now(), {
    deviceKey: newKey || context.deviceKey,
    challenge: state.challenge,
  });
  if (metadata == null) {
    const known = namedDevice(context, secrets.device);
    const remember = context.rememberDevice;
    // A known device whose remembered status differs from what the caller now asks for explicitly: tell the
    // service (a device once declined would otherwise never be remembered). An explicit choice is what
    // rememberDevice holds; rememberChoice only says that there was one.
    if (known && context.rememberChoice !== undefined && known.remembered !== remember) {
      return updateStatus(context, { tokens, newDevice: known }, remember, USED_DEVICE);
    }
    // 'used' only when device SRP really took place; a DEVICE_KEY the service asked no proof of was 'presented'.
    const { deviceKey } = context;
    return finish(
      state,
      tokens,
      deviceKey
        ? { status: context.deviceAuthenticated ? 'used' : 'presented', deviceKey }
        : { status: 'not-tracked' },
    );
  }
  const groupKey = metadata.DeviceGroupKey;
  if (!newKey || typeof groupKey !== 'string' || !groupKey) {
    const error = new ProtocolError('NewDeviceMetadata is malformed', {
      field: 'NewDeviceMetadata',
    });
    return finish(state, tokens, { status: 'failed', deviceKey: newKey, error });
  }
  const verifier = await deviceVerifier({ ...env, deviceGroupKey: groupKey, deviceKey: newKey });
  return request(
    { ...context, deviceKey: newKey },
    {
      tokens,
      newDevice: { deviceKey: newKey, deviceGroupKey: groupKey, devicePassword: verifier.devicePassword },
    },
    'ConfirmDevice',
    {
      AccessToken: tokens.accessToken,
      DeviceKey: newKey,
      DeviceName: context.deviceName ?? env.deviceName ?? DEFAULT_DEVICE_NAME,
      DeviceSecretVerifierConfig: verifier.verifierConfig,
    },
    false,
  );
}

/** ConfirmDevice answered: keep the secrets, then remember (or not) the device if the pool leaves it to us. */
export function deviceConfirmed(
  state: SendingState,
  secrets: RunSecrets,
  body: ConfirmDeviceResponse,
): TransitionResult {
  const context = contextOf(state);
  const { tokens, device } = runDevice(secrets);
  const needsStatus = body.UserConfirmationNecessary === true;
  // Until UpdateDeviceStatus succeeds, a device that needs the user's confirmation is not remembered.
  const stored: DeviceSecrets = { ...device, remembered: !needsStatus };
  if (!needsStatus) {
    return finish(
      state,
      tokens,
      { status: 'confirmed', deviceKey: device.deviceKey, remembered: true },
      stored,
    );
  }
  // The pool asks the person (DeviceOnlyRememberedOnUserPrompt). Without an explicit rememberDevice nobody has
  // answered: the device stays tracked but not remembered, and the outcome says that the question is open.
  if (context.rememberChoice === undefined) {
    return finish(
      state,
      tokens,
      {
        status: 'confirmed',
        deviceKey: device.deviceKey,
        remembered: false,
        userConfirmationNecessary: true,
      },
      stored,
    );
  }
  const next = updateStatus(context, { tokens, newDevice: stored }, context.rememberDevice);
  const { username, aliases } = names(context, tokens);
  next.effects.unshift({ type: 'store-device', username, aliases, device: stored });
  return next;
}

export function deviceStatusUpdated(state: SendingState, secrets: RunSecrets): TransitionResult {
  const context = contextOf(state);
  const { tokens, device } = runDevice(secrets);
  const used = state.challenge === USED_DEVICE;
  // What updateStatus sent on either path.
  const remembered = context.rememberDevice;
  return finish(
    state,
    tokens,
    used
      ? {
          status: 'updated',
          deviceKey: device.deviceKey,
          remembered,
          authenticated: context.deviceAuthenticated,
        }
      : { status: 'confirmed', deviceKey: device.deviceKey, remembered },
    { ...device, remembered },
  );
}

/** ConfirmDevice or UpdateDeviceStatus failed: signed in all the same, with the failure in the outcome. */
export function deviceFailed(
  state: SendingState,
  secrets: RunSecrets,
  error: CogflowError,
): TransitionResult {
  const context = contextOf(state);
  const deviceKey = secrets.newDevice?.deviceKey ?? context.deviceKey ?? '';
  if (!secrets.tokens) throw lost();
  return finish(state, secrets.tokens, { status: 'failed', deviceKey, error });
}
