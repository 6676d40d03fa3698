import { authorize } from '../authorization';
import { fail, notFound } from '../graph-error';
import type { SubscribedSkuRecord } from '../tenant/licenses';
import type { GraphRequest, Route, SandboxServices } from './context';
import { route } from './context';
import type { Row } from './listing';

const SKU_PROPERTIES = [
  'accountId', 'accountName', 'appliesTo', 'capabilityStatus', 'consumedUnits', 'id', 'prepaidUnits', 'servicePlans', 'skuId',
  'skuPartNumber', 'subscriptionIds',
] as const;

function selected(request: GraphRequest): string[] | undefined {
  let raw: string | undefined;
  for (const [key, value] of request.query) if (key.toLowerCase() === '$select' || key.toLowerCase() === 'select') raw = value;
  if (raw === undefined || raw.trim() === '') return undefined;
  return raw.split(',').map((name) => name.trim()).filter(Boolean).map((name) => {
    const property = SKU_PROPERTIES.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    return property ?? fail(400, 'Request_BadRequest', `Could not find a property named '${name}' on type 'microsoft.graph.subscribedSku'.`);
  });
}

/** Seats in use: active users holding the SKU (deleted users release theirs). */
function consumedUnits(services: SandboxServices, skuId: string): number {
  let count = 0;
  for (const user of services.state.users.active.values()) if (user.data.assignedLicenses.some((license) => license.skuId === skuId)) count += 1;
  return count;
}

function skuRow(services: SandboxServices, sku: SubscribedSkuRecord, select: readonly string[] | undefined): Row {
  const { tenantId, displayName } = services.state.info;
  const full: Row = {
    accountId: tenantId,
    accountName: displayName,
    appliesTo: 'User',
    capabilityStatus: 'Enabled',
    consumedUnits: consumedUnits(services, sku.skuId),
    id: `${tenantId}_${sku.skuId}`,
    prepaidUnits: { enabled: sku.prepaidEnabled, lockedOut: 0, suspended: 0, warning: 0 },
    servicePlans: sku.servicePlans.map((plan) => ({ ...plan, provisioningStatus: 'Success', appliesTo: 'User' })),
    skuId: sku.skuId,
    skuPartNumber: sku.skuPartNumber,
    subscriptionIds: [sku.subscriptionId],
  };
  if (select === undefined) return full;
  return Object.fromEntries(['id', ...select.filter((name) => name !== 'id')].map((name) => [name, full[name]]));
}

function contextUrl(services: SandboxServices, select: readonly string[] | undefined, entity: boolean): string {
  const selection = select ? `(${select.join(',')})` : '';
  return `${services.graphBaseUrl}/$metadata#subscribedSkus${selection}${entity ? '/$entity' : ''}`;
}

export const subscribedSkuRoutes: Route[] = [
  route('GET', '/subscribedSkus', (request, services) => {
    authorize('subscribedSkus.read', request.caller);
    const select = selected(request);
    return {
      status: 200,
      body: { '@odata.context': contextUrl(services, select, false), value: services.state.subscribedSkus.map((sku) => skuRow(services, sku, select)) },
    };
  }),
  route('GET', '/subscribedSkus/*', (request, services, [id = '']) => {
    authorize('subscribedSkus.read', request.caller);
    const select = selected(request);
    const tenantId = services.state.info.tenantId;
    const sku = services.state.subscribedSkus.find((candidate) => `${tenantId}_${candidate.skuId}` === id.toLowerCase());
    if (!sku) return notFound(id);
    return { status: 200, body: { '@odata.context': contextUrl(services, select, true), ...skuRow(services, sku, select) } };
  }),
];
