// The client's records in the store (tokens, device secrets, aliases, pending steps), read back defensively, and
// the one way every capability sends an operation.

import { CogflowError, StoreError, TransportError } from '../errors.js';
import type { DeviceSecrets } from '../machine/types.js';
import type { AbortSignalLike, SendOptions, Store, StoreSetOptions } from '../ports.js';
import type { OperationName, RequestOf, ResponseOf } from '../protocol/operations.js';
import type { TokenSet } from '../types.js';
import type { AuthCore } from './context.js';

export interface StoredTokens {
  v: 1;
  username: string;
  tokens: TokenSet;
}

export { asCogflowError } from '../errors.js';

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
export type Unchecked<T> = { [K in keyof T]?: unknown } | null | undefined;

/**
 * A stored record, or undefined. One that is there but is not JSON, or that `valid` refuses, is STORE_CORRUPT:
 * never dropped quietly.
 */
export async function readRecord<T>(
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

export const isString = (value: unknown): value is string => typeof value === 'string';

/** The canonical user behind a name the person typed (itself when no alias is recorded). */
export async function canonical(core: AuthCore, name: string): Promise<string> {
  const value = await readRecord<{ username: string }>(
    core.options.store,
    core.keys.alias(name),
    'alias',
    (record) => isString(record?.username) && record.username !== '',
  );
  return value ? value.username : name;
}

/** The device secrets of a canonical user (see `canonical` for a name the person typed). */
export async function readDevice(core: AuthCore, user: string): Promise<DeviceSecrets | undefined> {
  const value = await readRecord<DeviceSecrets>(
    core.options.store,
    core.keys.device(user),
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

export async function readTokens(core: AuthCore, user: string): Promise<TokenSet | undefined> {
  const value = await readRecord<StoredTokens>(
    core.options.store,
    core.keys.tokens(user),
    'tokens',
    (record) => {
      const tokens = record?.tokens as Unchecked<TokenSet>;
      return (
        isString(record?.username) && isString(tokens?.accessToken) && typeof tokens.expiresAt === 'number'
      );
    },
  );
  return value?.tokens;
}

/** Writes a JSON record; `ttl` only for pending steps (other records never expire). */
export function put(core: AuthCore, key: string, value: object, ...ttl: [StoreSetOptions?]): Promise<void> {
  return storeCall('write', () => core.options.store.set(key, JSON.stringify({ v: 1, ...value }), ...ttl));
}

export function drop(core: AuthCore, key: string): Promise<void> {
  return storeCall('delete', () => core.options.store.delete(key));
}

export async function send<O extends OperationName>(
  core: AuthCore,
  operation: O,
  body: RequestOf<O>,
  retryable: boolean,
  signal: AbortSignalLike | undefined,
): Promise<ResponseOf<O>> {
  if (signal?.aborted) throw new TransportError('ABORTED', `${operation} was aborted`);
  return core.options.transport.send(operation, body, { signal, retryable } as SendOptions);
}

/** The signed-in users index (most recent last). A malformed one reads as empty: it is a hint beside the tokens. */
export async function readUsers(core: AuthCore): Promise<string[]> {
  let users: unknown;
  try {
    users = JSON.parse((await core.options.store.get(core.keys.users())) ?? '{}').users;
  } catch {
    // Unreadable: rebuilt by the next sign-in.
  }
  return Array.isArray(users) ? users.filter(isString) : [];
}

/** Stores (or, without tokens, deletes) a user's tokens, and keeps the signed-in index in step: most recent last. */
export async function saveTokens(core: AuthCore, user: string, tokens?: TokenSet): Promise<void> {
  const { keys } = core;
  await (tokens ? put(core, keys.tokens(user), { username: user, tokens }) : drop(core, keys.tokens(user)));
  const listed = await readUsers(core);
  // A refresh of the most recent user, or a sign-out of someone not listed, leaves the index as it is: no write.
  if (tokens ? listed.at(-1) === user : !listed.includes(user)) return;
  const users = listed.filter((u) => u !== user);
  await put(core, keys.users(), { users: tokens ? [...users, user] : users });
}

/** Deletes a user's tokens and drops the user from the signed-in index. */
export function dropTokens(core: AuthCore, user: string): Promise<void> {
  return saveTokens(core, user);
}
