import { z } from 'zod';
import type { GraphClient } from '../graph/graph-client';
import { GraphError } from '../graph/graph-error';
import { listItems } from '../graph/pager';
import type { PrivilegedScope } from '../graph/app-scopes';
import type { CallerProfile } from './caller-profile';
import type { RoleKey } from './directory-roles';
import { DIRECTORY_ROLES, roleName } from './directory-roles';

/**
 * Why the dry run already knows a row will be refused (typed, so cards and the CLI never read it from the note).
 * `privileged-user`: the target holds a role a User Administrator may not manage; Graph wants Directory.AccessAsUser.All
 * in the token and a Global or Privileged Authentication Administrator. `role-assignable-group`: Graph wants
 * RoleManagement.ReadWrite.Directory and a Privileged Role Administrator.
 */
export type RowBlocker =
  | { kind: 'privileged-target'; target: 'privileged-user' | 'role-assignable-group'; scope: PrivilegedScope; missingScope: boolean; roles: RoleKey[]; missingRole: boolean }
  | { kind: 'outside-administrative-unit'; administrativeUnits: string[] };

/** Roles a User Administrator may still act on ("Who can perform sensitive actions"), by role template id. */
const NON_PRIVILEGED_ROLE_TEMPLATES: ReadonlySet<string> = new Set([
  '88d8e3e3-8f55-4a1e-953a-9b9898b8876b', // Directory Readers
  DIRECTORY_ROLES.groupsAdministrator.templateId,
  DIRECTORY_ROLES.guestInviter.templateId,
  DIRECTORY_ROLES.helpdeskAdministrator.templateId,
  '790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b', // Message Center Reader
  '966707d0-3269-4727-9be2-8c3a10f19b9d', // Password Administrator
  '4a5d8f65-41da-4de4-8968-e035b65339cf', // Reports Reader
  DIRECTORY_ROLES.userAdministrator.templateId,
  '75934031-6c7e-415a-99d7-48dbd49e875e', // Usage Summary Reports Reader
]);

const assignmentSchema = z.object({
  principalId: z.string(),
  roleDefinitionId: z.string(),
  roleDefinition: z.object({ displayName: z.string().nullable().optional(), isBuiltIn: z.boolean().nullable().optional() }).nullable().optional(),
});

/** Principal id (lower case) → names of the privileged roles it holds or is eligible for. */
export type PrivilegedPrincipals = ReadonlyMap<string, string[]>;

/**
 * Who holds a privileged role, from the tenant's role assignments and PIM eligibilities. Undefined when Graph won't
 * let the caller read them: then rows on admins can't be predicted, and Graph decides.
 */
export async function loadPrivilegedPrincipals(graph: GraphClient, signal?: AbortSignal): Promise<PrivilegedPrincipals | undefined> {
  const map = new Map<string, string[]>();
  const collections = ['roleAssignments', 'roleEligibilityScheduleInstances'];
  for (const [index, collection] of collections.entries()) {
    try {
      for await (const raw of listItems<unknown>(graph, `/roleManagement/directory/${collection}?$expand=roleDefinition`, { signal, operation: 'read' })) {
        const parsed = assignmentSchema.safeParse(raw);
        if (!parsed.success) continue;
        const { principalId, roleDefinitionId, roleDefinition } = parsed.data;
        const custom = roleDefinition?.isBuiltIn === false;
        if (!custom && NON_PRIVILEGED_ROLE_TEMPLATES.has(roleDefinitionId.toLowerCase())) continue;
        const name = roleDefinition?.displayName ?? 'a privileged role';
        const key = principalId.toLowerCase();
        map.set(key, [...new Set([...(map.get(key) ?? []), custom ? `the custom role ${name}` : name])]);
      }
    } catch (error) {
      // Eligibilities are extra knowledge; without the assignments nothing can be predicted.
      if (error instanceof GraphError && error.status !== 401) {
        if (index === 0) return undefined;
        continue;
      }
      throw error;
    }
  }
  return map;
}

/** What Graph wants, besides the usual role, to act on each kind of privileged target. */
export const PRIVILEGED_RULES: Record<'privileged-user' | 'role-assignable-group', { scope: PrivilegedScope; roles: RoleKey[] }> = {
  'privileged-user': { scope: 'Directory.AccessAsUser.All', roles: ['globalAdministrator', 'privilegedAuthenticationAdministrator'] },
  'role-assignable-group': { scope: 'RoleManagement.ReadWrite.Directory', roles: ['globalAdministrator', 'privilegedRoleAdministrator'] },
};

function blockerFor(
  target: 'privileged-user' | 'role-assignable-group',
  caller: Pick<CallerProfile, 'roles' | 'tokenScopes'>,
): RowBlocker | 'unknown-scopes' | undefined {
  const { scope, roles } = PRIVILEGED_RULES[target];
  const missingRole = !roles.some((role) => caller.roles.has(role));
  const scopes = caller.tokenScopes;
  // Directory.AccessAsUser.All acts with all of the user's own rights, so it also stands in for RoleManagement.ReadWrite.Directory.
  const missingScope = scopes === undefined ? false : !scopes.has(scope) && !scopes.has('Directory.AccessAsUser.All');
  if (!missingRole && !missingScope) return scopes === undefined ? 'unknown-scopes' : undefined;
  return { kind: 'privileged-target', target, scope, missingScope, roles, missingRole };
}

/** The row's fate when its target is privileged: a failure naming the permission and role, or undefined if allowed. */
export function privilegedTargetPlan(
  target: { kind: 'privileged-user'; heldRoles: string[] } | { kind: 'role-assignable-group' },
  caller: Pick<CallerProfile, 'roles' | 'tokenScopes'>,
  verb: string,
): { outcome: 'fail' | 'attention'; note: string; blocker?: RowBlocker } | undefined {
  const blocker = blockerFor(target.kind, caller);
  if (blocker === undefined) return undefined;
  const what = target.kind === 'privileged-user' ? `holds ${target.heldRoles.join(', ')}` : 'is a role-assignable group';
  const { scope, roles } = PRIVILEGED_RULES[target.kind];
  const roleNames = roles.map(roleName).join(' or ');
  if (blocker === 'unknown-scopes') {
    return { outcome: 'attention', note: `${what}: Graph will ${verb} it only if your sign-in includes the ${scope} permission (I can't read your token's permissions)` };
  }
  const needs = [
    ...(blocker.kind === 'privileged-target' && blocker.missingScope ? [`the ${scope} permission, which the Teams app does not request`] : []),
    ...(blocker.kind === 'privileged-target' && blocker.missingRole ? [`the ${roleNames} role`] : []),
  ];
  return {
    outcome: 'fail',
    note: `${what}: to ${verb} it Graph needs ${needs.join(' and ')}; as a ${roleNames}, use entra-bulk with --privileged, or the Entra admin center`,
    blocker,
  };
}

/** Ids (lower case) of the active members of administrative units. */
export async function administrativeUnitMembers(graph: GraphClient, unitIds: readonly string[], signal?: AbortSignal): Promise<Map<string, Set<string>>> {
  const members = new Map<string, Set<string>>();
  for (const unitId of new Set(unitIds)) {
    const ids = new Set<string>();
    for await (const member of listItems<{ id: string }>(graph, `/directory/administrativeUnits/${unitId}/members?$select=id&$top=999`, { signal, operation: 'read' })) {
      ids.add(member.id.toLowerCase());
    }
    members.set(unitId, ids);
  }
  return members;
}
