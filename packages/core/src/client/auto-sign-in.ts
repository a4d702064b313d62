// autoSignIn: the sign-in straight after confirmSignUp, InitiateAuth USER_AUTH with ConfirmSignUp's Session
// (AWS API reference, InitiateAuth `Session`), driven through the sign-in machine like any other sign-in.

import { signInAfterSignUp } from '../account/after-sign-up.js';
import { CogflowError, InputError, mustBe, NON_EMPTY } from '../errors.js';
import type { AbortSignalLike } from '../ports.js';
import type { AuthClient, RequestMetadata, SignInResult } from '../types.js';
import { run } from './drive.js';
import { canonical, drop, readDevice } from './records.js';
import { readSignUpSession } from './sign-up.js';

export interface AutoSignInInput extends RequestMetadata {
  /** The name given to signUp and confirmSignUp. */
  username: string;
  rememberDevice?: boolean;
  deviceName?: string;
  signal?: AbortSignalLike;
}

/**
 * Signs in the user just confirmed by confirmSignUp (or signed up confirmed), without the password: the code was
 * the first factor. MFA or device steps after it come back as with signIn. The Session is single-use: it is taken
 * from the store before it is sent.
 */
export async function autoSignIn(auth: AuthClient, input: AutoSignInInput): Promise<SignInResult> {
  const { core } = auth;
  if (input === null || typeof input !== 'object')
    throw new InputError('autoSignIn needs an input object: { username }');
  const { signal, username, ...rest } = input;
  if (typeof username !== 'string' || !username) throw mustBe('username', NON_EMPTY);
  const kept = await readSignUpSession(core, username);
  if (kept?.stage !== 'SIGN_IN')
    throw new CogflowError('SESSION_EXPIRED', 'No sign-in after sign-up is waiting for this user');
  await drop(core, core.keys.signUp(username));
  const device = await readDevice(core, await canonical(core, username));
  const first = await signInAfterSignUp({ ...rest, username }, device, kept.session, core.env);
  return run(core, first, signal);
}
