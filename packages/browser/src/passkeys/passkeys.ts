// Passkeys through navigator.credentials (W3C WebAuthn Level 3) for Cognito's WEB_AUTHN challenge and registration.

import {
  type AbortSignalLike,
  type AuthClient,
  getTokens,
  InputError,
  type SignInInput,
  type SignInResult,
  signInWithWebAuthn,
  type Transport,
} from '@cogflow/core';
import { assertionToJSON, attestationToJSON, toCreationOptions, toRequestOptions } from './webauthn-json.js';

export interface PasskeyOptions {
  /** The CredentialsContainer (default `navigator.credentials`). */
  credentials?: CredentialsContainer;
  signal?: AbortSignal;
}

function container(options: PasskeyOptions): CredentialsContainer {
  const found =
    options.credentials ??
    (typeof navigator === 'undefined' ? undefined : (navigator.credentials ?? undefined));
  if (!found) throw new InputError('Passkeys need navigator.credentials (a secure page, not a worker)');
  return found;
}

function publicKeyCredential(credential: Credential | null, what: string): PublicKeyCredential {
  if (credential?.type !== 'public-key') {
    throw new InputError(`${what}: the authenticator gave no public-key credential`);
  }
  return credential as PublicKeyCredential;
}

/**
 * Asks the authenticator to sign Cognito's WEB_AUTHN challenge. Takes the step's `credentialRequestOptions` and
 * gives the `credential` for `confirmSignIn(auth, pending, { type: 'WEB_AUTHN', credential })`. A person who cancels makes
 * navigator.credentials reject with NotAllowedError, which is passed on as is.
 */
export async function getPasskeyAssertion(
  credentialRequestOptions: Record<string, unknown>,
  options: PasskeyOptions = {},
): Promise<Record<string, unknown>> {
  const publicKey = toRequestOptions(credentialRequestOptions);
  const credential = await container(options).get({
    publicKey,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return assertionToJSON(publicKeyCredential(credential, 'WEB_AUTHN'));
}

/**
 * Registers a passkey for the signed-in user: StartWebAuthnRegistration, navigator.credentials.create,
 * CompleteWebAuthnRegistration, all with the user's access token.
 */
export async function registerPasskeyWithToken(
  transport: Transport,
  accessToken: string,
  options: PasskeyOptions = {},
): Promise<void> {
  const started = await transport.send(
    'StartWebAuthnRegistration',
    { AccessToken: accessToken },
    options.signal ? { signal: options.signal } : {},
  );
  const publicKey = toCreationOptions(started.CredentialCreationOptions);
  const credential = await container(options).create({
    publicKey,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  await transport.send(
    'CompleteWebAuthnRegistration',
    {
      AccessToken: accessToken,
      Credential: attestationToJSON(publicKeyCredential(credential, 'registration')),
    },
    { retryable: false, ...(options.signal ? { signal: options.signal } : {}) },
  );
}

/** The auth instance the passkey helpers run on: createBrowserAuth's, or core's createAuthClient. */
export type PasskeyAuth = AuthClient;

export type PasskeySignInInput = Omit<SignInInput, 'flow' | 'preferredChallenge' | 'password' | 'signal'> &
  PasskeyOptions;

/**
 * Signs in with USER_AUTH and WEB_AUTHN preferred, answering the WEB_AUTHN step through navigator.credentials.
 * Any other step (the pool does not offer passkeys to this user) comes back to the caller as is.
 */
export async function signInWithPasskey(auth: PasskeyAuth, input: PasskeySignInInput): Promise<SignInResult> {
  const { credentials, signal, ...rest } = input;
  return signInWithWebAuthn(
    auth,
    { ...rest, ...(signal ? { signal: signal as AbortSignalLike } : {}) },
    (options) =>
      getPasskeyAssertion(options, {
        ...(credentials ? { credentials } : {}),
        ...(signal ? { signal } : {}),
      }),
  );
}

/** Registers a passkey for a signed-in user, with an access token from getTokens. */
export async function registerPasskey(
  auth: PasskeyAuth,
  username: string,
  options: PasskeyOptions = {},
): Promise<void> {
  const tokens = await getTokens(auth, username, options.signal ? { signal: options.signal } : {});
  await registerPasskeyWithToken(auth.core.options.transport, tokens.accessToken, options);
}
