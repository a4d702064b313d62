// Passkeys: StartWebAuthnRegistration / CompleteWebAuthnRegistration and USER_AUTH with WEB_AUTHN, checked by
// @simplewebauthn/server inside the emulator against a software authenticator.
import { softAuthenticator } from '@cogflow/test-kit/webauthn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { type Challenge, call, ok } from './wire.js';

const PASSWORD = 'Correct-Horse-9!';
let emu: Emulator;
let clientId: string;

beforeAll(async () => {
  emu = await startEmulator({
    seed: {
      pools: [
        {
          name: 'passkeys',
          signInPolicy: { allowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] },
          webAuthnRelyingPartyId: 'localhost',
          clients: [{ name: 'web' }],
          users: [{ username: 'pat', password: PASSWORD, attributes: { email: 'pat@example.com' } }],
        },
      ],
    },
  });
  clientId = (emu.pools.passkeys as { clients: Record<string, { id: string }> }).clients.web?.id as string;
});

afterAll(async () => {
  await emu?.stop();
});

describe('WebAuthn', () => {
  it('registers a passkey, then signs in with it; a bad signature or a foreign origin is refused', async () => {
    const signIn = (await ok(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: 'pat', PASSWORD },
    })) as Challenge;
    const access = signIn.AuthenticationResult?.AccessToken as string;
    const start = await ok(emu.endpoint, 'StartWebAuthnRegistration', { AccessToken: access });
    const creation = start.CredentialCreationOptions as { challenge: string; rp: { id: string } };
    expect(creation.rp.id).toBe('localhost');
    const authenticator = softAuthenticator({ rpId: 'localhost', origin: 'http://localhost:5173' });
    await ok(emu.endpoint, 'CompleteWebAuthnRegistration', {
      AccessToken: access,
      Credential: authenticator.register(creation),
    });
    const listed = await ok(emu.endpoint, 'ListWebAuthnCredentials', { AccessToken: access });
    expect((listed.Credentials as { CredentialId: string }[]).map((c) => c.CredentialId)).toEqual([
      authenticator.credentialId,
    ]);

    const select = (await ok(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: 'pat' },
    })) as Challenge;
    expect(select.AvailableChallenges).toEqual(['WEB_AUTHN', 'PASSWORD', 'PASSWORD_SRP']);

    const begin = async (): Promise<Challenge> =>
      (await ok(emu.endpoint, 'InitiateAuth', {
        AuthFlow: 'USER_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: 'pat', PREFERRED_CHALLENGE: 'WEB_AUTHN' },
      })) as Challenge;
    const web = await begin();
    expect(web.ChallengeName).toBe('WEB_AUTHN');
    const request = JSON.parse(web.ChallengeParameters?.CREDENTIAL_REQUEST_OPTIONS as string) as {
      challenge: string;
      rpId: string;
    };
    expect(request.rpId).toBe('localhost');
    const done = (await ok(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: clientId,
      ChallengeName: 'WEB_AUTHN',
      Session: web.Session,
      ChallengeResponses: { USERNAME: 'pat', CREDENTIAL: JSON.stringify(authenticator.assert(request)) },
    })) as Challenge;
    expect(done.AuthenticationResult?.AccessToken).toBeDefined();

    const again = await begin();
    const opts = JSON.parse(again.ChallengeParameters?.CREDENTIAL_REQUEST_OPTIONS as string) as {
      challenge: string;
    };
    const bad = await call(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: clientId,
      ChallengeName: 'WEB_AUTHN',
      Session: again.Session,
      ChallengeResponses: {
        USERNAME: 'pat',
        CREDENTIAL: JSON.stringify(authenticator.assert(opts, { tamper: true })),
      },
    });
    expect(bad.body.__type).toBe('NotAuthorizedException');

    // A correctly signed assertion made for another origin is refused too.
    const third = await begin();
    const foreign = await call(emu.endpoint, 'RespondToAuthChallenge', {
      ClientId: clientId,
      ChallengeName: 'WEB_AUTHN',
      Session: third.Session,
      ChallengeResponses: {
        USERNAME: 'pat',
        CREDENTIAL: JSON.stringify(
          authenticator.assert(
            JSON.parse(third.ChallengeParameters?.CREDENTIAL_REQUEST_OPTIONS as string) as {
              challenge: string;
            },
            { origin: 'https://evil.example' },
          ),
        ),
      },
    });
    expect(foreign.body.__type).toBe('NotAuthorizedException');
  });
});
