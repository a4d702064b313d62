// Bundle entry `sign-in+sign-out`: the `sign-in` entry plus signOut (RevokeToken or GlobalSignOut).

import {
  type ChallengeAnswer,
  confirmSignIn,
  createBrowserAuth,
  getTokens,
  type NextStep,
  signIn,
  signOut,
  type TokenSet,
} from '@cogflow/browser';

export async function signInRefreshAndSignOut(
  username: string,
  password: string,
  ask: (step: NextStep) => Promise<ChallengeAnswer>,
): Promise<TokenSet> {
  const auth = createBrowserAuth({ userPoolId: 'eu-west-1_Example', clientId: 'exampleclientid' });
  let result = await signIn(auth, { username, password });
  while (result.status === 'CHALLENGE')
    result = await confirmSignIn(auth, result.pending, await ask(result.step));
  const tokens = await getTokens(auth, username, { forceRefresh: true });
  await signOut(auth, username, { global: true });
  return tokens;
}
