// A Transport (packages/core/src/ports.ts) over @aws-sdk/client-cognito-identity-provider: the SDK's commands for
// the public, unsigned user-pool operations, with core's retry policy instead of the SDK's own retries.

import { Agent as HTTPAgent } from 'node:http';
import { Agent as HTTPSAgent } from 'node:https';
import {
  AssociateSoftwareTokenCommand,
  ChangePasswordCommand,
  CognitoIdentityProviderClient,
  CompleteWebAuthnRegistrationCommand,
  ConfirmDeviceCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  DeleteUserAttributesCommand,
  DeleteUserCommand,
  DeleteWebAuthnCredentialCommand,
  ForgetDeviceCommand,
  ForgotPasswordCommand,
  GetDeviceCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserAuthFactorsCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ListDevicesCommand,
  ListWebAuthnCredentialsCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SetUserMFAPreferenceCommand,
  SignUpCommand,
  StartWebAuthnRegistrationCommand,
  UpdateDeviceStatusCommand,
  UpdateUserAttributesCommand,
  VerifySoftwareTokenCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  CogflowError,
  errorFromAnswer,
  InputError,
  type OperationName,
  ProtocolError,
  type Random,
  type RequestOf,
  type ResponseOf,
  type RetryPolicy,
  type SendOptions,
  type Transport,
  TransportError,
  withRetries,
} from '@cogflow/core';
import { nodeRandom } from './random.js';

export interface SDKTransportOptions {
  /** The AWS region of the user pool, e.g. `eu-west-1` (the part of the pool id before `_`). */
  region: string;
  /** Overrides the regional endpoint, e.g. a local emulator `http://127.0.0.1:9229`. */
  endpoint?: string;
  /** Per-attempt timeout in ms (default 10 000); past it the attempt fails with TransportError `TIMEOUT`. 0 turns it off. */
  timeoutMs?: number;
  /** Attempts in all for an operation that may be retried (default 3; 1 turns retries off). */
  maxAttempts?: number;
  /** Backoff bounds for retries (defaults: base 100 ms, cap 2000 ms, full jitter). */
  retry?: Partial<Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>>;
  /** Sockets kept per host (default 64); ignored when `client` is given. */
  maxSockets?: number;
  /** A client you configured yourself. Its own retries should be off (`maxAttempts: 1`). */
  client?: CognitoIdentityProviderClient;
  /** Randomness for the backoff jitter (default node:crypto). */
  random?: Random;
}

type AnyCommand = new (input: never) => unknown;

// biome-ignore lint/suspicious/noExplicitAny: each SDK command has its own input type; the body types are core's
const COMMANDS: Record<OperationName, new (input: any) => any> = {
  InitiateAuth: InitiateAuthCommand,
  RespondToAuthChallenge: RespondToAuthChallengeCommand,
  AssociateSoftwareToken: AssociateSoftwareTokenCommand,
  VerifySoftwareToken: VerifySoftwareTokenCommand,
  ConfirmDevice: ConfirmDeviceCommand,
  UpdateDeviceStatus: UpdateDeviceStatusCommand,
  ForgetDevice: ForgetDeviceCommand,
  ListDevices: ListDevicesCommand,
  GetDevice: GetDeviceCommand,
  GetTokensFromRefreshToken: GetTokensFromRefreshTokenCommand,
  RevokeToken: RevokeTokenCommand,
  GlobalSignOut: GlobalSignOutCommand,
  GetUser: GetUserCommand,
  SetUserMFAPreference: SetUserMFAPreferenceCommand,
  StartWebAuthnRegistration: StartWebAuthnRegistrationCommand,
  CompleteWebAuthnRegistration: CompleteWebAuthnRegistrationCommand,
  SignUp: SignUpCommand,
  ChangePassword: ChangePasswordCommand,
  ConfirmForgotPassword: ConfirmForgotPasswordCommand,
  ConfirmSignUp: ConfirmSignUpCommand,
  DeleteUserAttributes: DeleteUserAttributesCommand,
  DeleteUser: DeleteUserCommand,
  DeleteWebAuthnCredential: DeleteWebAuthnCredentialCommand,
  ForgotPassword: ForgotPasswordCommand,
  GetUserAttributeVerificationCode: GetUserAttributeVerificationCodeCommand,
  GetUserAuthFactors: GetUserAuthFactorsCommand,
  ListWebAuthnCredentials: ListWebAuthnCredentialsCommand,
  ResendConfirmationCode: ResendConfirmationCodeCommand,
  UpdateUserAttributes: UpdateUserAttributesCommand,
  VerifyUserAttribute: VerifyUserAttributeCommand,
} satisfies Record<OperationName, AnyCommand>;

/** The operations cogflow sends are unsigned; a request that asks for credentials is a bug, not a sign-in. */
async function noCredentials(): Promise<never> {
  throw new TransportError(
    'TRANSPORT',
    'AWS credentials were requested for a public Cognito operation; cogflow sends only unsigned operations',
  );
}

interface SDKErrorShape {
  name?: string;
  message?: string;
  code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number; headers?: Record<string, string | undefined> };
}

/** The SDK turns Date-typed members into Date objects; core's protocol types carry epoch seconds, as on the wire. */
function toWireShape(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWireShape);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (key === '$metadata' || member === undefined) continue;
      out[key] = toWireShape(member);
    }
    return out;
  }
  return value;
}

const NOT_A_SERVICE_ANSWER = new Set([
  'Error',
  'TypeError',
  'SyntaxError',
  'RangeError',
  'TimeoutError',
  'AbortError',
]);

