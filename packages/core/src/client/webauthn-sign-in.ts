// Signing in with a passkey, runtime-neutral: USER_AUTH with WEB_AUTHN preferred, the WEB_AUTHN step answered by
// the runtime's WebAuthn ceremony (the browser adapter's signInWithPasskey passes navigator.credentials').

import type { AuthClient, SignInInput, SignInResult } from '../types.js';
import { confirmSignIn, signIn } from './sign-in.js';

export type WebAuthnSignInInput = Omit<SignInInput, 'flow' | 'preferredChallenge' | 'password'>;

/**
 * The ceremony: the WEB_AUTHN step's `credentialRequestOptions` (the service's JSON) in, the assertion as a
 * JSON-serializable PublicKeyCredential out.
 */
export type GetWebAuthnCredential = (
  credentialRequestOptions: Record<string, unknown>,
) => Promise<Record<string, unknown>>;

/**
 * Signs in with USER_AUTH and WEB_AUTHN preferred and answers the WEB_AUTHN step with `getCredential`. Any other
 * result (the pool offers this user no passkey, so another step came) is handed back as it is.
 */
export async function signInWithWebAuthn(
  auth: AuthClient,
  input: WebAuthnSignInInput,
  getCredential: GetWebAuthnCredential,
): Promise<SignInResult> {
  const { signal } = input;
  const result = await signIn(auth, { ...input, flow: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' });
  if (result.status !== 'CHALLENGE' || result.step.type !== 'WEB_AUTHN') return result;
  const credential = await getCredential(result.step.credentialRequestOptions);
  return confirmSignIn(auth, result.pending, { type: 'WEB_AUTHN', credential }, signal ? { signal } : {});
}
