// The user's passkeys beside their registration: listWebAuthnCredentials (ListWebAuthnCredentials, every page)
// and deleteWebAuthnCredential.

import { credentialOf } from '../account/parse.js';
import { required } from '../account/requests.js';
import type { AccountCallOptions, CredentialIdInput, WebAuthnCredential } from '../account/types.js';
import type { AuthClient } from '../types.js';
import { allPages, withAccessToken } from './access.js';

/** Every passkey of the signed-in user (ListWebAuthnCredentials, following NextToken to the last page). */
export function listWebAuthnCredentials(
  auth: AuthClient,
  username: string,
  options?: AccountCallOptions,
): Promise<WebAuthnCredential[]> {
  const body = { MaxResults: 20 };
  return allPages(
    auth,
    username,
    options,
    'ListWebAuthnCredentials',
    body,
    'Credentials',
    'NextToken',
    credentialOf,
  );
}

/** Deletes one passkey of the signed-in user (DeleteWebAuthnCredential). */
export async function deleteWebAuthnCredential(
  auth: AuthClient,
  username: string,
  input: CredentialIdInput,
): Promise<void> {
  const body = { CredentialId: required(input?.credentialId, 'credentialId') };
  await withAccessToken(auth, username, 'DeleteWebAuthnCredential', body, false, input);
}
