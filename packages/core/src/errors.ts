// Errors: one base class with a stable `code`, so `switch (err.code)` narrows. Messages never carry secrets.

export type ServiceErrorCode =
  | 'NOT_AUTHORIZED'
  | 'USER_NOT_FOUND'
  | 'USER_NOT_CONFIRMED'
  | 'PASSWORD_RESET_REQUIRED'
  | 'CODE_MISMATCH'
  | 'EXPIRED_CODE'
  | 'INVALID_PASSWORD'
  | 'INVALID_PARAMETER'
  | 'TOO_MANY_REQUESTS'
  | 'TOO_MANY_FAILED_ATTEMPTS'
  | 'LIMIT_EXCEEDED'
  | 'RESOURCE_NOT_FOUND'
  | 'USERNAME_EXISTS'
  | 'ALIAS_EXISTS'
  | 'SOFTWARE_TOKEN_MFA_NOT_FOUND'
  | 'ENABLE_SOFTWARE_TOKEN_MFA'
  | 'INVALID_USER_POOL_CONFIGURATION'
  | 'INTERNAL_ERROR'
  /** The code could not be sent (SES or SNS refused): CodeDeliveryFailureException. */
  | 'CODE_DELIVERY_FAILURE'
  /**
   * The access token was revoked (sign-out, GlobalSignOut, a forgotten device, a deleted user): a
   * NotAuthorizedException whose message says so. The local tokens of that user are deleted; sign in again.
   */
  | 'TOKEN_REVOKED'
  /** The service found the access token expired although it looked valid here (clock skew): retry after getTokens. */
  | 'TOKEN_EXPIRED'
  | 'SERVICE_ERROR';

export type ErrorCode =
  | ServiceErrorCode
  /** A Cognito session (the `Session` string) has expired; the sign-in must start again. */
  | 'SESSION_EXPIRED'
  /** No usable answer: network failure, dropped connection, non-JSON body. */
  | 'TRANSPORT'
  | 'TIMEOUT'
  | 'ABORTED'
  /** The service's answer is malformed or hostile (missing fields, bad hex, B ≡ 0 mod N, unknown challenge). */
  | 'PROTOCOL'
  /** The caller passed something unusable (empty username, an answer for a different step). */
  | 'INVALID_INPUT'
  /** An event does not fit the current state, or a pending state is not one this version can resume. */
  | 'INVALID_STATE'
  | 'STORE_UNAVAILABLE'
  | 'STORE_CORRUPT'
  | 'LOCK_TIMEOUT'
  /** Not signed in: no tokens stored for that user. */
  | 'NO_SESSION'
  /** No device secrets kept for that user (nothing to remember or forget here). */
  | 'NO_DEVICE'
  | OAuthErrorCode;

/**
 * Errors of the user-pool domain's OAuth 2.0 endpoints (RFC 6749 5.2 and 4.1.2.1, RFC 7009), in upper case, kept
 * apart from the JSON API's ServiceErrorCode; `OAUTH_ERROR` for a code outside this list. Two come from the
 * client's own checks: `STATE_MISMATCH` (a callback that answers no authorization started here) and
 * `ID_TOKEN_INVALID` (nonce, audience, issuer or expiry of the ID token wrong).
 */
export type OAuthErrorCode =
  | 'INVALID_REQUEST'
  | 'INVALID_CLIENT'
  | 'INVALID_GRANT'
  | 'UNAUTHORIZED_CLIENT'
  | 'UNSUPPORTED_GRANT_TYPE'
  | 'UNSUPPORTED_RESPONSE_TYPE'
  | 'UNSUPPORTED_TOKEN_TYPE'
  | 'INVALID_SCOPE'
  | 'INVALID_TOKEN'
  | 'ACCESS_DENIED'
  | 'SERVER_ERROR'
  | 'TEMPORARILY_UNAVAILABLE'
  | 'OAUTH_ERROR'
  | 'STATE_MISMATCH'
  | 'ID_TOKEN_INVALID';

export interface CogflowErrorOptions {
  cause?: unknown;
}

// Fields are `declare`d and set by the constructors, which always set them: a class field would only define each
// property as undefined first, and ship that definition in every bundle.
export class CogflowError extends Error {
  declare readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: CogflowErrorOptions) {
    super(message, options?.cause === undefined ? undefined : options);
    this.code = code;
    this.name = 'CogflowError';
  }
}

// Subclasses `declare` their narrower `code` so that no class field resets what the base constructor set.

