// Sign-out: RevokeToken (this session) or GlobalSignOut (every session of the user); local tokens go either way.

import { type CogflowError, ServiceError } from '../errors.js';
import type { AuthClient, SignOutOptions } from '../types.js';
import { asCogflowError, canonical, dropTokens, readTokens, send } from './records.js';
import { tokensFor } from './tokens.js';

/** Signs a user out: revokes the refresh token (or every session with `global`) and deletes the local tokens. */
export async function signOut(auth: AuthClient, username: string, options?: SignOutOptions): Promise<void> {
  const { core } = auth;
  const user = await canonical(core, username);
  let tokens = await readTokens(core, user);
  if (!tokens) return;
  let failure: CogflowError | undefined;
  try {
    if (options?.global) {
      tokens = await tokensFor(core, user, false, options.signal, tokens);
      await send(core, 'GlobalSignOut', { AccessToken: tokens.accessToken }, false, options.signal);
    } else if (tokens.refreshToken) {
      const { clientId: ClientId, clientSecret: ClientSecret } = core.options;
      const body = ClientSecret
        ? { Token: tokens.refreshToken, ClientId, ClientSecret }
        : { Token: tokens.refreshToken, ClientId };
      await send(core, 'RevokeToken', body, true, options?.signal);
    }
  } catch (error) {
    failure = asCogflowError(error);
  } finally {
    // Local tokens go whatever the service said: a half-signed-out state (tokens kept after the person
    // asked to leave) is worse than a revocation that must be retried. The failure is still reported.
    await dropTokens(core, user);
    core.emit({ type: 'signed-out', username: user });
  }
  // NotAuthorized means the tokens were already dead on the service: signed out all the same.
  // By type, not code: a NotAuthorized whose message speaks of a session carries the code SESSION_EXPIRED.
  if (failure && !(failure instanceof ServiceError && failure.type === 'NotAuthorizedException'))
    throw failure;
}
