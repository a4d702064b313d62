// User-pool groups (AWS API reference): CreateGroup, GetGroup, ListGroups, UpdateGroup, DeleteGroup, the membership
// operations, and the group claims of a user's tokens (cognito:groups, cognito:roles, cognito:preferred_role).
import { CognitoException, invalidParameter, requireString, resourceNotFound } from '../cognito-exception.js';
import type { EmulatorContext } from '../context.js';
import { adminUser, attributeList, getPool } from '../pool-helpers.js';
import type { GroupRecord, UserRecord } from '../state.js';

const GROUP_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;
const ROLE_ARN =
  /^arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?$/;
const MAX_PRECEDENCE = 2 ** 31 - 1;

function validation(member: string, value: unknown, constraint: string): CognitoException {
  return invalidParameter(
    `1 validation error detected: Value '${String(value).slice(0, 64)}' at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

function groupName(body: Record<string, unknown>): string {
  const name = requireString(body, 'GroupName');
  if (!GROUP_NAME.test(name))
    throw validation(
      'groupName',
      name,
      'Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+',
    );
  return name;
}

/** The optional members of CreateGroup / UpdateGroup, checked against the API reference's constraints. */
function settings(
  body: Record<string, unknown>,
): Partial<Pick<GroupRecord, 'description' | 'roleArn' | 'precedence'>> {
  const out: Partial<Pick<GroupRecord, 'description' | 'roleArn' | 'precedence'>> = {};
  if (body.Description !== undefined) {
    if (typeof body.Description !== 'string' || body.Description.length > 2048)
      throw validation('description', body.Description, 'Member must have length less than or equal to 2048');
    out.description = body.Description;
  }
  if (body.RoleArn !== undefined) {
    const arn = body.RoleArn;
    if (typeof arn !== 'string' || arn.length < 20 || arn.length > 2048 || !ROLE_ARN.test(arn))
      throw validation(
        'roleArn',
        arn,
        'Member must satisfy regular expression pattern: arn:[\\w+=/,.@-]+:...',
      );
    out.roleArn = arn;
  }
  if (body.Precedence !== undefined) {
    const p = body.Precedence;
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > MAX_PRECEDENCE)
      throw validation('precedence', p, 'Member must have value greater than or equal to 0');
    out.precedence = p;
  }
  return out;
}

function groupType(group: GroupRecord): Record<string, unknown> {
  return {
    GroupName: group.name,
    UserPoolId: group.poolId,
    ...(group.description !== undefined ? { Description: group.description } : {}),
    ...(group.roleArn !== undefined ? { RoleArn: group.roleArn } : {}),
    ...(group.precedence !== undefined ? { Precedence: group.precedence } : {}),
    LastModifiedDate: group.modifiedAt / 1000,
    CreationDate: group.createdAt / 1000,
  };
}

function findGroup(ctx: EmulatorContext, poolId: string, name: string): GroupRecord {
  const group = ctx.store.getGroup(poolId, name);
  if (!group) throw resourceNotFound('Group not found.');
  return group;
}

/** Limit (1-60, default 60) and NextToken (opaque: the offset, tied to the list it pages) of the List* calls. */
function page<T>(items: T[], body: Record<string, unknown>, kind: string): { items: T[]; next?: string } {
  const limit = body.Limit === undefined ? 60 : body.Limit;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 60)
    throw validation('limit', limit, 'Member must have value less than or equal to 60');
  let start = 0;
  if (body.NextToken !== undefined) {
    const m =
      typeof body.NextToken === 'string'
        ? /^([a-z]+)\.(\d+)$/.exec(Buffer.from(body.NextToken, 'base64url').toString('utf8'))
        : null;
    if (!m || m[1] !== kind) throw invalidParameter('Invalid pagination token.');
    start = Number(m[2]);
  }
  const slice = items.slice(start, start + limit);
  const end = start + slice.length;
  return end < items.length
    ? { items: slice, next: Buffer.from(`${kind}.${end}`).toString('base64url') }
    : { items: slice };
}

export function createGroup(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const pool = getPool(ctx, body.UserPoolId);
  const name = groupName(body);
  const values = settings(body);
  if (ctx.store.getGroup(pool.id, name))
    throw new CognitoException('GroupExistsException', `A group with the name ${name} already exists.`);
  const now = ctx.now();
  const group: GroupRecord = {
    poolId: pool.id,
    name,
    members: [],
    createdAt: now,
    modifiedAt: now,
    ...values,
  };
  ctx.store.putGroup(group);
  return { Group: groupType(group) };
}

export function getGroup(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const pool = getPool(ctx, body.UserPoolId);
  return { Group: groupType(findGroup(ctx, pool.id, groupName(body))) };
}

export function listGroups(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const pool = getPool(ctx, body.UserPoolId);
  const { items, next } = page(ctx.store.groupsOf(pool.id), body, 'groups');
  return { Groups: items.map(groupType), ...(next ? { NextToken: next } : {}) };
}

/** UpdateGroup changes only the members it is given (the API reference: "updates any of the properties"). */
export function updateGroup(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const pool = getPool(ctx, body.UserPoolId);
  const group = findGroup(ctx, pool.id, groupName(body));
  Object.assign(group, settings(body));
  group.modifiedAt = ctx.now();
  return { Group: groupType(group) };
}

export function deleteGroup(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const pool = getPool(ctx, body.UserPoolId);
  const group = findGroup(ctx, pool.id, groupName(body));
  ctx.store.deleteGroup(group);
  return {};
}

export function adminAddUserToGroup(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { pool, user } = adminUser(ctx, body);
  const group = findGroup(ctx, pool.id, groupName(body));
  if (!group.members.includes(user.sub)) group.members.push(user.sub);
  return {};
}

export function adminRemoveUserFromGroup(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { pool, user } = adminUser(ctx, body);
  const group = findGroup(ctx, pool.id, groupName(body));
  group.members = group.members.filter((sub) => sub !== user.sub);
  return {};
}

export function adminListGroupsForUser(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const { user } = adminUser(ctx, body);
  const { items, next } = page(groupsOfUser(ctx, user), body, 'usergroups');
  return { Groups: items.map(groupType), ...(next ? { NextToken: next } : {}) };
}

export function listUsersInGroup(ctx: EmulatorContext, body: Record<string, unknown>): unknown {
  const pool = getPool(ctx, body.UserPoolId);
  const group = findGroup(ctx, pool.id, groupName(body));
  const bySub = new Map(ctx.store.usersOf(pool.id).map((u) => [u.sub, u]));
  const members = group.members.flatMap((sub) => bySub.get(sub) ?? []);
  const { items, next } = page(members, body, 'members');
  return {
    Users: items.map((u) => ({
      Username: u.username,
      Attributes: attributeList(u),
      UserCreateDate: u.createdAt / 1000,
      UserLastModifiedDate: u.modifiedAt / 1000,
      Enabled: u.enabled,
      UserStatus: u.status,
    })),
    ...(next ? { NextToken: next } : {}),
  };
}

/** A user's groups, by Precedence (lowest first; groups without one last), then by the order they were made. */
export function groupsOfUser(ctx: EmulatorContext, user: UserRecord): GroupRecord[] {
  const rank = (g: GroupRecord): number => g.precedence ?? Number.POSITIVE_INFINITY;
  return ctx.store
    .groupsOf(user.poolId)
    .filter((g) => g.members.includes(user.sub))
    .sort((a, b) => rank(a) - rank(b));
}

/**
 * The group claims of a user's tokens. cognito:roles lists the role of every group that has one; cognito:preferred_role
 * is the role of the group with the lowest Precedence; groups tied on the lowest precedence give it only if they share
 * one role (CreateGroup, API reference). A user in no group gets none of these claims.
 */
export function groupClaims(
  ctx: EmulatorContext,
  user: UserRecord,
): { groups: string[]; roles: string[]; preferredRole?: string } {
  const groups = groupsOfUser(ctx, user);
  const roles = [...new Set(groups.flatMap((g) => (g.roleArn ? [g.roleArn] : [])))];
  const withRole = groups.filter((g) => g.roleArn);
  const first = withRole[0];
  if (!first) return { groups: groups.map((g) => g.name), roles };
  const tied = withRole.filter((g) => g.precedence === first.precedence);
  const preferred = new Set(tied.map((g) => g.roleArn));
  return {
    groups: groups.map((g) => g.name),
    roles,
    ...(preferred.size === 1 ? { preferredRole: first.roleArn as string } : {}),
  };
}
