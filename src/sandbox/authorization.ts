import { forbidden } from './graph-error';
import type { RoleName } from './tenant/roles';
import { CUSTOM_ROLE_ACTIONS } from './tenant/roles';

export type Operation =
  | 'directory.read'
  | 'me.read'
  | 'authenticationMethods.read'
  | 'deletedItems.read'
  | 'user.create'
  | 'user.update'
  | 'user.delete'
  | 'user.restore'
  | 'user.purge'
  | 'group.write'
  | 'group.members'
  | 'group.restore'
  | 'group.purge'
  | 'application.write'
  | 'application.restore'
  | 'application.purge'
  | 'administrativeUnit.write'
  | 'administrativeUnit.restore'
  | 'invitation.create'
  | 'roleManagement.read'
  | 'roleSchedules.readOwn'
  | 'subscribedSkus.read';

interface Rule {
  /** Roles allowed; 'any' includes users with no role at all. */
  roles: readonly RoleName[] | 'any' | 'anyAdmin';
  /** The token's `scp` must hold at least one of these. */
  scopes: readonly string[];
  /** Stricter rule when the target is privileged (holds a role a User Administrator may not manage, or is role-assignable). */
  privilegedTarget?: { roles: readonly RoleName[]; scopes: readonly string[] };
  /** An owner of the target group may act without a role (the scopes, and a privileged target's scopes, still apply). */
  ownersMayAct?: true;
}

const READ = ['User.Read.All', 'User.ReadBasic.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'];
const USER_WRITE = ['User.ReadWrite.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'];
const USER_DELETE_RESTORE = ['User.DeleteRestore.All', ...USER_WRITE];
const GROUP_WRITE = ['Group.ReadWrite.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'];
const APP_WRITE = ['Application.ReadWrite.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'];
const USER_ADMINS: readonly RoleName[] = ['Global Administrator', 'Privileged Authentication Administrator', 'User Administrator'];
const GROUP_ADMINS: readonly RoleName[] = ['Global Administrator', 'Privileged Role Administrator', 'User Administrator', 'Groups Administrator'];
const APP_ADMINS: readonly RoleName[] = ['Global Administrator', 'Application Administrator', 'Cloud Application Administrator'];
const PRIVILEGED_USER_TARGET = {
  roles: ['Global Administrator', 'Privileged Authentication Administrator'] as RoleName[],
  scopes: ['Directory.AccessAsUser.All'],
};
const ROLE_ASSIGNABLE_GROUP_TARGET = {
  roles: ['Global Administrator', 'Privileged Role Administrator'] as RoleName[],
  scopes: ['RoleManagement.ReadWrite.Directory', 'Directory.AccessAsUser.All'],
};

/** Operation × role (and scope) matrix, from graph-api.md §1.5, §1.6, §2.4–2.6 and §3. */
export const AUTHORIZATION_MATRIX: Record<Operation, Rule> = {
  'directory.read': { roles: 'any', scopes: [...READ, 'Group.Read.All', 'Group.ReadWrite.All', 'Application.Read.All', 'Application.ReadWrite.All', 'AdministrativeUnit.Read.All', 'AdministrativeUnit.ReadWrite.All'] },
  'me.read': { roles: 'any', scopes: ['User.Read', ...READ] },
  'authenticationMethods.read': {
    roles: ['Global Administrator', 'Privileged Authentication Administrator', 'Authentication Administrator', 'Global Reader'],
    scopes: ['UserAuthenticationMethod.Read.All', 'UserAuthenticationMethod.ReadWrite.All'],
  },
  'deletedItems.read': { roles: 'anyAdmin', scopes: [...READ, 'Group.Read.All', 'Group.ReadWrite.All', 'Application.Read.All', 'Application.ReadWrite.All', 'AdministrativeUnit.Read.All', 'AdministrativeUnit.ReadWrite.All'] },
  'user.create': { roles: USER_ADMINS, scopes: USER_WRITE },
  'user.update': { roles: USER_ADMINS, scopes: USER_WRITE, privilegedTarget: PRIVILEGED_USER_TARGET },
  'user.delete': { roles: USER_ADMINS, scopes: USER_DELETE_RESTORE, privilegedTarget: PRIVILEGED_USER_TARGET },
  'user.restore': {
    roles: [...USER_ADMINS, 'Authentication Administrator'],
    scopes: USER_DELETE_RESTORE,
    privilegedTarget: PRIVILEGED_USER_TARGET,
  },
  'user.purge': { roles: USER_ADMINS, scopes: USER_DELETE_RESTORE, privilegedTarget: PRIVILEGED_USER_TARGET },
  'group.write': { roles: GROUP_ADMINS, scopes: GROUP_WRITE, privilegedTarget: ROLE_ASSIGNABLE_GROUP_TARGET },
  'group.members': {
    roles: GROUP_ADMINS,
    scopes: ['GroupMember.ReadWrite.All', ...GROUP_WRITE],
    privilegedTarget: ROLE_ASSIGNABLE_GROUP_TARGET,
    ownersMayAct: true,
  },
  'group.restore': { roles: GROUP_ADMINS, scopes: GROUP_WRITE, privilegedTarget: ROLE_ASSIGNABLE_GROUP_TARGET },
  'group.purge': { roles: GROUP_ADMINS, scopes: GROUP_WRITE, privilegedTarget: ROLE_ASSIGNABLE_GROUP_TARGET },
  'application.write': { roles: APP_ADMINS, scopes: APP_WRITE },
  'application.restore': { roles: APP_ADMINS, scopes: APP_WRITE },
  'application.purge': { roles: APP_ADMINS, scopes: APP_WRITE },
  'administrativeUnit.write': {
    roles: ['Global Administrator', 'Privileged Role Administrator'],
    scopes: ['AdministrativeUnit.ReadWrite.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'],
  },
  'administrativeUnit.restore': {
    roles: ['Global Administrator', 'Privileged Role Administrator'],
    scopes: ['AdministrativeUnit.ReadWrite.All', 'Directory.AccessAsUser.All'],
  },
  // rbacapplication-list-roleassignments / -roledefinitions: RoleManagement.Read.Directory is the least privileged scope.
  'roleManagement.read': {
    roles: 'any',
    scopes: ['RoleManagement.Read.Directory', 'RoleManagement.Read.All', 'RoleManagement.ReadWrite.Directory', 'Directory.Read.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'],
  },
  // roleEligibilityScheduleInstances / roleAssignmentScheduleInstances (PIM): RoleEligibilitySchedule.Read.Directory etc.
  'roleSchedules.readOwn': {
    roles: 'any',
    scopes: [
      'RoleEligibilitySchedule.Read.Directory', 'RoleEligibilitySchedule.ReadWrite.Directory', 'RoleAssignmentSchedule.Read.Directory',
      'RoleAssignmentSchedule.ReadWrite.Directory', 'RoleManagement.Read.Directory', 'RoleManagement.Read.All', 'RoleManagement.ReadWrite.Directory',
    ],
  },
  // subscribedsku-list-permissions.md: Organization.Read.All is the least privileged delegated scope; only the
  // higher ones in that table are accepted (not LicenseAssignment.Read.All, not Directory.AccessAsUser.All).
  'subscribedSkus.read': {
    roles: 'any',
    scopes: ['Organization.Read.All', 'Directory.Read.All', 'Organization.ReadWrite.All', 'Directory.ReadWrite.All'],
  },
  'invitation.create': {
    roles: ['Global Administrator', 'User Administrator', 'Guest Inviter'],
    scopes: ['User.Invite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'],
  },
};

