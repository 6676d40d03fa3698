import { authorize } from '../authorization';
import { notFound } from '../graph-error';
import { ODATA_TYPE } from '../tenant/entities';
import type { Route } from './context';
import { route } from './context';
import type { Row } from './listing';
import { arraySource, listResponse } from './listing';

export const directoryRoutes: Route[] = [
  route('GET', '/organization', (request, services) => {
    authorize('me.read', request.caller);
    const info = services.state.info;
    return {
      status: 200,
      body: {
        '@odata.context': `${services.graphBaseUrl}/$metadata#organization`,
        value: [
          {
            id: info.tenantId,
            displayName: info.displayName,
            createdDateTime: info.createdDateTime,
            verifiedDomains: [{ capabilities: 'Email, OfficeCommunicationsOnline', isDefault: true, isInitial: true, name: info.domain, type: 'Managed' }],
          },
        ],
      },
    };
  }),
  route('GET', '/directoryRoles', (request, services) => {
    authorize('directory.read', request.caller);
    const rows: Row[] = services.state.roles.map((role) => ({
      id: role.id,
      deletedDateTime: null,
      description: role.description,
      displayName: role.name,
      roleTemplateId: role.roleTemplateId,
    }));
    return listResponse(request, services, { entity: 'directoryObject', source: arraySource(rows), contextName: 'directoryRoles', defaults: undefined });
  }),
  route('GET', '/directory/administrativeUnits/*/members', (request, services, [id = '']) => {
    authorize('directory.read', request.caller);
    const unit = services.state.administrativeUnits.active.get(id) ?? notFound(id);
    const rows: Row[] = [];
    for (const memberId of services.state.auMembers.get(unit.data.id) ?? []) {
      const member = services.state.findActive(memberId);
      if (member) rows.push({ '@odata.type': ODATA_TYPE[member.kind], ...member.data });
    }
    return listResponse(request, services, { entity: 'directoryObject', source: arraySource(rows), contextName: 'directoryObjects', defaults: undefined });
  }),
  route('GET', '/directoryRoles/*/members', (request, services, [id = '']) => {
    authorize('directory.read', request.caller);
    const role = services.state.roles.find((candidate) => candidate.id === id || candidate.roleTemplateId === id) ?? notFound(id);
    const rows: Row[] = [];
    for (const memberId of role.members) {
      const member = services.state.findActive(memberId);
      if (member) rows.push({ '@odata.type': ODATA_TYPE[member.kind], ...member.data });
    }
    return listResponse(request, services, { entity: 'directoryObject', source: arraySource(rows), contextName: 'directoryObjects', defaults: undefined });
  }),
];
