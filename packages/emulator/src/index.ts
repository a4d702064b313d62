// @cogflow/emulator: a local, spec-faithful Amazon Cognito user-pool server for tests, demos and CI.
export { emulatorControl } from './control.js';
export { startEmulator } from './start-emulator.js';
export type {
  CustomAuthEvent,
  CustomAuthHook,
  CustomAuthTriggers,
  DeliveredMessage,
  Emulator,
  EmulatorControl,
  EmulatorOptions,
  EmulatorSeed,
  FaultKind,
  FaultSpec,
  FirstAuthFactor,
  MfaConfiguration,
  MfaType,
  SeedClient,
  SeededPool,
  SeedIdentityProvider,
  SeedPool,
  SeedResourceServer,
  SeedUser,
} from './types.js';
