// The OAuth configuration of a page: core's oauthConfig with fetch as its HTTP port. Importing it is what brings
// the OAuth code into a bundle; createBrowserAuth alone carries none.

import { type OAuthConfig, type OAuthSettings, oauthConfig } from '@cogflow/core';
import { type FetchOAuthHTTPOptions, fetchOAuthHTTP } from './fetch-oauth-http.js';

export interface BrowserOAuthSettings extends OAuthSettings, FetchOAuthHTTPOptions {}

/** `createBrowserAuth({ ..., oauth: browserOAuth({ domain, redirectUri }) })`. */
export function browserOAuth(settings: BrowserOAuthSettings): OAuthConfig {
  const { fetch, timeoutMs, ...rest } = settings;
  return oauthConfig({
    http: fetchOAuthHTTP({
      ...(fetch ? { fetch } : {}),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    }),
    ...rest,
  });
}
