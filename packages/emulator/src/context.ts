// What every operation handler gets: the store, the clock, the hooks, the session table and the pool helpers.
import type { SessionTable } from './sessions.js';
import type { Store } from './state.js';
import type { TriggerConfig } from './triggers/types.js';
import type { TokenIssuerMode } from './types.js';

export interface EmulatorContext {
  store: Store;
  region: string;
  /** `http://host:port`, known once the server listens. */
  endpoint: string;
  triggers: TriggerConfig;
  /** The tokens' `iss` for pools that do not set their own (EmulatorOptions.tokenIssuer); absent: emulator. */
  tokenIssuer?: TokenIssuerMode;
  sessions: SessionTable;
  now(): number;
  /** Records an SMS or e-mail as delivered, for tests to read through the control API. */
  deliver(message: {
    poolId: string;
    username: string;
    medium: 'SMS' | 'EMAIL';
    destination: string;
    code: string;
    kind: string;
    message?: string;
    subject?: string;
  }): void;
  /** The remote address of the request being served, for ListDevices' last_ip_used. */
  remoteIp?: string;
}

export type Handler = (ctx: EmulatorContext, body: Record<string, unknown>) => Promise<unknown> | unknown;
