// The driver: runs the sign-in machine through the ports (transport, store, lock), keeps the run's secrets in
// memory only, persists pending steps with a TTL, and gives out tokens with single-flight refreshes.

import { CogflowError, InputError, ServiceError, StateError, StoreError, TransportError } from './errors.js';
import { createInProcessLock } from './in-process-lock.js';
import { parsePending } from './machine/pending.js';
import { pickMetadata } from './machine/requests.js';
import { totpSetupStep } from './machine/totp.js';
import { initialSnapshot, transition } from './machine/transition.js';
import type {
  DeviceSecrets,
  MachineEnv,
  SendEffect,
  SignInEffect,
  SignInEvent,
  TransitionResult,
  WaitingState,
} from './machine/types.js';
import type { AbortSignalLike, Store, StoreSetOptions } from './ports.js';
import type { InitiateAuthRequest, OperationName, RequestOf, ResponseOf } from './protocol/operations.js';
import { modPow } from './srp/mod-pow.js';
import { userPoolName } from './srp/pool-name.js';
import { storeKeys } from './store-keys.js';
import { refreshRequest } from './tokens/refresh.js';
import { DEFAULT_REFRESH_MARGIN_SECONDS, refreshDecision, tokenSetFromResult } from './tokens/token-set.js';
import type {
  AuthClient,
  AuthEvent,
  ChallengeAnswer,
  CreateAuthClientOptions,
  NextStep,
  PendingSignIn,
  RequestMetadata,
  SignInResult,
  TokenSet,
} from './types.js';

export { createInProcessLock } from './in-process-lock.js';

/**
 * The default lock, shared by every client in this module instance so that two clients of the same pool in one
 * process or tab still refresh once. Lock names carry pool, app client and user, so sharing cannot mix users.
 */
const sharedInProcessLock = createInProcessLock();

/** How long a pending step stays in the store: Cognito's session lasts 3 minutes. */
export const DEFAULT_PENDING_TTL_SECONDS = 180;
/** A sign-in never needs more round trips than this; more means a service leading us in circles. */
const MAX_STEPS = 16;

interface StoredTokens {
  v: 1;
  username: string;
  tokens: TokenSet;
}

function asCogflowError(error: unknown): CogflowError {
  if (error instanceof CogflowError) return error;
  // The cause is kept for debugging; the message names no value from it.
  return new TransportError('TRANSPORT', 'Transport failed', { cause: error });
}

/** A store call; a failure that is not already typed is STORE_UNAVAILABLE. */
async function storeCall<T>(what: string, call: () => T | Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw error instanceof CogflowError
      ? error
      : new StoreError('STORE_UNAVAILABLE', `The store failed to ${what}`, { cause: error });
  }
}

/**
 * A record as read back from the store: any field may be missing or of another type, and the JSON may not be an
 * object at all (`?.` on a number or a string reads undefined, so checks written with it refuse those too).
 */
type Unchecked<T> = { [K in keyof T]?: unknown } | null | undefined;

/**
 * A stored record, or undefined. One that is there but is not JSON, or that `valid` refuses, is STORE_CORRUPT:
 * never dropped quietly.
 */
async function readRecord<T>(
  store: Store,
  key: string,
  what: string,
  valid: (record: Unchecked<T>) => boolean,
): Promise<T | undefined> {
  const text = await storeCall(`read the ${what}`, () => store.get(key));
  if (text == null) return undefined;
  let value: Unchecked<T>;
  try {
    value = JSON.parse(text);
  } catch {
    // Reported below, like any other malformed record.
  }
  if (value === undefined || !valid(value))
    throw new StoreError('STORE_CORRUPT', `The stored ${what} is malformed`);
  return value as T;
}

const isString = (value: unknown): value is string => typeof value === 'string';

