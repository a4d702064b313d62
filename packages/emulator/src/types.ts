// Public types of @cogflow/emulator: the seed, the custom-auth hooks, the options and the control API.
import type { TriggerConfig } from './triggers/types.js';

export type MfaConfiguration = 'OFF' | 'ON' | 'OPTIONAL';
export type MfaType = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';
export type FirstAuthFactor = 'PASSWORD' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';

export interface SeedClient {
  name: string;
  id?: string;
  generateSecret?: boolean;
  /** Defaults to every flow (ALLOW_USER_SRP_AUTH, ALLOW_USER_PASSWORD_AUTH, ALLOW_CUSTOM_AUTH, ALLOW_USER_AUTH, ALLOW_REFRESH_TOKEN_AUTH, ALLOW_ADMIN_USER_PASSWORD_AUTH). */
  explicitAuthFlows?: string[];
  refreshTokenRotation?: { Feature: 'ENABLED' | 'DISABLED'; RetryGracePeriodSeconds?: number };
  accessTokenValidityMinutes?: number;
  idTokenValidityMinutes?: number;
  refreshTokenValidityDays?: number;
  /** AuthSessionValidity: minutes a sign-in Session lives, 3-15 (default 3). */
  authSessionValidityMinutes?: number;
  /** OAuth 2.0, as CreateUserPoolClient's AllowedOAuthFlows (checked the same way). */
  allowedOAuthFlows?: ('code' | 'implicit' | 'client_credentials')[];
  allowedOAuthScopes?: string[];
  /** Defaults to true when allowedOAuthFlows is given (the service's default is false). */
  allowedOAuthFlowsUserPoolClient?: boolean;
  callbackURLs?: string[];
  logoutURLs?: string[];
  defaultRedirectURI?: string;
  /** Defaults to ['COGNITO'] when allowedOAuthFlows is given. */
  supportedIdentityProviders?: string[];
  /** EnableTokenRevocation (default true). */
  enableTokenRevocation?: boolean;
  /** PreventUserExistenceErrors; default ENABLED (unknown users are not revealed). */
  preventUserExistenceErrors?: 'ENABLED' | 'LEGACY';
}

export interface SeedIdentityProvider {
  /** `Google` for ProviderType Google; any name for OIDC. Every provider federates to the stand-in provider. */
  providerName: string;
  providerType: 'Google' | 'OIDC' | 'Facebook' | 'LoginWithAmazon' | 'SignInWithApple';
  /** Defaults to a stand-in client (client_id, client_secret, authorize_scopes, and for OIDC oidc_issuer). */
  providerDetails?: Record<string, string>;
  /** User-pool attribute to provider claim; defaults to `{ email: 'email', username: 'sub' }`. */
  attributeMapping?: Record<string, string>;
  idpIdentifiers?: string[];
}

export interface SeedResourceServer {
  identifier: string;
  name: string;
  scopes?: { ScopeName: string; ScopeDescription: string }[];
}

export interface SeedUser {
  username: string;
  password?: string;
  temporaryPassword?: string;
  attributes?: Record<string, string>;
  /** Base32 TOTP secret, registered as already verified. */
  softwareTokenSecret?: string;
  mfaPreference?: { sms?: boolean; totp?: boolean; email?: boolean; preferred?: MfaType };
}

/**
 * How tokens name their issuer: `emulator` (default) `${endpoint}/${poolId}`, where the JWKS and discovery are
 * served; `service` `https://cognito-idp.<region>.amazonaws.com/<poolId>` exactly as the service, so production
 * verifiers (aws-jwt-verify's CognitoJwtVerifier) accept the tokens with the JWKS fetched from the emulator.
 */
export type TokenIssuerMode = 'emulator' | 'service';

