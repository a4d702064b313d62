// Passkeys: StartWebAuthnRegistration / CompleteWebAuthnRegistration / List / Delete, and WEB_AUTHN sign-in
// assertions, verified by @simplewebauthn/server (W3C WebAuthn Level 2; Cognito API reference for the shapes).
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { CognitoException, notAuthorized, requireString } from '../cognito-exception.js';
import type { EmulatorContext } from '../context.js';
import type { PoolRecord, UserRecord } from '../state.js';
import { checkAccessToken } from '../token-issuer.js';

const CHALLENGE_TTL_MS = 5 * 60 * 1000;

const rpIdOf = (pool: PoolRecord): string => pool.webAuthnRelyingPartyId ?? 'localhost';

/** Accepts an origin whose host is the relying party id or one of its subdomains (the WebAuthn rule). */
function originOf(credential: unknown, rpId: string): string {
  const response = (credential as { response?: { clientDataJSON?: string } }).response;
  if (!response?.clientDataJSON)
    throw new CognitoException('InvalidParameterException', 'Credential is missing clientDataJSON');
  let origin: string;
  try {
    origin = (
      JSON.parse(Buffer.from(response.clientDataJSON, 'base64url').toString('utf8')) as { origin: string }
    ).origin;
    const host = new URL(origin).hostname;
    if (host === rpId || host.endsWith(`.${rpId}`)) return origin;
  } catch {
    throw new CognitoException('InvalidParameterException', 'Credential clientDataJSON is malformed');
  }
  throw new CognitoException(
    'WebAuthnOriginNotAllowedException',
    'The origin of the credential is not allowed for this user pool.',
  );
}

function requireWebAuthn(pool: PoolRecord): void {
  if (!pool.allowedFirstAuthFactors.includes('WEB_AUTHN')) {
    throw new CognitoException('WebAuthnNotEnabledException', 'WebAuthn is not enabled for this user pool.');
  }
}

export async function startWebAuthnRegistration(
  ctx: EmulatorContext,
  body: Record<string, unknown>,
): Promise<unknown> {
  const { pool, user } = checkAccessToken(ctx, body.AccessToken);
  requireWebAuthn(pool);
  const options = await generateRegistrationOptions({
    rpName: pool.name,
    rpID: rpIdOf(pool),
    userName: user.attributes.email ?? user.username,
    userID: new TextEncoder().encode(user.sub),
    userDisplayName: user.attributes.name ?? user.username,
    attestationType: 'none',
    excludeCredentials: user.webauthn.map((c) => ({
      id: c.id,
      ...(c.transports ? { transports: c.transports } : {}),
    })),
    authenticatorSelection: { residentKey: 'required', userVerification: pool.webAuthnUserVerification },
  });
  user.pendingWebAuthnChallenge = { challenge: options.challenge, expiresAt: ctx.now() + CHALLENGE_TTL_MS };
  return { CredentialCreationOptions: options };
}

export async function completeWebAuthnRegistration(
  ctx: EmulatorContext,
  body: Record<string, unknown>,
): Promise<unknown> {
  const { pool, user } = checkAccessToken(ctx, body.AccessToken);
  requireWebAuthn(pool);
  const credential = body.Credential;
  if (!credential || typeof credential !== 'object')
    throw new CognitoException('InvalidParameterException', 'Credential is required');
  const pending = user.pendingWebAuthnChallenge;
  if (!pending || pending.expiresAt <= ctx.now()) {
    throw new CognitoException(
      'WebAuthnChallengeNotFoundException',
      'The WebAuthn registration challenge was not found or has expired.',
    );
  }
  const rpId = rpIdOf(pool);
  let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verification = await verifyRegistrationResponse({
      response: credential as Parameters<typeof verifyRegistrationResponse>[0]['response'],
      expectedChallenge: pending.challenge,
      expectedOrigin: originOf(credential, rpId),
      expectedRPID: rpId,
      requireUserVerification: pool.webAuthnUserVerification === 'required',
    });
  } catch (err) {
    if (err instanceof CognitoException) throw err;
    throw new CognitoException(
      'WebAuthnClientMismatchException',
      'The WebAuthn credential could not be verified.',
    );
  }
  if (!verification.verified)
    throw new CognitoException(
      'WebAuthnClientMismatchException',
      'The WebAuthn credential could not be verified.',
    );
  delete user.pendingWebAuthnChallenge;
  const info = verification.registrationInfo;
  const transports = (credential as { response?: { transports?: string[] } }).response?.transports;
  const attachment = (credential as { authenticatorAttachment?: string }).authenticatorAttachment;
  user.webauthn.push({
    id: info.credential.id,
    publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
    counter: info.credential.counter,
    ...(transports ? { transports } : {}),
    ...(attachment ? { attachment } : {}),
    createdAt: ctx.now(),
    relyingPartyId: rpId,
  });
  return {};
}

