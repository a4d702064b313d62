// The CLI on a real user pool: a person signs in, answers whatever the pool asks, refreshes and signs out.
// Nothing here knows about the emulator: it is the same client any application would build.

import { getTokens, peekTokens, signIn, signOut } from '@cogflow/core';
import { PromptAnswerer } from './answerers.js';
import { createCliAuth } from './auth.js';
import type { Output } from './output.js';
import type { Prompt } from './prompt.js';
import { completeSignIn, showSignedIn, showTokens } from './sign-in.js';

export interface RealPoolOptions {
  region: string;
  userPoolId: string;
  clientId: string;
  endpoint?: string;
}

export async function runRealPool(options: RealPoolOptions, out: Output, prompt: Prompt): Promise<void> {
  const { client, transport } = createCliAuth(options, out);
  out.title('cogflow: sign in to your user pool');
  out.note(`User pool ${options.userPoolId} in ${options.region}, app client ${options.clientId}.`);

  out.heading('Sign-in (USER_SRP_AUTH)');
  const username = await prompt.ask('Username');
  const password = await prompt.askSecret('Password');
  const remember = (
    await prompt.ask('Remember this device if the pool tracks devices? (y/n)', { defaultValue: 'y' })
  )
    .toLowerCase()
    .startsWith('y');
  const first = await signIn(client, { username, password, rememberDevice: remember });
  const result = await completeSignIn({ client, first, answerer: new PromptAnswerer(prompt), out, username });
  showSignedIn(out, result);
  const canonical = result.user.username;

  out.heading('Refresh');
  if (
    (await prompt.ask('Refresh the tokens now? (y/n)', { defaultValue: 'y' })).toLowerCase().startsWith('y')
  ) {
    showTokens(out, await getTokens(client, canonical, { forceRefresh: true }));
  }

  out.heading('Sign-out');
  const old = await peekTokens(client, canonical);
  await signOut(client, canonical);
  out.success('Signed out (RevokeToken).');
  if (old?.refreshToken) {
    try {
      await transport.send('InitiateAuth', {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: options.clientId,
        AuthParameters: {
          REFRESH_TOKEN: old.refreshToken,
          ...(old.deviceKey ? { DEVICE_KEY: old.deviceKey } : {}),
        },
      });
      out.warn('The old refresh token still works: the app client may not allow token revocation.');
    } catch (error) {
      out.success(`The old refresh token is refused (${(error as { code?: string }).code ?? 'error'}).`);
    }
  }
}