export interface Caller {
  oid: string;
  /** Active, tenant-wide built-in roles (PIM eligibilities are not roles until activated). */
  roles: readonly RoleName[];
  scopes: ReadonlySet<string>;
  /** Active built-in roles scoped to an administrative unit: they count only for targets in that unit. */
  scopedRoles?: readonly { role: RoleName; administrativeUnitId: string }[];
  /** Resource actions of the caller's active custom roles. */
  customActions?: ReadonlySet<string>;
}

/** What the rule needs to know about the object acted on. */
export interface TargetFacts {
  /** Holds a role a User Administrator may not manage, or is (in) a role-assignable group. */
  privileged?: boolean;
  /** Administrative units the target is a member of. */
  administrativeUnitIds?: ReadonlySet<string>;
  /** The caller owns the target (a group): owners may act where the rule says so. */
  callerOwnsTarget?: boolean;
}

function rolesAllow(allowed: Rule['roles'], held: readonly RoleName[]): boolean {
  if (allowed === 'any') return true;
  if (held.includes('Global Administrator')) return true;
  if (allowed === 'anyAdmin') return held.length > 0;
  return held.some((role) => allowed.includes(role));
}

function effectiveRoles(caller: Caller, target: TargetFacts): RoleName[] {
  const units = target.administrativeUnitIds;
  const scoped = (caller.scopedRoles ?? []).filter((assignment) => units?.has(assignment.administrativeUnitId) === true).map((a) => a.role);
  return [...caller.roles, ...scoped];
}

function customRoleAllows(operation: Operation, caller: Caller, target: TargetFacts): boolean {
  if (target.privileged) return false;
  const actions = CUSTOM_ROLE_ACTIONS[operation] ?? [];
  return actions.some((action) => caller.customActions?.has(action) === true);
}

export function isAllowed(operation: Operation, caller: Caller, target: TargetFacts | boolean = false): boolean {
  const facts: TargetFacts = typeof target === 'boolean' ? { privileged: target } : target;
  const rule = AUTHORIZATION_MATRIX[operation];
  if (!rule.scopes.some((scope) => caller.scopes.has(scope))) return false;
  const actsAsOwner = facts.callerOwnsTarget === true && rule.ownersMayAct === true;
  const held = effectiveRoles(caller, facts);
  // Any admin: a role of any scope, or a custom role, counts (an AU-scoped admin must be able to list what to restore).
  if (rule.roles === 'anyAdmin' && ((caller.scopedRoles ?? []).length > 0 || (caller.customActions?.size ?? 0) > 0)) return true;
  if (!actsAsOwner && !rolesAllow(rule.roles, held) && !customRoleAllows(operation, caller, facts)) return false;
  if (facts.privileged && rule.privilegedTarget) {
    const strict = rule.privilegedTarget;
    if (!strict.scopes.some((scope) => caller.scopes.has(scope))) return false;
    if (!actsAsOwner && !rolesAllow(strict.roles, held)) return false;
  }
  return true;
}

export function authorize(operation: Operation, caller: Caller, target: TargetFacts | boolean = false): void {
  if (!isAllowed(operation, caller, target)) forbidden();
}
