export type RoleName =
  | 'Global Administrator'
  | 'Privileged Role Administrator'
  | 'Privileged Authentication Administrator'
  | 'Authentication Administrator'
  | 'User Administrator'
  | 'Groups Administrator'
  | 'Application Administrator'
  | 'Cloud Application Administrator'
  | 'Helpdesk Administrator'
  | 'Guest Inviter'
  | 'Global Reader'
  | 'Directory Readers';

export interface RoleDefinition {
  name: RoleName;
  roleTemplateId: string;
  description: string;
}

export const ROLE_DEFINITIONS: readonly RoleDefinition[] = [
  { name: 'Global Administrator', roleTemplateId: '62e90394-69f5-4237-9190-012177145e10', description: 'Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.' },
  { name: 'Privileged Role Administrator', roleTemplateId: 'e8611ab8-c189-46e8-94e1-60213ab1f814', description: 'Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management.' },
  { name: 'Privileged Authentication Administrator', roleTemplateId: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13', description: 'Can access to view, set and reset authentication method information for any user (admin or non-admin).' },
  { name: 'Authentication Administrator', roleTemplateId: 'c4e39bd9-1100-46d3-8c65-fb160da0071f', description: 'Can access to view, set and reset authentication method information for any non-admin user.' },
  { name: 'User Administrator', roleTemplateId: 'fe930be7-5e62-47db-91af-98c3a49a38b1', description: 'Can manage all aspects of users and groups, including resetting passwords for limited admins.' },
  { name: 'Groups Administrator', roleTemplateId: 'fdd7a751-b60b-444a-984c-02652fe8fa1c', description: 'Members of this role can create/manage groups, create/manage groups settings like naming and expiration policies, and view groups activity and audit reports.' },
  { name: 'Application Administrator', roleTemplateId: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', description: 'Can create and manage all aspects of app registrations and enterprise apps.' },
  { name: 'Cloud Application Administrator', roleTemplateId: '158c047a-c907-4556-b7ef-446551a6b5f7', description: 'Can create and manage all aspects of app registrations and enterprise apps except App Proxy.' },
  { name: 'Helpdesk Administrator', roleTemplateId: '729827e3-9c14-49f7-bb1b-9608f156bbb8', description: 'Can reset passwords for non-administrators and Helpdesk Administrators.' },
  { name: 'Guest Inviter', roleTemplateId: '95e79109-95c0-4d8e-aee3-d01accf2d47b', description: 'Can invite guest users independent of the \'members can invite guests\' setting.' },
  { name: 'Global Reader', roleTemplateId: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451', description: 'Can read everything that a Global Administrator can, but not update anything.' },
  { name: 'Directory Readers', roleTemplateId: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b', description: 'Can read basic directory information. Commonly used to grant directory read access to applications and guests.' },
];

/**
 * Roles a User Administrator may still act on ("Who can perform sensitive actions", graph-api.md §1.6). A user holding
 * any other role is privileged: only a Global or Privileged Authentication Administrator may delete or restore them.
 */
export const ROLES_USER_ADMIN_CAN_MANAGE: ReadonlySet<RoleName> = new Set<RoleName>([
  'Directory Readers',
  'Groups Administrator',
  'Guest Inviter',
  'Helpdesk Administrator',
  'User Administrator',
]);

export function roleDefinition(name: RoleName): RoleDefinition {
  const found = ROLE_DEFINITIONS.find((role) => role.name === name);
  if (!found) throw new Error(`Unknown role ${name}`);
  return found;
}

/** A tenant-defined role (`unifiedRoleDefinition` with `isBuiltIn: false`). */
export interface CustomRoleDefinition {
  id: string;
  displayName: string;
  description: string;
  allowedResourceActions: readonly string[];
}

/**
 * Custom-role resource actions (Entra's "user management permissions for custom roles") that allow a sandbox
 * operation on ordinary (non-privileged) users. Actions not listed here authorize nothing in the sandbox.
 */
export const CUSTOM_ROLE_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  'user.restore': ['microsoft.directory/users/restore'],
  'user.delete': ['microsoft.directory/users/delete'],
  'user.update': ['microsoft.directory/users/basic/update'],
};

/** How a principal holds a role: `/` is tenant-wide, `/administrativeUnits/{id}` only over that unit's members. */
export interface RoleAssignmentRecord {
  id: string;
  principalId: string;
  /** Built-in roles by name; custom roles by their definition id. */
  role: { builtIn: RoleName } | { customId: string };
  directoryScopeId: string;
  /** `eligible`: Privileged Identity Management eligibility, inactive until the principal activates it. */
  state: 'active' | 'eligible';
  startDateTime: string;
}
