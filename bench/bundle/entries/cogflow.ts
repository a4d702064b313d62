// Bundle-size entry: sign in with every challenge, refresh, tokens in localStorage, with @cogflow/browser's wiring.

import { createBrowserAuth } from '@cogflow/browser';
import type { ChallengeAnswer, NextStep, TokenSet } from '@cogflow/core';

export async function signInAndRefresh(
  username: string,
  password: string,
  ask: (step: NextStep) => Promise<ChallengeAnswer>,
): Promise<TokenSet> {
  const auth = createBrowserAuth({
    userPoolId: 'eu-west-1_Example',
    clientId: 'exampleclientid',
    storage: 'local',
  });
  let result = await auth.signIn({ username, password });
  while (result.status === 'CHALLENGE') result = await auth.respond(result.pending, await ask(result.step));
  return auth.getTokens(username, { forceRefresh: true });
}