export interface SeedPool {
  name: string;
  id?: string;
  /** This pool's token issuer; absent: the emulator's `tokenIssuer` option. */
  tokenIssuer?: TokenIssuerMode;
  mfaConfiguration?: MfaConfiguration;
  enabledMfas?: MfaType[];
  deviceConfiguration?: {
    ChallengeRequiredOnNewDevice?: boolean;
    DeviceOnlyRememberedOnUserPrompt?: boolean;
  };
  usernameAttributes?: ('email' | 'phone_number')[];
  aliasAttributes?: ('email' | 'phone_number' | 'preferred_username')[];
  signInPolicy?: { allowedFirstAuthFactors: FirstAuthFactor[] };
  webAuthnRelyingPartyId?: string;
  /** A prefix domain (CreateUserPoolDomain), served at `${endpoint}/${domain}`. */
  domain?: string;
  /** Resource servers with custom scopes, made before the clients (whose scopes must exist). */
  resourceServers?: SeedResourceServer[];
  /** UsernameConfiguration.CaseSensitive. The seed's default is false (CreateUserPool's, as the service's, true). */
  caseSensitive?: boolean;
  /** AutoVerifiedAttributes: where sign-up codes go. The seed's default is `['email']`. */
  autoVerifiedAttributes?: ('email' | 'phone_number')[];
  /** UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate (each must also be auto-verified). */
  attributesRequireVerificationBeforeUpdate?: ('email' | 'phone_number')[];
  /** Policies.PasswordPolicy; unset members take the service's defaults (8 characters, all four classes, 7 days). */
  passwordPolicy?: {
    MinimumLength?: number;
    RequireUppercase?: boolean;
    RequireLowercase?: boolean;
    RequireNumbers?: boolean;
    RequireSymbols?: boolean;
    TemporaryPasswordValidityDays?: number;
  };
  /** AccountRecoverySetting.RecoveryMechanisms (verified_email, verified_phone_number, admin_only). */
  recoveryMechanisms?: {
    Name: 'verified_email' | 'verified_phone_number' | 'admin_only';
    Priority: number;
  }[];
  /**
   * Schema attributes, as CreateUserPool takes them: `Required` ones must be given at sign-up; a custom attribute
   * (Name `team`, or `custom:team`) must be here before anyone sets it; `Mutable: false` ones are set only at
   * creation; `DeveloperOnlyAttribute` ones (`dev:custom:`) are written only by the admin operations.
   */
  schema?: {
    Name: string;
    Required?: boolean;
    Mutable?: boolean;
    AttributeDataType?: string;
    DeveloperOnlyAttribute?: boolean;
  }[];
  /** Identity providers, made before the clients (whose SupportedIdentityProviders must exist). */
  identityProviders?: SeedIdentityProvider[];
  clients: SeedClient[];
  users?: SeedUser[];
}

export interface EmulatorSeed {
  pools: SeedPool[];
}

/** The Lambda-like event the custom-auth hooks receive (the shape of Cognito's trigger events). */
export interface CustomAuthEvent {
  version: '1';
  region: string;
  userPoolId: string;
  userName: string;
  callerContext: { awsSdkVersion: string; clientId: string };
  triggerSource:
    | 'DefineAuthChallenge_Authentication'
    | 'CreateAuthChallenge_Authentication'
    | 'VerifyAuthChallengeResponse_Authentication';
  request: {
    userAttributes: Record<string, string>;
    userNotFound?: boolean;
    session?: { challengeName: string; challengeResult: boolean; challengeMetadata?: string }[];
    challengeName?: string;
    privateChallengeParameters?: Record<string, string>;
    challengeAnswer?: string;
    clientMetadata?: Record<string, string>;
  };
  response: {
    challengeName?: string;
    issueTokens?: boolean;
    failAuthentication?: boolean;
    publicChallengeParameters?: Record<string, string>;
    privateChallengeParameters?: Record<string, string>;
    challengeMetadata?: string;
    answerCorrect?: boolean;
  };
}

/** A hook may mutate `event.response` and return nothing, or return the event (as a Lambda does). */
export type CustomAuthHook = (
  event: CustomAuthEvent,
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook written as a Lambda handler may return nothing.
) => CustomAuthEvent | void | Promise<CustomAuthEvent | void>;

