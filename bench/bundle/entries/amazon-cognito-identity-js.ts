// Bundle-size anchor: amazon-cognito-identity-js signing in with every challenge callback, then refreshing.

import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';

export function signInAndRefresh(
  username: string,
  password: string,
  ask: (step: string) => Promise<string>,
): Promise<CognitoUserSession> {
  const pool = new CognitoUserPool({ UserPoolId: 'eu-west-1_Example', ClientId: 'exampleclientid' });
  const user = new CognitoUser({ Username: username, Pool: pool });
  return new Promise((resolve, reject) => {
    const callbacks = {
      onSuccess: (session: CognitoUserSession) => {
        user.refreshSession(session.getRefreshToken(), (error, refreshed) =>
          error ? reject(error) : resolve(refreshed),
        );
      },
      onFailure: reject,
      newPasswordRequired: async () =>
        user.completeNewPasswordChallenge(await ask('NEW_PASSWORD_REQUIRED'), {}, callbacks),
      mfaRequired: async () => user.sendMFACode(await ask('SMS_MFA'), callbacks),
      totpRequired: async () =>
        user.sendMFACode(await ask('SOFTWARE_TOKEN_MFA'), callbacks, 'SOFTWARE_TOKEN_MFA'),
      customChallenge: async () => user.sendCustomChallengeAnswer(await ask('CUSTOM_CHALLENGE'), callbacks),
      selectMFAType: async () => user.sendMFASelectionAnswer(await ask('SELECT_MFA_TYPE'), callbacks),
      mfaSetup: () => user.associateSoftwareToken(callbacks),
      associateSecretCode: async () => user.verifySoftwareToken(await ask('TOTP_SETUP'), 'device', callbacks),
    };
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), callbacks);
  });
}
