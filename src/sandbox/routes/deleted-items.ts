import type { Operation, TargetFacts } from '../authorization';
import { authorize } from '../authorization';
import { badRequest, fail, notFound } from '../graph-error';
import type { ObjectKind, StoredObject, StoredUser } from '../tenant/entities';
import { USER_DEFAULT_PROPERTIES } from '../odata/entity-schema';
import { ENTITY_SET, OBJECT_KINDS, ODATA_TYPE } from '../tenant/entities';
import { stripProxyPrefix } from '../tenant/tenant-state';
import type { GraphRequest, Route, SandboxServices } from './context';
import { jsonBody, route } from './context';
import { userTarget } from './directory-helpers';
import type { ListSource, Row } from './listing';
import { contextUrl, countResponse, listResponse, parseOptions, present } from './listing';
import { validateUpn } from './validation';

const CAST_PREFIX = 'microsoft.graph.';

function castKind(segment: string): ObjectKind {
  const name = segment.startsWith(CAST_PREFIX) ? segment.slice(CAST_PREFIX.length) : '';
  const kind = OBJECT_KINDS.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  if (!kind) {
    return fail(400, 'Request_BadRequest', `Resource not found for the segment '${segment}'.`);
  }
  return kind;
}

function deletedSource(services: SandboxServices, kind: ObjectKind): ListSource {
  const collection = services.state.collection(kind);
  return function* (start) {
    for (const [position, object] of collection.iterate('deleted', start)) yield [position, object.data];
  };
}

export function deletedDefaults(kind: ObjectKind): readonly string[] | undefined {
  return kind === 'user' ? [...USER_DEFAULT_PROPERTIES, 'deletedDateTime'] : undefined;
}

function findDeleted(services: SandboxServices, id: string): StoredObject {
  return services.state.findDeleted(id) ?? notFound(id);
}

function entityBody(services: SandboxServices, request: GraphRequest, object: StoredObject): Row {
  const options = parseOptions(request, object.kind);
  return {
    '@odata.context': contextUrl(services, 'directoryObjects', undefined, true),
    '@odata.type': ODATA_TYPE[object.kind],
    ...present(object.data, options.select, deletedDefaults(object.kind)),
  };
}

const RESTORE_OPERATION: Record<ObjectKind, Operation> = {
  user: 'user.restore',
  group: 'group.restore',
  application: 'application.restore',
  servicePrincipal: 'application.restore',
  administrativeUnit: 'administrativeUnit.restore',
};

const PURGE_OPERATION: Record<Exclude<ObjectKind, 'administrativeUnit'>, Operation> = {
  user: 'user.purge',
  group: 'group.purge',
  application: 'application.purge',
  servicePrincipal: 'application.purge',
};

function isPrivilegedTarget(services: SandboxServices, object: StoredObject): TargetFacts {
  if (object.kind === 'user') return userTarget(services.state, object.data.id);
  if (object.kind === 'group') return { privileged: object.data.isAssignableToRole === true };
  return { privileged: false };
}

function restoreParameters(request: GraphRequest): { autoReconcileProxyConflict: boolean; newUserPrincipalName?: string } {
  const body = jsonBody(request);
  for (const key of Object.keys(body)) {
    if (key !== 'autoReconcileProxyConflict' && key !== 'newUserPrincipalName') {
      badRequest(`The parameter '${key}' in the request payload is not a valid parameter for the operation 'restore'.`);
    }
  }
  const auto = body.autoReconcileProxyConflict;
  if (auto !== undefined && auto !== null && typeof auto !== 'boolean') {
    badRequest("Cannot convert the literal to the expected type 'Edm.Boolean' for parameter 'autoReconcileProxyConflict'.");
  }
  const upn = body.newUserPrincipalName;
  if (upn !== undefined && upn !== null && typeof upn !== 'string') {
    badRequest("Cannot convert the literal to the expected type 'Edm.String' for parameter 'newUserPrincipalName'.");
  }
  return { autoReconcileProxyConflict: auto === true, newUserPrincipalName: typeof upn === 'string' ? upn : undefined };
}

function restoreUser(services: SandboxServices, user: StoredUser, params: ReturnType<typeof restoreParameters>): void {
  const { state } = services;
  const upn = params.newUserPrincipalName ?? user.originalUpn ?? user.data.userPrincipalName;
  if (params.newUserPrincipalName !== undefined) validateUpn(state, upn);
  if (state.upnIndex.has(upn.toLowerCase())) {
    badRequest('Another object with the same value for property userPrincipalName already exists.', [
      { code: 'ObjectConflict', target: 'userPrincipalName' },
    ]);
  }
  const conflicts = user.data.proxyAddresses.filter((address) => {
    const owner = state.addressIndex.get(stripProxyPrefix(address));
    return owner !== undefined && owner !== user.data.id;
  });
  if (conflicts.length > 0 && !params.autoReconcileProxyConflict) {
    const owners = [...new Set(conflicts.map((address) => state.addressIndex.get(stripProxyPrefix(address)) ?? ''))];
    badRequest('Another object with the same value for property proxyAddresses already exists.', [
      { code: 'ObjectConflict', target: 'proxyAddresses' },
      ...owners.map((owner) => ({ code: 'ConflictingObjects', target: owner })),
    ]);
  }
  if (conflicts.length > 0) {
    user.data.proxyAddresses = user.data.proxyAddresses.filter((address) => !conflicts.includes(address));
    const mailLost = user.data.mail !== null && conflicts.some((address) => stripProxyPrefix(address) === user.data.mail?.toLowerCase());
    if (mailLost) {
      const primary = user.data.proxyAddresses.find((address) => address.startsWith('SMTP:'));
      user.data.mail = primary ? primary.slice(5) : null;
    }
  }
  state.users.moveToActive(user.data.id);
  user.data.userPrincipalName = upn;
  user.data.deletedDateTime = null;
  user.deletedAtMs = null;
  user.originalUpn = null;
  state.indexAddresses(user);
}

