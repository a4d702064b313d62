// startEmulator: wires the store, the clock, the sessions, the seed and the HTTP server into one running emulator.

import type { EmulatorContext } from './context.js';
import { localControl } from './control.js';
import { checkControlOrigins, DEFAULT_CONTROL_ORIGINS } from './control-origins.js';
import { FaultTable } from './faults.js';
import { domainBaseURL } from './oauth/domains.js';
import { standInIssuer } from './oauth/stand-in-provider.js';
import { maskDestination } from './pool-helpers.js';
import { applySeed } from './seed.js';
import { createEmulatorServer, listen } from './server.js';
import { SessionTable } from './sessions.js';
import { loadStateFile, Store, saveState } from './state.js';
import { issuerOf } from './token-issuer.js';
import type { Emulator, EmulatorOptions } from './types.js';

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1';
  const region = options.region ?? 'us-east-1';
  const controlOrigins = checkControlOrigins(options.controlOrigins ?? DEFAULT_CONTROL_ORIGINS);
  const store = new Store();
  if (options.stateFile) {
    const data = loadStateFile(options.stateFile);
    if (data) store.load(data);
  }
  const baseNow = options.now ?? Date.now;
  const now = (): number => baseNow() + store.clockOffset;

  let saving: Promise<void> | undefined;
  let dirty = false;
  const changed = (): void => {
    if (!options.stateFile) return;
    dirty = true;
    if (saving) return;
    const file = options.stateFile;
    saving = (async () => {
      while (dirty) {
        dirty = false;
        await saveState(file, store).catch((err: unknown) => {
          console.error(
            '[cogflow-emulator] could not save the state file:',
            err instanceof Error ? err.message : err,
          );
        });
      }
      saving = undefined;
    })();
  };

  const ctx: EmulatorContext = {
    store,
    region,
    endpoint: '',
    triggers: options.triggers ?? {},
    tokenIssuer: options.tokenIssuer ?? 'emulator',
    sessions: new SessionTable(now),
    now,
    deliver: (m) => {
      store.messages.push({ ...m, maskedDestination: maskDestination(m.medium, m.destination), at: now() });
      if (store.messages.length > 10_000) store.messages.splice(0, store.messages.length - 10_000);
    },
  };
  const pools = options.seed ? await applySeed(ctx, options.seed) : {};
  const faults = new FaultTable();
  const stats = new Map<string, number>();
  const control = localControl({ store, faults, stats, now, baseNow, changed });
  const server = createEmulatorServer({ ctx, control, controlOrigins, faults, stats, changed });
  const address = await listen(server, options.port ?? 0, host);
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  ctx.endpoint = `http://${shownHost}:${address.port}`;
  for (const seeded of Object.values(pools)) {
    seeded.issuer = issuerOf(ctx, seeded.id);
    if (seeded.domain) seeded.oauthBaseURL = domainBaseURL(ctx, seeded.domain);
  }
  changed();

  return {
    endpoint: ctx.endpoint,
    region,
    pools,
    oauthBaseURL: (domain) => domainBaseURL(ctx, domain),
    issuer: (poolId) => issuerOf(ctx, poolId),
    standInProviderIssuer: standInIssuer(ctx),
    control,
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (saving) await saving;
      if (options.stateFile) await saveState(options.stateFile, store);
    },
  };
}
