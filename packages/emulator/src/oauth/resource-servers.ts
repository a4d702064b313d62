// Resource servers and their custom scopes (CreateResourceServer, DescribeResourceServer, ListResourceServers,
// UpdateResourceServer, DeleteResourceServer; AWS API reference): a scope is `<Identifier>/<ScopeName>`.
import { invalidParameter, requireString, resourceNotFound } from '../cognito-exception.js';
import type { EmulatorContext } from '../context.js';
import { getPool } from '../pool-helpers.js';
import type { PoolRecord, ResourceServerRecord } from '../state.js';

/** ScopeName's pattern in the API reference: printable ASCII without space, `"`, `/` and `\`. */
const SCOPE_NAME = /^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]{1,256}$/;
const IDENTIFIER = /^[\x20-\x7E]{1,256}$/;
const MAX_SCOPES = 100;

export interface ResourceServerInput {
  identifier: string;
  name: string;
  scopes?: { ScopeName: string; ScopeDescription: string }[];
}

function checkedScopes(value: unknown): ResourceServerRecord['scopes'] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidParameter('Scopes must be a list');
  if (value.length > MAX_SCOPES)
    throw invalidParameter(
      `1 validation error detected: Value at 'scopes' failed to satisfy constraint: Member must have length less than or equal to ${MAX_SCOPES}`,
    );
  const names = new Set<string>();
  return value.map((s: unknown) => {
    const scope = (s ?? {}) as { ScopeName?: unknown; ScopeDescription?: unknown };
    if (typeof scope.ScopeName !== 'string' || !SCOPE_NAME.test(scope.ScopeName))
      throw invalidParameter(
        `1 validation error detected: Value '${String(scope.ScopeName)}' at 'scopes.member.scopeName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\x21\\x23-\\x2E\\x30-\\x5B\\x5D-\\x7E]+`,
      );
    if (typeof scope.ScopeDescription !== 'string' || scope.ScopeDescription.length === 0)
      throw invalidParameter(
        "1 validation error detected: Value at 'scopes.member.scopeDescription' failed to satisfy constraint: Member must not be null",
      );
    if (names.has(scope.ScopeName)) throw invalidParameter(`Duplicate scope name ${scope.ScopeName}`);
    names.add(scope.ScopeName);
    return { ScopeName: scope.ScopeName, ScopeDescription: scope.ScopeDescription };
  });
}

const keyOf = (poolId: string, identifier: string): string => `${poolId} ${identifier}`;

export function createResourceServerRecord(
  ctx: EmulatorContext,
  pool: PoolRecord,
  input: ResourceServerInput,
): ResourceServerRecord {
  if (!IDENTIFIER.test(input.identifier)) throw invalidParameter('Invalid resource server identifier');
  if (ctx.store.resourceServers.has(keyOf(pool.id, input.identifier)))
    throw invalidParameter(`${input.identifier} already exists in pool ${pool.id}.`);
  const record: ResourceServerRecord = {
    poolId: pool.id,
    identifier: input.identifier,
    name: input.name,
    scopes: checkedScopes(input.scopes),
  };
  ctx.store.resourceServers.set(keyOf(pool.id, input.identifier), record);
  return record;
}

function describe(r: ResourceServerRecord): Record<string, unknown> {
  return { UserPoolId: r.poolId, Identifier: r.identifier, Name: r.name, Scopes: r.scopes };
}

function existing(ctx: EmulatorContext, body: Record<string, unknown>): ResourceServerRecord {
  const pool = getPool(ctx, body.UserPoolId);
  const identifier = requireString(body, 'Identifier');
  const record = ctx.store.resourceServers.get(keyOf(pool.id, identifier));
  if (!record) throw resourceNotFound(`Resource server ${identifier} does not exist.`);
  return record;
}

export function createResourceServer(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const pool = getPool(ctx, body.UserPoolId);
  const record = createResourceServerRecord(ctx, pool, {
    identifier: requireString(body, 'Identifier'),
    name: requireString(body, 'Name'),
    scopes: body.Scopes as ResourceServerInput['scopes'],
  });
  return { ResourceServer: describe(record) };
}

export function describeResourceServer(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  return { ResourceServer: describe(existing(ctx, body)) };
}

/** MaxResults (1-50) is required, as in the API reference; NextToken is the emulator's own opaque offset. */
export function listResourceServers(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const pool = getPool(ctx, body.UserPoolId);
  const max = body.MaxResults;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 50)
    throw invalidParameter(
      "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 50",
    );
  const all = [...ctx.store.resourceServers.values()].filter((r) => r.poolId === pool.id);
  const start = typeof body.NextToken === 'string' ? Number.parseInt(body.NextToken, 10) : 0;
  if (!Number.isInteger(start) || start < 0 || start > all.length)
    throw invalidParameter('Invalid NextToken');
  const page = all.slice(start, start + max);
  const next = start + max < all.length ? { NextToken: String(start + max) } : {};
  return { ResourceServers: page.map(describe), ...next };
}

export function updateResourceServer(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const record = existing(ctx, body);
  const name = requireString(body, 'Name');
  // As the service: the update replaces the whole list; scopes left out are gone.
  record.scopes = checkedScopes(body.Scopes);
  record.name = name;
  return { ResourceServer: describe(record) };
}

export function deleteResourceServer(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const record = existing(ctx, body);
  ctx.store.resourceServers.delete(keyOf(record.poolId, record.identifier));
  return {};
}
