// startEmulator: wires the store, the clock, the sessions, the seed and the HTTP server into one running emulator.

import type { EmulatorContext } from './context.js';
import { localControl } from './control.js';
import { checkControlOrigins, DEFAULT_CONTROL_ORIGINS } from './control-origins.js';
import { FaultTable } from './faults.js';
import { domainBaseURL } from './oauth/domains.js';
import { standInIssuer } from './oauth/stand-in-provider.js';
import { Persistence } from './persistence.js';
import { maskDestination } from './pool-helpers.js';
import { applySeed } from './seed.js';
import { createEmulatorServer, listen } from './server.js';
import { SessionTable } from './sessions.js';
import { Store } from './state.js';
import { issuerOf } from './token-issuer.js';
import type { Emulator, EmulatorOptions } from './types.js';

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1';
  const region = options.region ?? 'us-east-1';
  const controlOrigins = checkControlOrigins(options.controlOrigins ?? DEFAULT_CONTROL_ORIGINS);
  const store = new Store();
  // Loads the snapshot and replays the journal; a file it cannot read stops the start here, untouched.
  const persistence = options.stateFile
    ? (
        await Persistence.open(options.stateFile, store, {
          ...(options.journalCompactBytes ? { compactBytes: options.journalCompactBytes } : {}),
        })
      ).persistence
    : undefined;
  const baseNow = options.now ?? Date.now;
  const now = (): number => baseNow() + store.clockOffset;
  // Resolves once what has changed is on disk: the server answers a request only after it.
  const changed = (): Promise<void> => persistence?.commit() ?? Promise.resolve();

  const ctx: EmulatorContext = {
    store,
    region,
    endpoint: '',
    triggers: options.triggers ?? {},
    tokenIssuer: options.tokenIssuer ?? 'emulator',
    sessions: new SessionTable(now),
    now,
    deliver: (m) =>
      store.addMessage({ ...m, maskedDestination: maskDestination(m.medium, m.destination), at: now() }),
  };
  const faults = new FaultTable();
  const stats = new Map<string, number>();
  const control = localControl({ store, faults, stats, now, baseNow, changed });
  const server = createEmulatorServer({ ctx, control, controlOrigins, faults, stats, changed });
  let pools: Emulator['pools'];
  let address: Awaited<ReturnType<typeof listen>>;
  try {
    pools = options.seed ? await applySeed(ctx, options.seed) : {};
    // The recovered state and the seed become the new snapshot; the journal starts empty.
    await persistence?.compact();
    address = await listen(server, options.port ?? 0, host);
  } catch (err) {
    await persistence?.abandon();
    throw err;
  }
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  ctx.endpoint = `http://${shownHost}:${address.port}`;
  for (const seeded of Object.values(pools)) {
    seeded.issuer = issuerOf(ctx, seeded.id);
    if (seeded.domain) seeded.oauthBaseURL = domainBaseURL(ctx, seeded.domain);
  }

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
      await persistence?.close();
    },
  };
}
