// The ports: every piece of I/O, randomness, time and big-number arithmetic that core needs, injected by an adapter.

import type { OperationName, RequestOf, ResponseOf } from './protocol/operations.js';

/** A value, or a promise of it: lets synchronous and asynchronous implementations fit one interface. */
export type MaybePromise<T> = T | Promise<T>;

/** The part of an AbortSignal that core reads. Core has no DOM lib, so it names the shape itself. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface SendOptions {
  /** Cancels the request. A transport rejects with a TransportError of code `ABORTED`. */
  signal?: AbortSignalLike;
  /**
   * False when a retry could do harm: a challenge answer or a refresh that the service may already have consumed.
   * Transports only retry (throttling, 5xx, network) when this is true or absent and the operation is idempotent.
   */
  retryable?: boolean;
}

/**
 * Sends one Cognito operation (JSON 1.1) and returns the parsed body.
 * Rejects with a ServiceError (the service answered with an error `__type`) or a TransportError (no usable answer).
 */
export interface Transport {
  send<O extends OperationName>(
    operation: O,
    body: RequestOf<O>,
    options?: SendOptions,
  ): Promise<ResponseOf<O>>;
}

export interface StoreSetOptions {
  /** Seconds until the entry expires. Stores that cannot expire entries keep them and check on read. */
  ttlSeconds?: number;
}

/**
 * A string key-value store. Values are JSON strings written by core. A store that cannot read or write rejects
 * with a StoreError; a value it cannot read back intact is `STORE_CORRUPT`, never silently dropped.
 */
export interface Store {
  get(key: string): MaybePromise<string | undefined>;
  set(key: string, value: string, options?: StoreSetOptions): MaybePromise<void>;
  delete(key: string): MaybePromise<void>;
}

/** A CSPRNG. */
export interface Random {
  bytes(length: number): Uint8Array;
}

/** Wall-clock time in milliseconds since the Unix epoch. */
export interface Clock {
  now(): number;
}

/**
 * SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104): all the hashing SRP, its HKDF and SECRET_HASH need. Either may
 * answer with a promise, so that a browser can use WebCrypto instead of shipping a hash; `nobleHash` from
 * @cogflow/core is the synchronous one in plain JavaScript (@noble/hashes).
 */
export interface Hash {
  sha256(data: Uint8Array): MaybePromise<Uint8Array>;
  hmacSHA256(key: Uint8Array, data: Uint8Array): MaybePromise<Uint8Array>;
}

/** base^exponent mod modulus, for non-negative base and exponent and a positive modulus. */
export type ModPow = (base: bigint, exponent: bigint, modulus: bigint) => bigint;

export interface LockOptions {
  /** How long a holder may keep the lock before others may take it, in ms (protects against crashed holders). */
  ttlMs?: number;
  /** How long to wait for the lock before giving up with a `LOCK_TIMEOUT` error, in ms. */
  waitMs?: number;
}

/** Single-flight across tabs or processes: runs `fn` while holding the named lock. */
export interface Lock {
  withLock<T>(name: string, fn: () => Promise<T>, options?: LockOptions): Promise<T>;
}

export interface OAuthHTTPRequest {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** A form-encoded body (POST) or none (GET). */
  body?: string;
  signal?: AbortSignalLike;
}

export interface OAuthHTTPResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

/**
 * One HTTP exchange with the user-pool domain (token, revocation, userInfo, discovery). Any status resolves:
 * deciding what a 400 means is core's. A request that got no answer rejects with a TransportError. Browsers send
 * it without credentials (no cookies of the domain).
 */
export interface OAuthHTTP {
  request(url: string, request: OAuthHTTPRequest): Promise<OAuthHTTPResponse>;
}
