// The shared context every capability module runs on: validated config, ports, store keys, the machine's
// environment, events, and the in-flight bookkeeping (refresh single-flight, steps being answered).

import { InputError } from '../errors.js';
import { createInProcessLock } from '../in-process-lock.js';
import type { MachineEnv } from '../machine/types.js';
import type { Lock } from '../ports.js';
import { userPoolName } from '../srp/pool-name.js';
import { type StoreKeys, storeKeys } from '../store-keys.js';
import type { AuthClient, AuthEvent, CreateAuthClientOptions, TokenSet } from '../types.js';

/**
 * The default lock, shared by every client in this module instance so that two clients of the same pool in one
 * process or tab still refresh once. Lock names carry pool, app client and user, so sharing cannot mix users.
 */
const sharedInProcessLock = createInProcessLock();

/**
 * How long a pending step stays in the store: Cognito's session lasts 3 minutes. createAuthClient writes it as a
 * literal (a bundle then ships no constant for it), as it does tokens' DEFAULT_REFRESH_MARGIN_SECONDS; a test holds
 * both equal.
 */
export const DEFAULT_PENDING_TTL_SECONDS = 180;

/**
 * What the capability modules share. Reached through `auth.core`; not meant for applications, whose API is the
 * exported functions (signIn, getTokens, signOut, ...).
 */
export interface AuthCore {
  readonly options: CreateAuthClientOptions;
  readonly env: MachineEnv;
  readonly keys: StoreKeys;
  readonly lock: Lock;
  /** Refresh when fewer than this many seconds are left. */
  readonly margin: number;
  /** Refreshes in flight, per user and mode. */
  readonly refreshes: Map<string, Promise<TokenSet>>;
  /** Pending steps being answered right now (an answer in flight must not be sent twice). */
  readonly answering: Set<string>;
  emit(event: AuthEvent): void;
}

/**
 * The auth instance every capability function takes (`signIn(auth, ...)`): config and ports, checked once. It holds
 * no sign-in logic, so a page pays only for the capabilities it imports.
 */
export function createAuthClient(options: CreateAuthClientOptions): AuthClient {
  if (options === null || typeof options !== 'object')
    throw new InputError('createAuthClient needs an options object');
  const { userPoolId, clientId } = options;
  // Checked now rather than at the first PASSWORD_VERIFIER, after a request has already gone out.
  userPoolName(userPoolId);
  if (typeof clientId !== 'string' || clientId === '') {
    throw new InputError('clientId is empty: pass the app client id from the user pool');
  }
  for (const port of ['transport', 'store', 'random', 'clock', 'hash'] as const) {
    if (options[port] === null || typeof options[port] !== 'object')
      throw new InputError(`The ${port} port is missing`);
  }
  const env: Record<string, unknown> = {
    userPoolId,
    clientId,
    pendingTTLSeconds: options.pendingTTLSeconds ?? 180,
  };
  // The ports (checked above) and the options that are set. modPow is defaulted where SRP runs (the SRP
  // functions): a page that never signs in with SRP ships no modPow.
  for (const key of [
    'random',
    'clock',
    'hash',
    'clientSecret',
    'deviceName',
    'totpIssuer',
    'modPow',
  ] as const)
    if (options[key]) env[key] = options[key];
  const listeners = new Set<(event: AuthEvent) => void>();
  const core: AuthCore = {
    options,
    env: env as unknown as MachineEnv,
    keys: storeKeys(options),
    lock: options.lock ?? sharedInProcessLock,
    margin: options.refreshMarginSeconds ?? 120,
    refreshes: new Map(),
    answering: new Set(),
    emit(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch {
          // A listener's failure is its own; the operation it observes goes on.
        }
      }
    },
  };
  return {
    userPoolId,
    clientId,
    core,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
