// Change tracking for the state: maps and sets that note which keyed records a request touched, so the journal
// writes only those. Records handed out are proxies that mark their record changed on any write, however deep.

/** A change noted since the last take: a keyed record (written whole, or deleted if gone), and what else moved. */
export interface PendingChanges {
  keys: [collection: string, key: string][];
  /** Delivered messages appended, in order. */
  messages: unknown[];
  clock: boolean;
}

/** Collects what changed; the persistence takes it in batches. */
export class ChangeTracker {
  private keys = new Map<string, [string, string]>();
  private messages: unknown[] = [];
  private clock = false;
  /** Off unless the state is persisted: an emulator without a state file keeps no record of its changes. */
  enabled = false;
  /** Called on every change (the persistence schedules a write for changes made outside a request). */
  onChange: (() => void) | undefined;

  markKey(collection: string, key: string): void {
    if (!this.enabled) return;
    this.keys.set(`${collection}\u0000${key}`, [collection, key]);
    this.onChange?.();
  }

  markMessage(message: unknown): void {
    if (!this.enabled) return;
    this.messages.push(message);
    this.onChange?.();
  }

  markClock(): void {
    if (!this.enabled) return;
    this.clock = true;
    this.onChange?.();
  }

  get pending(): boolean {
    return this.keys.size > 0 || this.messages.length > 0 || this.clock;
  }

  take(): PendingChanges {
    const taken = { keys: [...this.keys.values()], messages: this.messages, clock: this.clock };
    this.keys = new Map();
    this.messages = [];
    this.clock = false;
    return taken;
  }

  /** Puts back a batch whose write failed, so the next write carries it (messages first: they came earlier). */
  restore(changes: PendingChanges): void {
    for (const [c, k] of changes.keys) this.keys.set(`${c}\u0000${k}`, [c, k]);
    this.messages = [...changes.messages, ...this.messages];
    this.clock ||= changes.clock;
  }
}

const targets = new WeakMap<object, object>();

const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null;

/** The plain object behind a proxy handed out by a tracked map (or the value itself). */
function unwrap<T>(value: T): T {
  return (isObject(value) ? (targets.get(value) as T | undefined) : undefined) ?? value;
}

/**
 * Replaces proxies nested in a value about to be stored (`{ ...user, codes: [] }` carries the old record's proxies)
 * by their plain objects, so that every stored object belongs to one record and marks that one.
 */
function deepUnwrap<T>(value: T, seen = new Set<object>()): T {
  const plain = unwrap(value);
  if (!isObject(plain) || seen.has(plain)) return plain;
  seen.add(plain);
  for (const k of Object.keys(plain)) {
    const v = (plain as Record<string, unknown>)[k];
    if (isObject(v)) (plain as Record<string, unknown>)[k] = deepUnwrap(v, seen);
  }
  return plain;
}

/** One stored record: its proxies (one per nested object) all mark it. */
class RecordView {
  private readonly cache = new WeakMap<object, object>();
  private readonly handler: ProxyHandler<object>;

  constructor(mark: () => void) {
    this.handler = {
      get: (target, prop, receiver) => {
        const v = Reflect.get(target, prop, receiver) as unknown;
        return isObject(v) && typeof v !== 'function' ? this.wrap(unwrap(v)) : v;
      },
      set: (target, prop, value) => {
        mark();
        return Reflect.set(target, prop, deepUnwrap(value));
      },
      deleteProperty: (target, prop) => {
        mark();
        return Reflect.deleteProperty(target, prop);
      },
      defineProperty: (target, prop, descriptor) => {
        mark();
        return Reflect.defineProperty(target, prop, descriptor);
      },
    };
  }

  wrap<T extends object>(target: T): T {
    let proxy = this.cache.get(target);
    if (!proxy) {
      proxy = new Proxy(target, this.handler);
      this.cache.set(target, proxy);
      targets.set(proxy, target);
    }
    return proxy as T;
  }
}

/** A Map of records keyed by string whose reads hand out change-marking views and whose writes are noted. */
export class TrackedMap<V extends object> extends Map<string, V> {
  private readonly views = new Map<string, RecordView>();

  constructor(
    private readonly tracker: ChangeTracker,
    readonly collection: string,
  ) {
    super();
  }

  private view(key: string, value: V): V {
    // Without a state file nothing needs marking: hand out the stored object itself.
    if (!this.tracker.enabled) return value;
    let view = this.views.get(key);
    if (!view) {
      view = new RecordView(() => this.tracker.markKey(this.collection, key));
      this.views.set(key, view);
    }
    return view.wrap(value);
  }

  override get(key: string): V | undefined {
    const value = super.get(key);
    return value === undefined ? undefined : this.view(key, value);
  }

  override set(key: string, value: V): this {
    super.set(key, deepUnwrap(value));
    // A map's constructor calls set before this one's fields exist; nothing is tracked then.
    this.tracker?.markKey(this.collection, key);
    return this;
  }

  override delete(key: string): boolean {
    const had = super.delete(key);
    if (had) {
      this.views.delete(key);
      this.tracker.markKey(this.collection, key);
    }
    return had;
  }

  override clear(): void {
    for (const key of super.keys()) this.tracker.markKey(this.collection, key);
    super.clear();
    this.views.clear();
  }

  override forEach(fn: (value: V, key: string, map: Map<string, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of super.entries()) fn.call(thisArg, this.view(key, value), key, this);
  }

  override values(): MapIterator<V> {
    const self = this;
    const inner = super.entries();
    return (function* () {
      for (const [key, value] of inner) yield self.view(key, value);
    })() as unknown as MapIterator<V>;
  }

  override entries(): MapIterator<[string, V]> {
    const self = this;
    const inner = super.entries();
    return (function* () {
      for (const [key, value] of inner) yield [key, self.view(key, value)] as [string, V];
    })() as unknown as MapIterator<[string, V]>;
  }

  override [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  /** The stored object itself, for serialising: no view, no mark. */
  peek(key: string): V | undefined {
    return super.get(key);
  }

  /** Every stored object, for a snapshot. */
  rawValues(): V[] {
    return [...super.values()];
  }

  /** Stores without noting a change: loading the state file and replaying the journal. */
  load(key: string, value: V): void {
    super.set(key, value);
    this.views.delete(key);
  }

  unload(key: string): void {
    super.delete(key);
    this.views.delete(key);
  }
}

/** A Set of strings whose additions and removals are noted. */
export class TrackedSet extends Set<string> {
  constructor(
    private readonly tracker: ChangeTracker,
    readonly collection: string,
  ) {
    super();
  }

  override add(value: string): this {
    if (!super.has(value)) {
      super.add(value);
      // A set's constructor calls add before this one's fields exist; nothing is tracked then.
      this.tracker?.markKey(this.collection, value);
    }
    return this;
  }

  override delete(value: string): boolean {
    const had = super.delete(value);
    if (had) this.tracker.markKey(this.collection, value);
    return had;
  }

  override clear(): void {
    for (const value of super.values()) this.tracker.markKey(this.collection, value);
    super.clear();
  }

  load(value: string): void {
    super.add(value);
  }

  unload(value: string): void {
    super.delete(value);
  }
}