/** ListWebAuthnCredentials: MaxResults 1-20 a page; NextToken names the last credential id of the page. */
export function listWebAuthnCredentials(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { user } = checkAccessToken(ctx, body.AccessToken);
  const max = body.MaxResults;
  if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 20))
    throw new CognitoException(
      'InvalidParameterException',
      "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 20",
    );
  let rest = user.webauthn;
  if (body.NextToken !== undefined) {
    const after =
      typeof body.NextToken === 'string' ? Buffer.from(body.NextToken, 'base64url').toString() : '';
    const at = user.webauthn.findIndex((c) => c.id === after);
    if (at < 0) throw new CognitoException('InvalidParameterException', 'Invalid NextToken.');
    rest = user.webauthn.slice(at + 1);
  }
  const limit = typeof max === 'number' ? max : 20;
  const page = rest.slice(0, limit);
  const last = page.at(-1);
  return {
    Credentials: page.map((c) => ({
      CredentialId: c.id,
      RelyingPartyId: c.relyingPartyId,
      CreatedAt: c.createdAt / 1000,
      ...(c.friendlyName ? { FriendlyCredentialName: c.friendlyName } : {}),
      ...(c.attachment ? { AuthenticatorAttachment: c.attachment } : {}),
      ...(c.transports ? { AuthenticatorTransports: c.transports } : {}),
    })),
    ...(rest.length > limit && last ? { NextToken: Buffer.from(last.id).toString('base64url') } : {}),
  };
}

export function deleteWebAuthnCredential(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { user } = checkAccessToken(ctx, body.AccessToken);
  const id = requireString(body, 'CredentialId');
  const before = user.webauthn.length;
  user.webauthn = user.webauthn.filter((c) => c.id !== id);
  if (user.webauthn.length === before)
    throw new CognitoException('ResourceNotFoundException', 'Credential not found.');
  return {};
}

export async function startWebAuthnSignIn(
  pool: PoolRecord,
  user: UserRecord,
): Promise<{ challenge: string } & Record<string, unknown>> {
  const options = await generateAuthenticationOptions({
    rpID: rpIdOf(pool),
    allowCredentials: user.webauthn.map((c) => ({
      id: c.id,
      ...(c.transports ? { transports: c.transports } : {}),
    })),
    userVerification: pool.webAuthnUserVerification,
  });
  return options as unknown as { challenge: string } & Record<string, unknown>;
}

export async function verifyWebAuthnSignIn(
  pool: PoolRecord,
  user: UserRecord,
  credentialJson: string,
  challenge: string,
): Promise<void> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(credentialJson);
  } catch {
    throw new CognitoException('InvalidParameterException', 'CREDENTIAL is not valid JSON');
  }
  // `null`, a number, a string or a list is valid JSON but no assertion: refused before anything reads it.
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new CognitoException('InvalidParameterException', 'CREDENTIAL must be a JSON object');
  const credential = parsed as { id?: string };
  const stored = user.webauthn.find((c) => c.id === credential.id);
  if (!stored) throw notAuthorized();
  const rpId = rpIdOf(pool);
  let result: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    result = await verifyAuthenticationResponse({
      response: credential as Parameters<typeof verifyAuthenticationResponse>[0]['response'],
      expectedChallenge: challenge,
      expectedOrigin: originOf(credential, rpId),
      expectedRPID: rpId,
      credential: {
        id: stored.id,
        publicKey: new Uint8Array(Buffer.from(stored.publicKey, 'base64url')),
        counter: stored.counter,
        ...(stored.transports ? { transports: stored.transports as never } : {}),
      },
      requireUserVerification: pool.webAuthnUserVerification === 'required',
    });
  } catch {
    throw notAuthorized();
  }
  if (!result.verified) throw notAuthorized();
  stored.counter = result.authenticationInfo.newCounter;
}
