// Bundle-size anchor: Amplify v6 auth (signIn + confirmSignIn for every step + fetchAuthSession with a refresh).

import { Amplify } from 'aws-amplify';
import { confirmSignIn, fetchAuthSession, signIn } from 'aws-amplify/auth';

export async function signInAndRefresh(
  username: string,
  password: string,
  ask: (step: string) => Promise<string>,
): Promise<unknown> {
  Amplify.configure({
    Auth: { Cognito: { userPoolId: 'eu-west-1_Example', userPoolClientId: 'exampleclientid' } },
  });
  let result = await signIn({ username, password });
  while (!result.isSignedIn) {
    result = await confirmSignIn({ challengeResponse: await ask(result.nextStep.signInStep) });
  }
  return fetchAuthSession({ forceRefresh: true });
}
