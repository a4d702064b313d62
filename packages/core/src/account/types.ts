// The public shapes of the account operations (sign-up, passwords, attributes, MFA settings, devices, passkeys):
// inputs and results that say what comes next, with Amplify v6's names where it has them.

import type { AbortSignalLike } from '../ports.js';
import type { RequestMetadata } from '../types.js';

/** Where a code (or link) went. `destination` is masked by the service (`a***@e***`). */
export interface CodeDeliveryDetails {
  medium?: 'EMAIL' | 'SMS' | (string & {});
  destination?: string;
  attributeName?: string;
}

export interface AccountCallOptions {
  signal?: AbortSignalLike;
}

/** Options of an operation that a Lambda trigger may see (ClientMetadata and the other pass-through fields). */
export interface AccountRequestOptions extends RequestMetadata, AccountCallOptions {}

export interface SignUpInput extends AccountRequestOptions {
  username: string;
  password: string;
  /** User attributes by name: `{ email: 'a@example.com', 'custom:plan': 'pro' }`. */
  attributes?: Record<string, string>;
  /** ValidationData for a pre-sign-up trigger. */
  validationData?: Record<string, string>;
}

/**
 * What comes after signUp. `CONFIRM_SIGN_UP`: a code (or, when the pool's message is a link, a link) went to
 * `codeDeliveryDetails`; call confirmSignUp (or wait for the link). `COMPLETE_AUTO_SIGN_IN`: the user is confirmed
 * already (a pre-sign-up trigger) and autoSignIn signs in. `DONE`: confirmed, sign in as usual.
 */
export type SignUpResult =
  | { nextStep: 'CONFIRM_SIGN_UP'; userSub: string; codeDeliveryDetails?: CodeDeliveryDetails }
  | { nextStep: 'COMPLETE_AUTO_SIGN_IN' | 'DONE'; userSub: string };

export interface ConfirmSignUpInput extends AccountRequestOptions {
  username: string;
  confirmationCode: string;
  /** Take the e-mail or phone alias even when another user holds it (ForceAliasCreation). */
  forceAliasCreation?: boolean;
}

/** `COMPLETE_AUTO_SIGN_IN`: call autoSignIn within the session's lifetime to sign in without the password. */
export interface ConfirmSignUpResult {
  nextStep: 'COMPLETE_AUTO_SIGN_IN' | 'DONE';
}

export interface UsernameInput extends AccountRequestOptions {
  username: string;
}

export interface ResetPasswordResult {
  nextStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE';
  codeDeliveryDetails?: CodeDeliveryDetails;
}

export interface ConfirmResetPasswordInput extends AccountRequestOptions {
  username: string;
  confirmationCode: string;
  newPassword: string;
}

export interface UpdatePasswordInput extends AccountCallOptions {
  oldPassword: string;
  newPassword: string;
}

export type UserAttributes = Record<string, string>;

export interface UpdateUserAttributesInput extends AccountCallOptions {
  attributes: UserAttributes;
  clientMetadata?: Record<string, string>;
}

/**
 * Per attribute sent: `DONE`, or a code went out to verify it (`confirmUserAttribute`). With the pool's
 * AttributesRequireVerificationBeforeUpdate the old value stays until then; without it, the new value is already
 * stored, unverified.
 */
export type UpdateUserAttributesResult = Record<
  string,
  { nextStep: 'DONE' } | { nextStep: 'CONFIRM_ATTRIBUTE_WITH_CODE'; codeDeliveryDetails: CodeDeliveryDetails }
>;

export interface AttributeKeyInput extends AccountCallOptions {
  attributeKey: string;
  clientMetadata?: Record<string, string>;
}

export interface ConfirmUserAttributeInput extends AccountCallOptions {
  attributeKey: string;
  confirmationCode: string;
}

export interface DeleteUserAttributesInput extends AccountCallOptions {
  attributeKeys: string[];
}

/** Amplify's names for the MFA factors: SMS_MFA, SOFTWARE_TOKEN_MFA and EMAIL_OTP on the wire. */
export type MFAMethod = 'SMS' | 'TOTP' | 'EMAIL';

export interface MFAPreference {
  enabled: MFAMethod[];
  preferred?: MFAMethod;
}

export type MFAPreferenceValue = 'ENABLED' | 'DISABLED' | 'PREFERRED' | 'NOT_PREFERRED';

export interface UpdateMFAPreferenceInput extends AccountCallOptions {
  sms?: MFAPreferenceValue;
  totp?: MFAPreferenceValue;
  email?: MFAPreferenceValue;
  /** Passkeys as MFA (WebAuthnMfaSettings). */
  webAuthn?: 'ENABLED' | 'DISABLED';
}

/** What GetUserAuthFactors says: MFA factors as in MFAPreference, and the first factors the user can sign in with. */
export interface AuthFactors extends MFAPreference {
  /** PASSWORD, EMAIL_OTP, SMS_OTP, WEB_AUTHN: what USER_AUTH can offer this user. */
  configured: string[];
}

export interface TOTPSetupDetails {
  secretCode: string;
  /** For a QR code: `otpauth://totp/<issuer>:<username>?secret=...&issuer=...`. */
  otpauthURI: string;
}

export interface VerifyTOTPSetupInput extends AccountCallOptions {
  code: string;
  friendlyDeviceName?: string;
}

export interface Device {
  /** The DeviceKey. */
  id: string;
  /** The device_name attribute, when set. */
  name?: string;
  attributes: Record<string, string>;
  /** From the `dev:device_remembered_status` attribute: whether a sign-in with it may skip MFA. */
  remembered?: boolean;
  createDate?: Date;
  lastModifiedDate?: Date;
  lastAuthenticatedDate?: Date;
}

export interface DeviceKeyInput extends AccountCallOptions {
  deviceKey: string;
}

export interface WebAuthnCredential {
  credentialId: string;
  friendlyCredentialName?: string;
  relyingPartyId?: string;
  authenticatorAttachment?: string;
  authenticatorTransports: string[];
  createdAt?: Date;
}

export interface CredentialIdInput extends AccountCallOptions {
  credentialId: string;
}
