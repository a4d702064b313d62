// The demo's user pool, users and custom-auth triggers, shared by the CLI, the web page's server and the tests.

import type { CustomAuthTriggers, EmulatorSeed } from '@cogflow/emulator';

export const DEMO_REGION = 'us-east-1';
export const DEMO_POOL_NAME = 'cogflow-demo';
/** Fixed ids, so that a page or a second process can find the pool in an emulator it did not start. */
export const DEMO_POOL_ID = 'us-east-1_CogFlow01';
export const DEMO_CLIENT_NAME = 'walkthrough';
export const DEMO_CLIENT_ID = 'cogflowdemowalkthrough0001';
/** The pool's managed-login domain, and the CLI's loopback redirect (registered exactly, as the service requires). */
export const DEMO_DOMAIN = 'cogflow-demo';
export const DEMO_LOOPBACK_PORT = 53682;
export const DEMO_CLI_CLIENT_NAME = 'cli-managed-login';
export const DEMO_M2M_CLIENT_NAME = 'reports-service';
/**
 * The social provider of the web page's "Sign in with Google": on the emulator every identity provider federates
 * to its stand-in OpenID provider, and the user is `Google_<sub>`.
 */
export const DEMO_SOCIAL_PROVIDER = 'Google';
/**
 * What the web page asks managed login for; `aws.cognito.signin.user.admin` lets the access token call the user
 * API (GetUser, the account settings, TOTP set-up) as a password sign-in's does.
 */
export const DEMO_WEB_SCOPES = ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'];

/**
 * The demo's passwords. They are only known to the seed and to the code that answers for the person; the tests
 * check that none of them ever reaches the walkthrough's output.
 */
export const DEMO_PASSWORDS = {
  aliceTemporary: 'Tmp-Alice-4821!x',
  /** What the walkthrough answers NEW_PASSWORD_REQUIRED with. */
  aliceNew: 'Alice-Chosen-Pw-7390!',
  erin: 'Erin-Email-Otp-5512!',
  sam: 'Sam-Sms-Mfa-6604!',
  milo: 'Milo-Selects-8817!',
  carl: 'Carl-Custom-3390!',
  uma: 'Uma-User-Auth-2275!',
  wendy: 'Wendy-Web-Page-4408!',
  pat: 'Pat-Passkey-6121!',
} as const;

export const DEMO_USERS = {
  /** Created by an administrator with a temporary password: NEW_PASSWORD_REQUIRED, then TOTP. */
  alice: 'alice',
  /** MFA by e-mail: EMAIL_OTP. */
  erin: 'erin',
  /** MFA by text message: SMS_MFA. */
  sam: 'sam',
  /** Both SMS and e-mail MFA enabled, neither preferred: SELECT_MFA_TYPE. */
  milo: 'milo',
  /** Signs in with CUSTOM_AUTH: the triggers below ask a question. */
  carl: 'carl',
  /** Signs in with USER_AUTH: SELECT_CHALLENGE, then a passwordless e-mail code. */
  uma: 'uma',
  /** The web page's user: a password and nothing else, so the page can show MFA set-up. */
  wendy: 'wendy',
  /** The web page's passkey user: signs in with a password once, registers a passkey, then uses it. */
  pat: 'pat',
} as const;

