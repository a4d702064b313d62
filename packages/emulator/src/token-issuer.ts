// Issues and checks Cognito's tokens: RS256 ID and access JWTs with the service's claims, opaque refresh tokens.
import { randomUUID } from 'node:crypto';
import { notAuthorized } from './cognito-exception.js';
import type { EmulatorContext } from './context.js';
import { newOpaque } from './ids.js';
import { poolSigningKey, signJwt, verifyJwt } from './jwt.js';
import { groupClaims } from './operations/groups.js';
import type { ClientRecord, PoolRecord, RefreshRecord, UserRecord } from './state.js';

/**
 * The `iss` of a pool's tokens, the one issuer function (the OpenID discovery document's `issuer` comes from here
 * too). `emulator` mode: the emulator's own URL, so `${iss}/.well-known/jwks.json` resolves, as on AWS. `service`
 * mode: exactly the service's issuer, `https://cognito-idp.<region>.amazonaws.com/<poolId>`, the region being the
 * pool id's prefix; the JWKS is then fetched from {@link jwksURLOf}.
 */
export function issuerOf(ctx: EmulatorContext, poolId: string): string {
  const mode = ctx.store.pools.get(poolId)?.tokenIssuer ?? ctx.tokenIssuer;
  if (mode === 'service') return `https://cognito-idp.${poolId.split('_')[0]}.amazonaws.com/${poolId}`;
  return `${ctx.endpoint}/${poolId}`;
}

/** Where the emulator serves a pool's JWKS, in either issuer mode. */
export const jwksURLOf = (ctx: EmulatorContext, poolId: string): string =>
  `${ctx.endpoint}/${poolId}/.well-known/jwks.json`;

export interface AuthenticationResultBody {
  AccessToken: string;
  IdToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
  TokenType: 'Bearer';
  NewDeviceMetadata?: { DeviceKey: string; DeviceGroupKey: string };
}

const ID_TOKEN_SKIPPED = new Set(['sub']);

/** The API's sign-ins carry this one scope; managed login's carry what the app asked for (OAuth 2.0 scopes). */
export const API_SCOPE = 'aws.cognito.signin.user.admin';

export interface TokenOptions {
  originJti: string;
  authTime: number;
  deviceKey?: string;
  /** The access token's scopes; the API's sign-ins get API_SCOPE alone. */
  scopes?: string[];
  /** The authorize request's nonce, echoed in the ID token (OpenID Connect Core 3.1.2.1). */
  nonce?: string;
}

