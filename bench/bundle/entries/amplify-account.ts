// Bundle-size anchor: Amplify v6 auth with sign-up and password reset beside sign-in and the session.

import { Amplify } from 'aws-amplify';
import { confirmSignIn, fetchAuthSession, resetPassword, signIn, signUp } from 'aws-amplify/auth';

export async function accountAndSignIn(
  username: string,
  password: string,
  ask: (step: string) => Promise<string>,
): Promise<unknown> {
  Amplify.configure({
    Auth: { Cognito: { userPoolId: 'eu-west-1_Example', userPoolClientId: 'exampleclientid' } },
  });
  await signUp({ username, password });
  await resetPassword({ username });
  let result = await signIn({ username, password });
  while (!result.isSignedIn) {
    result = await confirmSignIn({ challengeResponse: await ask(result.nextStep.signInStep) });
  }
  return fetchAuthSession({ forceRefresh: true });
}
