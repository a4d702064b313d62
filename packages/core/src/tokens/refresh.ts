// The refresh request: REFRESH_TOKEN_AUTH, or GetTokensFromRefreshToken when the app client rotates refresh tokens.

import { StateError } from '../errors.js';
import type { GetTokensFromRefreshTokenRequest, InitiateAuthRequest } from '../protocol/operations.js';
import { computeSecretHash } from '../srp/index.js';
import type { RequestMetadata, TokenSet } from '../types.js';

export interface RefreshRequestOptions {
  clientId: string;
  clientSecret?: string;
  refreshTokenRotation?: boolean;
  tokens: TokenSet;
  /** The canonical user name: SECRET_HASH is computed over it (an alias would not match). */
  username: string;
  metadata?: RequestMetadata;
}

export type RefreshRequest =
  | { operation: 'InitiateAuth'; body: InitiateAuthRequest; retryable: true }
  | { operation: 'GetTokensFromRefreshToken'; body: GetTokensFromRefreshTokenRequest; retryable: false };

/**
 * Builds the refresh call. DEVICE_KEY goes with it whenever the tokens came with a device, because the service
 * binds the refresh token to that device. A rotating refresh is not retryable: the first attempt may have
 * consumed the old token.
 */
export function refreshRequest(options: RefreshRequestOptions): RefreshRequest {
  const { tokens } = options;
  if (!tokens.refreshToken) throw new StateError('These tokens carry no refresh token');
  if (options.refreshTokenRotation) {
    const body: GetTokensFromRefreshTokenRequest = {
      RefreshToken: tokens.refreshToken,
      ClientId: options.clientId,
    };
    if (options.clientSecret) body.ClientSecret = options.clientSecret;
    if (tokens.deviceKey) body.DeviceKey = tokens.deviceKey;
    if (options.metadata?.clientMetadata) body.ClientMetadata = options.metadata.clientMetadata;
    return { operation: 'GetTokensFromRefreshToken', body, retryable: false };
  }
  const params: Record<string, string> = { REFRESH_TOKEN: tokens.refreshToken };
  if (tokens.deviceKey) params.DEVICE_KEY = tokens.deviceKey;
  if (options.clientSecret) {
    params.SECRET_HASH = computeSecretHash({
      username: options.username,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
    });
  }
  const body: InitiateAuthRequest = {
    AuthFlow: 'REFRESH_TOKEN_AUTH',
    ClientId: options.clientId,
    AuthParameters: params,
  };
  if (options.metadata?.clientMetadata) body.ClientMetadata = options.metadata.clientMetadata;
  if (options.metadata?.analyticsMetadata) body.AnalyticsMetadata = options.metadata.analyticsMetadata;
  if (options.metadata?.userContextData) body.UserContextData = options.metadata.userContextData;
  return { operation: 'InitiateAuth', body, retryable: true };
}
