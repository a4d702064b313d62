// The user's passkeys beside their registration: listWebAuthnCredentials (ListWebAuthnCredentials, every page)
// and deleteWebAuthnCredential.

import { credentialOf, pageOf } from '../account/parse.js';
import { required } from '../account/requests.js';
import type { AccountCallOptions, CredentialIdInput, WebAuthnCredential } from '../account/types.js';
import { ProtocolError } from '../errors.js';
import type { AuthClient } from '../types.js';
import { withAccessToken } from './access.js';

const MAX_PAGES = 100;

/** Every passkey of the signed-in user. */
export async function listWebAuthnCredentials(
  auth: AuthClient,
  username: string,
  options?: AccountCallOptions,
): Promise<WebAuthnCredential[]> {
  const operation = 'ListWebAuthnCredentials';
  const credentials: WebAuthnCredential[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const body = token ? { MaxResults: 20, NextToken: token } : { MaxResults: 20 };
    const { answer } = await withAccessToken(auth, username, operation, body, true, options);
    const { items, next } = pageOf(answer, operation, 'Credentials', 'NextToken', credentialOf);
    credentials.push(...items);
    if (!next) return credentials;
    token = next;
  }
  throw new ProtocolError('ListWebAuthnCredentials: too many pages', { field: 'NextToken' });
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
