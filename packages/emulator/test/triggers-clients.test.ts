// amazon-cognito-identity-js and Amplify v6 (independent clients) against Lambda triggers: a pre token generation
// trigger's claims in the tokens they hold, a failing pre sign-up trigger's message in the error they get.

import { CognitoUserAttribute, type ISignUpResult } from 'amazon-cognito-identity-js';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut, signUp } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, type PreTokenGenerationV2Event, startEmulator } from '../src/index.js';
import {
  errorOf,
  identityPool,
  identitySignIn,
  MapKeyValueStorage,
  MapStorage,
  shimNavigatorForAmplify,
} from './helpers.js';

const PASSWORD = 'Correct-Horse-9!';

shimNavigatorForAmplify();

let emu: Emulator;
let poolId: string;
let clientId: string;

beforeAll(async () => {
  emu = await startEmulator({
    seed: {
      pools: [
        {
          name: 'apps',
          clients: [{ name: 'web' }],
          users: [
            { username: 'ida', password: PASSWORD, attributes: { email: 'ida@example.com' } },
            { username: 'amp', password: PASSWORD, attributes: { email: 'amp@example.com' } },
          ],
        },
      ],
    },
    triggers: {
      pools: {
        apps: {
          preSignUp: (e) => {
            if (e.request.userAttributes.email?.endsWith('@blocked.example'))
              throw new Error(`${e.request.userAttributes.email} may not sign up`);
          },
          preTokenGenerationConfig: { lambdaVersion: 'V2_0' },
          preTokenGeneration: (event) => {
            const e = event as PreTokenGenerationV2Event;
            e.response.claimsAndScopeOverrideDetails = {
              idTokenGeneration: { claimsToAddOrOverride: { tenant: `tenant-of-${e.userName}` } },
              accessTokenGeneration: {
                claimsToAddOrOverride: { role: 'reader' },
                scopesToAdd: ['orders/read'],
              },
              groupOverrideDetails: { groupsToOverride: ['readers'] },
            };
          },
        },
      },
    },
  });
  poolId = emu.pools.apps?.id as string;
  clientId = emu.pools.apps?.clients.web?.id as string;
});

afterAll(async () => {
  await emu?.stop();
});

describe('amazon-cognito-identity-js', () => {
  it("holds the pre token generation trigger's claims in its session", async () => {
    const storage = new MapStorage();
    const pool = identityPool(poolId, clientId, emu.endpoint, storage);
    const { session } = await identitySignIn(pool, storage, 'ida', PASSWORD);
    const id = session.getIdToken().payload;
    const access = session.getAccessToken().payload;
    expect(id.tenant).toBe('tenant-of-ida');
    expect(id['cognito:groups']).toEqual(['readers']);
    expect(access.role).toBe('reader');
    expect(access.scope).toBe('aws.cognito.signin.user.admin orders/read');
  });

  it("receives a failing pre sign-up trigger's message in its error", async () => {
    const pool = identityPool(poolId, clientId, emu.endpoint, new MapStorage());
    const err = await new Promise<unknown>((resolve) =>
      pool.signUp(
        'eve',
        PASSWORD,
        [new CognitoUserAttribute({ Name: 'email', Value: 'eve@blocked.example' })],
        [],
        (e: Error | undefined, result?: ISignUpResult) => resolve(e ?? result),
      ),
    );
    expect(errorOf(err).code).toBe('UserLambdaValidationException');
    expect(errorOf(err).message).toBe('PreSignUp failed with error eve@blocked.example may not sign up.');
  });
});

describe('Amplify v6', () => {
  beforeAll(() => {
    Amplify.configure({
      Auth: { Cognito: { userPoolId: poolId, userPoolClientId: clientId, userPoolEndpoint: emu.endpoint } },
    });
    cognitoUserPoolsTokenProvider.setKeyValueStorage(new MapKeyValueStorage());
  });

  it("holds the pre token generation trigger's claims in its tokens", async () => {
    const out = await signIn({ username: 'amp', password: PASSWORD });
    expect(out.nextStep.signInStep).toBe('DONE');
    const session = await fetchAuthSession();
    expect(session.tokens?.idToken?.payload.tenant).toBe('tenant-of-amp');
    expect(session.tokens?.idToken?.payload['cognito:groups']).toEqual(['readers']);
    expect(session.tokens?.accessToken.payload.role).toBe('reader');
    const refreshed = await fetchAuthSession({ forceRefresh: true });
    expect(refreshed.tokens?.idToken?.payload.tenant).toBe('tenant-of-amp');
    await signOut();
  });

  it("receives a failing pre sign-up trigger's message in its error", async () => {
    const err = await signUp({
      username: 'mal',
      password: PASSWORD,
      options: { userAttributes: { email: 'mal@blocked.example' } },
    }).catch((e: unknown) => e);
    expect(errorOf(err).name).toBe('UserLambdaValidationException');
    expect(errorOf(err).message).toBe('PreSignUp failed with error mal@blocked.example may not sign up.');
  });
});
