import { authorize } from '../authorization';
import { badRequest, fail, notFound } from '../graph-error';
import { buildGroup, markDeleted } from '../tenant/builders';
import type { GroupKind, StoredGroup } from '../tenant/entities';
import { ODATA_TYPE } from '../tenant/entities';
import type { GraphRequest, Route, SandboxServices } from './context';
import { jsonBody, route } from './context';
import { activeGroup, isRoleAssignableGroup } from './directory-helpers';
import type { ListSource, Row } from './listing';
import { arraySource, contextUrl, countResponse, listResponse, parseOptions, present } from './listing';
import { optionalString, optionalStringArray, rejectUnknownProperties, requireBoolean, requireString } from './validation';

const MAX_BIND_PER_REQUEST = 20;
const EXCHANGE_MANAGED = 'Cannot Update a mail-enabled security groups and or distribution list.';
const SYNCED = 'Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.';
const DUPLICATE_MEMBER = "One or more added object references already exist for the following modified properties: 'members'.";
const DUPLICATE_OWNER = "One or more added object references already exist for the following modified properties: 'owners'.";
const LAST_OWNER = 'The group must have at least one owner, hence this owner cannot be removed.';

function groupsSource(services: SandboxServices): ListSource {
  const groups = services.state.groups;
  return function* (start) {
    for (const [position, group] of groups.iterate('active', start)) yield [position, group.data];
  };
}

export function isExchangeManaged(group: StoredGroup): boolean {
  return group.groupKind === 'distribution' || group.groupKind === 'mailEnabledSecurity';
}

function ensureManageable(group: StoredGroup): void {
  if (isExchangeManaged(group)) badRequest(EXCHANGE_MANAGED);
  if (group.data.onPremisesSyncEnabled === true) badRequest(SYNCED);
}

/** Accepts `https://graph.microsoft.com/v1.0/directoryObjects/{id}` and the users/groups forms, on any host. */
function referencedId(reference: unknown, property: 'members' | 'owners' = 'members'): string {
  if (typeof reference !== 'string') return badRequest(`Invalid URL format specified in @odata.bind for ${property}`);
  const match = /\/(?:directoryObjects|users|groups|servicePrincipals|devices|orgContacts)\/([^/?]+)$/i.exec(reference);
  if (!match?.[1]) return badRequest(`Invalid URL format specified in @odata.bind for ${property}`);
  return decodeURIComponent(match[1]);
}

/** Group owners manage its members without an admin role (Entra "Manage groups"; owners of role-assignable groups too). */
function callerOwns(services: SandboxServices, request: GraphRequest, group: StoredGroup): boolean {
  return services.state.isOwner(group.data.id, request.caller.oid);
}

/** Group writes and member changes: owners may change members, and role-assignable groups are privileged targets. */
function authorizeOnGroup(operation: 'group.members' | 'group.write', request: GraphRequest, services: SandboxServices, group: StoredGroup): void {
  authorize(operation, request.caller, { privileged: isRoleAssignableGroup(group), callerOwnsTarget: callerOwns(services, request, group) });
}

/** The `@odata.id` a `$ref` POST names. */
function referenceOf(request: GraphRequest): unknown {
  const reference = jsonBody(request)['@odata.id'];
  if (reference === undefined) fail(400, 'Request_BadRequest', "A value is required for property '@odata.id'.");
  return reference;
}

/** A group's members or owners as a directoryObject collection. */
function groupObjects(request: GraphRequest, services: SandboxServices, id: string, relation: 'groupMembers' | 'groupOwners') {
  authorize('directory.read', request.caller);
  const group = activeGroup(services.state, id);
  return listResponse(request, services, {
    entity: 'directoryObject',
    source: arraySource(objectRows(services, services.state[relation].get(group.data.id) ?? [])),
    contextName: 'directoryObjects',
    defaults: undefined,
  });
}

function resolveMember(services: SandboxServices, id: string): string {
  const found = services.state.findActive(id) ?? services.state.findUser(id);
  if (!found || found.kind === 'application' || found.kind === 'administrativeUnit') return notFound(id);
  return found.data.id;
}

