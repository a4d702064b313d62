// The control API for tests: delivered codes, the clock, faults, request counts, TOTP codes; in-process and over HTTP.
import { CognitoException } from './cognito-exception.js';
import type { FaultTable } from './faults.js';
import type { Store, UserRecord } from './state.js';
import { totpAt, totpCounter } from './totp.js';
import type { DeliveredMessage, EmulatorControl, FaultSpec } from './types.js';

export interface ControlDeps {
  store: Store;
  faults: FaultTable;
  stats: Map<string, number>;
  now(): number;
  baseNow(): number;
  /** Resolves once the change is on disk (with a state file). */
  changed(): Promise<void>;
}

function matchingUsers(store: Store, username: string, poolId?: string): UserRecord[] {
  const pools = [...store.pools.values()].filter((p) => !poolId || p.id === poolId);
  const out: UserRecord[] = [];
  for (const p of pools) {
    const u = store.findUser(p, username);
    if (u) out.push(u);
  }
  return out;
}

function filterMessages(
  store: Store,
  filter: { username?: string; poolId?: string } = {},
): DeliveredMessage[] {
  let list = store.messages;
  if (filter.poolId) list = list.filter((m) => m.poolId === filter.poolId);
  if (filter.username) {
    const wanted = filter.username;
    const canonical = new Set(
      matchingUsers(store, wanted, filter.poolId).map((u) => `${u.poolId}\u0000${u.username}`),
    );
    list = list.filter(
      (m) =>
        m.username === wanted || m.destination === wanted || canonical.has(`${m.poolId}\u0000${m.username}`),
    );
  }
  return list.map((m) => ({ ...m }));
}

/** The in-process control object behind `emu.control` and the HTTP routes under /_emulator/. */
export function localControl(deps: ControlDeps): EmulatorControl {
  return {
    messages: async (filter) => filterMessages(deps.store, filter),
    lastCode: async (filter) => filterMessages(deps.store, filter).at(-1)?.code,
    advanceClock: async (ms) => {
      if (!Number.isFinite(ms)) throw new TypeError('advanceClock needs a finite number of milliseconds');
      deps.store.clockOffset += ms;
      await deps.changed();
      return deps.now();
    },
    setClock: async (ms) => {
      if (!Number.isFinite(ms)) throw new TypeError('setClock needs a finite epoch time in milliseconds');
      deps.store.clockOffset = ms - deps.baseNow();
      await deps.changed();
      return deps.now();
    },
    now: async () => deps.now(),
    injectFault: async (fault: FaultSpec) => deps.faults.inject(fault),
    clearFaults: async () => deps.faults.clear(),
    stats: async () => Object.fromEntries(deps.stats),
    resetStats: async () => deps.stats.clear(),
    totpCode: async ({ username, poolId }) => {
      const user = matchingUsers(deps.store, username, poolId).find((u) => u.totp?.verified);
      if (!user?.totp)
        throw new CognitoException(
          'ResourceNotFoundException',
          'No user with a verified software token matches.',
        );
      let counter = totpCounter(deps.now());
      // A code already spent on this step would be refused as reused; the next step's is accepted (one step of drift).
      if (user.totp.lastCounter !== undefined && user.totp.lastCounter >= counter)
        counter = user.totp.lastCounter + 1;
      return totpAt(user.totp.secret, counter);
    },
  };
}

/** The same control API over HTTP, for another process or a browser: `emulatorControl('http://127.0.0.1:PORT')`. */
export function emulatorControl(endpoint: string, options: { fetch?: typeof fetch } = {}): EmulatorControl {
  const doFetch = options.fetch ?? fetch;
  const base = endpoint.replace(/\/+$/, '');
  async function call<T>(path: string, body?: unknown): Promise<T> {
    const res = await doFetch(`${base}/_emulator/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    const text = await res.text();
    const data = text ? (JSON.parse(text) as { result?: T; __type?: string; message?: string }) : {};
    if (!res.ok)
      throw new Error(
        `Emulator control ${path} failed (${res.status} ${data.__type ?? ''}): ${data.message ?? text}`,
      );
    return data.result as T;
  }
  return {
    messages: (filter) => call('messages', filter ?? {}),
    lastCode: (filter) => call('lastCode', filter),
    advanceClock: (ms) => call('advanceClock', { ms }),
    setClock: (ms) => call('setClock', { ms }),
    now: () => call('now'),
    injectFault: (fault) => call('injectFault', fault),
    clearFaults: () => call('clearFaults'),
    stats: () => call('stats'),
    resetStats: () => call('resetStats'),
    totpCode: (filter) => call('totpCode', filter),
  };
}

type ControlCall = (control: EmulatorControl, body: Record<string, unknown>) => Promise<unknown>;

/**
 * The HTTP control calls by name. A null-prototype table: a name from the request finds only what is listed here,
 * never `constructor`, `toString` or another inherited member.
 */
export const CONTROL_CALLS: Readonly<Record<string, ControlCall>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, ControlCall>, {
    messages: (c, b) => c.messages(b as { username?: string; poolId?: string }),
    lastCode: (c, b) => c.lastCode(b as { username: string; poolId?: string }),
    advanceClock: (c, b) => c.advanceClock(Number(b.ms)),
    setClock: (c, b) => c.setClock(Number(b.ms)),
    now: (c) => c.now(),
    injectFault: (c, b) => c.injectFault(b as unknown as FaultSpec),
    clearFaults: (c) => c.clearFaults(),
    stats: (c) => c.stats(),
    resetStats: (c) => c.resetStats(),
    totpCode: (c, b) => c.totpCode(b as { username: string; poolId?: string }),
  } satisfies Record<keyof EmulatorControl, ControlCall>),
);

export function isControlCall(name: string): boolean {
  return Object.hasOwn(CONTROL_CALLS, name);
}

/** Dispatches an HTTP control call to the local control object; an unknown name is UnknownOperationException. */
export async function runControl(
  control: EmulatorControl,
  name: string,
  body: Record<string, unknown>,
): Promise<unknown> {
  if (!isControlCall(name))
    throw new CognitoException('UnknownOperationException', `Unknown control call ${name}`);
  return (CONTROL_CALLS[name] as ControlCall)(control, body);
}
