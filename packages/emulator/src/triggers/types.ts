// Public types of the Lambda triggers: the service's event shapes (Cognito developer guide, "Lambda triggers").
import type { CustomAuthHook } from '../types.js';

/** What every trigger event carries (the guide's "common parameters"). */
export interface TriggerEventCommon<Source extends string> {
  version: string;
  region: string;
  userPoolId: string;
  userName: string;
  /** `clientId` is `CLIENT_ID_NOT_APPLICABLE` for admin operations that name no app client, as on the service. */
  callerContext: { awsSdkVersion: string; clientId: string };
  triggerSource: Source;
}

export type StringMap = Record<string, string>;

export interface PreSignUpEvent extends TriggerEventCommon<'PreSignUp_SignUp' | 'PreSignUp_AdminCreateUser'> {
  request: { userAttributes: StringMap; validationData?: StringMap; clientMetadata?: StringMap };
  response: { autoConfirmUser?: boolean; autoVerifyEmail?: boolean; autoVerifyPhone?: boolean };
}

export interface PostConfirmationEvent
  extends TriggerEventCommon<'PostConfirmation_ConfirmSignUp' | 'PostConfirmation_ConfirmForgotPassword'> {
  request: { userAttributes: StringMap; clientMetadata?: StringMap };
  response: Record<string, never>;
}

export interface PreAuthenticationEvent extends TriggerEventCommon<'PreAuthentication_Authentication'> {
  request: { userAttributes: StringMap; userNotFound?: boolean; validationData?: StringMap };
  response: Record<string, never>;
}

export interface PostAuthenticationEvent extends TriggerEventCommon<'PostAuthentication_Authentication'> {
  request: { userAttributes: StringMap; newDeviceUsed: boolean; clientMetadata?: StringMap };
  response: Record<string, never>;
}

export type TokenGenerationSource =
  | 'TokenGeneration_Authentication'
  | 'TokenGeneration_NewPasswordChallenge'
  | 'TokenGeneration_AuthenticateDevice'
  | 'TokenGeneration_RefreshTokens'
  | 'TokenGeneration_HostedAuth';

export interface GroupConfiguration {
  groupsToOverride?: string[];
  iamRolesToOverride?: string[];
  preferredRole?: string | null;
}

/** V1_0: the ID token's claims and the groups of both tokens. */
export interface PreTokenGenerationV1Event extends TriggerEventCommon<TokenGenerationSource> {
  request: { userAttributes: StringMap; groupConfiguration: GroupConfiguration; clientMetadata?: StringMap };
  response: {
    claimsOverrideDetails?: {
      claimsToAddOrOverride?: Record<string, unknown>;
      claimsToSuppress?: string[];
      groupOverrideDetails?: GroupConfiguration | null;
    } | null;
  };
}

export interface TokenClaimsOverride {
  claimsToAddOrOverride?: Record<string, unknown>;
  claimsToSuppress?: string[];
}

/** V2_0: both tokens' claims, the access token's scopes, and the groups. */
export interface PreTokenGenerationV2Event extends TriggerEventCommon<TokenGenerationSource> {
  request: {
    userAttributes: StringMap;
    groupConfiguration: GroupConfiguration;
    scopes: string[];
    clientMetadata?: StringMap;
  };
  response: {
    claimsAndScopeOverrideDetails?: {
      idTokenGeneration?: TokenClaimsOverride;
      accessTokenGeneration?: TokenClaimsOverride & { scopesToAdd?: string[]; scopesToSuppress?: string[] };
      groupOverrideDetails?: GroupConfiguration | null;
    } | null;
  };
}

export type PreTokenGenerationEvent = PreTokenGenerationV1Event | PreTokenGenerationV2Event;

export type CustomMessageSource =
  | 'CustomMessage_SignUp'
  | 'CustomMessage_AdminCreateUser'
  | 'CustomMessage_ResendCode'
  | 'CustomMessage_ForgotPassword'
  | 'CustomMessage_UpdateUserAttribute'
  | 'CustomMessage_VerifyUserAttribute'
  | 'CustomMessage_Authentication';

export interface CustomMessageEvent extends TriggerEventCommon<CustomMessageSource> {
  request: {
    userAttributes: StringMap;
    /** `{####}`: where the code (or, for AdminCreateUser, the temporary password) goes. */
    codeParameter: string;
    /** `{username}` for CustomMessage_AdminCreateUser, else null. */
    usernameParameter: string | null;
    linkParameter: string | null;
    clientMetadata?: StringMap;
  };
  response: { smsMessage?: string | null; emailMessage?: string | null; emailSubject?: string | null };
}

export interface UserMigrationEvent
  extends TriggerEventCommon<'UserMigration_Authentication' | 'UserMigration_ForgotPassword'> {
  request: { password?: string; validationData?: StringMap; clientMetadata?: StringMap };
  response: {
    userAttributes?: StringMap;
    finalUserStatus?: 'CONFIRMED' | 'RESET_REQUIRED';
    messageAction?: 'SUPPRESS' | 'RESEND';
    desiredDeliveryMediums?: ('SMS' | 'EMAIL')[];
    forceAliasCreation?: boolean;
  };
}

/**
 * A trigger is a Lambda handler: it may mutate `event.response` and return nothing, or return the event (or an
 * object with a `response`). A throw is the service's UserLambdaValidationException with the thrown message.
 */
export type TriggerHandler<E> = (
  event: E,
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler written as a Lambda may return nothing.
) => E | void | Promise<E | void>;

/** One pool's triggers (LambdaConfig's members, as JavaScript functions). */
export interface LambdaTriggers {
  preSignUp?: TriggerHandler<PreSignUpEvent>;
  postConfirmation?: TriggerHandler<PostConfirmationEvent>;
  preAuthentication?: TriggerHandler<PreAuthenticationEvent>;
  postAuthentication?: TriggerHandler<PostAuthenticationEvent>;
  preTokenGeneration?: TriggerHandler<PreTokenGenerationEvent>;
  /** LambdaConfig.PreTokenGenerationConfig.LambdaVersion: V1_0 (the default) or V2_0. */
  preTokenGenerationConfig?: { lambdaVersion: 'V1_0' | 'V2_0' };
  customMessage?: TriggerHandler<CustomMessageEvent>;
  userMigration?: TriggerHandler<UserMigrationEvent>;
  defineAuthChallenge?: CustomAuthHook;
  createAuthChallenge?: CustomAuthHook;
  verifyAuthChallengeResponse?: CustomAuthHook;
}

/**
 * `startEmulator({ triggers })` and the CLI's `--triggers` module: triggers for every pool at the top level, and
 * per pool under `pools`, keyed by pool name or pool id. For a pool, each trigger is taken from its id's entry,
 * else its name's entry, else the top level.
 */
export interface TriggerConfig extends LambdaTriggers {
  pools?: Record<string, LambdaTriggers>;
}

export const TRIGGER_NAMES = [
  'preSignUp',
  'postConfirmation',
  'preAuthentication',
  'postAuthentication',
  'preTokenGeneration',
  'customMessage',
  'userMigration',
  'defineAuthChallenge',
  'createAuthChallenge',
  'verifyAuthChallengeResponse',
] as const;
