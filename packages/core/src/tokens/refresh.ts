// The refresh request: REFRESH_TOKEN_AUTH, or GetTokensFromRefreshToken when the app client rotates refresh tokens.

import { StateError } from '../errors.js';
import { secretHash } from '../machine/requests.js';
import type { Hash } from '../ports.js';
import type { GetTokensFromRefreshTokenRequest, InitiateAuthRequest } from '../protocol/operations.js';
import type { TokenSet } from '../types.js';

export interface RefreshRequestOptions {
  clientId: string;
  clientSecret?: string;
  refreshTokenRotation?: boolean;
  tokens: TokenSet;
  /** The canonical user name: SECRET_HASH is computed over it (an alias would not match). */
  username: string;
  /** For SECRET_HASH (confidential clients only). */
  hash: Hash;
}

export type RefreshRequest =
  | { operation: 'InitiateAuth'; body: InitiateAuthRequest; retryable: true }
  | { operation: 'GetTokensFromRefreshToken'; body: GetTokensFromRefreshTokenRequest; retryable: false };

/**
 * Builds the refresh call. DEVICE_KEY goes with it whenever the tokens came with a device, because the service
 * binds the refresh token to that device. A rotating refresh is not retryable: the first attempt may have
 * consumed the old token.
 */
export async function refreshRequest(options: RefreshRequestOptions): Promise<RefreshRequest> {
  const { tokens, clientId, clientSecret } = options;
  const { refreshToken, deviceKey } = tokens;
  if (!refreshToken) throw new StateError('No refresh token');
  if (options.refreshTokenRotation) {
    const body: GetTokensFromRefreshTokenRequest = { RefreshToken: refreshToken, ClientId: clientId };
    if (clientSecret) body.ClientSecret = clientSecret;
    if (deviceKey) body.DeviceKey = deviceKey;
    return { operation: 'GetTokensFromRefreshToken', body, retryable: false };
  }
  const params: Record<string, string> = { REFRESH_TOKEN: refreshToken };
  if (deviceKey) params.DEVICE_KEY = deviceKey;
  Object.assign(params, await secretHash(options, options.username));
  const body = { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: params } as const;
  return { operation: 'InitiateAuth', body, retryable: true };
}
