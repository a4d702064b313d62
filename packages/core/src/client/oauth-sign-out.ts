// Sign-out of an OAuth session: the refresh token revoked at /oauth2/revoke (RFC 7009), the local tokens deleted,
// and the /logout URL that ends the domain's own session cookie, for the caller to navigate to.

import { type CogflowError, InputError } from '../errors.js';
import { errorFromOAuthAnswer } from '../oauth/token-answer.js';
import { logoutURL, revocationRequest } from '../oauth/token-request.js';
import type { AbortSignalLike } from '../ports.js';
import type { AuthClient } from '../types.js';
import { exchange, oauthOf } from './oauth-config.js';
import { asCogflowError, canonical, dropTokens, readTokens } from './records.js';

export interface OAuthSignOutOptions {
  /** Where /logout sends the person back to (default the config's logoutUri); none: no logout URL. */
  logoutUri?: string;
  signal?: AbortSignalLike;
}

/**
 * Revokes the user's refresh token at the revocation endpoint and deletes the local tokens whatever it answered
 * (the failure is still thrown, after). Returns the /logout URL when a logout URI is known: managed login keeps a
 * session cookie on its domain, and only a visit to /logout ends it.
 */
export async function signOutOfDomain(
  auth: AuthClient,
  username: string,
  options: OAuthSignOutOptions = {},
): Promise<{ logoutURL: string | undefined }> {
  const { core } = auth;
  const config = oauthOf(core);
  const logoutUri = options.logoutUri ?? config.logoutUri;
  if (logoutUri !== undefined && !/^[a-z][\w+.-]*:\/\/?[^\s#]+$/i.test(logoutUri))
    throw new InputError('logoutUri must be an absolute URL without fragment');
  const user = await canonical(core, username);
  const tokens = await readTokens(core, user);
  let failure: CogflowError | undefined;
  if (tokens) {
    try {
      if (tokens.refreshToken) {
        const { clientId, clientSecret } = core.options;
        const client = {
          clientId,
          clientAuthentication: config.clientAuthentication,
          ...(clientSecret ? { clientSecret } : {}),
        };
        const request = revocationRequest(client, tokens.refreshToken);
        const response = await exchange(config.http, config.endpoints.revoke, request, options.signal);
        if (response.status !== 200) throw errorFromOAuthAnswer('revoke', response);
      }
    } catch (error) {
      failure = asCogflowError(error);
    } finally {
      await dropTokens(core, user);
      core.emit({ type: 'signed-out', username: user });
    }
  }
  // invalid_grant: the token was already dead on the service, which is what signing out wants.
  if (failure && failure.code !== 'INVALID_GRANT') throw failure;
  return {
    logoutURL: logoutUri ? logoutURL(config.endpoints.logout, core.options.clientId, logoutUri) : undefined,
  };
}
