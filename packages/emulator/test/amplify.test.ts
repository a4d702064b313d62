// @aws-amplify/auth v6 (an independent client) against the emulator through Auth.Cognito.userPoolEndpoint.

import { Amplify } from 'aws-amplify';
import {
  confirmSignIn,
  fetchAuthSession,
  fetchDevices,
  type SignInOutput,
  signIn,
  signOut,
} from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { errorOf, MapKeyValueStorage, shimNavigatorForAmplify, totpFor } from './helpers.js';
import { call } from './wire.js';

const PASSWORD = 'Correct-Horse-9!';

shimNavigatorForAmplify();

let emu: Emulator;
const storage = new MapKeyValueStorage();

function configure(pool: string): { poolId: string; clientId: string } {
  const p = emu.pools[pool] as { id: string; clients: Record<string, { id: string }> };
  const clientId = p.clients.web?.id as string;
  Amplify.configure({
    Auth: { Cognito: { userPoolId: p.id, userPoolClientId: clientId, userPoolEndpoint: emu.endpoint } },
  });
  cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);
  return { poolId: p.id, clientId };
}

beforeAll(async () => {
  emu = await startEmulator({
    seed: {
      pools: [
        {
          name: 'amp',
          mfaConfiguration: 'OPTIONAL',
          enabledMfas: ['SOFTWARE_TOKEN_MFA'],
          deviceConfiguration: {
            ChallengeRequiredOnNewDevice: true,
            DeviceOnlyRememberedOnUserPrompt: false,
          },
          clients: [{ name: 'web' }],
          users: [
            { username: 'amy', password: PASSWORD, attributes: { email: 'amy@example.com' } },
            { username: 'newbie', temporaryPassword: 'Temporary-Pass-1!' },
            {
              username: 'trusted',
              password: PASSWORD,
              softwareTokenSecret: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU',
            },
          ],
        },
        {
          name: 'passwordless',
          signInPolicy: { allowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] },
          clients: [{ name: 'web' }],
          users: [
            {
              username: 'otto',
              password: PASSWORD,
              attributes: { email: 'otto@example.com', email_verified: 'true' },
            },
          ],
        },
        {
          name: 'required',
          mfaConfiguration: 'ON',
          enabledMfas: ['SOFTWARE_TOKEN_MFA'],
          clients: [{ name: 'web' }],
          users: [{ username: 'setup', password: PASSWORD }],
        },
      ],
    },
  });
});

afterEach(async () => {
  await signOut().catch(() => undefined);
});

afterAll(async () => {
  await emu?.stop();
});