function addMembers(services: SandboxServices, group: StoredGroup, references: unknown[]): void {
  if (references.length > MAX_BIND_PER_REQUEST) {
    badRequest(`The maximum number of members that can be added in a single request is ${MAX_BIND_PER_REQUEST}.`);
  }
  const ids = references.map((reference) => resolveMember(services, referencedId(reference)));
  const current = services.state.groupMembers.get(group.data.id);
  const unique = new Set(ids);
  if (unique.size !== ids.length || ids.some((id) => current?.has(id))) badRequest(DUPLICATE_MEMBER);
  for (const id of ids) services.state.addMember(group.data.id, id);
}

function createGroup(request: GraphRequest, services: SandboxServices) {
  const body = jsonBody(request);
  rejectUnknownProperties(body, new Set(['displayName', 'description', 'mailEnabled', 'mailNickname', 'securityEnabled', 'groupTypes', 'visibility', 'isAssignableToRole']));
  const roleAssignable = body.isAssignableToRole === true;
  authorize('group.write', request.caller, roleAssignable);
  const displayName = requireString(body, 'displayName', 'Group');
  const mailEnabled = requireBoolean(body, 'mailEnabled', 'Group');
  const mailNickname = requireString(body, 'mailNickname', 'Group');
  const securityEnabled = requireBoolean(body, 'securityEnabled', 'Group');
  const groupTypes = optionalStringArray(body, 'groupTypes', 'Group') ?? [];
  const unified = groupTypes.some((type) => type.toLowerCase() === 'unified');
  if (mailEnabled && !unified) badRequest('Cannot create a mail-enabled security groups and or distribution list.');
  if (!mailEnabled && !securityEnabled) badRequest("Invalid value specified for property 'securityEnabled' of resource 'Group'.");
  if (roleAssignable && !securityEnabled) badRequest('Role assignable groups must be security enabled.');
  const kind: GroupKind = unified ? 'microsoft365' : 'security';
  const group = buildGroup({
    id: services.newId(),
    displayName,
    groupKind: kind,
    domain: services.state.info.domain,
    createdMs: services.clock.now(),
    description: optionalString(body, 'description', 'Group') ?? undefined,
    isAssignableToRole: roleAssignable ? true : undefined,
    visibility: optionalString(body, 'visibility', 'Group') ?? undefined,
  });
  group.data.mailNickname = mailNickname;
  if (unified) {
    const mail = `${mailNickname}@${services.state.info.domain}`;
    if (services.state.addressIndex.has(mail.toLowerCase())) {
      badRequest('Another object with the same value for property proxyAddresses already exists.', [{ code: 'ObjectConflict', target: 'proxyAddresses' }]);
    }
    group.data.mail = mail;
    group.data.proxyAddresses = [`SMTP:${mail}`];
    group.data.securityEnabled = securityEnabled;
  }
  services.state.addObject(group);
  return { status: 201, body: { '@odata.context': contextUrl(services, 'groups', undefined, true), ...group.data } };
}

function updateGroup(request: GraphRequest, services: SandboxServices, id: string) {
  const group = activeGroup(services.state, id);
  const body = jsonBody(request);
  rejectUnknownProperties(body, new Set(['displayName', 'description', 'visibility', 'members@odata.bind', 'owners@odata.bind']));
  const binds = body['members@odata.bind'];
  const onlyMembers = Object.keys(body).every((key) => key === 'members@odata.bind');
  authorizeOnGroup(onlyMembers ? 'group.members' : 'group.write', request, services, group);
  ensureManageable(group);
  if (binds !== undefined) {
    if (!Array.isArray(binds)) badRequest('Invalid URL format specified in @odata.bind for members');
    addMembers(services, group, binds);
  }
  const displayName = optionalString(body, 'displayName', 'Group');
  if (displayName) group.data.displayName = displayName;
  const description = optionalString(body, 'description', 'Group');
  if (description !== undefined) group.data.description = description;
  return { status: 204 };
}

function deleteGroup(request: GraphRequest, services: SandboxServices, id: string) {
  const group = activeGroup(services.state, id);
  authorize('group.write', request.caller, isRoleAssignableGroup(group));
  ensureManageable(group);
  services.state.unindexAddresses(group);
  services.state.groups.moveToDeleted(group.data.id);
  markDeleted(group, services.clock.now());
  return { status: 204 };
}

