// The pre token generation trigger, V1_0 and V2_0 (developer guide): the tokens the operation minted are re-signed
// with the trigger's claims, scopes and groups before the answer leaves.
import type { EmulatorContext } from '../context.js';
import { poolSigningKey, signJwt, verifyJwt } from '../jwt.js';
import type { PoolRecord } from '../state.js';
import {
  commonEvent,
  invokeTrigger,
  preTokenVersion,
  stringMap,
  triggersFor,
  userAttributesOf,
} from './invoke.js';
import type {
  GroupConfiguration,
  LambdaTriggers,
  PreTokenGenerationEvent,
  PreTokenGenerationV1Event,
  PreTokenGenerationV2Event,
  TokenClaimsOverride,
  TokenGenerationSource,
} from './types.js';

/** The guide's list of claims a pre token generation trigger cannot add, override or suppress. */
const FIXED_CLAIMS = new Set([
  'acr',
  'amr',
  'aud',
  'at_hash',
  'auth_time',
  'azp',
  'cognito:username',
  'exp',
  'iat',
  'identities',
  'iss',
  'jti',
  'nbf',
  'nonce',
  'origin_jti',
  'sub',
  'token_use',
]);
/** Groups change only through groupOverrideDetails (the guide: "For group related claims, use groupOverrideDetails"). */
const GROUP_CLAIMS = new Set(['cognito:groups', 'cognito:roles', 'cognito:preferred_role']);
/** The access token's own: its client, its user, and its scopes (changed only through scopesToAdd / scopesToSuppress). */
const ACCESS_FIXED = new Set(['client_id', 'username', 'scope', 'device_key', 'event_id', 'version']);

type Claims = Record<string, unknown>;

function changeable(name: string, access: boolean): boolean {
  return !FIXED_CLAIMS.has(name) && !GROUP_CLAIMS.has(name) && !(access && ACCESS_FIXED.has(name));
}

/** Adds and overrides, then suppresses: a claim both added and suppressed is suppressed, as the guide says. */
function applyClaims(claims: Claims, override: TokenClaimsOverride | undefined, access: boolean): void {
  if (!override || typeof override !== 'object') return;
  const add = override.claimsToAddOrOverride;
  if (add && typeof add === 'object') {
    for (const [k, v] of Object.entries(add)) if (changeable(k, access) && v !== undefined) claims[k] = v;
  }
  if (Array.isArray(override.claimsToSuppress)) {
    for (const k of override.claimsToSuppress)
      if (typeof k === 'string' && changeable(k, access)) delete claims[k];
  }
}

/** groupOverrideDetails replaces the groups of both tokens; an empty or null object removes them. */
function applyGroups(claims: Claims, groups: GroupConfiguration | null): void {
  for (const k of GROUP_CLAIMS) delete claims[k];
  if (!groups || typeof groups !== 'object') return;
  const list = (v: unknown): string[] =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  const names = list(groups.groupsToOverride);
  const roles = list(groups.iamRolesToOverride);
  if (names.length) claims['cognito:groups'] = names;
  if (roles.length) claims['cognito:roles'] = roles;
  if (typeof groups.preferredRole === 'string' && groups.preferredRole)
    claims['cognito:preferred_role'] = groups.preferredRole;
}

function groupConfigurationOf(id: Claims): GroupConfiguration {
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
  return {
    groupsToOverride: list(id['cognito:groups']),
    iamRolesToOverride: list(id['cognito:roles']),
    preferredRole: typeof id['cognito:preferred_role'] === 'string' ? id['cognito:preferred_role'] : null,
  };
}

/** Which of the service's trigger sources an operation that answered with tokens stands for. */
export function tokenSourceOf(operation: string, body: Record<string, unknown>): TokenGenerationSource {
  if (operation === 'GetTokensFromRefreshToken') return 'TokenGeneration_RefreshTokens';
  if (body.AuthFlow === 'REFRESH_TOKEN_AUTH' || body.AuthFlow === 'REFRESH_TOKEN')
    return 'TokenGeneration_RefreshTokens';
  if (body.ChallengeName === 'NEW_PASSWORD_REQUIRED') return 'TokenGeneration_NewPasswordChallenge';
  if (body.ChallengeName === 'DEVICE_PASSWORD_VERIFIER') return 'TokenGeneration_AuthenticateDevice';
  return 'TokenGeneration_Authentication';
}

