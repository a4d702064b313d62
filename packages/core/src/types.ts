// The public shapes of the sign-in client: configuration, steps handed to the caller, answers, results, events.
// Adapters and applications code against these; the modules of packages/core/src/client implement them.

import type { CodeDeliveryDetails } from './account/types.js';
import type { AuthCore } from './client/context.js';
import type { OAuthConfig } from './client/oauth-config.js';
import type { CogflowError } from './errors.js';
import type { AbortSignalLike, Clock, Hash, Lock, ModPow, Random, Store, Transport } from './ports.js';

export interface AuthConfig {
  /** The user pool id, `region_id` (e.g. `us-east-1_AbCdEf123`). */
  userPoolId: string;
  clientId: string;
  /** Confidential app clients only; never in a browser. Turns on SECRET_HASH. */
  clientSecret?: string;
  /** Default DeviceName sent with ConfirmDevice. */
  deviceName?: string;
  /** Refresh when fewer than this many seconds of validity are left (default 120). Also absorbs clock skew. */
  refreshMarginSeconds?: number;
  /**
   * The app client rotates refresh tokens: refresh with GetTokensFromRefreshToken instead of REFRESH_TOKEN_AUTH.
   * Default false.
   */
  refreshTokenRotation?: boolean;
  /** Prefix of every store key (default `cogflow`). */
  keyPrefix?: string;
  /** Issuer in the otpauth:// URI of a TOTP set-up, shown by authenticator apps (default `Cognito`). */
  totpIssuer?: string;
  /** How long a pending sign-in stays resumable from the store, in seconds (default 180, Cognito's session). */
  pendingTTLSeconds?: number;
  /** The user-pool domain's OAuth 2.0 endpoints (`oauthConfig(...)`): managed login, social providers, M2M tokens. */
  oauth?: OAuthConfig;
}

export interface AuthPorts {
  transport: Transport;
  store: Store;
  random: Random;
  clock: Clock;
  /**
   * SHA-256 and HMAC-SHA256: `nobleHash` from @cogflow/core, or the platform's (the browser adapter passes
   * WebCrypto's). A port rather than a default so that a browser bundle need not carry a hash of its own.
   */
  hash: Hash;
  /** Defaults to core's pure-BigInt modPow. */
  modPow?: ModPow;
  /** Single-flight for refreshes; defaults to an in-process lock. */
  lock?: Lock;
}

export type CreateAuthClientOptions = AuthConfig & AuthPorts;

/** Tokens of one signed-in user. Times are ms since the epoch. */
export interface TokenSet {
  accessToken: string;
  idToken?: string;
  refreshToken?: string;
  tokenType?: string;
  /** When the access token expires (from ExpiresIn at issue time, or the token's `exp`). */
  expiresAt: number;
  /** The device used or remembered in this sign-in, sent with refreshes. */
  deviceKey?: string;
  /**
   * `oauth`: issued by the user-pool domain's token endpoint (managed login, a social provider), so refreshed
   * there (unless a device key binds it to the API's refresh). Absent: issued by the API (InitiateAuth).
   */
  via?: 'oauth';
}

export type SignInFlow =
  | 'USER_SRP_AUTH'
  | 'USER_PASSWORD_AUTH'
  | 'CUSTOM_AUTH'
  | 'CUSTOM_AUTH_SRP'
  | 'USER_AUTH';

export type FirstFactor = 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';
export type MFAType = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';

export interface RequestMetadata {
  clientMetadata?: Record<string, string>;
  analyticsMetadata?: { AnalyticsEndpointId?: string };
  userContextData?: { EncodedData?: string; IpAddress?: string };
}

export interface SignInInput extends RequestMetadata {
  username: string;
  /** Needed by USER_SRP_AUTH, USER_PASSWORD_AUTH, CUSTOM_AUTH_SRP and the password factors of USER_AUTH. */
  password?: string;
  /** Default USER_SRP_AUTH. */
  flow?: SignInFlow;
  /** USER_AUTH: PREFERRED_CHALLENGE. */
  preferredChallenge?: FirstFactor;
  /**
   * Whether to remember this device when the pool leaves it to the user (DeviceOnlyRememberedOnUserPrompt). No
   * default: left out, the device is confirmed but not remembered and the outcome says `userConfirmationNecessary`,
   * so the app can ask the person. On a later sign-in with a known device, an explicit value that differs from the
   * device's status changes it.
   */
  rememberDevice?: boolean;
  deviceName?: string;
  /**
   * When the user signed up but is not confirmed, ask for a new sign-up code (ResendConfirmationCode) before
   * answering CONFIRM_SIGN_UP, which then says where the code went. Default false: no code is sent.
   */
  resendSignUpCode?: boolean;
  signal?: AbortSignalLike;
}

/** What to ask the person next. Prefixes such as `userAttributes.` are stripped. */
export type NextStep =
  | { type: 'NEW_PASSWORD_REQUIRED'; requiredAttributes: string[]; userAttributes: Record<string, string> }
  | { type: 'SMS_MFA' | 'EMAIL_OTP' | 'SMS_OTP'; deliveryMedium?: string; destination?: string }
  | { type: 'SOFTWARE_TOKEN_MFA' }
  | { type: 'SELECT_MFA_TYPE'; options: MFAType[] }
  | { type: 'MFA_SETUP'; options: MFAType[] }
  /** TOTP set-up: show the secret (and a QR code of the URI), then answer with the first code. */
  | { type: 'TOTP_SETUP'; secretCode: string; otpauthURI: string }
  | { type: 'CUSTOM_CHALLENGE'; parameters: Record<string, string> }
  | { type: 'SELECT_CHALLENGE'; available: FirstFactor[] }
  /** The PublicKeyCredentialRequestOptions JSON to hand to navigator.credentials.get. */
  | { type: 'WEB_AUTHN'; credentialRequestOptions: Record<string, unknown> };

