// Shared fixtures for the machine's unit tests: deterministic ports, a fake JWT, distinctive secrets.

import { createHash } from 'node:crypto';
import type { CogflowError } from '../src/errors.js';
import {
  initialSnapshot,
  type MachineEnv,
  type SignInEvent,
  type Snapshot,
  type TransitionResult,
  transition,
} from '../src/machine/index.js';
import { modPowBigInt, nobleHash } from '../src/srp/index.js';

/** Distinctive secret strings: the property test searches every message and serialized state for them. */
export const SECRETS = {
  password: 'Pw-SECRET-7f3a9c-password',
  newPassword: 'Pw-SECRET-1b2c3d-newpass',
  clientSecret: 'CS-SECRET-9e8d7c-clientsecret',
  devicePassword: 'DP-SECRET-5a4b3c-devicepw',
  code: '918273',
};

/** A deterministic Random: SHA-256 in counter mode over a seed, so runs are reproducible. */
export function seededRandom(seed = 'cogflow-test'): { bytes(length: number): Uint8Array } {
  let counter = 0;
  return {
    bytes(length: number): Uint8Array {
      const out = new Uint8Array(length);
      let filled = 0;
      while (filled < length) {
        const block = createHash('sha256').update(`${seed}:${counter++}`).digest();
        out.set(block.subarray(0, Math.min(block.length, length - filled)), filled);
        filled += block.length;
      }
      return out;
    },
  };
}

export const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

export function testEnv(overrides: Partial<MachineEnv> = {}): MachineEnv {
  return {
    userPoolId: 'us-east-1_TestPool1',
    clientId: 'client123',
    pendingTTLSeconds: 180,
    random: seededRandom(),
    clock: { now: () => NOW },
    modPow: modPowBigInt,
    hash: nobleHash,
    ...overrides,
  };
}

function b64url(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64url');
}

/** An unsigned-looking JWT with the given claims (the client never verifies signatures). */
export function fakeJWT(claims: Record<string, unknown>): string {
  return `${b64url(JSON.stringify({ alg: 'RS256', kid: 'k1' }))}.${b64url(JSON.stringify(claims))}.c2ln`;
}

export function authResult(
  username = 'user-1',
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    AccessToken: fakeJWT({ sub: 'sub-1', username, exp: NOW / 1000 + 3600, token_use: 'access' }),
    IdToken: fakeJWT({ sub: 'sub-1', 'cognito:username': username, exp: NOW / 1000 + 3600 }),
    RefreshToken: 'refresh-token-opaque',
    ExpiresIn: 3600,
    TokenType: 'Bearer',
    ...extra,
  };
}

/** A valid-looking PASSWORD_VERIFIER parameter set: B is any value in (0, N). */
export function verifierParams(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    SALT: 'a1b2c3d4e5f60718',
    SRP_B: 'abcdef0123456789'.repeat(24),
    SECRET_BLOCK: Buffer.from('secret-block-bytes').toString('base64'),
    USER_ID_FOR_SRP: 'user-1',
    USERNAME: 'user-1',
    ...overrides,
  };
}

export function only<T>(list: T[]): T {
  if (list.length !== 1) throw new Error(`expected one element, got ${list.length}`);
  return list[0] as T;
}

/** Tests read arbitrary request fields; the request shapes are checked by the type system in src. */
// biome-ignore lint/suspicious/noExplicitAny: a test's window onto any request body
type AnyBody = any;

export function sendOf(result: TransitionResult): { operation: string; body: AnyBody; retryable: boolean } {
  const sends = result.effects.filter((e) => e.type === 'send');
  return only(sends) as { operation: string; body: AnyBody; retryable: boolean };
}

export function snap(result: TransitionResult): Snapshot {
  return { state: result.state, secrets: result.secrets };
}

/** The machine's first step for a signIn input. */
export function startWith(
  input: Record<string, unknown>,
  env: MachineEnv = testEnv(),
): Promise<TransitionResult> {
  return transition(initialSnapshot(), { type: 'start', input } as SignInEvent, env);
}

/** The request in flight failed with `error`. */
export function failWith(
  result: TransitionResult,
  error: CogflowError,
  env: MachineEnv = testEnv(),
): Promise<TransitionResult> {
  return transition(snap(result), { type: 'error', error }, env);
}
