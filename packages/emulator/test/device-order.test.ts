// The service's order of MFA and device SRP, walked by three clients nobody here wrote (amazon-cognito-identity-js,
// Amplify v6, the AWS SDK v3) on a pool with ChallengeRequiredOnNewDevice, DeviceOnlyRememberedOnUserPrompt and TOTP.
import {
  type CognitoIdentityProviderClient,
  ConfirmDeviceCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type RespondToAuthChallengeCommandOutput,
  UpdateDeviceStatusCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { userPoolName } from '@cogflow/core';
import { Amplify } from 'aws-amplify';
import {
  confirmSignIn,
  fetchAuthSession,
  fetchDevices,
  rememberDevice,
  signIn,
  signOut,
} from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { identityPool, identitySignIn, MapStorage, sdkClient } from './helpers.js';
import { claim, deviceVerifier, srpStart } from './wire.js';

const PASSWORD = 'Correct-Horse-9!';
const SECRET = 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU';

let emu: Emulator;
let poolId: string;
let clientId: string;

// Amplify names a confirmed device after navigator.userAgent, which Node 20 lacks.
if (typeof (globalThis as { navigator?: unknown }).navigator === 'undefined') {
  Object.defineProperty(globalThis, 'navigator', { value: { userAgent: 'node-vitest' }, configurable: true });
}

/** The sign-in steps the clients sent, in order: an operation name, or the challenge a RespondToAuthChallenge answered. */
const steps: string[] = [];
const realFetch = globalThis.fetch;

beforeAll(async () => {
  emu = await startEmulator({
    seed: {
      pools: [
        {
          name: 'devices',
          // Tokens as the service issues them, so a production verifier checks every sign-in's tokens below.
          tokenIssuer: 'service',
          mfaConfiguration: 'OPTIONAL',
          enabledMfas: ['SOFTWARE_TOKEN_MFA'],
          deviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
          clients: [{ name: 'web' }],
          users: ['ida', 'amp', 'sid'].map((username) => ({
            username,
            password: PASSWORD,
            softwareTokenSecret: SECRET,
          })),
        },
      ],
    },
  });
  const pool = emu.pools.devices as { id: string; clients: Record<string, { id: string }> };
  poolId = pool.id;
  clientId = pool.clients.web?.id as string;
  // identity-js and Amplify call the global fetch; the recorder notes what each request answers.
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const target = new Headers(init?.headers).get('x-amz-target')?.split('.')[1];
    if (target) {
      const body = JSON.parse(String(init?.body ?? '{}')) as { ChallengeName?: string };
      steps.push(target === 'RespondToAuthChallenge' ? String(body.ChallengeName) : target);
    }
    return realFetch(input, init);
  };
});

afterAll(async () => {
  globalThis.fetch = realFetch;
  await emu?.stop();
});

type Claims = Record<string, unknown>;

/**
 * Verifies an ID and an access token with aws-jwt-verify's CognitoJwtVerifier (issuer, audience / client_id,
 * token_use, expiry, signature) and the JWKS fetched from the emulator; returns the access token's claims.
 */
async function verifyTokens(idToken: string, accessToken: string): Promise<Claims> {
  const jwks = await (await realFetch(`${emu.endpoint}/${poolId}/.well-known/jwks.json`)).json();
  const id = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'id', clientId });
  const access = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'access', clientId });
  id.cacheJwks(jwks);
  access.cacheJwks(jwks);
  expect((await id.verify(idToken)).token_use).toBe('id');
  return (await access.verify(accessToken)) as Claims;
}

/** A TOTP code for the next 30-second step (a step's code is accepted once). */
async function nextCode(username: string): Promise<string> {
  await emu.control.advanceClock(30_000);
  return emu.control.totpCode({ username, poolId });
}

