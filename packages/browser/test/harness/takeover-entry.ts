// The take-over page: amazon-cognito-identity-js and Amplify v6 sign in with their own defaults (localStorage),
// then cogflow takes their session over from that localStorage.

import { confirmSignIn as amplifyConfirmSignIn, signIn as amplifySignIn } from '@aws-amplify/auth';
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import { Amplify } from 'aws-amplify';

export * from '@cogflow/browser';

export interface PoolConfig {
  endpoint: string;
  userPoolId: string;
  clientId: string;
}

/** identity-js's own sign-in with TOTP, its session kept in localStorage (its default). */
export function identityJSSignIn(
  config: PoolConfig,
  username: string,
  password: string,
  code: string,
): Promise<void> {
  const pool = new CognitoUserPool({
    UserPoolId: config.userPoolId,
    ClientId: config.clientId,
    endpoint: config.endpoint,
  });
  const user = new CognitoUser({ Username: username, Pool: pool });
  return new Promise((resolve, reject) => {
    const callbacks = {
      onSuccess: () => resolve(),
      onFailure: reject,
      totpRequired: () => user.sendMFACode(code, callbacks, 'SOFTWARE_TOKEN_MFA'),
    };
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), callbacks);
  });
}

/** Amplify v6's own sign-in with TOTP, its session kept in localStorage (its default). */
export async function amplifyTOTPSignIn(
  config: PoolConfig,
  username: string,
  password: string,
  code: string,
): Promise<boolean> {
  Amplify.configure({
    Auth: {
      Cognito: {
        userPoolId: config.userPoolId,
        userPoolClientId: config.clientId,
        userPoolEndpoint: config.endpoint,
      },
    },
  });
  const first = await amplifySignIn({ username, password });
  if (first.nextStep.signInStep !== 'CONFIRM_SIGN_IN_WITH_TOTP_CODE')
    throw new Error(first.nextStep.signInStep);
  return (await amplifyConfirmSignIn({ challengeResponse: code })).isSignedIn;
}
