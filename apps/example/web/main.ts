// The demo page's entry: a sign-in form, a screen per challenge, the session, refresh and sign-out, on @cogflow/browser.

import { auth, CURRENT_USER, log } from './app.js';
import { config } from './config.js';
import { inbox } from './inbox.js';
import { finishRedirect, takeSignedOutNote } from './managed-login.js';
import { showSession } from './session-screen.js';
import { showSignIn } from './sign-in-screen.js';

auth.subscribe((event) => {
  log(`event ${event.type} (${event.username})${event.remote ? ' from another tab' : ''}`);
  if (event.remote && event.type === 'signed-out' && localStorage.getItem(CURRENT_USER) === event.username) {
    showSignIn('Signed out in another tab.');
  }
});

(document.getElementById('pool-info') as HTMLElement).textContent =
  `User pool ${config.userPoolId} · app client ${config.clientId} · emulator ${config.emulatorEndpoint} (through ${config.cognitoPath})`;

document.querySelector('aside')?.append(inbox.panel);

async function start(): Promise<void> {
  // Back from the pool's domain: the callback first (it takes the code out of the address bar), or from /logout.
  const redirect = await finishRedirect();
  if (redirect?.username) {
    await showSession(
      redirect.username,
      "Signed in through the pool's domain: the code was exchanged with the PKCE verifier and is gone from the address bar.",
    );
    return;
  }
  if (redirect?.error) {
    showSignIn(undefined, redirect.error);
    return;
  }
  const signedOut = takeSignedOutNote();
  const current = localStorage.getItem(CURRENT_USER);
  if (current && !signedOut) await showSession(current);
  else showSignIn(signedOut);
}
void start();
