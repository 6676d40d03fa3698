import type { TargetFacts } from '../authorization';
import { notFound } from '../graph-error';
import type { StoredGroup, StoredUser } from '../tenant/entities';
import { ODATA_TYPE } from '../tenant/entities';
import { ROLES_USER_ADMIN_CAN_MANAGE } from '../tenant/roles';
import type { TenantState } from '../tenant/tenant-state';
import type { Row } from './listing';

/**
 * "Who can perform sensitive actions": a user holding a role a User Administrator may not manage (active or eligible,
 * at any scope), any custom role, or a member of a role-assignable group.
 */
export function isPrivilegedUser(state: TenantState, userId: string): boolean {
  const assigned = state.roleAssignments.filter((a) => a.principalId === userId);
  return (
    state.rolesOf(userId).some((role) => !ROLES_USER_ADMIN_CAN_MANAGE.has(role)) ||
    assigned.some((a) => ('builtIn' in a.role ? !ROLES_USER_ADMIN_CAN_MANAGE.has(a.role.builtIn) : true)) ||
    state.isInRoleAssignableGroup(userId)
  );
}

/** The facts the authorization rules need about a user acted on. */
export function userTarget(state: TenantState, userId: string): TargetFacts {
  // The docs say nothing of AU-scoped admins restoring soft-deleted users, so only active members count (strict).
  const active = state.users.active.has(userId);
  return { privileged: isPrivilegedUser(state, userId), administrativeUnitIds: active ? state.administrativeUnitsOf(userId) : new Set() };
}

export function isRoleAssignableGroup(group: StoredGroup): boolean {
  return group.data.isAssignableToRole === true;
}

export function activeUser(state: TenantState, idOrUpn: string): StoredUser {
  return state.findUser(idOrUpn) ?? notFound(idOrUpn);
}

export function activeGroup(state: TenantState, id: string): StoredGroup {
  return state.groups.active.get(id) ?? notFound(id);
}

const ROLE_READING_SCOPES = ['RoleManagement.Read.Directory', 'RoleManagement.Read.All', 'RoleManagement.ReadWrite.Directory', 'Directory.Read.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'];

/**
 * The caller's active, tenant-wide built-in roles as `directoryRole` members of memberOf (PIM eligibilities,
 * AU-scoped and custom roles never appear there). Without a scope that may read roles, Graph returns only `id` and
 * `@odata.type` for objects of a type the app cannot read.
 */
export function directoryRoleRows(state: TenantState, userId: string, callerScopes: ReadonlySet<string>): Row[] {
  const readable = ROLE_READING_SCOPES.some((scope) => callerScopes.has(scope));
  return state.roles
    .filter((role) => role.members.has(userId))
    .map((role) => readable ? ({
      '@odata.type': '#microsoft.graph.directoryRole',
      id: role.id,
      deletedDateTime: null,
      description: role.description,
      displayName: role.name,
      roleTemplateId: role.roleTemplateId,
    }) : { '@odata.type': '#microsoft.graph.directoryRole', id: role.id });
}

export function groupRowsOf(state: TenantState, objectId: string): Row[] {
  const rows: Row[] = [];
  for (const groupId of state.memberOf.get(objectId) ?? []) {
    const group = state.groups.active.get(groupId);
    if (group) rows.push({ '@odata.type': ODATA_TYPE.group, ...group.data });
  }
  return rows;
}

/** Group memberships including those inherited through nested groups. */
export function transitiveGroupRows(state: TenantState, objectId: string): Row[] {
  const seen = new Set<string>();
  const queue = [...(state.memberOf.get(objectId) ?? [])];
  const rows: Row[] = [];
  while (queue.length > 0) {
    const groupId = queue.shift();
    if (groupId === undefined || seen.has(groupId)) continue;
    seen.add(groupId);
    const group = state.groups.active.get(groupId);
    if (!group) continue;
    rows.push({ '@odata.type': ODATA_TYPE.group, ...group.data });
    queue.push(...(state.memberOf.get(groupId) ?? []));
  }
  return rows;
}
