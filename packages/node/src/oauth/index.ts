// Node's OAuth pieces: fetch as the OAuthHTTP port, and the loopback sign-in of a CLI.

export { type FetchOAuthHTTPOptions, fetchOAuthHTTP } from './fetch-oauth-http.js';
export { type LoopbackSignInOptions, signInWithLoopback } from './loopback.js';
