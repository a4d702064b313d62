// The browser's OAuth capability: managed login and social providers by redirect, and sign-out through /logout.

export { type BrowserOAuthSettings, browserOAuth } from './browser-oauth.js';
export { type FetchOAuthHTTPOptions, fetchOAuthHTTP } from './fetch-oauth-http.js';
export {
  type HandleRedirectCallbackOptions,
  handleRedirectCallback,
  type PendingStorage,
  type RedirectHost,
  type SignInWithRedirectOptions,
  type SignOutWithRedirectOptions,
  signInWithRedirect,
  signOutWithRedirect,
} from './redirect.js';