function objectRows(services: SandboxServices, ids: Iterable<string>): Row[] {
  const rows: Row[] = [];
  for (const id of ids) {
    const found = services.state.findActive(id);
    if (found) rows.push({ '@odata.type': ODATA_TYPE[found.kind], ...found.data });
  }
  return rows;
}

function addOwner(services: SandboxServices, group: StoredGroup, reference: unknown): void {
  const id = referencedId(reference, 'owners');
  const found = services.state.findActive(id) ?? services.state.findUser(id);
  if (!found) notFound(id);
  if (found.kind !== 'user' && found.kind !== 'servicePrincipal') badRequest('Only users and service principals can be owners of a group.');
  if (services.state.isOwner(group.data.id, found.data.id)) badRequest(DUPLICATE_OWNER);
  services.state.addOwner(group.data.id, found.data.id);
}

function removeOwner(services: SandboxServices, group: StoredGroup, ownerId: string): void {
  const resolved = services.state.findUser(ownerId)?.data.id ?? ownerId;
  const owners = services.state.groupOwners.get(group.data.id);
  if (!owners?.has(resolved)) notFound(ownerId);
  if (owners.size === 1) badRequest(LAST_OWNER);
  services.state.removeOwner(group.data.id, resolved);
}

export const groupRoutes: Route[] = [
  route('GET', '/groups', (request, services) => {
    authorize('directory.read', request.caller);
    return listResponse(request, services, { entity: 'group', source: groupsSource(services), contextName: 'groups', defaults: undefined });
  }),
  route('GET', '/groups/$count', (request, services) => {
    authorize('directory.read', request.caller);
    return countResponse(request, { entity: 'group', source: groupsSource(services) });
  }),
  route('POST', '/groups', createGroup, { write: true }),
  route('GET', '/groups/*', (request, services, [id = '']) => {
    authorize('directory.read', request.caller);
    const group = activeGroup(services.state, id);
    const options = parseOptions(request, 'group');
    return {
      status: 200,
      body: { '@odata.context': contextUrl(services, 'groups', options.select, true), ...present(group.data, options.select, undefined) },
    };
  }),
  route('PATCH', '/groups/*', (request, services, [id = '']) => updateGroup(request, services, id), { write: true }),
  route('DELETE', '/groups/*', (request, services, [id = '']) => deleteGroup(request, services, id), { write: true }),
  route('GET', '/groups/*/members', (request, services, [id = '']) => groupObjects(request, services, id, 'groupMembers')),
  route(
    'POST',
    '/groups/*/members/$ref',
    (request, services, [id = '']) => {
      const group = activeGroup(services.state, id);
      authorizeOnGroup('group.members', request, services, group);
      ensureManageable(group);
      addMembers(services, group, [referenceOf(request)]);
      return { status: 204 };
    },
    { write: true },
  ),
  route(
    'DELETE',
    '/groups/*/members/*/$ref',
    (request, services, [id = '', memberId = '']) => {
      const group = activeGroup(services.state, id);
      authorizeOnGroup('group.members', request, services, group);
      ensureManageable(group);
      const resolved = services.state.findUser(memberId)?.data.id ?? memberId;
      if (!services.state.groupMembers.get(group.data.id)?.has(resolved)) notFound(memberId);
      services.state.removeMember(group.data.id, resolved);
      return { status: 204 };
    },
    { write: true },
  ),
  route('GET', '/groups/*/owners', (request, services, [id = '']) => groupObjects(request, services, id, 'groupOwners')),
  route(
    'POST',
    '/groups/*/owners/$ref',
    (request, services, [id = '']) => {
      const group = activeGroup(services.state, id);
      authorize('group.write', request.caller, isRoleAssignableGroup(group));
      ensureManageable(group);
      addOwner(services, group, referenceOf(request));
      return { status: 204 };
    },
    { write: true },
  ),
  route(
    'DELETE',
    '/groups/*/owners/*/$ref',
    (request, services, [id = '', ownerId = '']) => {
      const group = activeGroup(services.state, id);
      authorize('group.write', request.caller, isRoleAssignableGroup(group));
      ensureManageable(group);
      removeOwner(services, group, ownerId);
      return { status: 204 };
    },
    { write: true },
  ),
];
