// The client: a small shared context and one module per capability, so a bundler drops what a page never imports.

export { type AuthCore, createAuthClient, DEFAULT_PENDING_TTL_SECONDS } from './context.js';
export { getCurrentUser, listSignedInUsers } from './current-user.js';
export { forgetDevice, type RememberDeviceOptions, rememberDevice } from './devices.js';
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
export { type ConfirmSignInOptions, confirmSignIn, signIn } from './sign-in.js';
export { signOut } from './sign-out.js';
export {
  type LegacyStorage,
  legacyStorageFrom,
  type TakenOver,
  type TakeOverOptions,
  takeOverSession,
} from './take-over.js';
export { getTokens, peekTokens } from './tokens.js';
