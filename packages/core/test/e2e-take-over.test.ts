// Switching without logging anyone out (issue 17): amazon-cognito-identity-js and Amplify v6, each signed in for real
// against the emulator with TOTP and a device that the pool remembers, leave their stored session behind; cogflow
// takes it over: same user, tokens usable at once, and the next cogflow sign-in skips MFA through device SRP.

import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type ICognitoStorage,
} from 'amazon-cognito-identity-js';
import { Amplify } from 'aws-amplify';
import { confirmSignIn as amplifyConfirmSignIn, signIn as amplifySignIn } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCurrentUser, getTokens, legacyStorageFrom, signIn, takeOverSession } from '../src/index.js';
import { type Harness, startHarness } from './e2e-helpers.js';

const PASSWORD = 'Correct-Horse-9!';
const SECRETS = { ida: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', amy: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU' };
const totp = (user: keyof typeof SECRETS): string =>
  new TOTP({ secret: SECRETS[user], algorithm: 'SHA1', digits: 6, period: 30 }).generate();

/** Both libraries' storage ports over one Map, so the test can hand what they wrote to cogflow. */
class MapStorage implements ICognitoStorage {
  readonly map = new Map<string, string>();
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
  clear(): void {
    this.map.clear();
  }
}

// Amplify names a confirmed device after navigator.userAgent, which Node 20 lacks.
if (typeof (globalThis as { navigator?: unknown }).navigator === 'undefined') {
  Object.defineProperty(globalThis, 'navigator', { value: { userAgent: 'node-vitest' }, configurable: true });
}

let h: Harness;
let poolId: string;
let clientId: string;

beforeAll(async () => {
  h = await startHarness({
    pools: [
      {
        name: 'switch',
        mfaConfiguration: 'ON',
        enabledMfas: ['SOFTWARE_TOKEN_MFA'],
        // Every new device is remembered: the old library's device must then spare the person MFA with cogflow too.
        deviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
        clients: [{ name: 'web' }],
        users: (['ida', 'amy'] as const).map((username) => ({
          username,
          password: PASSWORD,
          softwareTokenSecret: SECRETS[username],
          mfaPreference: { totp: true, preferred: 'SOFTWARE_TOKEN_MFA' as const },
        })),
      },
    ],
  });
  poolId = h.emulator.pools.switch!.id;
  clientId = h.emulator.pools.switch!.clients.web!.id;
});

afterAll(async () => {
  await h.emulator.stop();
});

async function proveTakenOver(storage: MapStorage, username: string): Promise<void> {
  const { client, store } = h.client();
  const taken = await takeOverSession(client, storage);
  expect(taken).toMatchObject({ user: { username }, tokens: true, device: true });
  // Same user, no new sign-in: cogflow gives out the old library's access token as it is.
  const old = storage.getItem(`CognitoIdentityServiceProvider.${clientId}.${username}.accessToken`);
  expect((await getTokens(client, username)).accessToken).toBe(old);
  expect((await getCurrentUser(client)).username).toBe(username);
  // A refresh works with what was copied (the refresh token bound to the device).
  const refreshed = await getTokens(client, username, { forceRefresh: true });
  expect(refreshed.accessToken).not.toBe(old);
  // Once: a second take-over keeps cogflow's newer tokens.
  expect(await takeOverSession(client, storage)).toMatchObject({ tokens: false, device: false });
  expect((await getTokens(client, username)).accessToken).toBe(refreshed.accessToken);
  // The next cogflow sign-in is proven by the device the old library remembered: no MFA step.
  const next = await signIn(client, { username, password: PASSWORD });
  expect(next).toMatchObject({ status: 'SIGNED_IN', device: { status: 'used' } });
  // No secret of the old session ended up in a key name.
  const keys = [...((store as { data?: Map<string, string> }).data?.keys() ?? [])];
  expect(keys.join(' ')).not.toMatch(/eyJ/);
}

describe('taking over another library’s session', () => {
  it('amazon-cognito-identity-js: tokens, last user and remembered device', async () => {
    const storage = new MapStorage();
    const pool = new CognitoUserPool({
      UserPoolId: poolId,
      ClientId: clientId,
      endpoint: h.emulator.endpoint,
      Storage: storage,
    });
    const user = new CognitoUser({ Username: 'ida', Pool: pool, Storage: storage });
    await new Promise<void>((resolve, reject) => {
      const callbacks = {
        onSuccess: () => resolve(),
        onFailure: reject,
        totpRequired: () => user.sendMFACode(totp('ida'), callbacks, 'SOFTWARE_TOKEN_MFA'),
      };
      user.authenticateUser(new AuthenticationDetails({ Username: 'ida', Password: PASSWORD }), callbacks);
    });
    expect(storage.getItem(`CognitoIdentityServiceProvider.${clientId}.ida.deviceKey`)).toBeTruthy();
    await proveTakenOver(storage, 'ida');
  });

  it('Amplify v6: tokens, last user and remembered device', async () => {
    const storage = new MapStorage();
    Amplify.configure({
      Auth: {
        Cognito: { userPoolId: poolId, userPoolClientId: clientId, userPoolEndpoint: h.emulator.endpoint },
      },
    });
    cognitoUserPoolsTokenProvider.setKeyValueStorage({
      setItem: async (k, v) => storage.setItem(k, v),
      getItem: async (k) => storage.getItem(k),
      removeItem: async (k) => storage.removeItem(k),
      clear: async () => storage.clear(),
    });
    const first = await amplifySignIn({ username: 'amy', password: PASSWORD });
    expect(first.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    const done = await amplifyConfirmSignIn({ challengeResponse: totp('amy') });
    expect(done.isSignedIn).toBe(true);
    expect(storage.getItem(`CognitoIdentityServiceProvider.${clientId}.amy.deviceKey`)).toBeTruthy();
    await proveTakenOver(storage, 'amy');
  });

  it('from a Node file or cookie jar read into an object; a token that is not a JWT is refused by key, not content', async () => {
    const { client } = h.client();
    const prefix = `CognitoIdentityServiceProvider.${clientId}`;
    expect(await takeOverSession(client, legacyStorageFrom({}))).toBeUndefined();
    const bad = legacyStorageFrom({
      [`${prefix}.LastAuthUser`]: 'zed',
      [`${prefix}.zed.accessToken`]: 'not-a-jwt-secret',
    });
    const error = await takeOverSession(client, bad).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_INPUT' });
    expect((error as Error).message).not.toContain('not-a-jwt-secret');
  });
});
