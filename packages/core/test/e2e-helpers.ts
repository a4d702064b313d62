// End-to-end fixtures: an emulator seeded per suite and an AuthClient wired to it through a fetch transport.

import { type CustomAuthTriggers, type Emulator, type EmulatorSeed, startEmulator } from '@cogflow/emulator';
import { createAuthClient } from '../src/index.js';
import type { Store } from '../src/ports.js';
import { nobleHash } from '../src/srp/index.js';
import type { AuthClient, CreateAuthClientOptions, SignInResult } from '../src/types.js';
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
        // `extra` may swap in another Hash (an asynchronous one, in the suites that prove that path).
        hash: nobleHash,
        ...options.extra,
      });
      return { client, store };
    },
  };
}

/** Every password the e2e suites use: no pending step may contain one. */
const TEST_PASSWORDS = ['Correct-Horse-9!', 'Temp-Pass-1!', 'Brand-New-Pass-2!'];

/**
 * The result must be a challenge. Its pending step goes through JSON (as it would between processes) before the
 * test answers it, and must not contain a password.
 */
export function challenge(result: SignInResult): Extract<SignInResult, { status: 'CHALLENGE' }> {
  if (result.status !== 'CHALLENGE') throw new Error(`expected a challenge, got ${result.status}`);
  const text = JSON.stringify(result.pending);
  for (const password of TEST_PASSWORDS) {
    if (text.includes(password)) throw new Error('a password reached a pending step');
  }
  return { ...result, pending: JSON.parse(text) };
}

export function signedIn(result: SignInResult): Extract<SignInResult, { status: 'SIGNED_IN' }> {
  if (result.status !== 'SIGNED_IN') throw new Error(`expected tokens, got ${result.status}`);
  return result;
}
