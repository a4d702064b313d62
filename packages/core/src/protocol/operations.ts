// The Cognito user-pool JSON 1.1 shapes that cogflow sends and reads, as plain types (AWS API reference).

import type {
  ChangePasswordRequest,
  ChangePasswordResponse,
  ConfirmForgotPasswordRequest,
  ConfirmForgotPasswordResponse,
  ConfirmSignUpRequest,
  ConfirmSignUpResponse,
  DeleteUserAttributesRequest,
  DeleteUserAttributesResponse,
  DeleteUserRequest,
  DeleteUserResponse,
  DeleteWebAuthnCredentialRequest,
  DeleteWebAuthnCredentialResponse,
  ForgotPasswordRequest,
  ForgotPasswordResponse,
  GetUserAttributeVerificationCodeRequest,
  GetUserAttributeVerificationCodeResponse,
  GetUserAuthFactorsRequest,
  GetUserAuthFactorsResponse,
  ListWebAuthnCredentialsRequest,
  ListWebAuthnCredentialsResponse,
  ResendConfirmationCodeRequest,
  ResendConfirmationCodeResponse,
  SignUpRequest,
  SignUpResponse,
  UpdateUserAttributesRequest,
  UpdateUserAttributesResponse,
  VerifyUserAttributeRequest,
  VerifyUserAttributeResponse,
} from './account-operations.js';

export type * from './account-operations.js';

export type AuthFlow =
  | 'USER_SRP_AUTH'
  | 'USER_PASSWORD_AUTH'
  | 'CUSTOM_AUTH'
  | 'USER_AUTH'
  | 'REFRESH_TOKEN_AUTH'
  | 'REFRESH_TOKEN';

export type ChallengeName =
  | 'PASSWORD_VERIFIER'
  | 'DEVICE_SRP_AUTH'
  | 'DEVICE_PASSWORD_VERIFIER'
  | 'NEW_PASSWORD_REQUIRED'
  | 'SMS_MFA'
  | 'SOFTWARE_TOKEN_MFA'
  | 'EMAIL_OTP'
  | 'SMS_OTP'
  | 'SELECT_MFA_TYPE'
  | 'MFA_SETUP'
  | 'CUSTOM_CHALLENGE'
  | 'SELECT_CHALLENGE'
  | 'WEB_AUTHN'
  | 'PASSWORD'
  | 'PASSWORD_SRP'
  | 'ADMIN_NO_SRP_AUTH';

export interface AnalyticsMetadata {
  AnalyticsEndpointId?: string;
}

export interface UserContextData {
  EncodedData?: string;
  IpAddress?: string;
}

export interface NewDeviceMetadata {
  DeviceKey?: string;
  DeviceGroupKey?: string;
}

export interface AuthenticationResult {
  AccessToken?: string;
  IdToken?: string;
  RefreshToken?: string;
  ExpiresIn?: number;
  TokenType?: string;
  NewDeviceMetadata?: NewDeviceMetadata;
}

export interface InitiateAuthRequest {
  AuthFlow: AuthFlow;
  ClientId: string;
  AuthParameters?: Record<string, string>;
  ClientMetadata?: Record<string, string>;
  AnalyticsMetadata?: AnalyticsMetadata;
  UserContextData?: UserContextData;
  Session?: string;
}

export interface ChallengeResponseBody {
  ChallengeName?: ChallengeName | (string & {});
  ChallengeParameters?: Record<string, string>;
  Session?: string;
  AuthenticationResult?: AuthenticationResult;
  AvailableChallenges?: string[];
}

export type InitiateAuthResponse = ChallengeResponseBody;

export interface RespondToAuthChallengeRequest {
  ClientId: string;
  ChallengeName: ChallengeName | (string & {});
  ChallengeResponses?: Record<string, string>;
  Session?: string;
  ClientMetadata?: Record<string, string>;
  AnalyticsMetadata?: AnalyticsMetadata;
  UserContextData?: UserContextData;
}

export type RespondToAuthChallengeResponse = ChallengeResponseBody;

export interface AssociateSoftwareTokenRequest {
  AccessToken?: string;
  Session?: string;
}
export interface AssociateSoftwareTokenResponse {
  SecretCode?: string;
  Session?: string;
}

export interface VerifySoftwareTokenRequest {
  AccessToken?: string;
  Session?: string;
  UserCode: string;
  FriendlyDeviceName?: string;
}
export interface VerifySoftwareTokenResponse {
  Status?: 'SUCCESS' | 'ERROR';
  Session?: string;
}

export interface DeviceSecretVerifierConfig {
  PasswordVerifier: string;
  Salt: string;
}

export interface AttributeType {
  Name: string;
  Value?: string;
}

export interface ConfirmDeviceRequest {
  AccessToken: string;
  DeviceKey: string;
  DeviceName?: string;
  DeviceSecretVerifierConfig?: DeviceSecretVerifierConfig;
}
export interface ConfirmDeviceResponse {
  UserConfirmationNecessary?: boolean;
}

export interface UpdateDeviceStatusRequest {
  AccessToken: string;
  DeviceKey: string;
  DeviceRememberedStatus?: 'remembered' | 'not_remembered';
}
export type UpdateDeviceStatusResponse = Record<string, never>;

export interface ForgetDeviceRequest {
  AccessToken?: string;
  DeviceKey: string;
}
export type ForgetDeviceResponse = Record<string, never>;

export interface DeviceType {
  DeviceKey?: string;
  DeviceAttributes?: AttributeType[];
  DeviceCreateDate?: number;
  DeviceLastModifiedDate?: number;
  DeviceLastAuthenticatedDate?: number;
}

export interface ListDevicesRequest {
  AccessToken: string;
  Limit?: number;
  PaginationToken?: string;
}
export interface ListDevicesResponse {
  Devices?: DeviceType[];
  PaginationToken?: string;
}

