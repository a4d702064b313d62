// Bundle entry `sign-in`, written as README.md tells a page to: the one-call setup, then signIn and confirmSignIn
// for every challenge (device SRP included) and getTokens with a refresh; tokens in localStorage (the default).

import {
  type ChallengeAnswer,
  confirmSignIn,
  createBrowserAuth,
  getTokens,
  type NextStep,
  signIn,
  type TokenSet,
} from '@cogflow/browser';

export async function signInAndRefresh(
  username: string,
  password: string,
  ask: (step: NextStep) => Promise<ChallengeAnswer>,
): Promise<TokenSet> {
  const auth = createBrowserAuth({ userPoolId: 'eu-west-1_Example', clientId: 'exampleclientid' });
  let result = await signIn(auth, { username, password });
  while (result.status === 'CHALLENGE')
    result = await confirmSignIn(auth, result.pending, await ask(result.step));
  return getTokens(auth, username, { forceRefresh: true });
}
