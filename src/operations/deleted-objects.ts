import { z } from 'zod';
import type { DirectoryObjectType } from '../graph/error-reasons';
import type { GraphClient } from '../graph/graph-client';
import { GraphError } from '../graph/graph-error';
import { filterParam, odataString } from '../graph/odata-literal';
import { isUnsupportedQuery, pageThrough } from '../graph/pager';

export type { DirectoryObjectType } from '../graph/error-reasons';

export const DELETED_OBJECT_TYPES: readonly DirectoryObjectType[] = ['user', 'group', 'application', 'servicePrincipal', 'administrativeUnit'];
export const RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;

/** Where an object of each type lives while it is active (not in the recycle bin). */
export const ACTIVE_PATH: Record<DirectoryObjectType, string> = {
  user: '/users',
  group: '/groups',
  application: '/applications',
  servicePrincipal: '/servicePrincipals',
  administrativeUnit: '/directory/administrativeUnits',
};

export const TYPE_NAMES: Record<DirectoryObjectType, { one: string; many: string }> = {
  user: { one: 'user', many: 'users' },
  group: { one: 'group', many: 'groups' },
  application: { one: 'app registration', many: 'app registrations' },
  servicePrincipal: { one: 'enterprise app (service principal)', many: 'enterprise apps (service principals)' },
  administrativeUnit: { one: 'administrative unit', many: 'administrative units' },
};

const SELECT: Record<DirectoryObjectType, string> = {
  user: 'id,displayName,userPrincipalName,mail,proxyAddresses,deletedDateTime,userType,jobTitle,department',
  group: 'id,displayName,mail,deletedDateTime,groupTypes,mailEnabled,securityEnabled,isAssignableToRole',
  application: 'id,displayName,appId,deletedDateTime',
  servicePrincipal: 'id,displayName,appId,deletedDateTime,servicePrincipalType',
  administrativeUnit: 'id,displayName,deletedDateTime',
};

const rawDeletedSchema = z
  .object({
    id: z.string(),
    '@odata.type': z.string().optional(),
    displayName: z.string().nullable().optional(),
    userPrincipalName: z.string().nullable().optional(),
    mail: z.string().nullable().optional(),
    proxyAddresses: z.array(z.string()).nullable().optional(),
    deletedDateTime: z.string().nullable().optional(),
    userType: z.string().nullable().optional(),
    appId: z.string().nullable().optional(),
    groupTypes: z.array(z.string()).nullable().optional(),
    mailEnabled: z.boolean().nullable().optional(),
    securityEnabled: z.boolean().nullable().optional(),
    isAssignableToRole: z.boolean().nullable().optional(),
  })
  .passthrough();

export interface DeletedObject {
  id: string;
  type: DirectoryObjectType;
  displayName: string;
  /** The UPN the user had before deletion (Entra prefixes it with the object id while deleted). */
  userPrincipalName?: string;
  mail?: string;
  /** Email addresses (`smtp:` proxy addresses, primary and aliases), lower-cased without the prefix. */
  emailAddresses?: string[];
  deletedDateTime?: string;
  /** Whole days left before Entra deletes it for good; 0 means less than a day. */
  daysLeft?: number;
  userType?: string;
  appId?: string;
  groupTypes?: string[];
  mailEnabled?: boolean;
  securityEnabled?: boolean;
  isAssignableToRole?: boolean;
}

const ODATA_TYPE_TO_KIND: Record<string, DirectoryObjectType> = {
  '#microsoft.graph.user': 'user',
  '#microsoft.graph.group': 'group',
  '#microsoft.graph.application': 'application',
  '#microsoft.graph.serviceprincipal': 'servicePrincipal',
  '#microsoft.graph.administrativeunit': 'administrativeUnit',
};

/** Entra renames a deleted user's UPN to `<object id without dashes><original UPN>`; people know the original. */
export function originalUserPrincipalName(id: string, deletedUpn: string): string {
  const prefix = id.replace(/-/g, '');
  return deletedUpn.toLowerCase().startsWith(prefix.toLowerCase()) ? deletedUpn.slice(prefix.length) : deletedUpn;
}

export function daysLeft(deletedDateTime: string | undefined, now: number): number | undefined {
  if (!deletedDateTime) return undefined;
  const deletedAt = Date.parse(deletedDateTime);
  if (Number.isNaN(deletedAt)) return undefined;
  return Math.max(0, Math.floor((deletedAt + RETENTION_DAYS * DAY_MS - now) / DAY_MS));
}