export interface GetDeviceRequest {
  AccessToken?: string;
  DeviceKey: string;
}
export interface GetDeviceResponse {
  Device?: DeviceType;
}

export interface GetTokensFromRefreshTokenRequest {
  RefreshToken: string;
  ClientId: string;
  ClientSecret?: string;
  DeviceKey?: string;
  ClientMetadata?: Record<string, string>;
}
export interface GetTokensFromRefreshTokenResponse {
  AuthenticationResult?: AuthenticationResult;
}

export interface RevokeTokenRequest {
  Token: string;
  ClientId: string;
  ClientSecret?: string;
}
export type RevokeTokenResponse = Record<string, never>;

export interface GlobalSignOutRequest {
  AccessToken: string;
}
export type GlobalSignOutResponse = Record<string, never>;

export interface MFAOptionType {
  DeliveryMedium?: string;
  AttributeName?: string;
}

export interface GetUserRequest {
  AccessToken: string;
}
export interface GetUserResponse {
  Username: string;
  UserAttributes: AttributeType[];
  MFAOptions?: MFAOptionType[];
  PreferredMfaSetting?: string;
  UserMFASettingList?: string[];
}

export interface MFASettings {
  Enabled?: boolean;
  PreferredMfa?: boolean;
}

export interface SetUserMFAPreferenceRequest {
  AccessToken: string;
  SMSMfaSettings?: MFASettings;
  SoftwareTokenMfaSettings?: MFASettings;
  EmailMfaSettings?: MFASettings;
  /** Passkeys as an MFA factor: ENABLED or DISABLED (the pool must allow it). */
  WebAuthnMfaSettings?: { Enabled?: boolean };
}
export type SetUserMFAPreferenceResponse = Record<string, never>;

export interface StartWebAuthnRegistrationRequest {
  AccessToken: string;
}
export interface StartWebAuthnRegistrationResponse {
  /** PublicKeyCredentialCreationOptions in their JSON form (base64url buffers). */
  CredentialCreationOptions: Record<string, unknown>;
}

export interface CompleteWebAuthnRegistrationRequest {
  AccessToken: string;
  /** The RegistrationResponseJSON of the new credential. */
  Credential: Record<string, unknown>;
}
export type CompleteWebAuthnRegistrationResponse = Record<string, never>;

/** Every public (unsigned) operation core may ask a transport to send. */
export interface Operations {
  InitiateAuth: [InitiateAuthRequest, InitiateAuthResponse];
  RespondToAuthChallenge: [RespondToAuthChallengeRequest, RespondToAuthChallengeResponse];
  AssociateSoftwareToken: [AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse];
  VerifySoftwareToken: [VerifySoftwareTokenRequest, VerifySoftwareTokenResponse];
  ConfirmDevice: [ConfirmDeviceRequest, ConfirmDeviceResponse];
  UpdateDeviceStatus: [UpdateDeviceStatusRequest, UpdateDeviceStatusResponse];
  ForgetDevice: [ForgetDeviceRequest, ForgetDeviceResponse];
  ListDevices: [ListDevicesRequest, ListDevicesResponse];
  GetDevice: [GetDeviceRequest, GetDeviceResponse];
  GetTokensFromRefreshToken: [GetTokensFromRefreshTokenRequest, GetTokensFromRefreshTokenResponse];
  RevokeToken: [RevokeTokenRequest, RevokeTokenResponse];
  GlobalSignOut: [GlobalSignOutRequest, GlobalSignOutResponse];
  GetUser: [GetUserRequest, GetUserResponse];
  SetUserMFAPreference: [SetUserMFAPreferenceRequest, SetUserMFAPreferenceResponse];
  StartWebAuthnRegistration: [StartWebAuthnRegistrationRequest, StartWebAuthnRegistrationResponse];
  CompleteWebAuthnRegistration: [CompleteWebAuthnRegistrationRequest, CompleteWebAuthnRegistrationResponse];
  SignUp: [SignUpRequest, SignUpResponse];
  ConfirmSignUp: [ConfirmSignUpRequest, ConfirmSignUpResponse];
  ResendConfirmationCode: [ResendConfirmationCodeRequest, ResendConfirmationCodeResponse];
  ForgotPassword: [ForgotPasswordRequest, ForgotPasswordResponse];
  ConfirmForgotPassword: [ConfirmForgotPasswordRequest, ConfirmForgotPasswordResponse];
  ChangePassword: [ChangePasswordRequest, ChangePasswordResponse];
  UpdateUserAttributes: [UpdateUserAttributesRequest, UpdateUserAttributesResponse];
  GetUserAttributeVerificationCode: [
    GetUserAttributeVerificationCodeRequest,
    GetUserAttributeVerificationCodeResponse,
  ];
  VerifyUserAttribute: [VerifyUserAttributeRequest, VerifyUserAttributeResponse];
  DeleteUserAttributes: [DeleteUserAttributesRequest, DeleteUserAttributesResponse];
  DeleteUser: [DeleteUserRequest, DeleteUserResponse];
  GetUserAuthFactors: [GetUserAuthFactorsRequest, GetUserAuthFactorsResponse];
  ListWebAuthnCredentials: [ListWebAuthnCredentialsRequest, ListWebAuthnCredentialsResponse];
  DeleteWebAuthnCredential: [DeleteWebAuthnCredentialRequest, DeleteWebAuthnCredentialResponse];
}

export type OperationName = keyof Operations;
export type RequestOf<O extends OperationName> = Operations[O][0];
export type ResponseOf<O extends OperationName> = Operations[O][1];

/** The X-Amz-Target header value for an operation. */
export const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
export const CONTENT_TYPE = 'application/x-amz-json-1.1';