describe('amazon-cognito-identity-js', () => {
  it('a tracked, not remembered device: MFA, then device SRP, then tokens; once remembered, device SRP skips MFA', async () => {
    const storage = new MapStorage();
    const pool = identityPool(poolId, clientId, emu.endpoint, storage);

    // A new device: MFA, then identity-js confirms the device; the pool asks the user before remembering it.
    const code1 = await nextCode('ida');
    const first = await identitySignIn(pool, storage, 'ida', PASSWORD, { totp: () => code1 });
    expect(first.challenges).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(first.userConfirmationNecessary).toBe(true);
    const deviceKey = storage.getItem(
      [...storage.map.keys()].find((k) => k.endsWith('.deviceKey')) as string,
    ) as string;
    expect(deviceKey).toMatch(/^us-east-1_/);

    // Tracked, not remembered: the password, then MFA (its answer names the device), then the device proves itself.
    steps.length = 0;
    const code2 = await nextCode('ida');
    const second = await identitySignIn(pool, storage, 'ida', PASSWORD, { totp: () => code2 });
    expect(second.challenges).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(steps).toEqual([
      'InitiateAuth',
      'PASSWORD_VERIFIER',
      'SOFTWARE_TOKEN_MFA',
      'DEVICE_SRP_AUTH',
      'DEVICE_PASSWORD_VERIFIER',
    ]);
    const claims = await verifyTokens(
      second.session.getIdToken().getJwtToken(),
      second.session.getAccessToken().getJwtToken(),
    );
    expect(claims.device_key).toBe(deviceKey);

    // Remembered: device SRP straight after the password stands in for MFA.
    await new Promise((resolve, reject) =>
      second.user.setDeviceStatusRemembered({ onSuccess: resolve, onFailure: reject }),
    );
    steps.length = 0;
    const third = await identitySignIn(pool, storage, 'ida', PASSWORD);
    expect(third.challenges).toEqual([]);
    expect(steps).toEqual([
      'InitiateAuth',
      'PASSWORD_VERIFIER',
      'DEVICE_SRP_AUTH',
      'DEVICE_PASSWORD_VERIFIER',
    ]);
    const again = await verifyTokens(
      third.session.getIdToken().getJwtToken(),
      third.session.getAccessToken().getJwtToken(),
    );
    expect(again.device_key).toBe(deviceKey);
  });
});

