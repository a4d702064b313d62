// Bundle entry `oauth`, written as README.md tells a page that signs in through managed login: the one-call setup
// with the domain, the redirect, the callback on the redirect URI's page, and getTokens with a refresh (at the token
// endpoint); tokens in localStorage (the default).

import {
  browserOAuth,
  createBrowserAuth,
  getTokens,
  handleRedirectCallback,
  signInWithRedirect,
  type TokenSet,
} from '@cogflow/browser';

const auth = createBrowserAuth({
  userPoolId: 'eu-west-1_Example',
  clientId: 'exampleclientid',
  oauth: browserOAuth({
    domain: 'example.auth.eu-west-1.amazoncognito.com',
    redirectUri: 'https://app.example/callback',
  }),
});

export function signInButton(provider?: string): Promise<void> {
  return signInWithRedirect(auth, provider ? { provider } : {});
}

export async function onLoad(): Promise<TokenSet | undefined> {
  const result = await handleRedirectCallback(auth);
  return result && getTokens(auth, result.user.username, { forceRefresh: true });
}
