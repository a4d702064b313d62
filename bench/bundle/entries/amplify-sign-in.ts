// Bundle-size anchor: Amplify v6 auth, signIn alone.

import { Amplify } from 'aws-amplify';
import { signIn } from 'aws-amplify/auth';

export async function signInOnly(username: string, password: string): Promise<unknown> {
  Amplify.configure({
    Auth: { Cognito: { userPoolId: 'eu-west-1_Example', userPoolClientId: 'exampleclientid' } },
  });
  return signIn({ username, password });
}
