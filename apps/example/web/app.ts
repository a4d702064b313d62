// The page's shared parts: the auth instance (@cogflow/browser, localStorage), the screen, the log, user actions.

import { browserOAuth, createBrowserAuth, syncTabs } from '@cogflow/browser';
import { config } from './config.js';
import { h } from './dom.js';

/** Which user the page shows after a reload (the tokens themselves are in cogflow's store). */
export const CURRENT_USER = 'cogflow-demo:user';

export const auth = createBrowserAuth({
  userPoolId: config.userPoolId,
  clientId: config.clientId,
  region: config.region,
  endpoint: new URL(config.cognitoPath, location.href).href,
  deviceName: 'cogflow demo page',
  // Managed login on the same app client: its tokens refresh at the domain's token endpoint, the others through
  // the API, and every screen of the page works with either.
  ...(config.oauth
    ? {
        oauth: browserOAuth({
          domain: config.oauth.domain,
          issuer: config.oauth.issuer,
          redirectUri: config.oauth.redirectUri,
          logoutUri: config.oauth.redirectUri,
          scopes: config.oauth.scopes,
        }),
      }
    : {}),
});
// Sign-out in one tab reaches the others (tokens are in localStorage, shared by every tab of the page).
syncTabs(auth);

const screen = document.getElementById('screen') as HTMLElement;
const logList = document.getElementById('log') as HTMLOListElement;
let ticker: ReturnType<typeof setInterval> | undefined;

/** A line in "What happened". Never given a secret: callers describe answers with describeAnswer. */
export function log(text: string, kind: 'info' | 'ok' | 'error' = 'info'): void {
  const time = new Date().toLocaleTimeString();
  logList.prepend(h('li', { class: kind }, h('time', {}, time), ' ', text));
}

/** Replaces the current screen (and stops its timer). */
export function show(...nodes: (Node | string)[]): void {
  if (ticker) clearInterval(ticker);
  ticker = undefined;
  screen.replaceChildren(...nodes);
}

/** Runs `tick` every second until the screen changes. */
export function everySecond(tick: () => void): void {
  ticker = setInterval(tick, 1000);
}

/** Runs a user action: the buttons are disabled meanwhile, and a failure is shown, never thrown away. */
export async function act(form: HTMLElement, action: () => Promise<void>): Promise<void> {
  const buttons = [...form.querySelectorAll('button')];
  for (const b of buttons) b.disabled = true;
  form.querySelector('.error')?.remove();
  try {
    await action();
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = `${code ? `${code}: ` : ''}${(error as Error).message}`;
    log(message, 'error');
    form.append(h('p', { class: 'error', role: 'alert', 'data-testid': 'error' }, message));
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}
