// The client: a small shared context and one module per capability, so a bundler drops what a page never imports.

export {
  confirmUserAttribute,
  deleteUserAttributes,
  fetchUserAttributes,
  sendUserAttributeVerificationCode,
  updateUserAttributes,
} from './attributes.js';
export { type AutoSignInInput, autoSignIn } from './auto-sign-in.js';
export { type AuthCore, createAuthClient, DEFAULT_PENDING_TTL_SECONDS } from './context.js';
export { getCurrentUser, listSignedInUsers } from './current-user.js';
export { fetchDevice, fetchDevices } from './device-list.js';
export {
  type ForgetDeviceOptions,
  forgetDevice,
  type RememberDeviceOptions,
  rememberDevice,
} from './devices.js';
export {
  fetchAuthFactors,
  fetchMFAPreference,
  setUpTOTP,
  updateMFAPreference,
  verifyTOTPSetup,
} from './mfa-settings.js';
export {
  type ClientCredentialsOptions,
  getClientCredentialsTokens,
} from './oauth-client-credentials.js';
export {
  discoverOAuthEndpoints,
  type OAuthConfig,
  type OAuthRefresh,
  type OAuthSettings,
  oauthConfig,
} from './oauth-config.js';
export {
  type CompleteAuthorizationInput,
  completeAuthorization,
  createAuthorizationRequest,
  DEFAULT_AUTHORIZATION_TTL_SECONDS,
  finishAuthorization,
  type OAuthSignInResult,
  startAuthorization,
} from './oauth-sign-in.js';
export { type OAuthSignOutOptions, signOutOfDomain } from './oauth-sign-out.js';
export { deleteWebAuthnCredential, listWebAuthnCredentials } from './passkey-credentials.js';
export { confirmResetPassword, resetPassword, updatePassword } from './passwords.js';
export { type ConfirmSignInOptions, confirmSignIn, signIn } from './sign-in.js';
export { signOut } from './sign-out.js';
export { confirmSignUp, resendSignUpCode, SIGN_UP_SESSION_TTL_SECONDS, signUp } from './sign-up.js';
export {
  type LegacyStorage,
  legacyStorageFrom,
  type TakenOver,
  type TakeOverOptions,
  takeOverSession,
} from './take-over.js';
export { getTokens, peekTokens } from './tokens.js';
export { deleteUser } from './user.js';
export {
  type GetWebAuthnCredential,
  signInWithWebAuthn,
  type WebAuthnSignInInput,
} from './webauthn-sign-in.js';
