// The walkthrough's OAuth part (`--oauth`): the CLI signs in through the pool's managed login with a loopback
// redirect (RFC 8252), refreshes at the token endpoint, signs out by revocation, and a back-end service gets a
// machine-to-machine token with a custom scope.

import { getClientCredentialsTokens, getTokens, signOutOfDomain } from '@cogflow/core';
import type { Emulator } from '@cogflow/emulator';
import { createNodeAuth, decodeJWTClaims, signInWithLoopback } from '@cogflow/node';
import {
  DEMO_CLI_CLIENT_NAME,
  DEMO_LOOPBACK_PORT,
  DEMO_M2M_CLIENT_NAME,
  DEMO_PASSWORDS,
  DEMO_POOL_NAME,
  DEMO_USERS,
} from '../seed.js';
import { fillManagedLogin } from './form-browser.js';
import type { Output } from './output.js';

export async function runOAuthDemo(
  emulator: Emulator,
  out: Output,
  options: { interactive: boolean },
): Promise<void> {
  const pool = emulator.pools[DEMO_POOL_NAME]!;
  const domain = pool.oauthBaseURL!;
  out.title('Managed login from a terminal: a loopback redirect (RFC 8252)');
  const auth = createNodeAuth({
    userPoolId: pool.id,
    clientId: pool.clients[DEMO_CLI_CLIENT_NAME]!.id,
    endpoint: emulator.endpoint,
    oauth: { domain },
  });
  const result = await signInWithLoopback(auth, {
    port: DEMO_LOOPBACK_PORT,
    open: async (url) => {
      if (options.interactive) {
        out.note(`Open this address in your browser and sign in as ${DEMO_USERS.wendy}: ${url}`);
        return;
      }
      out.note('Unattended: a stand-in browser fills the managed-login page');
      const back = await fillManagedLogin(url, DEMO_USERS.wendy, DEMO_PASSWORDS.wendy);
      // The listener is on 127.0.0.1; localhost may resolve to ::1 first.
      void fetch(back.replace('//localhost:', '//127.0.0.1:')).catch(() => undefined);
    },
  });
  out.success(`Signed in through managed login as ${result.user.username} (tokens via ${result.tokens.via})`);
  const refreshed = await getTokens(auth, result.user.username, { forceRefresh: true });
  out.success(
    `Refreshed at the token endpoint: a new access token (${refreshed.accessToken !== result.tokens.accessToken})`,
  );
  await signOutOfDomain(auth, result.user.username);
  out.success('Signed out: the refresh token was revoked at /oauth2/revoke');

  out.title('Machine to machine: client_credentials with a custom scope');
  const m2m = pool.clients[DEMO_M2M_CLIENT_NAME]!;
  const service = createNodeAuth({
    userPoolId: pool.id,
    clientId: m2m.id,
    clientSecret: m2m.secret!,
    endpoint: emulator.endpoint,
    oauth: { domain },
  });
  const [first, second] = await Promise.all([
    getClientCredentialsTokens(service, { scopes: ['reports/read'] }),
    getClientCredentialsTokens(service, { scopes: ['reports/read'] }),
  ]);
  const claims = decodeJWTClaims(first.accessToken);
  out.success(
    `Access token for the service: scope ${String(claims.scope)}, shared by both callers (${first === second || first.accessToken === second.accessToken})`,
  );
}
