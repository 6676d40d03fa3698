import type { ObjectKind, StoredObject, StoredOf, StoredUser } from './entities';
import { OBJECT_KINDS } from './entities';
import { ObjectCollection } from './object-collection';
import type { SubscribedSkuRecord } from './licenses';
import type { CustomRoleDefinition, RoleAssignmentRecord, RoleName } from './roles';
import { ROLE_DEFINITIONS } from './roles';

export interface DirectoryRoleRecord {
  id: string;
  name: RoleName;
  roleTemplateId: string;
  description: string;
  members: Set<string>;
}

export interface TenantInfo {
  tenantId: string;
  displayName: string;
  domain: string;
  createdDateTime: string;
}

export const RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export type AllowInvitesFrom = 'none' | 'adminsAndGuestInviters' | 'adminsGuestInvitersAndAllMembers' | 'everyone';

export class TenantState {
  readonly users = new ObjectCollection('user');
  readonly groups = new ObjectCollection('group');
  readonly applications = new ObjectCollection('application');
  readonly servicePrincipals = new ObjectCollection('servicePrincipal');
  readonly administrativeUnits = new ObjectCollection('administrativeUnit');
  /** Lower-cased UPN of every active user → id. */
  readonly upnIndex = new Map<string, string>();
  /** Lower-cased address (without the smtp: prefix) of every active user or group → id. */
  readonly addressIndex = new Map<string, string>();
  readonly groupMembers = new Map<string, Set<string>>();
  readonly memberOf = new Map<string, Set<string>>();
  /** Group id → the ids of its owners (users or service principals). */
  readonly groupOwners = new Map<string, Set<string>>();
  readonly auMembers = new Map<string, Set<string>>();
  readonly roles: DirectoryRoleRecord[];
  /**
   * Assignments that are not plain, active, tenant-wide built-in roles (those are `roles[].members`): PIM
   * eligibilities, administrative-unit-scoped assignments and custom roles.
   */
  readonly roleAssignments: RoleAssignmentRecord[] = [];
  readonly customRoles: CustomRoleDefinition[] = [];
  /** User id → the id of their manager. */
  readonly managers = new Map<string, string>();
  readonly subscribedSkus: SubscribedSkuRecord[] = [];
  /** The tenant holds Entra ID P1 (or P2): `signInActivity` needs it. */
  entraIdP1 = true;
  invitationsSent = 0;
  /** `authorizationPolicy.allowInvitesFrom`; `everyone` is Entra's default outside US Government clouds. */
  allowInvitesFrom: AllowInvitesFrom = 'everyone';

  constructor(
    readonly info: TenantInfo,
    roleIds: (name: RoleName) => string,
  ) {
    this.roles = ROLE_DEFINITIONS.map((role) => ({ ...role, id: roleIds(role.name), members: new Set<string>() }));
  }

  collection<K extends ObjectKind>(kind: K): ObjectCollection<K> {
    const collections = {
      user: this.users,
      group: this.groups,
      application: this.applications,
      servicePrincipal: this.servicePrincipals,
      administrativeUnit: this.administrativeUnits,
    } as const;
    return collections[kind] as unknown as ObjectCollection<K>;
  }

  findActive(id: string): StoredObject | undefined {
    for (const kind of OBJECT_KINDS) {
      const found = this.collection(kind).active.get(id);
      if (found) return found;
    }
    return undefined;
  }

  findDeleted(id: string): StoredObject | undefined {
    for (const kind of OBJECT_KINDS) {
      const found = this.collection(kind).deleted.get(id);
      if (found) return found;
    }
    return undefined;
  }

  findUser(idOrUpn: string): StoredUser | undefined {
    const byId = this.users.active.get(idOrUpn);
    if (byId) return byId;
    const id = this.upnIndex.get(idOrUpn.toLowerCase());
    return id ? this.users.active.get(id) : undefined;
  }

  addUser(user: StoredUser): void {
    if (user.deletedAtMs === null) {
      this.users.addActive(user);
      this.indexAddresses(user);
    } else {
      this.users.addDeleted(user);
    }
  }

  addObject<K extends ObjectKind>(object: StoredOf<K>): void {
    const collection = this.collection(object.kind) as unknown as ObjectCollection<K>;
    if (object.deletedAtMs === null) {
      collection.addActive(object);
      this.indexAddresses(object);
    } else {
      collection.addDeleted(object);
    }
  }

  indexAddresses(object: StoredObject): void {
    if (object.kind === 'user') this.upnIndex.set(object.data.userPrincipalName.toLowerCase(), object.data.id);
    if (object.kind === 'user' || object.kind === 'group') {
      for (const address of object.data.proxyAddresses) this.addressIndex.set(stripProxyPrefix(address), object.data.id);
    }
  }

