// The pool's attribute schema as the service applies it: custom attributes by their full name, which attributes are
// required, immutable or developer-only (AWS API reference: SchemaAttributeType, CreateUserPool, AddCustomAttributes).
import { STANDARD_ATTRIBUTES, untypedAttribute } from './attribute-names.js';
import { CognitoException, invalidParameter, notAuthorized } from './cognito-exception.js';
import type { PoolRecord } from './state.js';

/** A Schema member as CreateUserPool, UpdateUserPool and AddCustomAttributes take it. */
export interface SchemaEntry {
  Name?: unknown;
  Required?: unknown;
  Mutable?: unknown;
  DeveloperOnlyAttribute?: unknown;
  AttributeDataType?: unknown;
  [more: string]: unknown;
}

/**
 * The name the service gives a Schema member: standard names stay; a custom one given bare (`team`) becomes
 * `custom:team`, or `dev:custom:team` when DeveloperOnlyAttribute is set; names given with their prefix stay.
 */
export function schemaName(entry: SchemaEntry): string | undefined {
  const n = entry.Name;
  if (typeof n !== 'string' || n.length === 0) return undefined;
  if (STANDARD_ATTRIBUTES.has(n) || n.startsWith('custom:') || n.startsWith('dev:')) return n;
  return entry.DeveloperOnlyAttribute === true ? `dev:custom:${n}` : `custom:${n}`;
}

/** The Schema with every member under its full name, as DescribeUserPool's SchemaAttributes lists it. */
export function normalizeSchema(schema: unknown): SchemaEntry[] {
  if (!Array.isArray(schema)) throw invalidParameter('Schema must be a list of attributes');
  return (schema as SchemaEntry[]).map((entry) => {
    const name = schemaName(entry ?? {});
    if (!name) throw invalidParameter('Schema attribute name must not be empty');
    return { ...entry, Name: name };
  });
}

function entries(pool: PoolRecord): SchemaEntry[] {
  const schema = pool.extra.Schema;
  return Array.isArray(schema) ? (schema as SchemaEntry[]) : [];
}

function entryOf(pool: PoolRecord, name: string): SchemaEntry | undefined {
  return entries(pool).find((e) => schemaName(e) === name);
}

/** The attributes every user of the pool must have. */
export function requiredAttributes(pool: PoolRecord): string[] {
  return entries(pool)
    .filter((e) => e.Required === true)
    .map((e) => schemaName(e))
    .filter((n): n is string => n !== undefined);
}

const isCustom = (name: string): boolean => name.startsWith('custom:') || name.startsWith('dev:');

/** A custom attribute the pool's schema does not define has no type: the service refuses to store it. */
export function checkDefined(pool: PoolRecord, name: string): void {
  if (isCustom(name) && !entryOf(pool, name)) throw untypedAttribute(name);
}

/** Developer-only attributes are read-only to app clients: only the admin (IAM) operations write them. */
export function checkClientMayWrite(name: string): void {
  if (name.startsWith('dev:')) throw notAuthorized('A client attempted to write unauthorized attribute');
}

/** An attribute whose Schema member says `Mutable: false` is set at creation and never changed after. */
export function checkMutable(pool: PoolRecord, name: string): void {
  if (entryOf(pool, name)?.Mutable === false)
    throw new CognitoException('InvalidParameterException', `user.${name}: Attribute cannot be updated.`);
}
