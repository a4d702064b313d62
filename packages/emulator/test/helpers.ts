// Test helpers: an AWS SDK v3 client for the control plane and promise wrappers around amazon-cognito-identity-js.
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
  type ICognitoStorage,
} from 'amazon-cognito-identity-js';
import { TOTP } from 'otpauth';

export function sdkClient(endpoint: string, region = 'us-east-1'): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    region,
    endpoint,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-real-secret' },
    maxAttempts: 1,
  });
}

/** A Storage for identity-js that the test can read and tamper with. */
export class MapStorage implements ICognitoStorage {
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

export interface SignInScript {
  totp?: () => string;
  newPassword?: string;
  newPasswordAttributes?: Record<string, string>;
  /** For MFA_SETUP: receives the secret, returns the code to verify it with. */
  setupTotp?: (secret: string) => string;
  smsCode?: () => Promise<string>;
}

export interface SignInOutcome {
  session: CognitoUserSession;
  user: CognitoUser;
  challenges: string[];
  userConfirmationNecessary?: boolean;
}

export function identityPool(
  poolId: string,
  clientId: string,
  endpoint: string,
  storage: ICognitoStorage,
): CognitoUserPool {
  return new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint, Storage: storage });
}

/** Drives identity-js's authenticateUser through whatever challenges the emulator issues, recording them. */
export function identitySignIn(
  pool: CognitoUserPool,
  storage: ICognitoStorage,
  username: string,
  password: string,
  script: SignInScript = {},
  flow: 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH' = 'USER_SRP_AUTH',
): Promise<SignInOutcome> {
  const user = new CognitoUser({ Username: username, Pool: pool, Storage: storage });
  user.setAuthenticationFlowType(flow);
  const challenges: string[] = [];
  return new Promise((resolve, reject) => {
    const callbacks = {
      onSuccess: (session: CognitoUserSession, userConfirmationNecessary?: boolean) =>
        resolve({
          session,
          user,
          challenges,
          ...(userConfirmationNecessary !== undefined ? { userConfirmationNecessary } : {}),
        }),
      onFailure: (err: unknown) => reject(err),
      newPasswordRequired: () => {
        challenges.push('NEW_PASSWORD_REQUIRED');
        if (!script.newPassword) return reject(new Error('unexpected NEW_PASSWORD_REQUIRED'));
        user.completeNewPasswordChallenge(script.newPassword, script.newPasswordAttributes ?? {}, callbacks);
      },
      totpRequired: () => {
        challenges.push('SOFTWARE_TOKEN_MFA');
        if (!script.totp) return reject(new Error('unexpected SOFTWARE_TOKEN_MFA'));
        user.sendMFACode(script.totp(), callbacks, 'SOFTWARE_TOKEN_MFA');
      },
      mfaRequired: () => {
        challenges.push('SMS_MFA');
        if (!script.smsCode) return reject(new Error('unexpected SMS_MFA'));
        script.smsCode().then((code) => user.sendMFACode(code, callbacks), reject);
      },
      mfaSetup: () => {
        challenges.push('MFA_SETUP');
        if (!script.setupTotp) return reject(new Error('unexpected MFA_SETUP'));
        const setup = script.setupTotp;
        user.associateSoftwareToken({
          associateSecretCode: (secret: string) => {
            user.verifySoftwareToken(setup(secret), 'test device', callbacks);
          },
          onFailure: reject,
        });
      },
    };
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), callbacks);
  });
}

export function totpFor(secret: string): TOTP {
  return new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 });
}

/** A code for the next 30-second step: a step's code can be used once, so tests that sign in twice move ahead. */
export function nextTotp(secret: string, nowMs: number, stepsAhead = 1): string {
  return totpFor(secret).generate({ timestamp: nowMs + stepsAhead * 30_000 });
}

export function errorOf(err: unknown): { code?: string; name?: string; message?: string } {
  return err as { code?: string; name?: string; message?: string };
}

/** Amplify's key-value storage port, kept in a Map so a test can read and tamper with what Amplify stores. */
export class MapKeyValueStorage {
  readonly map = new Map<string, string>();
  async setItem(key: string, value: string): Promise<void> {
    this.map.set(key, value);
  }
  async getItem(key: string): Promise<string | null> {
    return this.map.get(key) ?? null;
  }
  async removeItem(key: string): Promise<void> {
    this.map.delete(key);
  }
  async clear(): Promise<void> {
    this.map.clear();
  }
}

/** Amplify names a confirmed device after navigator.userAgent, which Node 20 lacks: the one shim its suites need. */
export function shimNavigatorForAmplify(): void {
  if (typeof (globalThis as { navigator?: unknown }).navigator === 'undefined') {
    Object.defineProperty(globalThis, 'navigator', {
      value: { userAgent: 'node-vitest' },
      configurable: true,
    });
  }
}