export type ChallengeAnswer =
  | { type: 'NEW_PASSWORD_REQUIRED'; newPassword: string; attributes?: Record<string, string> }
  | { type: 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP' | 'SMS_OTP'; code: string }
  | { type: 'SELECT_MFA_TYPE'; mfa: MFAType }
  | { type: 'MFA_SETUP'; method: 'SOFTWARE_TOKEN_MFA' }
  | { type: 'MFA_SETUP'; method: 'EMAIL_OTP'; email: string }
  | { type: 'TOTP_SETUP'; code: string; friendlyDeviceName?: string }
  | { type: 'CUSTOM_CHALLENGE'; answer: string; extra?: Record<string, string> }
  | { type: 'SELECT_CHALLENGE'; challenge: FirstFactor; password?: string }
  | { type: 'WEB_AUTHN'; credential: Record<string, unknown> };

/**
 * A sign-in waiting on a person. Plain JSON: it holds no password, no SRP private value, no token, no device
 * password, no client secret. Resume it with `respond`, in this process or another one sharing the store.
 */
export interface PendingSignIn {
  readonly v: 1;
  /** Random id; the pending state is also kept in the store under it until it expires. */
  readonly id: string;
  readonly step: NextStep['type'];
  readonly [key: string]: unknown;
}

export type DeviceOutcome =
  | { status: 'not-tracked' }
  /** A device remembered earlier proved itself with device SRP (DEVICE_SRP_AUTH) in this sign-in. */
  | { status: 'used'; deviceKey: string }
  /** The DEVICE_KEY went with the sign-in, but the service asked for no device SRP (a device not remembered). */
  | { status: 'presented'; deviceKey: string }
  /**
   * An explicit `rememberDevice` changed a known device's remembered status (UpdateDeviceStatus).
   * `authenticated`: device SRP took place as well.
   */
  | { status: 'updated'; deviceKey: string; remembered: boolean; authenticated: boolean }
  /**
   * A new device, confirmed (ConfirmDevice). `remembered` is what the service holds now. With
   * `userConfirmationNecessary` the pool leaves remembering to the person and nobody answered (no explicit
   * `rememberDevice`): ask, then call rememberDevice.
   */
  | { status: 'confirmed'; deviceKey: string; remembered: boolean; userConfirmationNecessary?: true }
  /** ConfirmDevice or UpdateDeviceStatus failed: the tokens are still good. */
  | { status: 'failed'; deviceKey: string; error: CogflowError };

export interface SignedInUser {
  /** The canonical user name (USER_ID_FOR_SRP / cognito:username). */
  username: string;
  sub?: string;
}

export type SignInResult =
  | { status: 'CHALLENGE'; step: NextStep; pending: PendingSignIn }
  | { status: 'SIGNED_IN'; tokens: TokenSet; user: SignedInUser; device: DeviceOutcome }
  /**
   * The user signed up but is not confirmed: confirmSignUp with the code, or resendSignUpCode(auth, { username })
   * first for a new one (`username` is the name to use: the canonical one once the service named it). With signIn's
   * `resendSignUpCode: true` a new code was asked for already: `codeDeliveryDetails` says where it went, or
   * `resendError` why none was sent (LIMIT_EXCEEDED, CODE_DELIVERY_FAILURE, a network failure).
   */
  | {
      status: 'CONFIRM_SIGN_UP';
      username: string;
      codeDeliveryDetails?: CodeDeliveryDetails;
      resendError?: CogflowError;
    }
  /** An administrator required a new password: resetPassword, then confirmResetPassword with the code. */
  | { status: 'RESET_PASSWORD'; username: string };

export type AuthEvent = (
  | { type: 'signed-in'; username: string }
  | { type: 'tokens-refreshed'; username: string }
  | { type: 'signed-out'; username: string }
  | { type: 'device-forgotten'; username: string }
  /**
   * A refresh failed. `tokensKept`: false when the service refused the refresh token (the user is signed out, a
   * `signed-out` event follows); true for a failure worth retrying later (network, throttling, 5xx).
   */
  | { type: 'refresh-failed'; username: string; error: CogflowError; tokensKept: boolean }
) & {
  /** Set on an event another tab or worker of the origin announced (@cogflow/browser's syncTabs). */
  remote?: true;
};

export interface GetTokensOptions {
  /** Refresh even when the tokens are still valid. */
  forceRefresh?: boolean;
  signal?: AbortSignalLike;
}

export interface SignOutOptions {
  /** GlobalSignOut (every session of the user) instead of RevokeToken (this one). Default false. */
  global?: boolean;
  signal?: AbortSignalLike;
}

/**
 * The auth instance that every capability function takes (`signIn(auth, input)`, `getTokens(auth, username)`, ...).
 * Made by `createAuthClient`, or by an adapter's `createNodeAuth` / `createBrowserAuth`.
 */
export interface AuthClient {
  readonly userPoolId: string;
  readonly clientId: string;
  /** Events of this instance (and, with @cogflow/browser's syncTabs, of the other tabs). Returns unsubscribe. */
  subscribe(listener: (event: AuthEvent) => void): () => void;
  /** The shared context the capability modules run on. Internal: its shape may change in any release. */
  readonly core: AuthCore;
}
