import { authorize } from '../authorization';
import { badRequest, notFound } from '../graph-error';
import { buildApplication, buildServicePrincipal, markDeleted } from '../tenant/builders';
import type { ObjectKind } from '../tenant/entities';
import { ENTITY_SET } from '../tenant/entities';
import type { Route, SandboxServices } from './context';
import { jsonBody, route } from './context';
import type { ListSource } from './listing';
import { contextUrl, countResponse, listResponse, parseOptions, present } from './listing';
import { optionalString, rejectUnknownProperties, requireString } from './validation';

type AppKind = Extract<ObjectKind, 'application' | 'servicePrincipal' | 'administrativeUnit'>;

export function activeSource(services: SandboxServices, kind: ObjectKind): ListSource {
  const collection = services.state.collection(kind);
  return function* (start) {
    for (const [position, object] of collection.iterate('active', start)) yield [position, object.data];
  };
}

function readRoutes(kind: AppKind, base: string): Route[] {
  const entitySet = ENTITY_SET[kind];
  return [
    route('GET', base, (request, services) => {
      authorize('directory.read', request.caller);
      return listResponse(request, services, { entity: kind, source: activeSource(services, kind), contextName: entitySet, defaults: undefined });
    }),
    route('GET', `${base}/$count`, (request, services) => {
      authorize('directory.read', request.caller);
      return countResponse(request, { entity: kind, source: activeSource(services, kind) });
    }),
    route('GET', `${base}/*`, (request, services, [id = '']) => {
      authorize('directory.read', request.caller);
      const object = services.state.collection(kind).active.get(id) ?? notFound(id);
      const options = parseOptions(request, kind);
      return {
        status: 200,
        body: { '@odata.context': contextUrl(services, entitySet, options.select, true), ...present(object.data, options.select, undefined) },
      };
    }),
  ];
}

function softDelete(services: SandboxServices, kind: AppKind, id: string): void {
  const object = services.state.collection(kind).moveToDeleted(id);
  if (object) markDeleted(object, services.clock.now());
}

export const applicationRoutes: Route[] = [
  ...readRoutes('application', '/applications'),
  route(
    'POST',
    '/applications',
    (request, services) => {
      authorize('application.write', request.caller);
      const body = jsonBody(request);
      rejectUnknownProperties(body, new Set(['displayName', 'description', 'signInAudience']));
      const app = buildApplication({
        id: services.newId(),
        appId: services.newId(),
        displayName: requireString(body, 'displayName', 'Application'),
        domain: services.state.info.domain,
        createdMs: services.clock.now(),
      });
      app.data.description = optionalString(body, 'description', 'Application') ?? null;
      services.state.addObject(app);
      return { status: 201, body: { '@odata.context': contextUrl(services, 'applications', undefined, true), ...app.data } };
    },
    { write: true },
  ),
  route(
    'DELETE',
    '/applications/*',
    (request, services, [id = '']) => {
      const app = services.state.applications.active.get(id) ?? notFound(id);
      authorize('application.write', request.caller);
      softDelete(services, 'application', app.data.id);
      // Deleting an app registration also removes its service principal in the home tenant; each is restored separately.
      for (const [, sp] of services.state.servicePrincipals.iterate('active')) {
        if (sp.data.appId === app.data.appId) softDelete(services, 'servicePrincipal', sp.data.id);
      }
      return { status: 204 };
    },
    { write: true },
  ),
  ...readRoutes('servicePrincipal', '/servicePrincipals'),
  route(
    'POST',
    '/servicePrincipals',
    (request, services) => {
      authorize('application.write', request.caller);
      const body = jsonBody(request);
      rejectUnknownProperties(body, new Set(['appId', 'accountEnabled', 'tags']));
      const appId = requireString(body, 'appId', 'ServicePrincipal');
      let app;
      for (const [, candidate] of services.state.applications.iterate('active')) if (candidate.data.appId === appId) app = candidate;
      if (!app) return badRequest(`The appId '${appId}' of the service principal does not reference a valid application object.`);
      for (const [, sp] of services.state.servicePrincipals.iterate('active')) {
        if (sp.data.appId === appId) badRequest('Another object with the same value for property servicePrincipalNames already exists.', [{ code: 'ObjectConflict', target: 'servicePrincipalNames' }]);
      }
      const sp = buildServicePrincipal({ id: services.newId(), app: app.data, tenantId: services.state.info.tenantId });
      services.state.addObject(sp);
      return { status: 201, body: { '@odata.context': contextUrl(services, 'servicePrincipals', undefined, true), ...sp.data } };
    },
    { write: true },
  ),
  route(
    'DELETE',
    '/servicePrincipals/*',
    (request, services, [id = '']) => {
      const sp = services.state.servicePrincipals.active.get(id) ?? notFound(id);
      authorize('application.write', request.caller);
      softDelete(services, 'servicePrincipal', sp.data.id);
      return { status: 204 };
    },
    { write: true },
  ),
  ...readRoutes('administrativeUnit', '/directory/administrativeUnits'),
  route(
    'POST',
    '/directory/administrativeUnits',
    (request, services) => {
      authorize('administrativeUnit.write', request.caller);
      const body = jsonBody(request);
      rejectUnknownProperties(body, new Set(['displayName', 'description', 'visibility']));
      const displayName = requireString(body, 'displayName', 'AdministrativeUnit');
      const unit = {
        kind: 'administrativeUnit' as const,
        deletedAtMs: null,
        data: {
          id: services.newId(),
          deletedDateTime: null,
          description: optionalString(body, 'description', 'AdministrativeUnit') ?? null,
          displayName,
          membershipType: null,
          visibility: optionalString(body, 'visibility', 'AdministrativeUnit') ?? null,
        },
      };
      services.state.addObject(unit);
      return { status: 201, body: { '@odata.context': contextUrl(services, 'administrativeUnits', undefined, true), ...unit.data } };
    },
    { write: true },
  ),
  route(
    'DELETE',
    '/directory/administrativeUnits/*',
    (request, services, [id = '']) => {
      const unit = services.state.administrativeUnits.active.get(id) ?? notFound(id);
      authorize('administrativeUnit.write', request.caller);
      softDelete(services, 'administrativeUnit', unit.data.id);
      return { status: 204 };
    },
    { write: true },
  ),
];
