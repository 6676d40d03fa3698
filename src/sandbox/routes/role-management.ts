import { createHash } from 'node:crypto';
import type { Caller } from '../authorization';
import { authorize, isAllowed } from '../authorization';
import { fail, forbidden, notFound } from '../graph-error';
import { ROLE_DEFINITIONS, roleDefinition } from '../tenant/roles';
import type { RoleAssignmentRecord } from '../tenant/roles';
import type { GraphRequest, Route, SandboxServices } from './context';
import { route } from './context';
import type { Row } from './listing';

/** Reads of `/roleManagement/directory/*` (unifiedRoleAssignment, unifiedRoleDefinition and PIM schedule instances). */

type Assignment = Omit<RoleAssignmentRecord, 'role'> & { roleDefinitionId: string };

function assignmentId(roleDefinitionId: string, principalId: string, scope: string, state: string): string {
  return createHash('sha256').update(`${roleDefinitionId}|${principalId}|${scope}|${state}`).digest('base64url').slice(0, 43);
}

function roleDefinitionIdOf(record: RoleAssignmentRecord): string {
  return 'builtIn' in record.role ? roleDefinition(record.role.builtIn).roleTemplateId : record.role.customId;
}

/** Every assignment in the tenant: directoryRole memberships (active, tenant-wide) plus the stored PIM/AU/custom ones. */
function allAssignments(services: SandboxServices): Assignment[] {
  const { state } = services;
  const created = state.info.createdDateTime;
  const out: Assignment[] = [];
  for (const role of state.roles) {
    for (const principalId of role.members) {
      out.push({
        id: assignmentId(role.roleTemplateId, principalId, '/', 'active'),
        principalId,
        roleDefinitionId: role.roleTemplateId,
        directoryScopeId: '/',
        state: 'active',
        startDateTime: created,
      });
    }
  }
  for (const record of state.roleAssignments) out.push({ ...record, roleDefinitionId: roleDefinitionIdOf(record) });
  return out;
}

function definitionRow(services: SandboxServices, id: string): Row | undefined {
  const builtIn = ROLE_DEFINITIONS.find((role) => role.roleTemplateId === id);
  if (builtIn) {
    return {
      id: builtIn.roleTemplateId,
      description: builtIn.description,
      displayName: builtIn.name,
      isBuiltIn: true,
      isEnabled: true,
      resourceScopes: ['/'],
      templateId: builtIn.roleTemplateId,
      version: '1',
      rolePermissions: [],
    };
  }
  const custom = services.state.customRoles.find((role) => role.id === id);
  if (!custom) return undefined;
  return {
    id: custom.id,
    description: custom.description,
    displayName: custom.displayName,
    isBuiltIn: false,
    isEnabled: true,
    resourceScopes: ['/'],
    templateId: custom.id,
    version: null,
    rolePermissions: [{ allowedResourceActions: [...custom.allowedResourceActions], condition: null }],
  };
}

type Clause = { property: 'principalId' | 'roleDefinitionId' | 'directoryScopeId'; value: string };

/** The documented filters: `eq` on principalId, roleDefinitionId and directoryScopeId, joined with `and`. */
function parseFilter(raw: string | undefined): Clause[] {
  if (raw === undefined) return [];
  const clauses: Clause[] = [];
  for (const part of raw.split(/\s+and\s+/i)) {
    const match = /^\s*(principalId|roleDefinitionId|directoryScopeId)\s+eq\s+'([^']*)'\s*$/i.exec(part);
    if (!match) return fail(400, 'BadRequest', `Invalid filter clause: the filter '${raw}' is not supported.`);
    const property = (match[1] ?? '').toLowerCase();
    const name = property === 'principalid' ? 'principalId' : property === 'roledefinitionid' ? 'roleDefinitionId' : 'directoryScopeId';
    clauses.push({ property: name, value: match[2] ?? '' });
  }
  return clauses;
}

function queryValue(request: GraphRequest, name: string): string | undefined {
  for (const [key, value] of request.query) if (key.toLowerCase() === `$${name}` || key.toLowerCase() === name) return value;
  return undefined;
}

/**
 * The docs require a supported role (Directory Readers and up) to read role assignments. A member may read only the
 * assignments that name them; reading anyone else's needs an admin role.
 */
