import { notFound } from '../graph-error';
import type { StoredGroup, StoredUser } from '../tenant/entities';
import { ODATA_TYPE } from '../tenant/entities';
import { ROLES_USER_ADMIN_CAN_MANAGE } from '../tenant/roles';
import type { TenantState } from '../tenant/tenant-state';
import type { Row } from './listing';

export function isPrivilegedUser(state: TenantState, userId: string): boolean {
  return state.rolesOf(userId).some((role) => !ROLES_USER_ADMIN_CAN_MANAGE.has(role)) || state.isInRoleAssignableGroup(userId);
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

export function directoryRoleRows(state: TenantState, userId: string): Row[] {
  return state.roles
    .filter((role) => role.members.has(userId))
    .map((role) => ({
      '@odata.type': '#microsoft.graph.directoryRole',
      id: role.id,
      deletedDateTime: null,
      description: role.description,
      displayName: role.name,
      roleTemplateId: role.roleTemplateId,
    }));
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