/**
 * Maps whatever the SDK threw to core's errors. An error answer (3xx and up) goes through core's errorFromAnswer,
 * as in every transport; no answer at all is TRANSPORT.
 */
function mapSDKError(error: unknown, operation: OperationName): CogflowError {
  if (error instanceof CogflowError) return error;
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SDKErrorShape;
  const status = shape.$metadata?.httpStatusCode ?? shape.$response?.statusCode;
  if (status !== undefined && status >= 300) {
    // The SDK names its error after the answer's type. When the body is not JSON it throws its own SyntaxError,
    // whose message quotes the body, so then only the header may give a type, and no message is kept.
    const name = shape.name ?? '';
    return NOT_A_SERVICE_ANSWER.has(name) || name === 'Unknown' || !name
      ? errorFromAnswer(operation, status, shape.$response?.headers?.['x-amzn-errortype'], undefined)
      : errorFromAnswer(operation, status, name, shape.message);
  }
  // An answer arrived but the SDK could not read it: malformed, as the fetch transport says.
  if (status !== undefined) return notServiceJSON(operation);
  return new TransportError(
    'TRANSPORT',
    `${operation}: no usable answer from the service (${describe(shape)})`,
    {
      cause: error,
    },
  );
}

function notServiceJSON(operation: OperationName): ProtocolError {
  return new ProtocolError(`${operation}: the answer is not the service's JSON object`);
}

interface RawResponse {
  statusCode: number;
  body?: unknown;
}

/**
 * Checks a 2xx answer before the SDK reads it: the SDK takes a captive portal's HTML for a failed connection and a
 * JSON array for an empty answer, where the fetch transport (and core's rule) sees a malformed answer. The body is
 * read once here and handed on as bytes, which the SDK's deserializer accepts.
 */
function answerShapeCheck(operation: OperationName) {
  // biome-ignore lint/suspicious/noExplicitAny: the SDK's middleware types are generic over every command
  return (next: (args: any) => Promise<any>) => async (args: unknown) => {
    const result = await next(args);
    const response = result.response as RawResponse;
    if (response.statusCode < 200 || response.statusCode >= 300) return result;
    const chunks: Uint8Array[] = [];
    const body = response.body as AsyncIterable<Uint8Array> | Uint8Array | string | undefined;
    if (typeof body === 'string') chunks.push(Buffer.from(body));
    else if (body instanceof Uint8Array) chunks.push(body);
    else if (body && Symbol.asyncIterator in body) for await (const chunk of body) chunks.push(chunk);
    const bytes = Buffer.concat(chunks);
    const text = bytes.toString('utf8');
    if (text.trim() !== '') {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw notServiceJSON(operation);
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        throw notServiceJSON(operation);
    }
    response.body = bytes;
    return result;
  };
}

function describe(shape: SDKErrorShape): string {
  // Only the error's kind: an SDK message may quote the request.
  return shape.code ?? shape.name ?? 'unknown error';
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortedError(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortedError(signal: { reason?: unknown }): TransportError {
  return new TransportError('ABORTED', 'the request was aborted', { cause: signal.reason });
}

export function sdkTransport(options: SDKTransportOptions): Transport {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const random = options.random ?? nodeRandom;
  const policy = { maxAttempts: options.maxAttempts ?? 3, ...options.retry };
  const maxSockets = options.maxSockets ?? 64;
  const client =
    options.client ??
    new CognitoIdentityProviderClient({
      region: options.region,
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      credentials: noCredentials,
      // Core's policy decides what may be retried (never a consumed challenge answer); the SDK must not.
      maxAttempts: 1,
      requestHandler: {
        httpAgent: new HTTPAgent({ keepAlive: true, maxSockets }),
        httpsAgent: new HTTPSAgent({ keepAlive: true, maxSockets }),
      },
    });

  async function attempt<O extends OperationName>(
    operation: O,
    body: RequestOf<O>,
    signal: AbortSignal | undefined,
  ): Promise<ResponseOf<O>> {
    if (signal?.aborted) throw abortedError(signal);
    const controller = new AbortController();
    let timedOut = false;
    // As in the browser's transport, 0 (or less) means no timeout, not one that fires at once.
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, timeoutMs)
        : undefined;
    const onAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const Command = COMMANDS[operation];
      const command = new Command(body);
      command.middlewareStack.addRelativeTo(answerShapeCheck(operation), {
        relation: 'after',
        toMiddleware: 'deserializerMiddleware',
        name: 'cogflowAnswerShapeCheck',
      });
      const output = await client.send(command, { abortSignal: controller.signal });
      return toWireShape(output) as ResponseOf<O>;
    } catch (error) {
      if (timedOut) {
        throw new TransportError('TIMEOUT', `${operation}: no answer within ${timeoutMs} ms`, {
          cause: error,
        });
      }
      if (signal?.aborted) throw abortedError(signal);
      throw mapSDKError(error, operation);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  return {
    async send<O extends OperationName>(
      operation: O,
      body: RequestOf<O>,
      sendOptions?: SendOptions,
    ): Promise<ResponseOf<O>> {
      if (!Object.hasOwn(COMMANDS, operation)) {
        throw new InputError(
          `${String(operation).slice(0, 64)} is not an operation sdkTransport sends: it must be a Cognito user-pool operation that cogflow uses`,
        );
      }
      // Core's AbortSignalLike is the DOM AbortSignal's shape; in Node it is one.
      const signal = sendOptions?.signal as AbortSignal | undefined;
      return withRetries(() => attempt(operation, body, signal), {
        operation,
        retryable: sendOptions?.retryable,
        policy,
        random,
        wait: (ms) => sleep(ms, signal),
      });
    },
  };
}
