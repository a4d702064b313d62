// Token refresh and sign-out: REFRESH_TOKEN_AUTH, GetTokensFromRefreshToken (rotation, grace period), RevokeToken,
// GlobalSignOut and AdminUserGlobalSignOut (AWS API reference).
import {
  CognitoException,
  invalidParameter,
  notAuthorized,
  requireParam,
  requireString,
} from '../cognito-exception.js';
import type { EmulatorContext } from '../context.js';
import { adminUser, checkSecretHash, getClient } from '../pool-helpers.js';
import type { ClientRecord, PoolRecord, RefreshRecord, UserRecord } from '../state.js';
import { checkAccessToken, mintTokens, newRefreshToken } from '../token-issuer.js';

export function usableRefresh(
  ctx: EmulatorContext,
  client: ClientRecord,
  token: string,
): { record: RefreshRecord; user: UserRecord } {
  const record = ctx.store.refreshTokens.get(token);
  if (!record || record.clientId !== client.id) throw notAuthorized('Invalid Refresh Token.');
  if (record.revoked || ctx.store.revokedOrigins.has(record.originJti))
    throw notAuthorized('Refresh Token has been revoked');
  if (record.rotatedUntil !== undefined && record.rotatedUntil <= ctx.now())
    throw notAuthorized('Invalid Refresh Token.');
  if (record.expiresAt <= ctx.now()) throw notAuthorized('Refresh Token has expired');
  const user = ctx.store.getUser(record.poolId, record.username);
  if (!user) throw notAuthorized('Invalid Refresh Token.');
  if (!user.enabled) throw notAuthorized('User is disabled.');
  return { record, user };
}

/** A refresh token issued with a device needs that DEVICE_KEY back, and the device must still exist. */
function checkDevice(ctx: EmulatorContext, record: RefreshRecord, deviceKey: string | undefined): void {
  if (!record.deviceKey) return;
  if (deviceKey !== record.deviceKey || !ctx.store.devices.has(record.deviceKey))
    throw notAuthorized('Invalid Refresh Token.');
}

export function refreshWithInitiateAuth(
  ctx: EmulatorContext,
  pool: PoolRecord,
  client: ClientRecord,
  params: Record<string, string>,
): Record<string, unknown> {
  if (!client.explicitAuthFlows.includes('ALLOW_REFRESH_TOKEN_AUTH'))
    throw invalidParameter('REFRESH_TOKEN_AUTH flow not enabled for this client');
  if (client.rotation?.Feature === 'ENABLED') {
    throw notAuthorized(
      'Refresh token rotation is enabled for this app client: use GetTokensFromRefreshToken.',
    );
  }
  const token = requireParam(params, 'REFRESH_TOKEN');
  const { record, user } = usableRefresh(ctx, client, token);
  // REFRESH_TOKEN_AUTH names no user: the service checks SECRET_HASH against the name it knows the token's owner by,
  // `cognito:username` (a UUID in pools where e-mail is the username), not the alias typed at sign-in. Reports of
  // the service refusing the alias and taking the Cognito-assigned username: qiita.com/nori3tsu/items/7fa72c297f93efd0b3bb
  // and github.com/aws/aws-sdk-java/issues/1917. We found no report of it taking any other form, so none is accepted.
  checkSecretHash(client, params.SECRET_HASH, user.username);
  checkDevice(ctx, record, params.DEVICE_KEY);
  const tokens = mintTokens(ctx, pool, client, user, {
    originJti: record.originJti,
    authTime: record.authTime,
    ...(record.deviceKey ? { deviceKey: record.deviceKey } : {}),
    ...(record.scopes ? { scopes: record.scopes } : {}),
  });
  return { ChallengeParameters: {}, AuthenticationResult: { ...tokens, TokenType: 'Bearer' } };
}

function checkClientSecret(client: ClientRecord, secret: unknown): void {
  if (!client.secret) return;
  if (typeof secret !== 'string' || secret.length === 0)
    throw notAuthorized(`Client ${client.id} is configured with secret but ClientSecret was not received`);
  if (secret !== client.secret) throw notAuthorized(`Unable to verify secret for client ${client.id}`);
}

export function getTokensFromRefreshToken(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const token = requireString(body, 'RefreshToken');
  const { client, pool } = getClient(ctx, requireString(body, 'ClientId'));
  if (!client.explicitAuthFlows.includes('ALLOW_REFRESH_TOKEN_AUTH'))
    throw invalidParameter('REFRESH_TOKEN_AUTH flow not enabled for this client');
  checkClientSecret(client, body.ClientSecret);
  const { record, user } = usableRefresh(ctx, client, token);
  checkDevice(ctx, record, typeof body.DeviceKey === 'string' ? body.DeviceKey : undefined);
  const base = {
    originJti: record.originJti,
    authTime: record.authTime,
    ...(record.deviceKey ? { deviceKey: record.deviceKey } : {}),
    ...(record.scopes ? { scopes: record.scopes } : {}),
  };
  const tokens = mintTokens(ctx, pool, client, user, base);
  if (client.rotation?.Feature !== 'ENABLED')
    return { AuthenticationResult: { ...tokens, TokenType: 'Bearer' } };
  const grace = client.rotation.RetryGracePeriodSeconds ?? 0;
  // The old token keeps working for the grace period (a retry after a lost answer), then never again.
  const until = ctx.now() + grace * 1000;
  if (record.rotatedUntil === undefined || record.rotatedUntil > until) record.rotatedUntil = until;
  const fresh = newRefreshToken(ctx, client, user, base);
  return { AuthenticationResult: { ...tokens, RefreshToken: fresh, TokenType: 'Bearer' } };
}

export function revokeToken(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const token = requireString(body, 'Token');
  const { client } = getClient(ctx, requireString(body, 'ClientId'));
  checkClientSecret(client, body.ClientSecret);
  if (token.split('.').length === 3 && token.startsWith('eyJ')) {
    throw new CognitoException('UnsupportedTokenTypeException', 'Unsupported token type');
  }
  const record = ctx.store.refreshTokens.get(token);
  // An unknown token is already unusable; the service answers success (RFC 7009's rule) and so do we.
  if (!record) return {};
  if (record.clientId !== client.id)
    throw new CognitoException('UnauthorizedException', 'Token was not issued to this client');
  ctx.store.revokeOrigins([record.originJti]);
  return {};
}

/** Ends every sign-in of the user, and `also` (the origin of the access token in hand), in two passes. */
function signOutUser(ctx: EmulatorContext, user: UserRecord, also: string[] = []): void {
  ctx.store.revokeSignIns((r) => r.poolId === user.poolId && r.username === user.username, also);
}

export function globalSignOut(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { user, claims } = checkAccessToken(ctx, body.AccessToken);
  signOutUser(ctx, user, [String(claims.origin_jti)]);
  return {};
}

export function adminUserGlobalSignOut(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { user } = adminUser(ctx, body);
  signOutUser(ctx, user);
  return {};
}

/** Revokes every token that carried a forgotten device. */
export function revokeDeviceTokens(ctx: EmulatorContext, deviceKey: string): void {
  ctx.store.revokeSignIns((r) => r.deviceKey === deviceKey);
}
