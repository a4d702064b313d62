// The demo page's entry: a sign-in form, a screen per challenge, the session, refresh and sign-out, on @cogflow/browser.

import { auth, CURRENT_USER, log } from './app.js';
import { config } from './config.js';
import { inbox } from './inbox.js';
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

const current = localStorage.getItem(CURRENT_USER);
if (current) void showSession(current);
else showSignIn();
