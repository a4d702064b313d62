// Wraps a Transport and records each operation and challenge name it carried, for assertions on the wire sequence.
import type { OperationName, RequestOf, ResponseOf, SendOptions, Transport } from '@cogflow/core';

export interface RecordingTransport extends Transport {
  /** `Operation` or `Operation:CHALLENGE` / `InitiateAuth:FLOW` per request, in order. */
  calls: string[];
  /** Bodies sent, to check for SECRET_HASH, DEVICE_KEY and friends. */
  bodies: { operation: OperationName; body: unknown }[];
}

export function recording(inner: Transport): RecordingTransport {
  const calls: string[] = [];
  const bodies: { operation: OperationName; body: unknown }[] = [];
  return {
    calls,
    bodies,
    send<O extends OperationName>(
      operation: O,
      body: RequestOf<O>,
      options?: SendOptions,
    ): Promise<ResponseOf<O>> {
      const b = body as { AuthFlow?: string; ChallengeName?: string };
      calls.push(
        b.ChallengeName
          ? `${operation}:${b.ChallengeName}`
          : b.AuthFlow
            ? `${operation}:${b.AuthFlow}`
            : operation,
      );
      bodies.push({ operation, body });
      return inner.send(operation, body, options);
    },
  };
}