export interface CustomAuthTriggers {
  defineAuthChallenge?: CustomAuthHook;
  createAuthChallenge?: CustomAuthHook;
  verifyAuthChallengeResponse?: CustomAuthHook;
}

export interface EmulatorOptions {
  port?: number;
  host?: string;
  region?: string;
  seed?: EmulatorSeed;
  /** Lambda triggers as functions: for every pool, and per pool under `pools` (by pool name or id). */
  triggers?: TriggerConfig;
  /**
   * When set, state is loaded from this JSON file (and its journal, `<stateFile>.journal`) at start, and every
   * change is journaled and fsync'd before the request that made it is answered (see the README's "State file").
   */
  stateFile?: string;
  /** Journal size in bytes past which it is folded into the state file; default the larger of 4 MiB and the file's size. */
  journalCompactBytes?: number;
  /** The starting wall clock in ms since the epoch; the emulator clock then moves with real time plus any offset. */
  now?: () => number;
  /**
   * The web pages that may call the control API (/_emulator/): exact origins (`'https://app.test:8443'`) and
   * `'loopback'` (any http(s) origin on localhost, *.localhost, 127.0.0.0/8 or [::1]). A request whose `Origin`
   * header is not listed is refused with 403 before it does anything; requests without `Origin` (Node, curl) are
   * not affected. Default `['loopback']`; `[]` lets no page in. The Cognito API itself stays open to every origin.
   */
  controlOrigins?: readonly string[];
  /** The `iss` of every pool's tokens unless the pool's seed sets its own; default `'emulator'`. */
  tokenIssuer?: TokenIssuerMode;
}

export interface DeliveredMessage {
  poolId: string;
  username: string;
  medium: 'SMS' | 'EMAIL';
  destination: string;
  /** The destination as the service's CodeDeliveryDetails show it (`a***@e***`, `+*******1234`). */
  maskedDestination: string;
  code: string;
  kind: string;
  at: number;
  /** The text delivered, the code in it: the pool's default, or the custom message trigger's. */
  message?: string;
  /** The e-mail subject. */
  subject?: string;
}

export type FaultKind = 'latency' | 'error5xx' | 'throttle' | 'drop' | 'codeDeliveryFailure';

export interface FaultSpec {
  operation?: string;
  kind: FaultKind;
  times?: number;
  latencyMs?: number;
}

export interface EmulatorControl {
  messages(filter?: { username?: string; poolId?: string }): Promise<DeliveredMessage[]>;
  lastCode(filter: { username: string; poolId?: string }): Promise<string | undefined>;
  advanceClock(ms: number): Promise<number>;
  setClock(ms: number): Promise<number>;
  now(): Promise<number>;
  injectFault(fault: FaultSpec): Promise<void>;
  clearFaults(): Promise<void>;
  stats(): Promise<Record<string, number>>;
  resetStats(): Promise<void>;
  totpCode(filter: { username: string; poolId?: string }): Promise<string>;
}

export interface SeededPool {
  id: string;
  clients: Record<string, { id: string; secret?: string }>;
  /** The tokens' `iss` and the OpenID discovery base: `${endpoint}/${poolId}`. */
  issuer: string;
  /** The seeded domain, if any. */
  domain?: string;
  /** Its base URL: `${endpoint}/${domain}` (add `/oauth2/authorize`, `/oauth2/token`, `/logout`, ...). */
  oauthBaseURL?: string;
}

export interface Emulator {
  endpoint: string;
  region: string;
  pools: Record<string, SeededPool>;
  /** The base URL of a user-pool domain on this emulator: `${endpoint}/${domain}`. */
  oauthBaseURL(domain: string): string;
  /** A pool's issuer (the tokens' `iss`; discovery at `${issuer}/.well-known/openid-configuration`). */
  issuer(poolId: string): string;
  /** The stand-in OpenID provider's issuer (`${endpoint}/_idp`), which every identity provider federates to. */
  standInProviderIssuer: string;
  control: EmulatorControl;
  stop(): Promise<void>;
}
