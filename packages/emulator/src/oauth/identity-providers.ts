// A pool's identity providers (CreateIdentityProvider, DescribeIdentityProvider, ListIdentityProviders,
// DeleteIdentityProvider; AWS API reference). Every one federates to the emulator's stand-in OpenID provider.
import { CognitoException, invalidParameter, requireString, resourceNotFound } from '../cognito-exception.js';
import type { EmulatorContext } from '../context.js';
import { getPool } from '../pool-helpers.js';
import type { IdentityProviderRecord, PoolRecord } from '../state.js';
import { standInIssuer } from './stand-in-provider.js';

const TYPES = ['SAML', 'Facebook', 'Google', 'LoginWithAmazon', 'SignInWithApple', 'OIDC'];
/** Social providers are named after their type (the API reference: ProviderName "Google" for Google, ...). */
const SOCIAL = ['Facebook', 'Google', 'LoginWithAmazon', 'SignInWithApple'];
/** The ProviderDetails each type needs (API reference, CreateIdentityProvider). */
const REQUIRED_DETAILS: Record<string, string[]> = {
  Google: ['client_id', 'client_secret', 'authorize_scopes'],
  Facebook: ['client_id', 'client_secret', 'authorize_scopes'],
  LoginWithAmazon: ['client_id', 'client_secret', 'authorize_scopes'],
  SignInWithApple: ['client_id', 'team_id', 'key_id', 'private_key', 'authorize_scopes'],
  OIDC: ['client_id', 'attributes_request_method', 'oidc_issuer', 'authorize_scopes'],
  SAML: [],
};
const NAME = /^[^_\s][^\s]{0,30}[^_\s]$|^[^_\s]$/;

export interface IdentityProviderInput {
  name: string;
  type: string;
  details: Record<string, string>;
  attributeMapping?: Record<string, string>;
  idpIdentifiers?: string[];
}

const keyOf = (poolId: string, name: string): string => `${poolId} ${name}`;

export function createIdentityProviderRecord(
  ctx: EmulatorContext,
  pool: PoolRecord,
  input: IdentityProviderInput,
): IdentityProviderRecord {
  if (!TYPES.includes(input.type))
    throw invalidParameter(
      `1 validation error detected: Value '${input.type}' at 'providerType' failed to satisfy constraint: Member must satisfy enum value set: [${TYPES.join(', ')}]`,
    );
  if (!NAME.test(input.name) || input.name === 'COGNITO')
    throw invalidParameter(`Invalid ProviderName ${input.name}`);
  if (SOCIAL.includes(input.type) && input.name !== input.type)
    throw invalidParameter(`ProviderName must be ${input.type} for ProviderType ${input.type}`);
  if (ctx.store.identityProviders.has(keyOf(pool.id, input.name)))
    throw new CognitoException(
      'DuplicateProviderException',
      `A provider with the name ${input.name} already exists in this user pool.`,
    );
  const details = { ...input.details };
  for (const k of REQUIRED_DETAILS[input.type] ?? [])
    if (typeof details[k] !== 'string' || details[k] === '')
      throw invalidParameter(`${k} is required for ${input.type} providers.`);
  const identifiers = input.idpIdentifiers ?? [];
  for (const id of identifiers) {
    const clash = [...ctx.store.identityProviders.values()].find(
      (p) => p.poolId === pool.id && p.idpIdentifiers.includes(id),
    );
    if (clash) throw invalidParameter(`The identifier ${id} is already used by provider ${clash.name}.`);
  }
  // The service fills in the endpoints of a social provider; here they are the stand-in provider's.
  if (input.type !== 'SAML' && input.type !== 'OIDC') {
    const issuer = standInIssuer(ctx);
    details.authorize_url ??= `${issuer}/authorize`;
    details.token_url ??= `${issuer}/token`;
    details.attributes_url ??= `${issuer}/userinfo`;
    details.oidc_issuer ??= issuer;
  }
  const now = ctx.now();
  const record: IdentityProviderRecord = {
    poolId: pool.id,
    name: input.name,
    type: input.type,
    details,
    attributeMapping: input.attributeMapping ?? { email: 'email', username: 'sub' },
    idpIdentifiers: identifiers,
    createdAt: now,
    modifiedAt: now,
  };
  ctx.store.identityProviders.set(keyOf(pool.id, input.name), record);
  return record;
}

