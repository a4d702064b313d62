// The sign-in machine's data: JSON states, events, effects (as data), the run's in-memory secrets and its environment.

import type { CodeDeliveryDetails } from '../account/types.js';
import type { CogflowError } from '../errors.js';
import type { Clock, Hash, ModPow, Random } from '../ports.js';
import type { OperationName, RequestOf } from '../protocol/operations.js';
import type { SRPEphemeral } from '../srp/index.js';
import type {
  AuthEvent,
  ChallengeAnswer,
  DeviceOutcome,
  FirstFactor,
  NextStep,
  RequestMetadata,
  SignInFlow,
  SignInInput,
  TokenSet,
} from '../types.js';

/** What a remembered device needs for DEVICE_SRP_AUTH. Lives in the store, never in a state. */
export interface DeviceSecrets {
  deviceKey: string;
  deviceGroupKey: string;
  devicePassword: string;
  /** Whether the service was last told to remember it (absent in records of older versions: unknown). */
  remembered?: boolean;
}

/** The fields every in-flight or waiting state carries. All of them are safe to serialize. */
export interface SignInContext {
  readonly v: 1;
  /** Random id of this sign-in's current pending step (a new one per step a person answers). */
  id: string;
  flow: SignInFlow;
  /** The name the person typed: canonical name or an alias (e-mail, phone). */
  username: string;
  /** The canonical name (USER_ID_FOR_SRP / USERNAME of the challenges), once the service told us. */
  userId?: string;
  /** Cognito's opaque Session of the current challenge. */
  session?: string;
  /** The DEVICE_KEY sent in this sign-in, if any. The device's password stays in the store. */
  deviceKey?: string;
  rememberDevice: boolean;
  /** The caller's explicit rememberDevice, when given: it may also flip a known device's remembered status. */
  rememberChoice?: boolean;
  deviceName?: string;
  preferredChallenge?: FirstFactor;
  metadata: RequestMetadata;
  /** Set once the sign-in has been restarted without a device the service no longer knows. */
  retriedWithoutDevice: boolean;
  /** Set once DEVICE_PASSWORD_VERIFIER has been answered. */
  deviceAuthenticated: boolean;
  /** The caller's signIn option: a CONFIRM_SIGN_UP ending first asks for a new sign-up code. */
  resendSignUpCode?: boolean;
}

/** The operations the machine waits on. */
export type AwaitedOperation =
  | 'InitiateAuth'
  | 'RespondToAuthChallenge'
  | 'AssociateSoftwareToken'
  | 'VerifySoftwareToken'
  | 'ConfirmDevice'
  | 'UpdateDeviceStatus'
  | 'ResendConfirmationCode';

/** What a waiting state remembers of its step. TOTP set-up keeps no secret: it was shown once, in its run. */
export type PendingDetail = Exclude<NextStep, { type: 'TOTP_SETUP' }> | { type: 'TOTP_SETUP' };

export interface IdleState {
  status: 'idle';
}

/** A request is in flight. Only ever held in memory by the driver's current run. */
export interface SendingState extends SignInContext {
  status: 'sending';
  operation: AwaitedOperation;
  /** The challenge this request answers (for error messages and for PASSWORD_VERIFIER checks). */
  challenge?: string;
}

/** Waiting on a person. Plain JSON: this is the PendingSignIn. */
export interface WaitingState extends SignInContext {
  status: 'waiting';
  step: NextStep['type'];
  detail: PendingDetail;
  /** When the pending state stops being resumable (ms since the epoch); the service session is 3 minutes. */
  expiresAt: number;
}

export interface SignedInState {
  status: 'signed-in';
  id: string;
  username: string;
  sub?: string;
  device: DeviceOutcome;
}

/**
 * The service answered "do this first" (UserNotConfirmedException, PasswordResetRequiredException): the sign-in
 * ends with what to do, not an error. `username` is the name to confirm or reset (the canonical one once known).
 */
export interface AccountStepState {
  status: 'account-step';
  id: string;
  step: 'CONFIRM_SIGN_UP' | 'RESET_PASSWORD';
  username: string;
  /** CONFIRM_SIGN_UP with `resendSignUpCode`: where ResendConfirmationCode sent the new code. */
  codeDeliveryDetails?: CodeDeliveryDetails;
  /** CONFIRM_SIGN_UP with `resendSignUpCode`: why no new code was sent. */
  resendError?: CogflowError;
}

export interface FailedState {
  status: 'failed';
  id: string;
  error: CogflowError;
}

export type SignInState =
  | IdleState
  | SendingState
  | WaitingState
  | SignedInState
  | AccountStepState
  | FailedState;

/**
 * What only the driver's current run holds in memory, never serialized: the password, the SRP private values,
 * the device secrets read from the store, tokens before they are stored, the TOTP secret being set up.
 */
export interface RunSecrets {
  password?: string;
  srp?: SRPEphemeral;
  device?: DeviceSecrets;
  deviceSRP?: SRPEphemeral;
  newDevice?: DeviceSecrets;
  tokens?: TokenSet;
  totpSecret?: string;
}

export interface Snapshot {
  state: SignInState;
  secrets: RunSecrets;
}

export type StartInput = Omit<SignInInput, 'signal'>;

export type SignInEvent =
  | { type: 'start'; input: StartInput; device?: DeviceSecrets }
  /** The service's answer to the request in flight. */
  | { type: 'response'; operation: OperationName; body: unknown }
  /** The request in flight failed: a ServiceError, TransportError or other CogflowError. */
  | { type: 'error'; error: CogflowError }
  /** The person's answer to a waiting state; `device` is re-read from the store by the driver. */
  | { type: 'answer'; answer: ChallengeAnswer; device?: DeviceSecrets; metadata?: RequestMetadata };

export type SendEffect = {
  [O in OperationName]: { type: 'send'; operation: O; body: RequestOf<O>; retryable: boolean };
}[OperationName];

export type SignInEffect =
  | SendEffect
  /** Keep a confirmed device's secrets under the canonical user, with aliases pointing to it. */
  | { type: 'store-device'; username: string; aliases: string[]; device: DeviceSecrets }
  | { type: 'delete-device'; username: string }
  | { type: 'store-tokens'; username: string; aliases: string[]; tokens: TokenSet }
  | { type: 'emit'; event: AuthEvent };

export interface TransitionResult extends Snapshot {
  effects: SignInEffect[];
}

/** The machine's environment: configuration and the deterministic ports (fix them in a test, get a pure function). */
export interface MachineEnv {
  userPoolId: string;
  clientId: string;
  clientSecret?: string;
  /** Default DeviceName for ConfirmDevice. */
  deviceName?: string;
  /** Issuer shown by authenticator apps (otpauth URI). */
  totpIssuer?: string;
  /** How long a waiting state stays resumable, in seconds. */
  pendingTTLSeconds: number;
  random: Random;
  clock: Clock;
  /** Default core's pure-BigInt modPow, chosen where SRP runs (the SRP functions) so a bundle without SRP carries none. */
  modPow?: ModPow;
  hash: Hash;
}
