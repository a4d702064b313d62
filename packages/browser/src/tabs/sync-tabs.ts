// Cross-tab events for an auth instance: what one tab does (sign-in, refresh, sign-out, device forgotten) reaches
// the others on the same pool and app client, and a sign-out anywhere ends the session in every tab.

import { type AuthClient, peekTokens, signOut } from '@cogflow/core';
import { type TabChannel, type TabChannelOptions, tabChannel } from './tab-channel.js';

export interface SyncTabsOptions extends TabChannelOptions {
  /**
   * The auth instance keeps its session per tab (sessionStorageStore, memoryStore): a sign-out announced by another
   * tab then also signs this tab's own session of that user out. Default false (localStorage or IndexedDB, shared
   * by every tab, where the other tab's sign-out already removed the tokens).
   */
  perTabStore?: boolean;
}

/**
 * Announces this tab's auth events to the other tabs and workers of the origin and delivers theirs to this
 * instance's listeners with `remote: true`. Returns the function that stops it.
 */
export function syncTabs(auth: AuthClient, options: SyncTabsOptions = {}): () => void {
  const { perTabStore = false, ...channelOptions } = options;
  const channel: TabChannel = tabChannel(`cogflow:${auth.userPoolId}:${auth.clientId}`, channelOptions);
  // Users whose sign-out this tab is repeating for another tab: not announced again, or tabs would echo forever.
  const echoing = new Set<string>();

  const unsubscribe = auth.subscribe((event) => {
    // A refresh failure is this tab's (its error stays here); another tab finds out by its own getTokens.
    if (event.remote || event.type === 'refresh-failed') return;
    if (!(event.type === 'signed-out' && echoing.has(event.username))) channel.post(event);
  });
  const unsubscribeChannel = channel.subscribe((event) => {
    const emit = (): void => auth.core.emit({ ...event, remote: true });
    if (event.type !== 'signed-out' || !perTabStore) return emit();
    // A per-tab store holds this tab's own session of that user: end it too, and let its event speak for both.
    void (async () => {
      if (!(await peekTokens(auth, event.username).catch(() => undefined))) return emit();
      echoing.add(event.username);
      try {
        await signOut(auth, event.username);
      } catch {
        emit();
      } finally {
        echoing.delete(event.username);
      }
    })();
  });
  return () => {
    unsubscribe();
    unsubscribeChannel();
    channel.close();
  };
}
