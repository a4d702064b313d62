// Plain-language descriptions of a sign-in step and of an answer, with every secret left out.
// Shared by the terminal walkthrough and the web page.

import type { ChallengeAnswer, NextStep } from '@cogflow/core';

export function describeStep(step: NextStep): string {
  switch (step.type) {
    case 'NEW_PASSWORD_REQUIRED':
      return step.requiredAttributes.length > 0
        ? `a new password and the attributes ${step.requiredAttributes.join(', ')}`
        : 'a new password (the temporary one was only good for this sign-in)';
    case 'SMS_MFA':
    case 'EMAIL_OTP':
    case 'SMS_OTP':
      return `the code sent by ${step.deliveryMedium ?? 'message'} to ${step.destination ?? 'the user'}`;
    case 'SOFTWARE_TOKEN_MFA':
      return 'the current code of the authenticator app';
    case 'SELECT_MFA_TYPE':
      return `a choice of second factor among ${step.options.join(', ')}`;
    case 'MFA_SETUP':
      return `setting up a second factor, one of ${step.options.join(', ')}`;
    case 'TOTP_SETUP':
      return 'scanning the secret into an authenticator app, then its first code';
    case 'CUSTOM_CHALLENGE':
      return `the answer to a custom challenge (public parameters: ${JSON.stringify(step.parameters)})`;
    case 'SELECT_CHALLENGE':
      return `a choice of first factor among ${step.available.join(', ')}`;
    case 'WEB_AUTHN':
      return 'a passkey assertion';
  }
}

/** The answer with every secret left out. */
export function describeAnswer(answer: ChallengeAnswer): string {
  switch (answer.type) {
    case 'SELECT_MFA_TYPE':
      return `${answer.type}: ${answer.mfa}`;
    case 'MFA_SETUP':
      return `${answer.type}: ${answer.method}`;
    case 'SELECT_CHALLENGE':
      return `${answer.type}: ${answer.challenge}${answer.password ? ' with the password (hidden)' : ''}`;
    case 'NEW_PASSWORD_REQUIRED':
      return `${answer.type}: a new password (hidden)`;
    case 'CUSTOM_CHALLENGE':
      return `${answer.type}: the answer (hidden)`;
    case 'WEB_AUTHN':
      return `${answer.type}: an assertion`;
    default:
      return `${answer.type}: the code (hidden)`;
  }
}