/** Cognito answered with an error. `type` is the `__type` without its namespace, e.g. `NotAuthorizedException`. */
export class ServiceError extends CogflowError {
  declare readonly code: ServiceErrorCode | 'SESSION_EXPIRED';
  declare readonly type: string;
  declare readonly status: number | undefined;

  constructor(code: ServiceErrorCode | 'SESSION_EXPIRED', type: string, message: string, status?: number) {
    super(code, message);
    this.type = type;
    this.status = status;
    this.name = 'ServiceError';
  }
}

/** No usable answer reached us. `cause` holds the underlying error. */
export class TransportError extends CogflowError {
  declare readonly code: 'TRANSPORT' | 'TIMEOUT' | 'ABORTED';

  constructor(code: 'TRANSPORT' | 'TIMEOUT' | 'ABORTED', message: string, options?: CogflowErrorOptions) {
    super(code, message, options);
    this.name = 'TransportError';
  }
}

/** The service's answer cannot be trusted: it names the challenge and the field, never a value. */
export class ProtocolError extends CogflowError {
  declare readonly code: 'PROTOCOL';
  declare readonly challenge: string | undefined;
  declare readonly field: string | undefined;

  constructor(message: string, details?: { challenge?: string | undefined; field?: string | undefined }) {
    super('PROTOCOL', message);
    this.challenge = details?.challenge;
    this.field = details?.field;
    this.name = 'ProtocolError';
  }
}

/** The ProtocolError for one field of an answer, `${field} ${problem}`, naming the challenge when there is one. */
export function fieldError(field: string, problem: string, challenge?: string): ProtocolError {
  return new ProtocolError(`${field} ${problem}`, { challenge, field });
}

/**
 * An OAuth 2.0 error: an error answer of the token or revocation endpoint, an `error` on the redirect back from
 * /oauth2/authorize, or a failed state or ID-token check. `error` is the wire code when it is a plain token
 * (RFC 6749's charset), `status` the HTTP status of an endpoint's answer, `claim` the ID-token claim that failed.
 * The message carries `error_description` cut to 200 characters, never a code, verifier, state or token.
 */
export class OAuthError extends CogflowError {
  declare readonly code: OAuthErrorCode;
  declare readonly error: string | undefined;
  declare readonly status: number | undefined;
  declare readonly claim: string | undefined;

  constructor(
    code: OAuthErrorCode,
    message: string,
    details?: { error?: string | undefined; status?: number | undefined; claim?: string | undefined },
  ) {
    super(code, message);
    this.error = details?.error;
    this.status = details?.status;
    this.claim = details?.claim;
    this.name = 'OAuthError';
  }
}

/**
 * The OAuthError for an `error` (and `error_description`) read from an endpoint's answer or a redirect. A code
 * outside RFC 6749's charset is not repeated (it may be hostile): `OAUTH_ERROR` without `error`.
 */
export function oauthError(error: unknown, description: unknown, status?: number): OAuthError {
  const wire =
    typeof error === 'string' && /^[\x21\x23-\x5b\x5d-\x7e]{1,64}$/.test(error) ? error : undefined;
  // Inside the function: a module-level list would be built (and shipped) by every bundle that imports errors.ts.
  const known =
    /^(invalid_(request|client|grant|scope|token)|unauthorized_client|unsupported_(grant|response|token)_type|access_denied|server_error|temporarily_unavailable)$/;
  const code = (wire && known.test(wire) ? wire.toUpperCase() : 'OAUTH_ERROR') as OAuthErrorCode;
  const text =
    typeof description === 'string'
      ? description.replace(/[^\x20-\x7e\u00a0-\uffff]+/g, ' ').slice(0, 200)
      : '';
  const head = wire ?? 'OAuth error';
  return new OAuthError(code, text ? `${head}: ${text}` : head, { error: wire, status });
}

export class InputError extends CogflowError {
  declare readonly code: 'INVALID_INPUT';
  constructor(message: string) {
    super('INVALID_INPUT', message);
    this.name = 'InputError';
  }
}

export class StateError extends CogflowError {
  declare readonly code: 'INVALID_STATE';
  constructor(message: string) {
    super('INVALID_STATE', message);
    this.name = 'StateError';
  }
}

