// A Transport wrapper that narrates each Cognito operation (JSON 1.1) with its secrets redacted.
// It sits between the core client and the adapter's own transport, so the client stays unaware of it.

import type {
  CogflowError,
  OperationName,
  RequestOf,
  ResponseOf,
  SendOptions,
  Transport,
} from '@cogflow/core';
import { describeParameters } from './redact.js';

export interface WireEvent {
  operation: OperationName;
  /** The challenge the service answered with, `TOKENS` when it issued tokens, or the error type. */
  outcome: string;
}

export interface WireObserver {
  sent(operation: string, detail: string): void;
  received(what: string, detail: string): void;
}

export interface TracingTransport extends Transport {
  /** Everything seen so far, oldest first. */
  readonly events: readonly WireEvent[];
}

type Body = Record<string, unknown>;

/** Keys that are plumbing rather than content: never interesting, sometimes long. */
const SKIPPED_KEYS = new Set([
  'ClientId',
  'Session',
  'ClientMetadata',
  'AnalyticsMetadata',
  'UserContextData',
]);

function describeBody(body: Body, challenge?: string): string {
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (SKIPPED_KEYS.has(key) || value === undefined) continue;
    if ((key === 'AuthParameters' || key === 'ChallengeResponses') && value && typeof value === 'object') {
      Object.assign(flat, value);
    } else if (key !== 'AuthenticationResult' && key !== 'ChallengeParameters') {
      flat[key] = value;
    }
  }
  const parts = [describeParameters(flat, challenge)];
  if (typeof body.Session === 'string') parts.push('Session=(hidden)');
  return parts.filter(Boolean).join(' ');
}

export function describeRequest(operation: OperationName, body: Body): string {
  const challenge = typeof body.ChallengeName === 'string' ? body.ChallengeName : undefined;
  return describeBody(body, operation === 'RespondToAuthChallenge' ? challenge : undefined);
}

export function describeResponse(body: Body): { what: string; detail: string; outcome: string } {
  if (typeof body.ChallengeName === 'string') {
    const parameters = (body.ChallengeParameters ?? {}) as Record<string, unknown>;
    const available = Array.isArray(body.AvailableChallenges)
      ? ` AvailableChallenges=${JSON.stringify(body.AvailableChallenges)}`
      : '';
    return {
      outcome: body.ChallengeName,
      what: `challenge ${body.ChallengeName}`,
      detail: describeParameters(parameters, body.ChallengeName) + available,
    };
  }
  const result = body.AuthenticationResult as Record<string, unknown> | undefined;
  if (result) {
    const issued = ['AccessToken', 'IdToken', 'RefreshToken'].filter((k) => typeof result[k] === 'string');
    const device = result.NewDeviceMetadata as Record<string, unknown> | undefined;
    const deviceText = device ? ` NewDeviceMetadata.DeviceKey=${String(device.DeviceKey)}` : '';
    return { outcome: 'TOKENS', what: 'tokens', detail: `${issued.join(', ')} (not shown)${deviceText}` };
  }
  if (typeof body.SecretCode === 'string') {
    return {
      outcome: 'SECRET_CODE',
      what: 'SecretCode',
      detail: '(the TOTP secret, handed to the person as a QR code)',
    };
  }
  return { outcome: 'OK', what: 'ok', detail: describeBody(body) };
}

export function tracingTransport(inner: Transport, observer: WireObserver): TracingTransport {
  const events: WireEvent[] = [];
  return {
    events,
    async send<O extends OperationName>(
      operation: O,
      body: RequestOf<O>,
      options?: SendOptions,
    ): Promise<ResponseOf<O>> {
      observer.sent(operation, describeRequest(operation, body as unknown as Body));
      try {
        const response = await inner.send(operation, body, options);
        const { what, detail, outcome } = describeResponse(response as unknown as Body);
        events.push({ operation, outcome });
        observer.received(what, detail);
        return response;
      } catch (error) {
        const code = (error as CogflowError).code ?? 'ERROR';
        const type = (error as { type?: string }).type;
        events.push({ operation, outcome: type ?? code });
        observer.received(`error ${type ?? code}`, `(${code})`);
        throw error;
      }
    },
  };
}