function restore(request: GraphRequest, services: SandboxServices, id: string) {
  const object = findDeleted(services, id);
  authorize(RESTORE_OPERATION[object.kind], request.caller, isPrivilegedTarget(services, object));
  const params = restoreParameters(request);
  if (object.kind !== 'user' && params.newUserPrincipalName !== undefined) {
    badRequest("The parameter 'newUserPrincipalName' is only supported when restoring a user.");
  }
  if (object.kind === 'user') {
    restoreUser(services, object, params);
  } else {
    // Only soft-deletable groups ever reach the recycle bin (markDeleted), so no group kind needs refusing here.
    if (object.kind === 'group') {
      for (const address of object.data.proxyAddresses) {
        if (services.state.addressIndex.has(stripProxyPrefix(address))) {
          badRequest('Another object with the same value for property proxyAddresses already exists.', [{ code: 'ObjectConflict', target: 'proxyAddresses' }]);
        }
      }
      if (object.groupKind === 'security') object.data.securityEnabled = true;
    }
    services.state.collection(object.kind).moveToActive(object.data.id);
    object.data.deletedDateTime = null;
    object.deletedAtMs = null;
    services.state.indexAddresses(object);
  }
  return {
    status: 200,
    body: {
      '@odata.context': contextUrl(services, 'directoryObjects', undefined, true),
      '@odata.type': ODATA_TYPE[object.kind],
      ...present(object.data, undefined, undefined),
    },
  };
}

function purge(request: GraphRequest, services: SandboxServices, id: string) {
  const object = findDeleted(services, id);
  if (object.kind === 'administrativeUnit') {
    authorize('administrativeUnit.restore', request.caller);
    return badRequest(
      'Administrative units cannot be permanently deleted by using the deletedItems API. Soft-deleted administrative units are permanently deleted 30 days after deletion unless they are restored.',
    );
  }
  authorize(PURGE_OPERATION[object.kind], request.caller, isPrivilegedTarget(services, object));
  services.state.collection(object.kind).purge(object.data.id);
  services.state.forget(object.data.id);
  return { status: 204 };
}

export const deletedItemRoutes: Route[] = [
  route('GET', '/directory/deletedItems', (request) => {
    authorize('deletedItems.read', request.caller);
    return fail(
      400,
      'Request_BadRequest',
      "The OData cast type is required: call /directory/deletedItems/microsoft.graph.user (or .group, .application, .servicePrincipal, .administrativeUnit).",
    );
  }),
  route('GET', '/directory/deletedItems/*', (request, services, [segment = '']) => {
    authorize('deletedItems.read', request.caller);
    if (segment.startsWith(CAST_PREFIX)) {
      const kind = castKind(segment);
      return listResponse(request, services, {
        entity: kind,
        source: deletedSource(services, kind),
        contextName: `directoryObjects/${CAST_PREFIX}${kind}`,
        defaults: deletedDefaults(kind),
        deletedItems: true,
      });
    }
    return { status: 200, body: entityBody(services, request, findDeleted(services, segment)) };
  }),
  route('GET', '/directory/deletedItems/*/$count', (request, services, [segment = '']) => {
    authorize('deletedItems.read', request.caller);
    const kind = castKind(segment);
    return countResponse(request, { entity: kind, source: deletedSource(services, kind), deletedItems: true });
  }),
  route('GET', '/directory/deletedItems/*/*', (request, services, [id = '', cast = '']) => {
    authorize('deletedItems.read', request.caller);
    const kind = castKind(cast);
    const object = findDeleted(services, id);
    if (object.kind !== kind) notFound(id);
    return { status: 200, body: { ...entityBody(services, request, object), '@odata.context': contextUrl(services, ENTITY_SET[kind], undefined, true) } };
  }),
  route('POST', '/directory/deletedItems/*/restore', (request, services, [id = '']) => restore(request, services, id), { write: true }),
  route('POST', '/directory/deletedItems/*/microsoft.graph.restore', (request, services, [id = '']) => restore(request, services, id), {
    write: true,
  }),
  route('DELETE', '/directory/deletedItems/*', (request, services, [id = '']) => purge(request, services, id), { write: true }),
];