describe('Amplify v6', () => {
  it('a tracked, not remembered device: MFA, then device SRP, then tokens; after rememberDevice, device SRP skips MFA', async () => {
    const storage = new Map<string, string>();
    Amplify.configure({
      Auth: { Cognito: { userPoolId: poolId, userPoolClientId: clientId, userPoolEndpoint: emu.endpoint } },
    });
    cognitoUserPoolsTokenProvider.setKeyValueStorage({
      setItem: async (k: string, v: string) => void storage.set(k, v),
      getItem: async (k: string) => storage.get(k) ?? null,
      removeItem: async (k: string) => void storage.delete(k),
      clear: async () => storage.clear(),
    });
    const tokens = async (): Promise<Claims> => {
      const session = await fetchAuthSession();
      return verifyTokens(String(session.tokens?.idToken), String(session.tokens?.accessToken));
    };

    const first = await signIn({ username: 'amp', password: PASSWORD });
    expect(first.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    expect((await confirmSignIn({ challengeResponse: await nextCode('amp') })).nextStep.signInStep).toBe(
      'DONE',
    );
    const devices = await fetchDevices();
    expect(devices).toHaveLength(1);
    const deviceKey = devices[0]?.id as string;
    expect(devices[0]?.attributes['dev:device_remembered_status']).toBe('not_remembered');
    await signOut();

    steps.length = 0;
    const second = await signIn({ username: 'amp', password: PASSWORD });
    expect(second.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    expect((await confirmSignIn({ challengeResponse: await nextCode('amp') })).nextStep.signInStep).toBe(
      'DONE',
    );
    expect(steps).toEqual([
      'InitiateAuth',
      'PASSWORD_VERIFIER',
      'SOFTWARE_TOKEN_MFA',
      'DEVICE_SRP_AUTH',
      'DEVICE_PASSWORD_VERIFIER',
    ]);
    expect((await tokens()).device_key).toBe(deviceKey);

    await rememberDevice();
    await signOut();
    steps.length = 0;
    const third = await signIn({ username: 'amp', password: PASSWORD });
    expect(third.nextStep.signInStep).toBe('DONE');
    expect(steps).toEqual([
      'InitiateAuth',
      'PASSWORD_VERIFIER',
      'DEVICE_SRP_AUTH',
      'DEVICE_PASSWORD_VERIFIER',
    ]);
    expect((await tokens()).device_key).toBe(deviceKey);
    await signOut();
  });
});

describe('the AWS SDK v3', () => {
  let sdk: CognitoIdentityProviderClient;
  beforeAll(() => {
    sdk = sdkClient(emu.endpoint);
  });
  afterAll(() => sdk?.destroy());

  /** USER_SRP_AUTH through PASSWORD_VERIFIER over the SDK, with the device named when there is one. */
  async function password(deviceKey?: string): Promise<RespondToAuthChallengeCommandOutput> {
    const eph = srpStart();
    const device: Record<string, string> = deviceKey ? { DEVICE_KEY: deviceKey } : {};
    const init = await sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_SRP_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: 'sid', SRP_A: eph.srpA, ...device },
      }),
    );
    expect(init.ChallengeName).toBe('PASSWORD_VERIFIER');
    const params = init.ChallengeParameters as Record<string, string>;
    const userId = params.USER_ID_FOR_SRP as string;
    return sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeResponses: {
          USERNAME: userId,
          ...(await claim(eph, params, userPoolName(poolId), userId, PASSWORD)),
          ...device,
        },
      }),
    );
  }

  async function totp(
    previous: RespondToAuthChallengeCommandOutput,
    deviceKey?: string,
  ): Promise<RespondToAuthChallengeCommandOutput> {
    expect(previous.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    return sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: previous.Session,
        ChallengeResponses: {
          USERNAME: 'sid',
          SOFTWARE_TOKEN_MFA_CODE: await nextCode('sid'),
          ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}),
        },
      }),
    );
  }

  async function deviceProof(
    previous: RespondToAuthChallengeCommandOutput,
    device: { key: string; groupKey: string; password: string },
  ): Promise<RespondToAuthChallengeCommandOutput> {
    expect(previous.ChallengeName).toBe('DEVICE_SRP_AUTH');
    const eph = srpStart();
    const verifierStep = await sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'DEVICE_SRP_AUTH',
        Session: previous.Session,
        ChallengeResponses: { USERNAME: 'sid', DEVICE_KEY: device.key, SRP_A: eph.srpA },
      }),
    );
    expect(verifierStep.ChallengeName).toBe('DEVICE_PASSWORD_VERIFIER');
    const params = verifierStep.ChallengeParameters as Record<string, string>;
    return sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
        Session: verifierStep.Session,
        ChallengeResponses: {
          USERNAME: 'sid',
          DEVICE_KEY: device.key,
          ...(await claim(eph, params, device.groupKey, device.key, device.password)),
        },
      }),
    );
  }

  it('MFA before device SRP for a device not remembered; an MFA answer without DEVICE_KEY is a new device; remembered skips MFA', async () => {
    const first = await totp(await password());
    const meta = first.AuthenticationResult?.NewDeviceMetadata;
    const key = meta?.DeviceKey as string;
    const verifier = await deviceVerifier(meta?.DeviceGroupKey as string, key);
    const confirmed = await sdk.send(
      new ConfirmDeviceCommand({
        AccessToken: first.AuthenticationResult?.AccessToken,
        DeviceKey: key,
        DeviceName: 'sdk',
        DeviceSecretVerifierConfig: verifier.verifierConfig,
      }),
    );
    expect(confirmed.UserConfirmationNecessary).toBe(true);
    const device = { key, groupKey: meta?.DeviceGroupKey as string, password: verifier.devicePassword };

    const mfaFirst = await password(key);
    expect(mfaFirst.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const afterMfa = await totp(mfaFirst, key);
    expect(afterMfa.ChallengeName).toBe('DEVICE_SRP_AUTH');
    expect(afterMfa.AuthenticationResult).toBeUndefined();
    const done = await deviceProof(afterMfa, device);
    expect(done.AuthenticationResult?.NewDeviceMetadata).toBeUndefined();
    const result = done.AuthenticationResult as { IdToken: string; AccessToken: string };
    expect((await verifyTokens(result.IdToken, result.AccessToken)).device_key).toBe(key);

    const unnamed = await totp(await password(key));
    expect(unnamed.ChallengeName).toBeUndefined();
    const other = unnamed.AuthenticationResult?.NewDeviceMetadata?.DeviceKey;
    expect(other).toMatch(/^us-east-1_/);
    expect(other).not.toBe(key);

    await sdk.send(
      new UpdateDeviceStatusCommand({
        AccessToken: result.AccessToken,
        DeviceKey: key,
        DeviceRememberedStatus: 'remembered',
      }),
    );
    const remembered = await password(key);
    expect(remembered.ChallengeName).toBe('DEVICE_SRP_AUTH');
    const trusted = (await deviceProof(remembered, device)).AuthenticationResult as {
      IdToken: string;
      AccessToken: string;
    };
    expect((await verifyTokens(trusted.IdToken, trusted.AccessToken)).device_key).toBe(key);
  });
});
