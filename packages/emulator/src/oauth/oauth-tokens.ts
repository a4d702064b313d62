// The tokens the user-pool domain issues: a managed-login or federated sign-in (the requested scopes, the ID token
// only with `openid`, the nonce) and client_credentials (an access token for the app client itself).
import { randomUUID } from 'node:crypto';
import type { EmulatorContext } from '../context.js';
import { poolSigningKey, signJwt } from '../jwt.js';
import type { ClientRecord, PoolRecord, UserRecord } from '../state.js';
import { issuerOf, mintTokens, newRefreshToken } from '../token-issuer.js';

export interface OAuthTokenAnswer {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  expires_in: number;
  token_type: 'Bearer';
}

/** Tokens for a user signed in on the domain: a new sign-in (origin), with a refresh token for the code grant. */
export function mintUserTokens(
  ctx: EmulatorContext,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  opts: { scopes: string[]; nonce?: string; authTime: number; refresh: boolean },
): OAuthTokenAnswer {
  const base = { originJti: randomUUID(), authTime: opts.authTime, scopes: opts.scopes };
  const tokens = mintTokens(ctx, pool, client, user, {
    ...base,
    ...(opts.nonce !== undefined ? { nonce: opts.nonce } : {}),
  });
  const refresh = opts.refresh ? newRefreshToken(ctx, client, user, base) : undefined;
  if (refresh) {
    const record = ctx.store.refreshTokens.get(refresh);
    if (record) record.viaDomain = true;
  }
  return {
    access_token: tokens.AccessToken,
    ...(opts.scopes.includes('openid') ? { id_token: tokens.IdToken } : {}),
    ...(refresh ? { refresh_token: refresh } : {}),
    expires_in: tokens.ExpiresIn,
    token_type: 'Bearer',
  };
}

/** client_credentials: an access token whose subject is the app client, with custom scopes only, no ID token. */
export function mintClientToken(
  ctx: EmulatorContext,
  pool: PoolRecord,
  client: ClientRecord,
  scopes: string[],
): OAuthTokenAnswer {
  const iat = Math.floor(ctx.now() / 1000);
  const claims = {
    sub: client.id,
    token_use: 'access',
    scope: scopes.join(' '),
    auth_time: iat,
    iss: issuerOf(ctx, pool.id),
    exp: iat + client.accessValidityMinutes * 60,
    iat,
    version: 2,
    jti: randomUUID(),
    client_id: client.id,
  };
  return {
    access_token: signJwt(poolSigningKey(pool), claims),
    expires_in: client.accessValidityMinutes * 60,
    token_type: 'Bearer',
  };
}