  unindexAddresses(object: StoredObject): void {
    if (object.kind === 'user') {
      const key = object.data.userPrincipalName.toLowerCase();
      if (this.upnIndex.get(key) === object.data.id) this.upnIndex.delete(key);
    }
    if (object.kind === 'user' || object.kind === 'group') {
      for (const address of object.data.proxyAddresses) {
        const key = stripProxyPrefix(address);
        if (this.addressIndex.get(key) === object.data.id) this.addressIndex.delete(key);
      }
    }
  }

  addMember(groupId: string, memberId: string): void {
    addToSetIn(this.groupMembers, groupId, memberId);
    addToSetIn(this.memberOf, memberId, groupId);
  }

  removeMember(groupId: string, memberId: string): void {
    this.groupMembers.get(groupId)?.delete(memberId);
    this.memberOf.get(memberId)?.delete(groupId);
  }

  addOwner(groupId: string, ownerId: string): void {
    addToSetIn(this.groupOwners, groupId, ownerId);
  }

  removeOwner(groupId: string, ownerId: string): void {
    this.groupOwners.get(groupId)?.delete(ownerId);
  }

  isOwner(groupId: string, objectId: string): boolean {
    return this.groupOwners.get(groupId)?.has(objectId) === true;
  }

  assignRole(userId: string, name: RoleName): void {
    this.roles.find((role) => role.name === name)?.members.add(userId);
  }

  /** Active, administrative-unit-scoped built-in roles of a principal. */
  scopedRolesOf(userId: string): { role: RoleName; administrativeUnitId: string }[] {
    return this.roleAssignments.flatMap((assignment) =>
      assignment.principalId === userId && assignment.state === 'active' && 'builtIn' in assignment.role && assignment.directoryScopeId.startsWith('/administrativeUnits/')
        ? [{ role: assignment.role.builtIn, administrativeUnitId: assignment.directoryScopeId.slice('/administrativeUnits/'.length) }]
        : [],
    );
  }

  /** Resource actions of the active custom roles a principal holds tenant-wide. */
  customActionsOf(userId: string): Set<string> {
    const actions = new Set<string>();
    for (const assignment of this.roleAssignments) {
      if (assignment.principalId !== userId || assignment.state !== 'active' || !('customId' in assignment.role)) continue;
      const customId = assignment.role.customId;
      for (const action of this.customRoles.find((role) => role.id === customId)?.allowedResourceActions ?? []) actions.add(action);
    }
    return actions;
  }

  holdsCustomRole(userId: string): boolean {
    return this.roleAssignments.some((assignment) => assignment.principalId === userId && 'customId' in assignment.role);
  }

  administrativeUnitsOf(objectId: string): Set<string> {
    const units = new Set<string>();
    for (const [unitId, members] of this.auMembers) if (members.has(objectId) && this.administrativeUnits.active.has(unitId)) units.add(unitId);
    return units;
  }

  rolesOf(userId: string): RoleName[] {
    const direct = this.roles.filter((role) => role.members.has(userId)).map((role) => role.name);
    return direct;
  }

  /** Members and owners of role-assignable groups count as privileged too (graph-api.md §1.6). */
  isInRoleAssignableGroup(objectId: string): boolean {
    for (const groupId of this.memberOf.get(objectId) ?? []) {
      if (this.groups.active.get(groupId)?.data.isAssignableToRole === true) return true;
    }
    for (const [groupId, owners] of this.groupOwners) {
      if (owners.has(objectId) && this.groups.active.get(groupId)?.data.isAssignableToRole === true) return true;
    }
    return false;
  }

  /** Removes every trace of an object that leaves the directory for good. */
  forget(id: string): void {
    for (const groupId of this.memberOf.get(id) ?? []) this.groupMembers.get(groupId)?.delete(id);
    this.memberOf.delete(id);
    for (const memberId of this.groupMembers.get(id) ?? []) this.memberOf.get(memberId)?.delete(id);
    this.groupMembers.delete(id);
    this.groupOwners.delete(id);
    for (const owners of this.groupOwners.values()) owners.delete(id);
    this.auMembers.delete(id);
    for (const members of this.auMembers.values()) members.delete(id);
    for (const role of this.roles) role.members.delete(id);
    this.managers.delete(id);
    for (const [userId, managerId] of this.managers) if (managerId === id) this.managers.delete(userId);
    for (let i = this.roleAssignments.length - 1; i >= 0; i -= 1) if (this.roleAssignments[i]?.principalId === id) this.roleAssignments.splice(i, 1);
  }

  counts(): Record<string, { active: number; deleted: number }> {
    const result: Record<string, { active: number; deleted: number }> = {};
    for (const kind of OBJECT_KINDS) {
      const collection = this.collection(kind);
      result[kind] = { active: collection.active.size, deleted: collection.deleted.size };
    }
    return result;
  }
}

export function stripProxyPrefix(address: string): string {
  return address.replace(/^smtp:/i, '').toLowerCase();
}

function addToSetIn(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}
