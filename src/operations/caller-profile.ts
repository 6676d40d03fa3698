import { z } from 'zod';
import type { GraphClient } from '../graph/graph-client';
import { GraphError } from '../graph/graph-error';
import { listItems, pageThrough } from '../graph/pager';
import { roleKeyOf } from './directory-roles';
import type { CallerRoles, RoleKey, ScopedRole } from './directory-roles';
import { filterParam, odataString } from '../graph/odata-literal';

export interface CallerProfile extends CallerRoles {
  id: string;
  displayName: string;
  userPrincipalName: string;
  /** Active, tenant-wide built-in roles this product reasons about. */
  roles: ReadonlySet<RoleKey>;
  /** Display names of every active directory role held, including ones this product does not reason about. */
  roleNames: string[];
  /** Built-in roles the caller may activate in Privileged Identity Management, not active now. */
  eligibleRoles: ReadonlySet<RoleKey>;
  /** Active built-in roles held over administrative units only. */
  scopedRoles: ScopedRole[];
  /** Active custom roles (their permissions are not interpreted: checks on them are advisory). */
  customRoleNames: string[];
  /** False when the roles could not be read (no role-reading scope, or Graph refused): checks are advisory. */
  rolesReadable: boolean;
  /** Scopes in the access token (`scp`); undefined when the token can't be read. */
  tokenScopes?: ReadonlySet<string>;
}

const meSchema = z.object({ id: z.string(), displayName: z.string().nullable().optional(), userPrincipalName: z.string().nullable().optional() });
const membershipSchema = z.object({
  '@odata.type': z.string().optional(),
  displayName: z.string().nullable().optional(),
  roleTemplateId: z.string().nullable().optional(),
});
const definitionSchema = z.object({
  id: z.string(),
  displayName: z.string().nullable().optional(),
  isBuiltIn: z.boolean().nullable().optional(),
  templateId: z.string().nullable().optional(),
});
const assignmentSchema = z.object({
  roleDefinitionId: z.string(),
  directoryScopeId: z.string().nullable().optional(),
  roleDefinition: definitionSchema.nullable().optional(),
});

type Assignment = z.infer<typeof assignmentSchema>;

interface RoleAssignmentsRead {
  active: Assignment[];
  eligible: Assignment[];
}

/** Reads a role-management collection filtered to one principal; undefined when Graph refuses (e.g. no scope). */
async function readAssignments(graph: GraphClient, collection: string, principalId: string, signal?: AbortSignal): Promise<Assignment[] | undefined> {
  const items: Assignment[] = [];
  try {
    for await (const raw of listItems<unknown>(graph, `/roleManagement/directory/${collection}?${filterParam(`principalId eq ${odataString(principalId)}`)}&$expand=roleDefinition`, { signal, operation: 'read' })) {
      const parsed = assignmentSchema.safeParse(raw);
      if (parsed.success) items.push(parsed.data);
    }
  } catch (error) {
    if (error instanceof GraphError && (error.status === 403 || error.status === 400 || error.status === 404)) return undefined;
    throw error;
  }
  return items;
}

async function readRoleAssignments(graph: GraphClient, principalId: string, signal?: AbortSignal): Promise<RoleAssignmentsRead | undefined> {
  const [active, eligible] = await Promise.all([
    readAssignments(graph, 'roleAssignments', principalId, signal),
    readAssignments(graph, 'roleEligibilityScheduleInstances', principalId, signal),
  ]);
  if (!active) return undefined;
  // PIM may be unlicensed or refused; then no eligibility is known, which never grants anything.
  return { active, eligible: eligible ?? [] };
}

async function administrativeUnitName(graph: GraphClient, id: string, signal?: AbortSignal): Promise<string | undefined> {
  const response = await graph.request<{ displayName?: string }>({ url: `/directory/administrativeUnits/${id}?$select=id,displayName`, signal, operation: 'read' });
  return response.ok ? response.body.displayName : undefined;
}

function definitionKey(assignment: Assignment): RoleKey | undefined {
  const definition = assignment.roleDefinition;
  if (definition && definition.isBuiltIn === false) return undefined;
  return roleKeyOf({ roleTemplateId: definition?.templateId ?? assignment.roleDefinitionId, displayName: definition?.displayName });
}