export function createAuthClient(options: CreateAuthClientOptions): AuthClient {
  if (options === null || typeof options !== 'object') throw new InputError('Bad options');
  // Checked now rather than at the first PASSWORD_VERIFIER, after a request has already gone out.
  userPoolName(options.userPoolId);
  if (typeof options.clientId !== 'string' || options.clientId === '') {
    throw new InputError('clientId is empty');
  }
  for (const port of ['transport', 'store', 'random', 'clock', 'hash'] as const) {
    if (options[port] === null || typeof options[port] !== 'object')
      throw new InputError(`The ${port} port is missing`);
  }
  const { transport, store, random, clock, hash } = options;
  const lock = options.lock ?? sharedInProcessLock;
  const pendingTTLSeconds = options.pendingTTLSeconds ?? DEFAULT_PENDING_TTL_SECONDS;
  const env: MachineEnv = {
    userPoolId: options.userPoolId,
    clientId: options.clientId,
    pendingTTLSeconds,
    random,
    clock,
    modPow: options.modPow ?? modPow,
    hash,
  };
  for (const key of ['clientSecret', 'deviceName', 'totpIssuer'] as const)
    if (options[key]) env[key] = options[key];
  const margin = options.refreshMarginSeconds ?? DEFAULT_REFRESH_MARGIN_SECONDS;
  const keys = storeKeys(options);
  const listeners = new Set<(event: AuthEvent) => void>();
  const refreshes = new Map<string, Promise<TokenSet>>();
  const answering = new Set<string>();

  function emit(event: AuthEvent): void {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // A listener's failure is its own; the sign-in it observes goes on.
      }
    }
  }

  /** The canonical user behind a name the person typed (itself when no alias is recorded). */
  async function canonical(name: string): Promise<string> {
    const value = await readRecord<{ username: string }>(
      store,
      keys.alias(name),
      'alias',
      (record) => isString(record?.username) && record.username !== '',
    );
    return value ? value.username : name;
  }

  /** The device secrets of a canonical user (see `canonical` for a name the person typed). */
  async function readDevice(user: string): Promise<DeviceSecrets | undefined> {
    const value = await readRecord<DeviceSecrets>(
      store,
      keys.device(user),
      'device',
      (record) =>
        isString(record?.deviceKey) && isString(record.deviceGroupKey) && isString(record.devicePassword),
    );
    if (!value) return undefined;
    const { deviceKey, deviceGroupKey, devicePassword, remembered } = value;
    return typeof remembered === 'boolean'
      ? { deviceKey, deviceGroupKey, devicePassword, remembered }
      : { deviceKey, deviceGroupKey, devicePassword };
  }

  async function readTokens(user: string): Promise<TokenSet | undefined> {
    const value = await readRecord<StoredTokens>(store, keys.tokens(user), 'tokens', (record) => {
      const tokens = record?.tokens as Unchecked<TokenSet>;
      return (
        isString(record?.username) && isString(tokens?.accessToken) && typeof tokens.expiresAt === 'number'
      );
    });
    return value?.tokens;
  }

  /** Writes a JSON record; `ttl` only for pending steps (other records never expire). */
  const put = (key: string, value: object, ...ttl: [StoreSetOptions?]): Promise<void> =>
    storeCall('write', () => store.set(key, JSON.stringify({ v: 1, ...value }), ...ttl));
  const drop = (key: string): Promise<void> => storeCall('delete', () => store.delete(key));

  async function perform(effect: Exclude<SignInEffect, SendEffect>): Promise<void> {
    if (effect.type === 'emit') return emit(effect.event);
    const { username } = effect;
    if (effect.type === 'delete-device') return drop(keys.device(await canonical(username)));
    // Aliases first, so that a stored record is always reachable by the names that led to it.
    for (const alias of effect.aliases) await put(keys.alias(alias), { username });
    return effect.type === 'store-tokens'
      ? put(keys.tokens(username), { username, tokens: effect.tokens })
      : put(keys.device(username), effect.device);
  }

  async function send<O extends OperationName>(
    operation: O,
    body: RequestOf<O>,
    retryable: boolean,
    signal: AbortSignalLike | undefined,
  ): Promise<ResponseOf<O>> {
    if (signal?.aborted) throw new TransportError('ABORTED', `${operation} was aborted`);
    return transport.send(operation, body, signal ? { signal, retryable } : { retryable });
  }

  function nextStep(result: TransitionResult, state: WaitingState): NextStep {
    if (state.detail.type === 'TOTP_SETUP') {
      if (!result.secrets.totpSecret) throw new StateError('TOTP secret gone');
      return totpSetupStep(state.username, result.secrets.totpSecret, env);
    }
    return state.detail;
  }

  /** Drives the machine until it waits on a person, is signed in, or failed. */
  async function run(first: TransitionResult, signal: AbortSignalLike | undefined): Promise<SignInResult> {
    let step = first;
    for (let round = 0; round < MAX_STEPS; round++) {
      let request: SendEffect | undefined;
      for (const effect of step.effects) {
        if (effect.type === 'send') request = effect;
        else await perform(effect);
      }
      const state = step.state;
      switch (state.status) {
        case 'failed':
          throw state.error;
        case 'signed-in': {
          const { username, sub, device } = state;
          const tokens = step.secrets.tokens!;
          return { status: 'SIGNED_IN', tokens, user: sub ? { username, sub } : { username }, device };
        }
        case 'waiting': {
          await put(keys.pending(state.id), state, { ttlSeconds: pendingTTLSeconds });
          return {
            status: 'CHALLENGE',
            step: nextStep(step, state),
            pending: state as unknown as PendingSignIn,
          };
        }
      }
      // An idle state, or a machine that waits on a request it did not make.
      if (!request) throw new StateError('No request to send');
      let event: SignInEvent;
      try {
        const body = await send(request.operation, request.body, request.retryable, signal);
        event = { type: 'response', operation: request.operation, body };
      } catch (error) {
        event = { type: 'error', error: asCogflowError(error) };
      }
      step = await transition(step, event, env);
    }
    throw new StateError('Too many round trips');
  }

  async function loadPending(ref: PendingSignIn | string): Promise<WaitingState> {
    if (typeof ref === 'string') {
      const value = await readRecord(store, keys.pending(ref), 'pending sign-in', () => true);
      if (value === undefined) {
        throw new CogflowError('SESSION_EXPIRED', 'Pending sign-in expired or unknown');
      }
      return parsePending(value);
    }
    return parsePending(ref);
  }

  async function refreshFor(
    user: string,
    force: boolean,
    signal: AbortSignalLike | undefined,
    read: TokenSet | undefined,
  ): Promise<TokenSet> {
    const seen = read ?? (await readTokens(user));
    if (!seen) throw new CogflowError('NO_SESSION', 'Not signed in');
    const decision = refreshDecision(seen, clock.now(), margin);
    if (!force && decision === 'valid') return seen;
    return lock.withLock(
      keys.refreshLock(user),
      async () => {
        // Another process or tab may have refreshed while we waited for the lock: take its tokens.
        const current = await readTokens(user);
        if (!current) throw new CogflowError('NO_SESSION', 'Not signed in');
        if (
          refreshDecision(current, clock.now(), margin) === 'valid' &&
          (!force || current.accessToken !== seen.accessToken)
        ) {
          return current;
        }
        if (!current.refreshToken) {
          throw new CogflowError('NO_SESSION', 'Tokens expired, no refresh token');
        }
        const request = await refreshRequest({ ...options, tokens: current, username: user });
        let answer: { AuthenticationResult?: unknown };
        try {
          answer = await send(
            request.operation as 'InitiateAuth',
            request.body as InitiateAuthRequest,
            request.retryable,
            signal,
          );
        } catch (raw) {
          const error = asCogflowError(raw);
          // Only a definitive refusal ends the session; throttling, 5xx and network failures keep the tokens.
          if (error instanceof ServiceError && error.type === 'NotAuthorizedException') {
            await drop(keys.tokens(user));
            emit({ type: 'signed-out', username: user });
          }
          throw error;
        }
        // Whatever the transport gave back, tokenSetFromResult checks it (`?.` on a non-object reads undefined).
        const result = answer?.AuthenticationResult as Parameters<typeof tokenSetFromResult>[0];
        const tokens = tokenSetFromResult(result, clock.now(), { previous: current });
        await put(keys.tokens(user), { username: user, tokens });
        emit({ type: 'tokens-refreshed', username: user });
        return tokens;
      },
      { ttlMs: 30_000, waitMs: 30_000 },
    );
  }

  /**
   * getTokens for a canonical user, single-flight per user and mode. `seen` is what the caller has just read from
   * the store, which spares a second read; a caller that joins a refresh in flight gets that refresh's tokens.
   */
  function tokensFor(
    user: string,
    force: boolean,
    signal: AbortSignalLike | undefined,
    seen?: TokenSet,
  ): Promise<TokenSet> {
    const key = `${user}\u0000${force ? 'force' : 'auto'}`;
    let promise = refreshes.get(key);
    if (!promise) {
      promise = refreshFor(user, force, signal, seen).finally(() => {
        refreshes.delete(key);
      });
      refreshes.set(key, promise);
    }
    return promise;
  }

  const client: AuthClient = {
    async signIn(input) {
      if (input === null || typeof input !== 'object') throw new InputError('Bad signIn input');
      const device =
        typeof input.username === 'string' && input.username
          ? await readDevice(await canonical(input.username))
          : undefined;
      const { signal, ...rest } = input;
      const first = await transition(initialSnapshot(), { type: 'start', input: rest, device }, env);
      return run(first, signal);
    },

    async respond(ref, answer: ChallengeAnswer, extra?: RequestMetadata & { signal?: AbortSignalLike }) {
      const state = await loadPending(ref);
      // userId is already canonical; only the name the person typed may be an alias.
      const device = state.deviceKey
        ? await readDevice(state.userId ?? (await canonical(state.username)))
        : undefined;
      const metadata = pickMetadata(extra);
      const event: SignInEvent = { type: 'answer', answer, device };
      if (Object.keys(metadata).length > 0) event.metadata = metadata;
      // A second answer to the same step while the first is in flight would spend the session (or a code) twice.
      if (answering.has(state.id)) throw new StateError('Step already being answered');
      answering.add(state.id);
      try {
        const first = await transition({ state, secrets: {} }, event, env);
        const result = await run(first, extra?.signal);
        // This step is answered: its pending entry must not be answered twice.
        await drop(keys.pending(state.id));
        return result;
      } finally {
        answering.delete(state.id);
      }
    },

    async getTokens(username, opts) {
      return tokensFor(await canonical(username), opts?.forceRefresh ?? false, opts?.signal);
    },

    async peekTokens(username) {
      return readTokens(await canonical(username));
    },

    async signOut(username, opts) {
      const user = await canonical(username);
      let tokens = await readTokens(user);
      if (!tokens) return;
      let failure: CogflowError | undefined;
      try {
        if (opts?.global) {
          tokens = await tokensFor(user, false, opts.signal, tokens);
          await send('GlobalSignOut', { AccessToken: tokens.accessToken }, false, opts.signal);
        } else if (tokens.refreshToken) {
          const { clientId: ClientId, clientSecret: ClientSecret } = options;
          const body = ClientSecret
            ? { Token: tokens.refreshToken, ClientId, ClientSecret }
            : { Token: tokens.refreshToken, ClientId };
          await send('RevokeToken', body, true, opts?.signal);
        }
      } catch (error) {
        failure = asCogflowError(error);
      } finally {
        // Local tokens go whatever the service said: a half-signed-out state (tokens kept after the person
        // asked to leave) is worse than a revocation that must be retried. The failure is still reported.
        await drop(keys.tokens(user));
        emit({ type: 'signed-out', username: user });
      }
      // NotAuthorized means the tokens were already dead on the service: signed out all the same.
      // By type, not code: a NotAuthorized whose message speaks of a session carries the code SESSION_EXPIRED.
      if (failure && !(failure instanceof ServiceError && failure.type === 'NotAuthorizedException'))
        throw failure;
    },

    async forgetDevice(username) {
      const user = await canonical(username);
      const device = await readDevice(user);
      let failure: CogflowError | undefined;
      if (device) {
        try {
          const tokens = await tokensFor(user, false, undefined);
          await send(
            'ForgetDevice',
            { AccessToken: tokens.accessToken, DeviceKey: device.deviceKey },
            true,
            undefined,
          );
        } catch (error) {
          const e = asCogflowError(error);
          if (!(e instanceof ServiceError && e.code === 'RESOURCE_NOT_FOUND')) failure = e;
        }
      }
      await drop(keys.device(user));
      emit({ type: 'device-forgotten', username: user });
      if (failure) throw failure;
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
  return client;
}
