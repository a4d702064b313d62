// End-to-end fixtures: an emulator seeded per suite and an AuthClient wired to it through a fetch transport.

import { type CustomAuthTriggers, type Emulator, type EmulatorSeed, startEmulator } from '@cogflow/emulator';
import { createAuthClient } from '../src/client.js';
import type { Store } from '../src/ports.js';
import type { AuthClient, CreateAuthClientOptions } from '../src/types.js';
import { fetchTransport, type MemoryStore, memoryStore, nodeRandom } from './client-helpers.js';

export interface Harness {
  emulator: Emulator;
  client(options?: {
    pool?: string;
    appClient?: string;
    store?: Store;
    log?: { operation: string; body: unknown }[];
    extra?: Partial<CreateAuthClientOptions>;
  }): { client: AuthClient; store: MemoryStore | Store };
}

export async function startHarness(seed: EmulatorSeed, triggers?: CustomAuthTriggers): Promise<Harness> {
  const emulator = await startEmulator({ port: 0, seed, ...(triggers ? { triggers } : {}) });
  return {
    emulator,
    client(options = {}) {
      const poolName = options.pool ?? seed.pools[0]!.name;
      const pool = emulator.pools[poolName]!;
      const appName = options.appClient ?? Object.keys(pool.clients)[0]!;
      const app = pool.clients[appName]!;
      const store = options.store ?? memoryStore();
      const client = createAuthClient({
        userPoolId: pool.id,
        clientId: app.id,
        ...(app.secret ? { clientSecret: app.secret } : {}),
        transport: fetchTransport(emulator.endpoint, options.log),
        store,
        random: nodeRandom,
        clock: { now: () => Date.now() },
        ...options.extra,
      });
      return { client, store };
    },
  };
}
