// The sign-in state machine: pure transition, JSON states, effects as data.

export { DEFAULT_DEVICE_NAME } from './device.js';
export { createSignInMachine, type SignInMachine } from './machine.js';
export { parsePending } from './pending.js';
export { DEFAULT_TOTP_ISSUER, otpauthURI, totpSetupStep } from './totp.js';
export { flowNeedsPassword, initialSnapshot, transition } from './transition.js';
export type {
  AwaitedOperation,
  DeviceSecrets,
  FailedState,
  IdleState,
  MachineEnv,
  PendingDetail,
  RunSecrets,
  SendEffect,
  SendingState,
  SignedInState,
  SignInContext,
  SignInEffect,
  SignInEvent,
  SignInState,
  Snapshot,
  StartInput,
  TransitionResult,
  WaitingState,
} from './types.js';
