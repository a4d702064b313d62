// The Cognito user-pool JSON 1.1 shapes of the account operations (sign-up, passwords, attributes, user,
// passkey management), as plain types (AWS API reference).

import type { AnalyticsMetadata, AttributeType, UserContextData } from './operations.js';

export interface CodeDeliveryDetailsType {
  Destination?: string;
  DeliveryMedium?: string;
  AttributeName?: string;
}

/** The fields every public (unsigned) account request carries: the app client and, if it has one, SECRET_HASH. */
interface PublicAccountRequest {
  ClientId: string;
  Username: string;
  SecretHash?: string;
  ClientMetadata?: Record<string, string>;
  AnalyticsMetadata?: AnalyticsMetadata;
  UserContextData?: UserContextData;
}

export interface SignUpRequest extends PublicAccountRequest {
  Password?: string;
  UserAttributes?: AttributeType[];
  ValidationData?: AttributeType[];
}
export interface SignUpResponse {
  UserConfirmed: boolean;
  UserSub: string;
  CodeDeliveryDetails?: CodeDeliveryDetailsType;
  Session?: string;
}

export interface ConfirmSignUpRequest extends PublicAccountRequest {
  ConfirmationCode: string;
  ForceAliasCreation?: boolean;
  Session?: string;
}
export interface ConfirmSignUpResponse {
  Session?: string;
}

export type ResendConfirmationCodeRequest = PublicAccountRequest;
export interface ResendConfirmationCodeResponse {
  CodeDeliveryDetails?: CodeDeliveryDetailsType;
}

export type ForgotPasswordRequest = PublicAccountRequest;
export interface ForgotPasswordResponse {
  CodeDeliveryDetails?: CodeDeliveryDetailsType;
}

export interface ConfirmForgotPasswordRequest extends PublicAccountRequest {
  ConfirmationCode: string;
  Password: string;
}
export type ConfirmForgotPasswordResponse = Record<string, never>;

export interface ChangePasswordRequest {
  AccessToken: string;
  PreviousPassword?: string;
  ProposedPassword: string;
}
export type ChangePasswordResponse = Record<string, never>;

export interface UpdateUserAttributesRequest {
  AccessToken: string;
  UserAttributes: AttributeType[];
  ClientMetadata?: Record<string, string>;
}
export interface UpdateUserAttributesResponse {
  CodeDeliveryDetailsList?: CodeDeliveryDetailsType[];
}

export interface GetUserAttributeVerificationCodeRequest {
  AccessToken: string;
  AttributeName: string;
  ClientMetadata?: Record<string, string>;
}
export interface GetUserAttributeVerificationCodeResponse {
  CodeDeliveryDetails?: CodeDeliveryDetailsType;
}

export interface VerifyUserAttributeRequest {
  AccessToken: string;
  AttributeName: string;
  Code: string;
}
export type VerifyUserAttributeResponse = Record<string, never>;

export interface DeleteUserAttributesRequest {
  AccessToken: string;
  UserAttributeNames: string[];
}
export type DeleteUserAttributesResponse = Record<string, never>;

export interface DeleteUserRequest {
  AccessToken: string;
}
export type DeleteUserResponse = Record<string, never>;

export interface GetUserAuthFactorsRequest {
  AccessToken: string;
}
export interface GetUserAuthFactorsResponse {
  Username?: string;
  PreferredMfaSetting?: string;
  UserMFASettingList?: string[];
  ConfiguredUserAuthFactors?: string[];
}

export interface WebAuthnCredentialDescription {
  CredentialId?: string;
  FriendlyCredentialName?: string;
  RelyingPartyId?: string;
  AuthenticatorAttachment?: string;
  AuthenticatorTransports?: string[];
  CreatedAt?: number;
}

export interface ListWebAuthnCredentialsRequest {
  AccessToken: string;
  MaxResults?: number;
  NextToken?: string;
}
export interface ListWebAuthnCredentialsResponse {
  Credentials?: WebAuthnCredentialDescription[];
  NextToken?: string;
}

export interface DeleteWebAuthnCredentialRequest {
  AccessToken: string;
  CredentialId: string;
}
export type DeleteWebAuthnCredentialResponse = Record<string, never>;
