// User-pool domains (CreateUserPoolDomain, DescribeUserPoolDomain, DeleteUserPoolDomain; AWS API reference). The
// emulator serves each domain on its own port under a path prefix: `http://127.0.0.1:PORT/<domain>/oauth2/...`.
import { invalidParameter, requireString } from '../cognito-exception.js';
import type { EmulatorContext } from '../context.js';
import { getPool } from '../pool-helpers.js';
import type { DomainRecord, PoolRecord, Store } from '../state.js';

/** A prefix domain: lower-case letters, digits and hyphens, not at either end, at most 63 characters. */
const PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** A custom domain: a fully qualified name (the emulator serves it under the same path scheme). */
const CUSTOM = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** Words the service keeps out of prefix domains. */
const RESERVED = ['aws', 'amazon', 'cognito'];

/** The base URL of a domain on this emulator: `${endpoint}/${domain}` (the service's `https://<domain>`). */
export const domainBaseURL = (ctx: EmulatorContext, domain: string): string => `${ctx.endpoint}/${domain}`;

/** The domain the pool's OpenID configuration points at: its custom domain if it has one, else its prefix domain. */
export function domainOfPool(store: Store, poolId: string): DomainRecord | undefined {
  const all = [...store.domains.values()].filter((d) => d.poolId === poolId);
  return all.find((d) => d.domain.includes('.')) ?? all[0];
}

export function createDomainRecord(
  ctx: EmulatorContext,
  pool: PoolRecord,
  domain: string,
  opts: { custom?: boolean; managedLoginVersion?: number } = {},
): DomainRecord {
  const custom = opts.custom ?? domain.includes('.');
  if (custom ? !CUSTOM.test(domain) : !PREFIX.test(domain))
    throw invalidParameter(
      `1 validation error detected: Value '${domain}' at 'domain' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?$`,
    );
  if (!custom && RESERVED.some((w) => domain.includes(w)))
    throw invalidParameter(
      `Domain cannot contain reserved word: ${RESERVED.find((w) => domain.includes(w))}`,
    );
  const taken = ctx.store.domains.get(domain);
  if (taken) {
    throw invalidParameter(
      taken.poolId === pool.id
        ? 'Domain already exists.'
        : 'Domain already associated with another user pool.',
    );
  }
  const same = [...ctx.store.domains.values()].find(
    (d) => d.poolId === pool.id && d.domain.includes('.') === custom,
  );
  if (same)
    throw invalidParameter(`User pool already has a ${custom ? 'custom' : 'prefix'} domain configured.`);
  const version = opts.managedLoginVersion ?? 1;
  if (version !== 1 && version !== 2) throw invalidParameter('ManagedLoginVersion must be 1 or 2');
  const record: DomainRecord = {
    domain,
    poolId: pool.id,
    managedLoginVersion: version,
    createdAt: ctx.now(),
  };
  ctx.store.domains.set(domain, record);
  return record;
}

export function createUserPoolDomain(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const domain = requireString(body, 'Domain');
  const pool = getPool(ctx, body.UserPoolId);
  const custom = body.CustomDomainConfig !== undefined && body.CustomDomainConfig !== null;
  const record = createDomainRecord(ctx, pool, domain, {
    custom,
    ...(typeof body.ManagedLoginVersion === 'number'
      ? { managedLoginVersion: body.ManagedLoginVersion }
      : {}),
  });
  return {
    ManagedLoginVersion: record.managedLoginVersion,
    ...(custom ? { CloudFrontDomain: `${ctx.endpoint.replace(/^https?:\/\//, '')}` } : {}),
  };
}

/** As the service: an unknown domain is an empty DomainDescription, not an error. */
export function describeUserPoolDomain(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const domain = requireString(body, 'Domain');
  const record = ctx.store.domains.get(domain);
  if (!record) return { DomainDescription: {} };
  return {
    DomainDescription: {
      UserPoolId: record.poolId,
      AWSAccountId: '000000000000',
      Domain: record.domain,
      CloudFrontDistribution: ctx.endpoint.replace(/^https?:\/\//, ''),
      Version: String(record.createdAt),
      Status: 'ACTIVE',
      ManagedLoginVersion: record.managedLoginVersion,
    },
  };
}

export function deleteUserPoolDomain(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const domain = requireString(body, 'Domain');
  const pool = getPool(ctx, body.UserPoolId);
  const record = ctx.store.domains.get(domain);
  if (!record || record.poolId !== pool.id) throw invalidParameter(`No such domain or user pool exists.`);
  ctx.store.domains.delete(domain);
  return {};
}

/** DescribeUserPool's Domain and CustomDomain members. */
export function poolDomainFields(store: Store, poolId: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of store.domains.values()) {
    if (d.poolId !== poolId) continue;
    if (d.domain.includes('.')) out.CustomDomain = d.domain;
    else out.Domain = d.domain;
  }
  return out;
}

/** Removes a deleted pool's domains, resource servers and identity providers. */
export function dropPoolOAuth(store: Store, poolId: string): void {
  for (const [k, d] of store.domains) if (d.poolId === poolId) store.domains.delete(k);
  for (const [k, r] of store.resourceServers) if (r.poolId === poolId) store.resourceServers.delete(k);
  for (const [k, i] of store.identityProviders) if (i.poolId === poolId) store.identityProviders.delete(k);
}