export function toDeletedObject(raw: unknown, fallbackType: DirectoryObjectType | undefined, now: number): DeletedObject | undefined {
  const parsed = rawDeletedSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const item = parsed.data;
  const type = (item['@odata.type'] ? ODATA_TYPE_TO_KIND[item['@odata.type'].toLowerCase()] : undefined) ?? fallbackType;
  if (!type) return undefined;
  const upn = item.userPrincipalName ? originalUserPrincipalName(item.id, item.userPrincipalName) : undefined;
  const out: DeletedObject = { id: item.id, type, displayName: item.displayName ?? upn ?? item.id };
  if (upn) out.userPrincipalName = upn;
  if (item.mail) out.mail = item.mail;
  const addresses = (item.proxyAddresses ?? []).filter((a) => /^smtp:/i.test(a)).map((a) => a.slice(5).toLowerCase());
  if (addresses.length > 0) out.emailAddresses = [...new Set(addresses)];
  if (item.deletedDateTime) {
    out.deletedDateTime = item.deletedDateTime;
    const left = daysLeft(item.deletedDateTime, now);
    if (left !== undefined) out.daysLeft = left;
  }
  if (item.userType) out.userType = item.userType;
  if (item.appId) out.appId = item.appId;
  if (item.groupTypes) out.groupTypes = item.groupTypes;
  if (typeof item.mailEnabled === 'boolean') out.mailEnabled = item.mailEnabled;
  if (typeof item.securityEnabled === 'boolean') out.securityEnabled = item.securityEnabled;
  if (typeof item.isAssignableToRole === 'boolean') out.isAssignableToRole = item.isAssignableToRole;
  return out;
}