/**
 * Who the token acts as, and which directory roles they hold: active tenant-wide roles from `/me/transitiveMemberOf`
 * (which includes roles held through role-assignable groups) and role assignments; PIM eligibilities,
 * administrative-unit-scoped and custom roles from `/roleManagement/directory/*`.
 */
/** Active tenant-wide directory roles from `/me/transitiveMemberOf` (roles held through role-assignable groups too). */
async function readRoleMemberships(graph: GraphClient, signal?: AbortSignal): Promise<{ roles: Set<RoleKey>; roleNames: string[]; readable: boolean }> {
  const roles = new Set<RoleKey>();
  const roleNames: string[] = [];
  let readable = true;
  for await (const page of pageThrough<unknown>(graph, '/me/transitiveMemberOf?$top=999', { signal, operation: 'read' })) {
    for (const raw of page.items) {
      const item = membershipSchema.safeParse(raw);
      if (!item.success || item.data['@odata.type'] !== '#microsoft.graph.directoryRole') continue;
      // Without a role-reading scope Graph returns only id and @odata.type: a role, but not which one.
      if (!item.data.roleTemplateId && !item.data.displayName) readable = false;
      const key = roleKeyOf(item.data);
      if (key) roles.add(key);
      if (item.data.displayName) roleNames.push(item.data.displayName);
    }
  }
  return { roles, roleNames, readable };
}

export async function loadCallerProfile(graph: GraphClient, signal?: AbortSignal): Promise<{ ok: true; value: CallerProfile } | { ok: false; error: GraphError }> {
  const me = await graph.request<unknown>({ url: '/me?$select=id,displayName,userPrincipalName', signal, operation: 'read' });
  if (!me.ok) return { ok: false, error: me.error };
  const profile = meSchema.parse(me.body);
  // Read side by side: this runs before every chat command that touches Graph.
  let membership: Awaited<ReturnType<typeof readRoleMemberships>>;
  let assignments: RoleAssignmentsRead | undefined;
  try {
    [membership, assignments] = await Promise.all([readRoleMemberships(graph, signal), readRoleAssignments(graph, profile.id, signal)]);
  } catch (error) {
    if (error instanceof GraphError) return { ok: false, error };
    throw error;
  }
  const { roles, roleNames, readable: membershipRolesReadable } = membership;
  const eligibleRoles = new Set<RoleKey>();
  const scopedRoles: ScopedRole[] = [];
  const customRoleNames: string[] = [];
  for (const assignment of assignments?.active ?? []) {
    const key = definitionKey(assignment);
    const scope = assignment.directoryScopeId ?? '/';
    if (assignment.roleDefinition?.isBuiltIn === false) {
      customRoleNames.push(assignment.roleDefinition.displayName ?? assignment.roleDefinitionId);
    } else if (key && scope.startsWith('/administrativeUnits/')) {
      scopedRoles.push({ role: key, administrativeUnitId: scope.slice('/administrativeUnits/'.length) });
    } else if (key && scope === '/') {
      roles.add(key);
      const name = assignment.roleDefinition?.displayName;
      if (name) roleNames.push(name);
    }
  }
  for (const assignment of assignments?.eligible ?? []) {
    const key = definitionKey(assignment);
    if (key && !roles.has(key)) eligibleRoles.add(key);
  }
  await Promise.all(
    scopedRoles.map(async (scoped) => {
      const name = await administrativeUnitName(graph, scoped.administrativeUnitId, signal);
      if (name) scoped.administrativeUnitName = name;
    }),
  );
  const tokenScopes = await graph.grantedScopes();
  return {
    ok: true,
    value: {
      id: profile.id,
      displayName: profile.displayName ?? profile.userPrincipalName ?? profile.id,
      userPrincipalName: profile.userPrincipalName ?? '',
      roles,
      roleNames: [...new Set(roleNames)].sort(),
      eligibleRoles,
      scopedRoles,
      customRoleNames: [...new Set(customRoleNames)].sort(),
      // Role assignments list every scope; memberOf alone shows only active tenant-wide roles, if readable at all.
      rolesReadable: assignments !== undefined || (membershipRolesReadable && roles.size > 0),
      ...(tokenScopes ? { tokenScopes } : {}),
    },
  };
}
