import { CREATE_USER_ROLES } from '../create-users/create-users-operation';
import { DELETE_USER_ROLES } from '../delete-users/delete-users-operation';
import type { RoleRequirement } from '../directory-roles';
import { MEMBERSHIP_ROLES } from '../group-membership';
import { PRIVILEGED_RULES } from '../privileged-targets';
import { INVITE_ROLES } from '../invite/invite-operation';
import { PURGE_ROLES } from '../purge/purge-operation';
import { RESTORE_ROLES } from '../restore/restore-operation';
import { UPDATE_USER_ROLES } from '../update-users/update-users-operation';

export type FeatureId =
  | 'restore-users'
  | 'restore-groups'
  | 'restore-apps'
  | 'restore-admin-units'
  | 'purge'
  | 'invite'
  | 'create-users'
  | 'delete-users'
  | 'update-users'
  | 'group-members'
  | 'export'
  | 'export-auth-methods'
  | 'export-last-sign-in'
  | 'export-licenses'
  | 'privileged-users'
  | 'role-assignable-groups';

export interface PreflightFeature {
  id: FeatureId;
  title: string;
  /** The token must hold at least one of these delegated scopes. */
  scopes: readonly string[];
  /** Undefined: any member of the tenant may do it. */
  roles?: RoleRequirement;
  /** Group owners may do it without an admin role. */
  ownersMay?: boolean;
  /** Reads the tenant's guest-invitation setting. */
  invitations?: boolean;
  /** Needs more than the app registration requests. */
  beyondTheApp?: boolean;
  /** Left out of the default check (optional extras, or beyond the app): judged only when asked for by name. */
  onlyWhenAsked?: boolean;
}

const USER_DELETE_RESTORE = ['User.DeleteRestore.All', 'User.ReadWrite.All', 'Directory.AccessAsUser.All'];
const GROUP_WRITE = ['Group.ReadWrite.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'];

/** What an admin can ask the setup check about, with what Graph needs for each (graph-api.md §1.6, §2–3). */
export const PREFLIGHT_FEATURES: readonly PreflightFeature[] = [
  { id: 'restore-users', title: 'Restore deleted users', scopes: USER_DELETE_RESTORE, roles: RESTORE_ROLES.user },
  { id: 'restore-groups', title: 'Restore deleted groups', scopes: GROUP_WRITE, roles: RESTORE_ROLES.group },
  { id: 'restore-apps', title: 'Restore deleted apps and enterprise apps', scopes: ['Application.ReadWrite.All', 'Directory.AccessAsUser.All'], roles: RESTORE_ROLES.application },
  { id: 'restore-admin-units', title: 'Restore deleted administrative units', scopes: ['AdministrativeUnit.ReadWrite.All', 'Directory.AccessAsUser.All'], roles: RESTORE_ROLES.administrativeUnit },
  { id: 'purge', title: 'Permanently delete users from the recycle bin', scopes: USER_DELETE_RESTORE, roles: PURGE_ROLES.user },
  { id: 'invite', title: 'Invite guests', scopes: ['User.Invite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'], roles: INVITE_ROLES, invitations: true },
  { id: 'create-users', title: 'Create users', scopes: ['User.ReadWrite.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'], roles: CREATE_USER_ROLES },
  { id: 'delete-users', title: 'Delete users', scopes: USER_DELETE_RESTORE, roles: DELETE_USER_ROLES },
  { id: 'update-users', title: 'Update users', scopes: ['User.ReadWrite.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'], roles: UPDATE_USER_ROLES },
  { id: 'group-members', title: 'Add and remove group members', scopes: ['GroupMember.ReadWrite.All', ...GROUP_WRITE], roles: MEMBERSHIP_ROLES, ownersMay: true },
  { id: 'export', title: 'Download users, groups and members', scopes: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'] },
  {
    id: 'export-auth-methods',
    title: 'Authentication-method columns in user exports',
    scopes: ['UserAuthenticationMethod.Read.All', 'UserAuthenticationMethod.ReadWrite.All'],
    roles: { action: 'read authentication methods', anyOf: ['authenticationAdministrator', 'privilegedAuthenticationAdministrator'] },
    onlyWhenAsked: true,
  },
  {
    // Graph also wants Entra ID P1 and a reporting role (Reports Reader, Security Reader, Global Reader…), which the
    // profile can't show for every role: the export probes once and says why the column is empty.
    id: 'export-last-sign-in',
    title: 'Last sign-in column in user exports',
    scopes: ['AuditLog.Read.All'],
    onlyWhenAsked: true,
  },
  {
    id: 'export-licenses',
    title: 'License names in user exports',
    scopes: ['Organization.Read.All', 'Organization.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
    onlyWhenAsked: true,
  },
  privilegedFeature('privileged-users', 'Restore or delete users who hold admin roles', 'privileged-user'),
  privilegedFeature('role-assignable-groups', 'Restore role-assignable groups or change their members', 'role-assignable-group'),
];

/** Work on privileged targets needs what the dry run checks for them (Directory.AccessAsUser.All stands in for both). */
function privilegedFeature(id: FeatureId, title: string, target: keyof typeof PRIVILEGED_RULES): PreflightFeature {
  const { scope, roles } = PRIVILEGED_RULES[target];
  return {
    id,
    title,
    scopes: scope === 'Directory.AccessAsUser.All' ? [scope] : [scope, 'Directory.AccessAsUser.All'],
    roles: { action: title.toLowerCase(), anyOf: roles.filter((role) => role !== 'globalAdministrator') },
    beyondTheApp: true,
    onlyWhenAsked: true,
  };
}

/** What the setup check judges when the admin names nothing. */
export const DEFAULT_FEATURES: readonly PreflightFeature[] = PREFLIGHT_FEATURES.filter((feature) => !feature.onlyWhenAsked);

const KIND_ALIASES: Record<string, FeatureId> = {
  restore: 'restore-users',
  'add-group-members': 'group-members',
  'remove-group-members': 'group-members',
  members: 'group-members',
};

/** The feature an admin named (a feature id or a bulk kind), or undefined. */
export function featureNamed(name: string): PreflightFeature | undefined {
  const id = KIND_ALIASES[name.toLowerCase()] ?? name.toLowerCase();
  return PREFLIGHT_FEATURES.find((feature) => feature.id === id);
}
