// OAuth 2.0 on the user-pool domain, the pure parts: endpoints, the authorize URL with PKCE, the callback, token
// and revocation requests, the token answer and the ID token checks.

export {
  type AuthorizationInput,
  type AuthorizeOptions,
  createAuthorization,
  type PendingAuthorization,
  parsePendingAuthorization,
} from './authorize.js';
export {
  callbackState,
  isAuthorizationCallback,
  readCallback,
  withoutCallbackParameters,
} from './callback.js';
export {
  cognitoIssuer,
  discoveryURL,
  domainBase,
  endpointsFromDiscovery,
  endpointsFromDomain,
  type OAuthEndpoints,
} from './endpoints.js';
export { formEncode, parseForm, queryOf } from './form.js';
export { checkIDToken, type IDTokenExpectations } from './id-token.js';
export { codeChallengeS256, createPKCE, type PKCEPair, randomURLToken } from './pkce.js';
export { errorFromOAuthAnswer, tokenSetFromTokenAnswer } from './token-answer.js';
export {
  type ClientAuthentication,
  type ClientCredentialsInput,
  logoutURL,
  revocationRequest,
  tokenRequest,
} from './token-request.js';