export class StoreError extends CogflowError {
  declare readonly code: 'STORE_UNAVAILABLE' | 'STORE_CORRUPT';
  constructor(code: 'STORE_UNAVAILABLE' | 'STORE_CORRUPT', message: string, options?: CogflowErrorOptions) {
    super(code, message, options);
    this.name = 'StoreError';
  }
}

/**
 * The service's error types that have a code of their own, without `Exception`: the code is the name in upper
 * snake case (`NotAuthorizedException` -> `NOT_AUTHORIZED`). Any other type is `SERVICE_ERROR`.
 */
const SERVICE_TYPES: readonly string[] = (
  'NotAuthorized UserNotFound UserNotConfirmed PasswordResetRequired CodeMismatch ExpiredCode InvalidPassword ' +
  'InvalidParameter TooManyRequests TooManyFailedAttempts LimitExceeded ResourceNotFound UsernameExists ' +
  'AliasExists SoftwareTokenMFANotFound EnableSoftwareTokenMFA InvalidUserPoolConfiguration InternalError ' +
  'CodeDeliveryFailure'
).split(' ');

/** Strips the `namespace#` prefix (and a `:` suffix some gateways add) from an error `__type`. */
export function normalizeErrorType(type: string): string {
  return type.slice(type.lastIndexOf('#') + 1).split(':')[0]!;
}

/**
 * Builds the ServiceError for an error answer: the code from the type, and SESSION_EXPIRED for a NotAuthorized
 * whose message says the session expired. (TOKEN_REVOKED and TOKEN_EXPIRED are given by the operations that send
 * an access token, client/access.ts; the `type` stays NotAuthorizedException either way.) The message is not filtered: whatever the answer said is kept, only
 * made single-line and cut to 200 characters, so it is as trustworthy as the answer (a validation message may
 * quote a request value such as the username).
 */
export function serviceError(rawType: string, message: string | undefined, status?: number): ServiceError {
  const type = normalizeErrorType(rawType);
  const name = type.slice(0, -9);
  let code = (
    SERVICE_TYPES.includes(name) && type.endsWith('Exception')
      ? name.replace(/([a-z])(?=[A-Z])|([A-Z])(?=[A-Z][a-z])/g, '$1$2_').toUpperCase()
      : 'SERVICE_ERROR'
  ) as ServiceErrorCode | 'SESSION_EXPIRED';
  const text = (message ?? '').replace(/[\r\n]+/g, ' ').slice(0, 200);
  if (code === 'NOT_AUTHORIZED' && /session.*(expired|invalid)|invalid session/i.test(text))
    code = 'SESSION_EXPIRED';
  return new ServiceError(code, type, text ? `${type}: ${text}` : type, status);
}

/**
 * The one rule for an error answer, shared by every transport. An error type (the body's `__type`, else the
 * `x-amzn-ErrorType` header) makes a ServiceError, unless it is hostile (control characters, spaces, over 256
 * characters): then a ProtocolError that repeats none of it. Without a type a proxy or gateway answered, not the
 * service: a 5xx is a ServiceError with its status, so the transport policy retries it exactly when it would retry
 * the service's own 5xx (only operations that are safe to repeat, since the service may have acted behind the
 * gateway); any other status is a ProtocolError.
 */
export function errorFromAnswer(
  operation: string,
  status: number,
  type: unknown,
  message: unknown,
): ServiceError | ProtocolError {
  if (typeof type === 'string' && type) {
    return /^[\w.#:/-]{1,256}$/.test(type)
      ? serviceError(type, typeof message === 'string' ? message : undefined, status)
      : new ProtocolError(`${operation}: malformed error type`);
  }
  return status >= 500
    ? serviceError('ServiceUnavailable', `HTTP ${status}`, status)
    : new ProtocolError(`${operation}: HTTP ${status} with a malformed answer`);
}

/** The error itself when typed, else a TRANSPORT error that keeps it as the cause and names no value from it. */
export function asCogflowError(error: unknown, message = 'Transport failed'): CogflowError {
  return error instanceof CogflowError ? error : new TransportError('TRANSPORT', message, { cause: error });
}

export function isCogflowError(value: unknown): value is CogflowError {
  return value instanceof CogflowError;
}

/**
 * The one form of a caller-mistake message: what is wrong and what it must be, never the value that was given.
 * `username must be a non-empty string`: names the input and the expected form, so the fix is plain.
 */
export function mustBe(what: string, form: string): InputError {
  return new InputError(`${what} must be ${form}`);
}

/** The most common form, shared so that the text is written once. */
export const NON_EMPTY = 'a non-empty string';
