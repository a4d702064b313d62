// Sign-up: signUp, confirmSignUp and resendSignUpCode (SignUp, ConfirmSignUp, ResendConfirmationCode), with the
// Session that lets autoSignIn sign the user in after the confirmation kept in the store for a short while.

import { codeDeliveryOf, sessionOf, signUpOf, withDelivery } from '../account/parse.js';
import { attributeList, inputOf, required } from '../account/requests.js';
import type {
  CodeDeliveryDetails,
  ConfirmSignUpInput,
  ConfirmSignUpResult,
  SignUpInput,
  SignUpResult,
  UsernameInput,
} from '../account/types.js';
import type { AttributeType } from '../protocol/operations.js';
import type { AuthClient } from '../types.js';
import type { AuthCore } from './context.js';
import { sendPublic } from './public-request.js';
import { drop, isString, put, readRecord } from './records.js';

/** The longest AuthSessionValidity a pool may set (15 minutes): a kept Session never outlives its use. */
export const SIGN_UP_SESSION_TTL_SECONDS = 900;

export interface SignUpSession {
  /** SIGN_UP: SignUp's Session, for ConfirmSignUp. SIGN_IN: ConfirmSignUp's, for autoSignIn. */
  stage: 'SIGN_UP' | 'SIGN_IN';
  session: string;
}

/** The kept Session of a sign-up in progress for `username` (as typed), if any. */
export function readSignUpSession(core: AuthCore, username: string): Promise<SignUpSession | undefined> {
  return readRecord<SignUpSession>(
    core.options.store,
    core.keys.signUp(username),
    'sign-up session',
    (r) => (r?.stage === 'SIGN_UP' || r?.stage === 'SIGN_IN') && isString(r.session) && r.session !== '',
  );
}

const keep = (core: AuthCore, username: string, record: SignUpSession): Promise<void> =>
  put(core, core.keys.signUp(username), record, { ttlSeconds: SIGN_UP_SESSION_TTL_SECONDS });

/** Registers a user (SignUp). The result says what comes next: confirm with a code, auto sign-in, or done. */
export async function signUp(auth: AuthClient, input: SignUpInput): Promise<SignUpResult> {
  const { core } = auth;
  const { username, password, attributes, validationData } = inputOf(input, 'signUp');
  const fields: { Password: string; UserAttributes?: AttributeType[]; ValidationData?: AttributeType[] } = {
    Password: required(password, 'password'),
  };
  const list = attributeList(attributes, 'attributes', true);
  if (list.length) fields.UserAttributes = list;
  if (validationData !== undefined) fields.ValidationData = attributeList(validationData, 'validationData');
  const answer = signUpOf(await sendPublic(core, 'SignUp', input, fields));
  const userSub = answer.userSub;
  if (answer.session) {
    await keep(core, username, { stage: answer.confirmed ? 'SIGN_IN' : 'SIGN_UP', session: answer.session });
  }
  if (answer.confirmed) return { nextStep: answer.session ? 'COMPLETE_AUTO_SIGN_IN' : 'DONE', userSub };
  return withDelivery({ nextStep: 'CONFIRM_SIGN_UP', userSub }, answer.details);
}

/**
 * Confirms a sign-up with the code sent to the user (ConfirmSignUp). `COMPLETE_AUTO_SIGN_IN` when the service
 * gave a Session for autoSignIn (it does when signUp's Session went with the confirmation).
 */
export async function confirmSignUp(
  auth: AuthClient,
  input: ConfirmSignUpInput,
): Promise<ConfirmSignUpResult> {
  const { core } = auth;
  const { username, confirmationCode, forceAliasCreation } = inputOf(input, 'confirmSignUp');
  const fields: { ConfirmationCode: string; ForceAliasCreation?: boolean; Session?: string } = {
    ConfirmationCode: required(confirmationCode, 'confirmationCode'),
  };
  if (forceAliasCreation !== undefined) fields.ForceAliasCreation = forceAliasCreation === true;
  const kept = await readSignUpSession(core, required(username, 'username'));
  if (kept?.stage === 'SIGN_UP') fields.Session = kept.session;
  const session = sessionOf(await sendPublic(core, 'ConfirmSignUp', input, fields), 'ConfirmSignUp');
  if (!session) {
    await drop(core, core.keys.signUp(username));
    return { nextStep: 'DONE' };
  }
  await keep(core, username, { stage: 'SIGN_IN', session });
  return { nextStep: 'COMPLETE_AUTO_SIGN_IN' };
}

/** Sends a new sign-up code (ResendConfirmationCode); the earlier one stops working. */
export async function resendSignUpCode(auth: AuthClient, input: UsernameInput): Promise<CodeDeliveryDetails> {
  const operation = 'ResendConfirmationCode';
  const answer = await sendPublic(auth.core, operation, inputOf(input, 'resendSignUpCode'), {});
  return codeDeliveryOf(answer.CodeDeliveryDetails, operation) ?? {};
}
