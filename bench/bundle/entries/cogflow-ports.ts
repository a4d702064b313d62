// Bundle-size entry: the same sign-in with core's client and only the browser ports it needs (no passkeys, no tabs).

import { fetchTransport, localStorageStore, webCryptoHash, webLocksLock, webRandom } from '@cogflow/browser';
import { type ChallengeAnswer, createAuthClient, type NextStep, type TokenSet } from '@cogflow/core';

export async function signInAndRefresh(
  username: string,
  password: string,
  ask: (step: NextStep) => Promise<ChallengeAnswer>,
): Promise<TokenSet> {
  const auth = createAuthClient({
    userPoolId: 'eu-west-1_Example',
    clientId: 'exampleclientid',
    transport: fetchTransport({ region: 'eu-west-1' }),
    store: localStorageStore(),
    random: webRandom(),
    hash: webCryptoHash(),
    clock: { now: () => Date.now() },
    lock: webLocksLock(),
  });
  let result = await auth.signIn({ username, password });
  while (result.status === 'CHALLENGE') result = await auth.respond(result.pending, await ask(result.step));
  return auth.getTokens(username, { forceRefresh: true });
}