function describe(p: IdentityProviderRecord): Record<string, unknown> {
  return {
    UserPoolId: p.poolId,
    ProviderName: p.name,
    ProviderType: p.type,
    ProviderDetails: p.details,
    AttributeMapping: p.attributeMapping,
    IdpIdentifiers: p.idpIdentifiers,
    CreationDate: p.createdAt / 1000,
    LastModifiedDate: p.modifiedAt / 1000,
  };
}

export function createIdentityProvider(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const pool = getPool(ctx, body.UserPoolId);
  const record = createIdentityProviderRecord(ctx, pool, {
    name: requireString(body, 'ProviderName'),
    type: requireString(body, 'ProviderType'),
    details: stringMap(body.ProviderDetails, 'ProviderDetails'),
    ...(body.AttributeMapping
      ? { attributeMapping: stringMap(body.AttributeMapping, 'AttributeMapping') }
      : {}),
    ...(Array.isArray(body.IdpIdentifiers) ? { idpIdentifiers: body.IdpIdentifiers.map(String) } : {}),
  });
  return { IdentityProvider: describe(record) };
}

function stringMap(value: unknown, name: string): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw invalidParameter(
      `1 validation error detected: Value at '${name}' failed to satisfy constraint: Member must not be null`,
    );
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>))
    if (typeof v === 'string') out[k] = v;
  return out;
}

function existing(ctx: EmulatorContext, body: Record<string, unknown>): IdentityProviderRecord {
  const pool = getPool(ctx, body.UserPoolId);
  const name = requireString(body, 'ProviderName');
  const record = ctx.store.identityProviders.get(keyOf(pool.id, name));
  if (!record) throw resourceNotFound(`Identity provider ${name} does not exist.`);
  return record;
}

export function describeIdentityProvider(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  return { IdentityProvider: describe(existing(ctx, body)) };
}

export function listIdentityProviders(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const pool = getPool(ctx, body.UserPoolId);
  const max = typeof body.MaxResults === 'number' ? body.MaxResults : 60;
  if (!Number.isInteger(max) || max < 1 || max > 60)
    throw invalidParameter(
      "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 60",
    );
  const all = [...ctx.store.identityProviders.values()].filter((p) => p.poolId === pool.id);
  const start = typeof body.NextToken === 'string' ? Number.parseInt(body.NextToken, 10) : 0;
  if (!Number.isInteger(start) || start < 0 || start > all.length)
    throw invalidParameter('Invalid NextToken');
  const page = all.slice(start, start + max);
  return {
    Providers: page.map((p) => ({
      ProviderName: p.name,
      ProviderType: p.type,
      CreationDate: p.createdAt / 1000,
      LastModifiedDate: p.modifiedAt / 1000,
    })),
    ...(start + max < all.length ? { NextToken: String(start + max) } : {}),
  };
}

export function deleteIdentityProvider(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const record = existing(ctx, body);
  ctx.store.identityProviders.delete(keyOf(record.poolId, record.name));
  // App clients stop offering it, as a provider that no longer exists cannot be chosen.
  for (const c of ctx.store.clients.values()) {
    if (c.poolId !== record.poolId || !c.oauth) continue;
    c.oauth.supportedIdentityProviders = c.oauth.supportedIdentityProviders.filter((p) => p !== record.name);
  }
  return {};
}

/** The provider an authorize request names by `identity_provider` (its name) or `idp_identifier`. */
export function providerFor(
  ctx: EmulatorContext,
  poolId: string,
  by: { name?: string; identifier?: string },
): IdentityProviderRecord | undefined {
  if (by.name) return ctx.store.identityProviders.get(keyOf(poolId, by.name));
  if (by.identifier) {
    const wanted = by.identifier.toLowerCase();
    return [...ctx.store.identityProviders.values()].find(
      (p) => p.poolId === poolId && p.idpIdentifiers.some((i) => i.toLowerCase() === wanted),
    );
  }
  return undefined;
}
