import { authorize } from '../authorization';
import { badRequest, fail } from '../graph-error';
import { USER_DEFAULT_PROPERTIES } from '../odata/entity-schema';
import { ODATA_TYPE } from '../tenant/entities';
import type { GraphRequest, Route, SandboxServices } from './context';
import { jsonBody, route } from './context';
import { activeUser, userTarget } from './directory-helpers';
import type { Row } from './listing';
import { refuseOnPremisesMastered } from './user-properties';
import { contextUrl, parseOptions, present } from './listing';

function noManager(): never {
  return fail(404, 'Request_ResourceNotFound', "Resource 'manager' does not exist or one of its queried reference-property objects are not present.");
}

const REFERENCE = /\/(?:users|directoryObjects)\/([0-9a-fA-F-]{36})$/;

/** The user a `{"@odata.id": ".../users/{id}"}` body names; Graph accepts only object ids there. */
function referencedUserId(request: GraphRequest): string {
  const reference = jsonBody(request)['@odata.id'];
  if (reference === undefined || reference === null) badRequest("A value is required for property '@odata.id' of resource 'User'.");
  if (typeof reference !== 'string') return badRequest(`Invalid object identifier '${String(reference)}'.`);
  const id = REFERENCE.exec(reference.trim())?.[1];
  if (id === undefined) return badRequest(`Invalid object identifier '${reference}'.`);
  return id.toLowerCase();
}

function getManager(request: GraphRequest, services: SandboxServices, id: string): { status: number; body: Row } {
  authorize('directory.read', request.caller);
  const user = activeUser(services.state, id);
  const options = parseOptions(request, 'user');
  const managerId = services.state.managers.get(user.data.id);
  const manager = managerId === undefined ? undefined : services.state.users.active.get(managerId);
  if (!manager) return noManager();
  return {
    status: 200,
    body: {
      '@odata.context': contextUrl(services, 'directoryObjects', options.select, true),
      '@odata.type': ODATA_TYPE.user,
      ...present(manager.data, options.select, USER_DEFAULT_PROPERTIES),
    },
  };
}

/** Setting or removing a manager is an update of the user: the same roles, scopes and privileged-target rule apply. */
function setManager(request: GraphRequest, services: SandboxServices, id: string): { status: number } {
  const { state } = services;
  const user = activeUser(state, id);
  authorize('user.update', request.caller, userTarget(state, user.data.id));
  // Inferred: the manager reference syncs from on-premises Active Directory like the properties it masters.
  if (user.data.onPremisesSyncEnabled === true) refuseOnPremisesMastered();
  const managerId = referencedUserId(request);
  const manager = state.users.active.get(managerId) ?? state.findActive(managerId);
  if (!manager) return fail(404, 'Request_ResourceNotFound', `Resource '${managerId}' does not exist or one of its queried reference-property objects are not present.`);
  // Inferred: Graph's exact answer to a self-reference is not documented; a 400 keeps the sandbox no more generous.
  if (manager.data.id === user.data.id) badRequest("Invalid value specified for property 'manager' of resource 'User'.");
  state.managers.set(user.data.id, manager.data.id);
  return { status: 204 };
}

function removeManager(request: GraphRequest, services: SandboxServices, id: string): { status: number } {
  const { state } = services;
  const user = activeUser(state, id);
  authorize('user.update', request.caller, userTarget(state, user.data.id));
  if (user.data.onPremisesSyncEnabled === true) refuseOnPremisesMastered();
  if (!state.managers.has(user.data.id)) return noManager();
  state.managers.delete(user.data.id);
  return { status: 204 };
}

export const userManagerRoutes: Route[] = [
  route('GET', '/users/*/manager', (request, services, [id = '']) => getManager(request, services, id)),
  route('PUT', '/users/*/manager/$ref', (request, services, [id = '']) => setManager(request, services, id), { write: true }),
  route('DELETE', '/users/*/manager/$ref', (request, services, [id = '']) => removeManager(request, services, id), { write: true }),
];