function parseIdentities(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Mints an ID and an access token for one sign-in (`originJti` names it, so revocation can end all its tokens). */
export function mintTokens(
  ctx: EmulatorContext,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  opts: TokenOptions,
): { AccessToken: string; IdToken: string; ExpiresIn: number } {
  const iat = Math.floor(ctx.now() / 1000);
  const iss = issuerOf(ctx, pool.id);
  const eventId = randomUUID();
  const groups = groupClaims(ctx, user);
  // The service leaves the group claims out for a user in no group (access and ID token alike).
  const inGroups = groups.groups.length > 0 ? { 'cognito:groups': groups.groups } : {};
  const access: Record<string, unknown> = {
    sub: user.sub,
    ...(opts.deviceKey ? { device_key: opts.deviceKey } : {}),
    ...inGroups,
    iss,
    version: 2,
    client_id: client.id,
    origin_jti: opts.originJti,
    event_id: eventId,
    token_use: 'access',
    scope: (opts.scopes ?? [API_SCOPE]).join(' '),
    auth_time: opts.authTime,
    exp: iat + client.accessValidityMinutes * 60,
    iat,
    jti: randomUUID(),
    username: user.username,
  };
  const id: Record<string, unknown> = {
    sub: user.sub,
    ...inGroups,
    ...(groups.preferredRole ? { 'cognito:preferred_role': groups.preferredRole } : {}),
    ...(groups.roles.length > 0 ? { 'cognito:roles': groups.roles } : {}),
  };
  for (const [k, v] of Object.entries(user.attributes)) {
    if (ID_TOKEN_SKIPPED.has(k)) continue;
    // A federated user's `identities` attribute is JSON text; the ID token carries it as an array (as the service).
    id[k] = k.endsWith('_verified') ? v === 'true' : k === 'identities' ? parseIdentities(v) : v;
  }
  Object.assign(id, {
    iss,
    'cognito:username': user.username,
    origin_jti: opts.originJti,
    aud: client.id,
    ...(opts.nonce !== undefined ? { nonce: opts.nonce } : {}),
    event_id: eventId,
    token_use: 'id',
    auth_time: opts.authTime,
    exp: iat + client.idValidityMinutes * 60,
    iat,
    jti: randomUUID(),
  });
  return {
    AccessToken: signJwt(poolSigningKey(pool), access),
    IdToken: signJwt(poolSigningKey(pool), id),
    ExpiresIn: client.accessValidityMinutes * 60,
  };
}

export function newRefreshToken(
  ctx: EmulatorContext,
  client: ClientRecord,
  user: UserRecord,
  opts: TokenOptions,
): string {
  const token = `${newOpaque(24)}.${newOpaque(96)}.${newOpaque(12)}`;
  const record: RefreshRecord = {
    token,
    poolId: client.poolId,
    clientId: client.id,
    username: user.username,
    originJti: opts.originJti,
    ...(opts.deviceKey ? { deviceKey: opts.deviceKey } : {}),
    authTime: opts.authTime,
    ...(opts.scopes ? { scopes: opts.scopes } : {}),
    expiresAt: ctx.now() + client.refreshValidityMinutes * 60_000,
    revoked: false,
  };
  ctx.store.refreshTokens.set(token, record);
  return token;
}

/** A full sign-in result: new origin, tokens, refresh token. */
export function completeSignIn(
  ctx: EmulatorContext,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  opts: { deviceKey?: string; authTime?: number },
): AuthenticationResultBody {
  const originJti = randomUUID();
  const authTime = opts.authTime ?? Math.floor(ctx.now() / 1000);
  const base = { originJti, authTime, ...(opts.deviceKey ? { deviceKey: opts.deviceKey } : {}) };
  const tokens = mintTokens(ctx, pool, client, user, base);
  return { ...tokens, RefreshToken: newRefreshToken(ctx, client, user, base), TokenType: 'Bearer' };
}

export interface AccessTokenCheck {
  pool: PoolRecord;
  user: UserRecord;
  claims: Record<string, unknown>;
}

/**
 * Validates an access token as the service does for GetUser, ConfirmDevice, ...: signature, expiry, revocation, and
 * the scope those operations need (`aws.cognito.signin.user.admin`; `scope: null` skips it, for /oauth2/userInfo).
 */
export function checkAccessToken(
  ctx: EmulatorContext,
  token: unknown,
  opts: { scope?: string | null } = {},
): AccessTokenCheck {
  if (typeof token !== 'string' || token.length === 0) {
    throw notAuthorized('Invalid Access Token');
  }
  let claims: Record<string, unknown> | undefined;
  let pool: PoolRecord | undefined;
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      iss?: string;
    };
    const poolId =
      String(payload.iss ?? '')
        .split('/')
        .pop() ?? '';
    pool = ctx.store.pools.get(poolId);
    if (pool?.key) claims = verifyJwt(pool.key, token);
  } catch {
    claims = undefined;
  }
  if (!pool || !claims || claims.token_use !== 'access') throw notAuthorized('Invalid Access Token');
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= ctx.now())
    throw notAuthorized('Access Token has expired');
  if (ctx.store.revokedOrigins.has(String(claims.origin_jti)))
    throw notAuthorized('Access Token has been revoked');
  const user = ctx.store.getUser(pool.id, String(claims.username));
  if (!user || user.sub !== claims.sub) throw notAuthorized('Access Token has been revoked');
  if (!user.enabled) throw notAuthorized('User is disabled.');
  const needed = opts.scope === undefined ? API_SCOPE : opts.scope;
  if (
    needed !== null &&
    !String(claims.scope ?? '')
      .split(' ')
      .includes(needed)
  )
    throw notAuthorized('Access Token does not have required scopes');
  return { pool, user, claims };
}
