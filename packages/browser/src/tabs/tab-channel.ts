// Auth events between the tabs and workers of one origin: BroadcastChannel (HTML Living Standard), else `storage` events.

import type { AuthEvent } from '@cogflow/core';
import { globalLocalStorage } from '../global-storage.js';
import { notify } from '../notify.js';

export interface TabChannel {
  /** Tells every other tab and worker on the channel. */
  post(event: AuthEvent): void;
  subscribe(listener: (event: AuthEvent) => void): () => void;
  close(): void;
}

export interface TabChannelOptions {
  /** The BroadcastChannel constructor (default the global one). Pass `null` to force the storage-event fallback. */
  BroadcastChannel?: typeof BroadcastChannel | null;
  /** The Storage used by the fallback (default the global localStorage). */
  storage?: Storage;
}

const EVENT_TYPES = new Set<AuthEvent['type']>([
  'signed-in',
  'tokens-refreshed',
  'signed-out',
  'device-forgotten',
]);

/** Accepts only the shape we send: another script of the origin may post anything on a guessed channel name. */
function asEvent(data: unknown): AuthEvent | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { type, username } = data as { type?: unknown; username?: unknown };
  if (
    typeof type !== 'string' ||
    !EVENT_TYPES.has(type as AuthEvent['type']) ||
    typeof username !== 'string'
  ) {
    return undefined;
  }
  return { type, username } as AuthEvent;
}

/** A channel named `name`; in a context with neither BroadcastChannel nor storage it only reaches this context. */
export function tabChannel(name: string, options: TabChannelOptions = {}): TabChannel {
  const listeners = new Set<(event: AuthEvent) => void>();
  const deliver = (data: unknown): void => {
    const event = asEvent(data);
    if (event) notify(listeners, event);
  };

  const Channel =
    options.BroadcastChannel === undefined
      ? (globalThis as { BroadcastChannel?: typeof BroadcastChannel }).BroadcastChannel
      : options.BroadcastChannel;
  let post: (event: AuthEvent) => void;
  let close: () => void;

  if (Channel) {
    const channel = new Channel(name);
    channel.onmessage = (message: MessageEvent) => deliver(message.data);
    post = (event) => channel.postMessage({ type: event.type, username: event.username });
    close = () => channel.close();
  } else {
    const storage = options.storage ?? globalLocalStorage();
    const key = `${name}:event`;
    const onStorage = (event: StorageEvent): void => {
      if (event.key !== key || !event.newValue) return;
      try {
        deliver(JSON.parse(event.newValue));
      } catch {
        // Not ours.
      }
    };
    const target = globalThis as {
      addEventListener?: typeof addEventListener;
      removeEventListener?: typeof removeEventListener;
    };
    target.addEventListener?.('storage', onStorage as EventListener);
    post = (event) => {
      if (!storage) return;
      try {
        // A nonce makes every post a change, so the same event twice still fires `storage` in the other tabs.
        storage.setItem(
          key,
          JSON.stringify({ type: event.type, username: event.username, n: Math.random() }),
        );
        storage.removeItem(key);
      } catch {
        // Storage unavailable: other tabs learn of the change when they next read the store.
      }
    };
    close = () => target.removeEventListener?.('storage', onStorage as EventListener);
  }

  return {
    post,
    subscribe(listener: (event: AuthEvent) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close(): void {
      listeners.clear();
      close();
    },
  };
}