export const demoSeed: EmulatorSeed = {
  pools: [
    {
      name: DEMO_POOL_NAME,
      id: DEMO_POOL_ID,
      mfaConfiguration: 'OPTIONAL',
      enabledMfas: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP', 'SMS_MFA'],
      deviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
      signInPolicy: { allowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'] },
      // Passkeys are bound to the page's host name; the demo page is served on localhost.
      webAuthnRelyingPartyId: 'localhost',
      domain: DEMO_DOMAIN,
      identityProviders: [{ providerName: DEMO_SOCIAL_PROVIDER, providerType: 'Google' }],
      resourceServers: [
        {
          identifier: 'reports',
          name: 'Reports',
          scopes: [{ ScopeName: 'read', ScopeDescription: 'read reports' }],
        },
      ],
      clients: [
        {
          name: DEMO_CLI_CLIENT_NAME,
          allowedOAuthFlows: ['code'],
          allowedOAuthScopes: ['openid', 'email', 'profile'],
          callbackURLs: [`http://localhost:${DEMO_LOOPBACK_PORT}/callback`],
        },
        {
          name: DEMO_M2M_CLIENT_NAME,
          generateSecret: true,
          allowedOAuthFlows: ['client_credentials'],
          allowedOAuthScopes: ['reports/read'],
        },
        {
          // The CLI's and the web page's client. Its managed-login settings are set when the page's server knows
          // its port (src/register-page-url.ts): the callback URL must be the page's address, exactly.
          name: DEMO_CLIENT_NAME,
          id: DEMO_CLIENT_ID,
          explicitAuthFlows: [
            'ALLOW_USER_SRP_AUTH',
            'ALLOW_CUSTOM_AUTH',
            'ALLOW_USER_AUTH',
            'ALLOW_REFRESH_TOKEN_AUTH',
          ],
        },
      ],
      users: [
        {
          username: DEMO_USERS.alice,
          temporaryPassword: DEMO_PASSWORDS.aliceTemporary,
          attributes: { email: 'alice@example.com', email_verified: 'true' },
        },
        {
          username: DEMO_USERS.erin,
          password: DEMO_PASSWORDS.erin,
          attributes: { email: 'erin@example.com', email_verified: 'true' },
          mfaPreference: { email: true, preferred: 'EMAIL_OTP' },
        },
        {
          username: DEMO_USERS.sam,
          password: DEMO_PASSWORDS.sam,
          attributes: { phone_number: '+15555550123', phone_number_verified: 'true' },
          mfaPreference: { sms: true, preferred: 'SMS_MFA' },
        },
        {
          username: DEMO_USERS.milo,
          password: DEMO_PASSWORDS.milo,
          attributes: {
            email: 'milo@example.com',
            email_verified: 'true',
            phone_number: '+15555550188',
            phone_number_verified: 'true',
          },
          mfaPreference: { sms: true, email: true },
        },
        {
          username: DEMO_USERS.carl,
          password: DEMO_PASSWORDS.carl,
          attributes: { email: 'carl@example.com', email_verified: 'true' },
        },
        {
          username: DEMO_USERS.uma,
          password: DEMO_PASSWORDS.uma,
          attributes: { email: 'uma@example.com', email_verified: 'true' },
        },
        {
          username: DEMO_USERS.wendy,
          password: DEMO_PASSWORDS.wendy,
          attributes: { email: 'wendy@example.com', email_verified: 'true' },
        },
        {
          username: DEMO_USERS.pat,
          password: DEMO_PASSWORDS.pat,
          attributes: { email: 'pat@example.com', email_verified: 'true' },
        },
      ],
    },
  ],
};

function smallNumber(): number {
  const [value = 0] = crypto.getRandomValues(new Uint8Array(1));
  return 10 + (value % 40);
}

/** The question CUSTOM_CHALLENGE asks: a sum the person works out. Its public parameter is `question`. */
export const CUSTOM_QUESTION_PATTERN = /^What is (\d+) \+ (\d+)\?$/;

/**
 * Custom-auth triggers (Cognito's Define/Create/Verify Lambda events): after the password (SRP), or on its own,
 * one arithmetic question; three wrong answers end the sign-in.
 */
export const demoTriggers: CustomAuthTriggers = {
  defineAuthChallenge(event) {
    const session = event.request.session ?? [];
    const last = session[session.length - 1];
    const failures = session.filter(
      (s) => s.challengeName === 'CUSTOM_CHALLENGE' && !s.challengeResult,
    ).length;
    if (!last) {
      event.response.challengeName = 'CUSTOM_CHALLENGE';
    } else if (last.challengeName === 'SRP_A') {
      event.response.challengeName = 'PASSWORD_VERIFIER';
    } else if (last.challengeName === 'PASSWORD_VERIFIER') {
      if (last.challengeResult) event.response.challengeName = 'CUSTOM_CHALLENGE';
      else event.response.failAuthentication = true;
    } else if (last.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) {
      event.response.issueTokens = true;
    } else if (failures >= 3) {
      event.response.failAuthentication = true;
    } else {
      event.response.challengeName = 'CUSTOM_CHALLENGE';
    }
    event.response.issueTokens ??= false;
    event.response.failAuthentication ??= false;
    return event;
  },
  createAuthChallenge(event) {
    const a = smallNumber();
    const b = smallNumber();
    event.response.publicChallengeParameters = { question: `What is ${a} + ${b}?` };
    event.response.privateChallengeParameters = { answer: String(a + b) };
    event.response.challengeMetadata = 'ARITHMETIC';
    return event;
  },
  verifyAuthChallengeResponse(event) {
    event.response.answerCorrect =
      event.request.challengeAnswer !== undefined &&
      event.request.challengeAnswer === event.request.privateChallengeParameters?.answer;
    return event;
  },
};

/** What a person would answer to the demo's question; undefined when the parameters are not that question. */
export function answerDemoQuestion(parameters: Record<string, string>): string | undefined {
  const match = CUSTOM_QUESTION_PATTERN.exec(parameters.question ?? '');
  if (!match) return undefined;
  return String(Number(match[1]) + Number(match[2]));
}