describe('Amplify v6', () => {
  it('signs in with SRP; the tokens verify with aws-jwt-verify against the JWKS; a forced refresh renews them', async () => {
    const { poolId, clientId } = configure('amp');
    const out = await signIn({ username: 'amy', password: PASSWORD });
    expect(out.nextStep.signInStep).toBe('DONE');
    const session = await fetchAuthSession();
    const access = session.tokens?.accessToken.toString() as string;
    const verifier = JwtRsaVerifier.create({
      issuer: `${emu.endpoint}/${poolId}`,
      audience: null,
      jwksUri: `${emu.endpoint}/${poolId}/.well-known/jwks.json`,
    });
    // aws-jwt-verify fetches only over https, so the JWKS is fetched here and handed to its cache.
    verifier.cacheJwks(await (await fetch(`${emu.endpoint}/${poolId}/.well-known/jwks.json`)).json());
    const payload = await verifier.verify(access);
    expect(payload.client_id).toBe(clientId);
    expect(payload.token_use).toBe('access');

    const refreshed = await fetchAuthSession({ forceRefresh: true });
    expect(refreshed.tokens?.accessToken.toString()).not.toBe(access);
    expect(refreshed.tokens?.accessToken.payload.origin_jti).toBe(payload.origin_jti);

    await signOut({ global: true });
    const after = await call(emu.endpoint, 'GetUser', {
      AccessToken: refreshed.tokens?.accessToken.toString(),
    });
    expect(after.body.__type).toBe('NotAuthorizedException');
  });

  it('refuses a wrong password', async () => {
    configure('amp');
    const err = await signIn({ username: 'amy', password: 'Wrong-Pass-1!' }).catch((e: unknown) => e);
    expect(errorOf(err).name).toBe('NotAuthorizedException');
  });

  it('completes NEW_PASSWORD_REQUIRED', async () => {
    configure('amp');
    const out = await signIn({ username: 'newbie', password: 'Temporary-Pass-1!' });
    expect(out.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED');
    const done = await confirmSignIn({ challengeResponse: 'Brand-New-Pass-2!' });
    expect(done.nextStep.signInStep).toBe('DONE');
    await signOut();
    const again = await signIn({ username: 'newbie', password: 'Brand-New-Pass-2!' });
    expect(again.nextStep.signInStep).toBe('DONE');
    await signOut();
  });

  it('sets up TOTP during sign-in (MFA_SETUP) and then answers SOFTWARE_TOKEN_MFA with otpauth codes', async () => {
    configure('required');
    const out: SignInOutput = await signIn({ username: 'setup', password: PASSWORD });
    expect(out.nextStep.signInStep).toBe('CONTINUE_SIGN_IN_WITH_TOTP_SETUP');
    const secret = (out.nextStep as { totpSetupDetails: { sharedSecret: string } }).totpSetupDetails
      .sharedSecret;
    const done = await confirmSignIn({
      challengeResponse: totpFor(secret).generate({ timestamp: await emu.control.now() }),
    });
    expect(done.nextStep.signInStep).toBe('DONE');
    await signOut();
    await emu.control.advanceClock(30_000);
    const next = await signIn({ username: 'setup', password: PASSWORD });
    expect(next.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    const right = totpFor(secret).generate({ timestamp: await emu.control.now() });
    const wrongCode = `${right.slice(0, 5)}${(Number(right[5]) + 1) % 10}`;
    const wrong = await confirmSignIn({ challengeResponse: wrongCode }).catch((e: unknown) => e);
    expect(errorOf(wrong).name).toBe('CodeMismatchException');
    const finished = await confirmSignIn({
      challengeResponse: totpFor(secret).generate({ timestamp: await emu.control.now() }),
    });
    expect(finished.nextStep.signInStep).toBe('DONE');
    await signOut();
  });

  it('confirms the device after an MFA sign-in, then signs in through DEVICE_SRP_AUTH without MFA; a tampered device password is refused', async () => {
    configure('amp');
    const secret = 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU';
    await emu.control.advanceClock(30_000);
    const first = await signIn({ username: 'trusted', password: PASSWORD });
    expect(first.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    const done = await confirmSignIn({
      challengeResponse: totpFor(secret).generate({ timestamp: await emu.control.now() }),
    });
    expect(done.nextStep.signInStep).toBe('DONE');
    const devices = await fetchDevices();
    expect(devices).toHaveLength(1);
    await signOut();

    const before = await emu.control.stats();
    const second = await signIn({ username: 'trusted', password: PASSWORD });
    expect(second.nextStep.signInStep).toBe('DONE');
    const after = await emu.control.stats();
    // PASSWORD_VERIFIER, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER: no MFA step.
    expect((after.RespondToAuthChallenge ?? 0) - (before.RespondToAuthChallenge ?? 0)).toBe(3);
    const session = await fetchAuthSession();
    expect(session.tokens?.accessToken.payload.device_key).toBe(devices[0]?.id);
    await signOut();

    const passwordKey = [...storage.map.keys()].find((k) =>
      k.endsWith('.trusted.randomPasswordKey'),
    ) as string;
    expect(passwordKey).toBeDefined();
    storage.map.set(passwordKey, `${storage.map.get(passwordKey)}x`);
    const tampered = await signIn({ username: 'trusted', password: PASSWORD }).catch((e: unknown) => e);
    expect(errorOf(tampered).name).toBe('NotAuthorizedException');
  });

  it('USER_AUTH: chooses EMAIL_OTP from the first-factor selection, and signs in with the e-mailed code', async () => {
    configure('passwordless');
    const out = await signIn({ username: 'otto', options: { authFlowType: 'USER_AUTH' } });
    expect(out.nextStep.signInStep).toBe('CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION');
    expect((out.nextStep as { availableChallenges?: string[] }).availableChallenges).toEqual([
      'EMAIL_OTP',
      'PASSWORD',
      'PASSWORD_SRP',
    ]);
    const sent = await confirmSignIn({ challengeResponse: 'EMAIL_OTP' });
    expect(sent.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
    const code = (await emu.control.lastCode({ username: 'otto' })) as string;
    const done = await confirmSignIn({ challengeResponse: code });
    expect(done.nextStep.signInStep).toBe('DONE');
    await signOut();
    const preferred = await signIn({
      username: 'otto',
      password: PASSWORD,
      options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD_SRP' },
    });
    expect(preferred.nextStep.signInStep).toBe('DONE');
  });
});