export function describeDeletedObject(item: DeletedObject): string {
  const handle = item.userPrincipalName ?? item.mail;
  return handle && handle.toLowerCase() !== item.displayName.toLowerCase() ? `${item.displayName} (${handle})` : item.displayName;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL_LIKE = /^[^\s@]+@[^\s@]+$/;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

export type FindResult = { ok: true; matches: DeletedObject[] } | { ok: false; error: GraphError };

async function collect(graph: GraphClient, url: string, type: DirectoryObjectType, now: number, signal: AbortSignal | undefined, advanced = false): Promise<DeletedObject[]> {
  const out: DeletedObject[] = [];
  for await (const page of pageThrough<unknown>(graph, url, { signal, operation: 'list-deleted', ...(advanced ? { consistencyLevel: 'eventual' as const } : {}) })) {
    for (const raw of page.items) {
      const item = toDeletedObject(raw, type, now);
      if (item) out.push(item);
    }
  }
  return out;
}

/** Like collect, but undefined when Graph refuses the filter in this tenant (400 Request_UnsupportedQuery). */
async function collectUnlessRefused(
  graph: GraphClient,
  url: string,
  type: DirectoryObjectType,
  now: number,
  signal: AbortSignal | undefined,
  advanced = false,
): Promise<DeletedObject[] | undefined> {
  try {
    return await collect(graph, url, type, now, signal, advanced);
  } catch (error) {
    if (isUnsupportedQuery(error)) return undefined;
    throw error;
  }
}

function hasAddress(item: DeletedObject, address: string): boolean {
  const wanted = address.toLowerCase();
  return item.userPrincipalName?.toLowerCase() === wanted || item.mail?.toLowerCase() === wanted;
}

/**
 * Deleted users or groups whose original UPN or mail is exactly `address`, for tenants that refuse the filters that
 * would find them directly: every deleted object of the type is read and matched here (the recycle bin keeps 30 days
 * of deletions, a few pages of 999 in most tenants).
 */
async function scanDeletedByAddress(graph: GraphClient, type: 'user' | 'group', address: string, now: number, signal: AbortSignal | undefined): Promise<DeletedObject[]> {
  const all = await collect(graph, `/directory/deletedItems/microsoft.graph.${type}?$select=${SELECT[type]}&$top=999`, type, now, signal);
  return all.filter((item) => hasAddress(item, address));
}

/**
 * Finds deleted objects the way an admin names them: an object id, a UPN or mail address (exact matches only), or a
 * display name (exact first, then "starts with"). Several matches are returned for the admin to choose from.
 */
export async function findDeletedObjects(
  graph: GraphClient,
  query: string,
  options: { types?: readonly DirectoryObjectType[]; now: number; signal?: AbortSignal },
): Promise<FindResult> {
  const types = options.types ?? DELETED_OBJECT_TYPES;
  const text = query.trim();
  try {
    if (isGuid(text)) {
      const response = await graph.request<unknown>({ url: `/directory/deletedItems/${text}`, signal: options.signal, operation: 'list-deleted' });
      if (!response.ok) {
        if (response.error.status === 404) return { ok: true, matches: [] };
        return { ok: false, error: response.error };
      }
      const item = toDeletedObject(response.body, undefined, options.now);
      return { ok: true, matches: item && types.includes(item.type) ? [item] : [] };
    }
    const perType = async (type: DirectoryObjectType): Promise<DeletedObject[]> => {
      const base = `/directory/deletedItems/microsoft.graph.${type}?$select=${SELECT[type]}&$top=999`;
      if (EMAIL_LIKE.test(text)) {
        if (type !== 'user' && type !== 'group') return [];
        const byMail = collectUnlessRefused(graph, `${base}&${filterParam(`mail eq ${odataString(text)}`)}`, type, options.now, options.signal);
        // A deleted user's UPN is prefixed with its object id, so only `endswith` reaches the original one.
        const byUpn =
          type === 'user'
            ? collectUnlessRefused(graph, `${base}&${filterParam(`endswith(userPrincipalName,${odataString(text)})`)}&$count=true`, type, options.now, options.signal, true)
            : Promise.resolve([]);
        const [mailMatches, upnMatches] = await Promise.all([byMail, byUpn]);
        if (mailMatches === undefined || upnMatches === undefined) return scanDeletedByAddress(graph, type, text, options.now, options.signal);
        // `endswith('adele@…')` also matches `madele@…`: only the exact original UPN or mail is the one named.
        return [...mailMatches, ...upnMatches].filter((item) => hasAddress(item, text));
      }
      return collect(graph, `${base}&${filterParam(`displayName eq ${odataString(text)}`)}`, type, options.now, options.signal);
    };
    let matches = (await Promise.all(types.map(perType))).flat();
    if (matches.length === 0 && !EMAIL_LIKE.test(text)) {
      matches = (
        await Promise.all(
          types.map((type) =>
            collect(graph, `/directory/deletedItems/microsoft.graph.${type}?$select=${SELECT[type]}&$top=999&${filterParam(`startswith(displayName,${odataString(text)})`)}`, type, options.now, options.signal),
          ),
        )
      ).flat();
    }
    return { ok: true, matches: sortByDeleted(matches) };
  } catch (error) {
    if (error instanceof GraphError) return { ok: false, error };
    throw error;
  }
}

/** Every deleted object of the given types, newest deletion first; for listings and CSV plans. */
export async function* listDeletedObjects(
  graph: GraphClient,
  type: DirectoryObjectType,
  options: { now: number; signal?: AbortSignal; search?: string },
): AsyncGenerator<DeletedObject> {
  const filter = options.search ? `&${filterParam(`startswith(displayName,${odataString(options.search)})`)}` : '';
  for await (const page of pageThrough<unknown>(graph, `/directory/deletedItems/microsoft.graph.${type}?$select=${SELECT[type]}&$top=999${filter}`, {
    signal: options.signal,
    operation: 'list-deleted',
  })) {
    for (const raw of page.items) {
      const item = toDeletedObject(raw, type, options.now);
      if (item) yield item;
    }
  }
}

/** Indexes the recycle bin once so that thousands of CSV rows resolve without a query each. */
export class DeletedObjectIndex {
  private readonly byId = new Map<string, DeletedObject>();
  private readonly byKey = new Map<string, DeletedObject[]>();

  add(item: DeletedObject): void {
    this.byId.set(item.id.toLowerCase(), item);
    for (const key of [item.userPrincipalName, item.mail, item.displayName]) {
      if (!key) continue;
      const k = key.toLowerCase();
      const list = this.byKey.get(k) ?? [];
      if (!list.includes(item)) list.push(item);
      this.byKey.set(k, list);
    }
  }

  get size(): number {
    return this.byId.size;
  }

  byObjectId(id: string): DeletedObject | undefined {
    return this.byId.get(id.toLowerCase());
  }

  all(): DeletedObject[] {
    return [...this.byId.values()];
  }

  byHandle(handle: string): DeletedObject[] {
    return this.byKey.get(handle.toLowerCase()) ?? [];
  }

  static async load(graph: GraphClient, types: readonly DirectoryObjectType[], now: number, signal?: AbortSignal): Promise<DeletedObjectIndex> {
    const index = new DeletedObjectIndex();
    await Promise.all(
      types.map(async (type) => {
        for await (const item of listDeletedObjects(graph, type, { now, signal })) index.add(item);
      }),
    );
    return index;
  }
}

function dedupe(items: DeletedObject[]): DeletedObject[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item.id) ? false : (seen.add(item.id), true)));
}

function sortByDeleted(items: DeletedObject[]): DeletedObject[] {
  return dedupe(items).sort((a, b) => (b.deletedDateTime ?? '').localeCompare(a.deletedDateTime ?? ''));
}
