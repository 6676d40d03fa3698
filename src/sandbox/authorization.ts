import { forbidden } from './graph-error';
import type { RoleName } from './tenant/roles';

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
  | 'invitation.create';

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
  'invitation.create': {
    roles: ['Global Administrator', 'User Administrator', 'Guest Inviter'],
    scopes: ['User.Invite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'],
  },
};

export interface Caller {
  oid: string;
  roles: readonly RoleName[];
  scopes: ReadonlySet<string>;
}

function rolesAllow(allowed: Rule['roles'], held: readonly RoleName[]): boolean {
  if (allowed === 'any') return true;
  if (held.includes('Global Administrator')) return true;
  if (allowed === 'anyAdmin') return held.length > 0;
  return held.some((role) => allowed.includes(role));
}

export function isAllowed(operation: Operation, caller: Caller, targetIsPrivileged = false, callerOwnsTarget = false): boolean {
  const rule = AUTHORIZATION_MATRIX[operation];
  const actsAsOwner = callerOwnsTarget && rule.ownersMayAct === true;
  if (!rule.scopes.some((scope) => caller.scopes.has(scope))) return false;
  if (!actsAsOwner && !rolesAllow(rule.roles, caller.roles)) return false;
  if (targetIsPrivileged && rule.privilegedTarget) {
    const strict = rule.privilegedTarget;
    if (!strict.scopes.some((scope) => caller.scopes.has(scope))) return false;
    if (!actsAsOwner && !rolesAllow(strict.roles, caller.roles)) return false;
  }
  return true;
}

export function authorize(operation: Operation, caller: Caller, targetIsPrivileged = false, callerOwnsTarget = false): void {
  if (!isAllowed(operation, caller, targetIsPrivileged, callerOwnsTarget)) forbidden();
}
