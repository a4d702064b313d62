// @cogflow/emulator: a local, spec-faithful Amazon Cognito user-pool server for tests, demos and CI.
export { emulatorControl } from './control.js';
export { startEmulator } from './start-emulator.js';
export { EmulatorStateError } from './state-error.js';
export type {
  CustomMessageEvent,
  CustomMessageSource,
  GroupConfiguration,
  LambdaTriggers,
  PostAuthenticationEvent,
  PostConfirmationEvent,
  PreAuthenticationEvent,
  PreSignUpEvent,
  PreTokenGenerationEvent,
  PreTokenGenerationV1Event,
  PreTokenGenerationV2Event,
  TokenClaimsOverride,
  TokenGenerationSource,
  TriggerConfig,
  TriggerEventCommon,
  TriggerHandler,
  UserMigrationEvent,
} from './triggers/types.js';
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
