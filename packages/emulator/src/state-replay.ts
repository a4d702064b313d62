// Journal operations against the store: what a changed key is written as, and how a record is replayed at start.
import { TrackedMap, TrackedSet } from './change-tracker.js';
import { maskDestination } from './pool-helpers.js';
import type { StateData, Store } from './state.js';
import type { DeliveredMessage } from './types.js';

/** The most delivered messages kept (the oldest go first). */
export const MAX_MESSAGES = 10_000;

/** A keyed collection of the store. */
export type Collection = Map<string, unknown> | Set<string>;

/** A journal operation: a keyed record written whole or deleted, a delivered message, the clock offset. */
export type JournalOp =
  | ['put', collection: string, key: string, value: unknown]
  | ['del', collection: string, key: string]
  | ['msg', message: DeliveredMessage]
  | ['clock', offset: number];

/** Every stored object of a map, without change-marking views (for a snapshot). */
export function rawValues<V extends object>(map: Map<string, V>): V[] {
  return map instanceof TrackedMap ? (map as TrackedMap<V>).rawValues() : [...map.values()];
}

/** Stores without noting a change. */
export function loadInto(target: Collection, key: string, value: unknown): void {
  if (target instanceof TrackedSet) target.load(key);
  else if (target instanceof TrackedMap) target.load(key, value as object);
  else if (target instanceof Set) target.add(key);
  else target.set(key, value);
}

function unloadFrom(target: Collection, key: string): void {
  if (target instanceof TrackedSet || target instanceof TrackedMap) target.unload(key);
  else target.delete(key);
}

/** Replays one journal operation without noting it; false when it names no collection this store has. */
export function applyOp(store: Store, op: JournalOp): boolean {
  switch (op[0]) {
    case 'msg':
      store.loadMessage(op[1]);
      return true;
    case 'clock':
      store.loadClockOffset(op[1]);
      return true;
    case 'put':
    case 'del': {
      const target = store.collections()[op[1]];
      if (!target) return false;
      if (op[0] === 'put') loadInto(target, op[2], op[3]);
      else unloadFrom(target, op[2]);
      return true;
    }
    default:
      return false;
  }
}

/** What the journal writes for a changed key: the record as it is now, or its deletion. */
export function opFor(store: Store, collection: string, key: string): JournalOp | undefined {
  const target = store.collections()[collection];
  if (!target) return undefined;
  if (target instanceof Set)
    return target.has(key) ? ['put', collection, key, true] : ['del', collection, key];
  const value = target instanceof TrackedMap ? target.peek(key) : target.get(key);
  return value === undefined ? ['del', collection, key] : ['put', collection, key, value];
}

/** The whole state as the state file holds it: plain records, no views. */
export function snapshotOf(store: Store, journalSeq: number): StateData {
  return {
    version: 1,
    journalSeq,
    clockOffset: store.clockOffset,
    pools: rawValues(store.pools),
    clients: rawValues(store.clients),
    users: rawValues(store.users),
    devices: rawValues(store.devices),
    refreshTokens: rawValues(store.refreshTokens),
    revokedOrigins: [...store.revokedOrigins],
    messages: store.messages,
    domains: rawValues(store.domains),
    resourceServers: rawValues(store.resourceServers),
    identityProviders: rawValues(store.identityProviders),
    groups: rawValues(store.groups),
  };
}

/** Loads a snapshot without noting changes (the pools first: a user's key depends on its pool). */
export function loadSnapshot(store: Store, data: StateData): void {
  store.loadClockOffset(data.clockOffset ?? 0);
  for (const p of data.pools) loadInto(store.pools, p.id, p);
  for (const c of data.clients) loadInto(store.clients, c.id, c);
  for (const u of data.users) loadInto(store.users, store.userKey(u.poolId, u.username), u);
  for (const d of data.devices) loadInto(store.devices, d.key, d);
  for (const r of data.refreshTokens) loadInto(store.refreshTokens, r.token, r);
  for (const o of data.revokedOrigins) loadInto(store.revokedOrigins, o, true);
  // Messages of older state files lack the masked destination: made once here.
  store.messages = (data.messages ?? []).map((m) =>
    m.maskedDestination ? m : { ...m, maskedDestination: maskDestination(m.medium, m.destination) },
  );
  for (const d of data.domains ?? []) loadInto(store.domains, d.domain, d);
  for (const r of data.resourceServers ?? [])
    loadInto(store.resourceServers, `${r.poolId} ${r.identifier}`, r);
  for (const i of data.identityProviders ?? []) loadInto(store.identityProviders, `${i.poolId} ${i.name}`, i);
  for (const g of data.groups ?? []) loadInto(store.groups, `${g.poolId}\u0000${g.name}`, g);
}
