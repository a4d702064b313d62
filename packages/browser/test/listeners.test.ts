// A listener that throws stops neither the other listeners nor the other tabs: core calls each listener on its own,
// syncTabs is one of them, and tabChannel calls each of its listeners on its own too.
// Node has BroadcastChannel, which reaches other channels of the same name in this process too.

import { type AuthEvent, forgetDevice } from '@cogflow/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type BrowserAuth, type BrowserAuthEvent, createBrowserAuth } from '../src/create-browser-auth.js';
import { memoryStore } from '../src/stores/memory-store.js';
import { syncTabs } from '../src/tabs/sync-tabs.js';
import { type TabChannel, tabChannel } from '../src/tabs/tab-channel.js';

const closing: Array<{ close(): void }> = [];
afterEach(() => {
  for (const item of closing.splice(0)) item.close();
});

const thrower = (): never => {
  throw new Error('a listener bug');
};

describe('listeners that throw', () => {
  it('tabChannel: a throwing listener does not keep the event from the next one', async () => {
    const name = `listeners-${Math.random()}`;
    const sender: TabChannel = tabChannel(name);
    const receiver: TabChannel = tabChannel(name);
    closing.push(sender, receiver);
    const seen: AuthEvent[] = [];
    receiver.subscribe(thrower);
    receiver.subscribe((event) => seen.push(event));
    sender.post({ type: 'signed-out', username: 'alice' });
    await vi.waitFor(() => expect(seen).toEqual([{ type: 'signed-out', username: 'alice' }]), {
      timeout: 2000,
    });
  });

  it('createBrowserAuth + syncTabs: a throwing listener stops neither the later ones nor the post to other tabs', async () => {
    const config = {
      userPoolId: `eu-west-1_L${Math.random().toString(36).slice(2)}`,
      clientId: 'client',
      endpoint: 'http://127.0.0.1:9/',
    };
    const here: BrowserAuth = createBrowserAuth({ ...config, storage: memoryStore() });
    const there: BrowserAuth = createBrowserAuth({ ...config, storage: memoryStore() });
    const stops = [syncTabs(here, { perTabStore: true }), syncTabs(there, { perTabStore: true })];
    closing.push(...stops.map((stop) => ({ close: stop })));
    const local: BrowserAuthEvent[] = [];
    const remote: BrowserAuthEvent[] = [];
    here.subscribe(thrower);
    here.subscribe((event) => local.push(event));
    there.subscribe((event) => remote.push(event));
    // No device is stored, so nothing is sent: the client only drops the (absent) device and emits.
    await forgetDevice(here, 'alice');
    expect(local).toEqual([{ type: 'device-forgotten', username: 'alice' }]);
    await vi.waitFor(
      () => expect(remote).toEqual([{ type: 'device-forgotten', username: 'alice', remote: true }]),
      { timeout: 2000 },
    );
  });
});