function authorizeRoleRead(caller: Caller, clauses: readonly Clause[], operation: 'roleManagement.read' | 'roleSchedules.readOwn'): void {
  authorize(operation, caller);
  const ownOnly = clauses.some((clause) => clause.property === 'principalId' && clause.value.toLowerCase() === caller.oid.toLowerCase());
  if (!ownOnly && !isAllowed('deletedItems.read', caller)) forbidden();
}

function listAssignments(
  request: GraphRequest,
  services: SandboxServices,
  options: { state: 'active' | 'eligible'; entitySet: string; operation: 'roleManagement.read' | 'roleSchedules.readOwn'; shape: (a: Assignment) => Row },
) {
  const clauses = parseFilter(queryValue(request, 'filter'));
  authorizeRoleRead(request.caller, clauses, options.operation);
  const expand = (queryValue(request, 'expand') ?? '').split(',').map((part) => part.trim().toLowerCase()).filter(Boolean);
  for (const item of expand) {
    if (item !== 'roledefinition' && item !== 'principal') {
      fail(400, 'BadRequest', `Could not find a property named '${item}' on type 'microsoft.graph.${options.entitySet}'.`);
    }
  }
  const rows = allAssignments(services)
    .filter((a) => a.state === options.state)
    .filter((a) => clauses.every((clause) => String(a[clause.property]).toLowerCase() === clause.value.toLowerCase()))
    .map((a) => {
      const row = options.shape(a);
      if (expand.includes('roledefinition')) row.roleDefinition = definitionRow(services, a.roleDefinitionId) ?? null;
      if (expand.includes('principal')) {
        const principal = services.state.findActive(a.principalId);
        row.principal = principal ? { '@odata.type': `#microsoft.graph.${principal.kind}`, id: principal.data.id, displayName: principal.data.displayName } : null;
      }
      return row;
    });
  return { status: 200, body: { '@odata.context': `${services.graphBaseUrl}/$metadata#roleManagement/directory/${options.entitySet}`, value: rows } };
}

const assignmentRow = (a: Assignment): Row => ({
  id: a.id,
  principalId: a.principalId,
  roleDefinitionId: a.roleDefinitionId,
  directoryScopeId: a.directoryScopeId,
  appScopeId: null,
  condition: null,
});

const scheduleRow =
  (kind: 'eligibility' | 'assignment') =>
  (a: Assignment): Row => ({
    id: a.id,
    principalId: a.principalId,
    roleDefinitionId: a.roleDefinitionId,
    directoryScopeId: a.directoryScopeId,
    appScopeId: null,
    startDateTime: a.startDateTime,
    endDateTime: null,
    memberType: 'Direct',
    ...(kind === 'eligibility'
      ? { roleEligibilityScheduleId: a.id }
      : { assignmentType: 'Assigned', roleAssignmentOriginId: a.id, roleAssignmentScheduleId: a.id }),
  });

export const roleManagementRoutes: Route[] = [
  route('GET', '/roleManagement/directory/roleDefinitions', (request, services) => {
    authorize('roleManagement.read', request.caller);
    const ids = [...ROLE_DEFINITIONS.map((role) => role.roleTemplateId), ...services.state.customRoles.map((role) => role.id)];
    const value = ids.flatMap((id) => definitionRow(services, id) ?? []);
    return { status: 200, body: { '@odata.context': `${services.graphBaseUrl}/$metadata#roleManagement/directory/roleDefinitions`, value } };
  }),
  route('GET', '/roleManagement/directory/roleDefinitions/*', (request, services, [id = '']) => {
    authorize('roleManagement.read', request.caller);
    const row = definitionRow(services, id) ?? notFound(id);
    return { status: 200, body: { '@odata.context': `${services.graphBaseUrl}/$metadata#roleManagement/directory/roleDefinitions/$entity`, ...row } };
  }),
  route('GET', '/roleManagement/directory/roleAssignments', (request, services) =>
    listAssignments(request, services, { state: 'active', entitySet: 'roleAssignments', operation: 'roleManagement.read', shape: assignmentRow }),
  ),
  route('GET', '/roleManagement/directory/roleAssignmentScheduleInstances', (request, services) =>
    listAssignments(request, services, { state: 'active', entitySet: 'roleAssignmentScheduleInstances', operation: 'roleSchedules.readOwn', shape: scheduleRow('assignment') }),
  ),
  route('GET', '/roleManagement/directory/roleEligibilityScheduleInstances', (request, services) =>
    listAssignments(request, services, { state: 'eligible', entitySet: 'roleEligibilityScheduleInstances', operation: 'roleSchedules.readOwn', shape: scheduleRow('eligibility') }),
  ),
];