export interface MintedTokens {
  /** Absent where only an access token is issued (the domain's tokens without the openid scope). */
  IdToken?: string;
  AccessToken: string;
}

function buildEvent(
  ctx: EmulatorContext,
  pool: PoolRecord,
  version: 'V1_0' | 'V2_0',
  opts: { clientId: string; source: TokenGenerationSource; clientMetadata: unknown },
  id: Claims,
  access: Claims,
): PreTokenGenerationEvent {
  const username = String(id['cognito:username'] ?? access.username ?? '');
  // Without an ID token the groups are read from the access token, which carries them too.
  const groupsFrom = id['cognito:username'] === undefined ? access : id;
  const user = ctx.store.getUser(pool.id, username);
  const metadata = stringMap(opts.clientMetadata);
  const common = commonEvent(ctx, pool, {
    userName: username,
    clientId: opts.clientId,
    triggerSource: opts.source,
    version: version === 'V2_0' ? '2' : '1',
  });
  const request = {
    userAttributes: user ? userAttributesOf(user) : {},
    groupConfiguration: groupConfigurationOf(groupsFrom),
    ...(metadata ? { clientMetadata: metadata } : {}),
  };
  if (version === 'V1_0') return { ...common, request, response: {} } satisfies PreTokenGenerationV1Event;
  const scopes = typeof access.scope === 'string' ? access.scope.split(' ').filter(Boolean) : [];
  return { ...common, request: { ...request, scopes }, response: {} } satisfies PreTokenGenerationV2Event;
}

function applyV2(answer: PreTokenGenerationV2Event, id: Claims, access: Claims): void {
  const d = answer.response.claimsAndScopeOverrideDetails;
  if (!d || typeof d !== 'object') return;
  applyClaims(id, d.idTokenGeneration, false);
  const a = d.accessTokenGeneration;
  applyClaims(access, a, true);
  if (a && typeof a === 'object') {
    const scopes = new Set(typeof access.scope === 'string' ? access.scope.split(' ').filter(Boolean) : []);
    for (const s of Array.isArray(a.scopesToAdd) ? a.scopesToAdd : [])
      if (typeof s === 'string' && s) scopes.add(s);
    for (const s of Array.isArray(a.scopesToSuppress) ? a.scopesToSuppress : []) scopes.delete(s);
    if (scopes.size) access.scope = [...scopes].join(' ');
    else delete access.scope;
  }
  if ('groupOverrideDetails' in d) {
    applyGroups(id, d.groupOverrideDetails ?? null);
    applyGroups(access, d.groupOverrideDetails ?? null);
  }
}

function applyV1(answer: PreTokenGenerationV1Event, id: Claims, access: Claims): void {
  const d = answer.response.claimsOverrideDetails;
  if (!d || typeof d !== 'object') return;
  applyClaims(id, d, false);
  if ('groupOverrideDetails' in d) {
    applyGroups(id, d.groupOverrideDetails ?? null);
    applyGroups(access, d.groupOverrideDetails ?? null);
  }
}

/**
 * Runs the pool's pre token generation trigger over tokens just minted and returns them re-signed with its answer
 * (the same jti, origin_jti and expiry), or the same tokens when the pool has no such trigger.
 */
export async function customizeTokens(
  ctx: EmulatorContext,
  pool: PoolRecord,
  tokens: MintedTokens,
  opts: { clientId: string; source: TokenGenerationSource; clientMetadata: unknown; set?: LambdaTriggers },
): Promise<MintedTokens> {
  const set = opts.set ?? triggersFor(ctx, pool);
  if (!set.preTokenGeneration) return tokens;
  const key = poolSigningKey(pool);
  const id = tokens.IdToken ? verifyJwt(key, tokens.IdToken) : { 'cognito:username': undefined };
  const access = verifyJwt(key, tokens.AccessToken);
  if (!id || !access) return tokens;
  const version = preTokenVersion(pool, set);
  const event = buildEvent(ctx, pool, version, opts, id, access);
  const answer = await invokeTrigger(set.preTokenGeneration, event, 'PreTokenGeneration');
  if (version === 'V2_0') applyV2(answer as PreTokenGenerationV2Event, id, access);
  else applyV1(answer as PreTokenGenerationV1Event, id, access);
  return {
    ...(tokens.IdToken ? { IdToken: signJwt(key, id) } : {}),
    AccessToken: signJwt(key, access),
  };
}
