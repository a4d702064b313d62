// Fault injection for tests: latency, a 500, throttling, a dropped connection or a failed code delivery, per
// operation or for any.
import type { FaultKind, FaultSpec } from './types.js';

interface ArmedFault {
  operation?: string;
  kind: FaultKind;
  remaining: number;
  latencyMs: number;
}

export class FaultTable {
  private faults: ArmedFault[] = [];

  inject(spec: FaultSpec): void {
    if (!['latency', 'error5xx', 'throttle', 'drop', 'codeDeliveryFailure'].includes(spec.kind))
      throw new TypeError(`Unknown fault kind ${String(spec.kind)}`);
    this.faults.push({
      ...(spec.operation ? { operation: spec.operation } : {}),
      kind: spec.kind,
      remaining: spec.times ?? 1,
      latencyMs: spec.latencyMs ?? 1000,
    });
  }

  clear(): void {
    this.faults = [];
  }

  /** Takes the first armed fault that applies to the operation, counting it down. */
  take(operation: string): ArmedFault | undefined {
    const idx = this.faults.findIndex(
      (f) => (f.operation === undefined || f.operation === operation) && f.remaining > 0,
    );
    if (idx < 0) return undefined;
    const fault = this.faults[idx] as ArmedFault;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(idx, 1);
    return fault;
  }
}
