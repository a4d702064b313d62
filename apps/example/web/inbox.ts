// The emulator inbox panel: the e-mails and texts the emulator "sent", read through its control API.

import { config } from './config.js';
import { h } from './dom.js';

interface DeliveredMessage {
  username: string;
  medium: string;
  destination: string;
  code: string;
  kind: string;
  at: number;
}

/**
 * The e-mails and texts the emulator "sent": on a real pool they reach a phone or an inbox; here this panel
 * stands in for both, through the emulator's control API (POST /_emulator/messages) behind the same proxy.
 */
function inboxPanel(): { panel: HTMLDetailsElement; refresh(): Promise<void> } {
  const list = h('ul', { 'data-testid': 'inbox' });
  const refresh = async (): Promise<void> => {
    const response = await fetch(new URL(`${config.cognitoPath}_emulator/messages`, location.href), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ poolId: config.userPoolId }),
    });
    const { result } = (await response.json()) as { result?: DeliveredMessage[] };
    const messages = (result ?? []).slice(-8).reverse();
    list.replaceChildren(
      ...(messages.length === 0
        ? [h('li', { class: 'muted' }, 'Nothing sent yet.')]
        : messages.map((m) =>
            h(
              'li',
              {},
              h('time', {}, new Date(m.at).toLocaleTimeString()),
              ` ${m.medium} to ${m.username} (${m.destination}), ${m.kind}: `,
              h('code', {}, m.code),
            ),
          )),
    );
  };
  const panel = h(
    'details',
    { class: 'inbox' },
    h('summary', {}, 'Emulator inbox (stands in for the phone and the mailbox)'),
    list,
    h(
      'button',
      { type: 'button', class: 'secondary', onclick: () => void refresh().catch(() => undefined) },
      'Check',
    ),
  );
  panel.addEventListener('toggle', () => {
    if (panel.open) void refresh().catch(() => undefined);
  });
  return { panel, refresh };
}

/** Created once, before any screen, so a step that sends a code can bring it up to date. */
export const inbox = inboxPanel();
