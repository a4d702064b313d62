// WebAuthn's JSON forms (W3C WebAuthn Level 3, "JSON-compatible serialization") to and from the browser's buffers.

import { ProtocolError } from '@cogflow/core';
import { fromBase64URL, toBase64URL } from './base64url.js';

type JSONObject = Record<string, unknown>;

function object(value: unknown, field: string): JSONObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProtocolError(`${field} is not an object`, { field });
  }
  return value as JSONObject;
}

function descriptors(value: unknown, field: string): PublicKeyCredentialDescriptor[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new ProtocolError(`${field} is not an array`, { field });
  return value.map((item, i) => {
    const d = object(item, `${field}[${i}]`);
    return {
      ...d,
      type: 'public-key',
      id: fromBase64URL(d.id, `${field}[${i}].id`),
    } as PublicKeyCredentialDescriptor;
  });
}

/** PublicKeyCredentialRequestOptionsJSON (as Cognito sends in CREDENTIAL_REQUEST_OPTIONS) to the browser's form. */
export function toRequestOptions(json: unknown): PublicKeyCredentialRequestOptions {
  const o = object(json, 'credentialRequestOptions');
  const options = {
    ...o,
    challenge: fromBase64URL(o.challenge, 'credentialRequestOptions.challenge'),
  } as PublicKeyCredentialRequestOptions;
  const allow = descriptors(o.allowCredentials, 'credentialRequestOptions.allowCredentials');
  if (allow) options.allowCredentials = allow;
  else delete options.allowCredentials;
  return options;
}

/** PublicKeyCredentialCreationOptionsJSON (StartWebAuthnRegistration) to the browser's form. */
export function toCreationOptions(json: unknown): PublicKeyCredentialCreationOptions {
  const o = object(json, 'credentialCreationOptions');
  const user = object(o.user, 'credentialCreationOptions.user');
  const options = {
    ...o,
    challenge: fromBase64URL(o.challenge, 'credentialCreationOptions.challenge'),
    user: { ...user, id: fromBase64URL(user.id, 'credentialCreationOptions.user.id') },
  } as PublicKeyCredentialCreationOptions;
  const exclude = descriptors(o.excludeCredentials, 'credentialCreationOptions.excludeCredentials');
  if (exclude) options.excludeCredentials = exclude;
  else delete options.excludeCredentials;
  return options;
}

function credentialBase(credential: PublicKeyCredential): JSONObject {
  const json: JSONObject = {
    id: credential.id,
    rawId: toBase64URL(credential.rawId),
    type: credential.type,
    clientExtensionResults: credential.getClientExtensionResults?.() ?? {},
  };
  if (credential.authenticatorAttachment) json.authenticatorAttachment = credential.authenticatorAttachment;
  return json;
}

/** An assertion from navigator.credentials.get to AuthenticationResponseJSON (Cognito's CREDENTIAL answer). */
export function assertionToJSON(credential: PublicKeyCredential): JSONObject {
  const response = credential.response as AuthenticatorAssertionResponse;
  return {
    ...credentialBase(credential),
    response: {
      clientDataJSON: toBase64URL(response.clientDataJSON),
      authenticatorData: toBase64URL(response.authenticatorData),
      signature: toBase64URL(response.signature),
      ...(response.userHandle ? { userHandle: toBase64URL(response.userHandle) } : {}),
    },
  };
}

/** A new credential from navigator.credentials.create to RegistrationResponseJSON (CompleteWebAuthnRegistration). */
export function attestationToJSON(credential: PublicKeyCredential): JSONObject {
  const response = credential.response as AuthenticatorAttestationResponse;
  const out: JSONObject = {
    clientDataJSON: toBase64URL(response.clientDataJSON),
    attestationObject: toBase64URL(response.attestationObject),
  };
  // Level 2 getters: present in current browsers, optional to the relying party.
  if (typeof response.getTransports === 'function') out.transports = response.getTransports();
  if (typeof response.getAuthenticatorData === 'function') {
    out.authenticatorData = toBase64URL(response.getAuthenticatorData());
  }
  if (typeof response.getPublicKeyAlgorithm === 'function')
    out.publicKeyAlgorithm = response.getPublicKeyAlgorithm();
  if (typeof response.getPublicKey === 'function') {
    const key = response.getPublicKey();
    if (key) out.publicKey = toBase64URL(key);
  }
  return { ...credentialBase(credential), response: out };
}
