import { z } from 'zod';
import type { GraphClient } from '../graph/graph-client';
import type { GraphError } from '../graph/graph-error';
import { isGuid } from './deleted-objects';
import { filterParam, odataString } from '../graph/odata-literal';

const groupSchema = z.object({
  id: z.string(),
  displayName: z.string().nullable().optional(),
  mail: z.string().nullable().optional(),
  groupTypes: z.array(z.string()).nullable().optional(),
  mailEnabled: z.boolean().nullable().optional(),
  securityEnabled: z.boolean().nullable().optional(),
  isAssignableToRole: z.boolean().nullable().optional(),
  membershipRule: z.string().nullable().optional(),
  onPremisesSyncEnabled: z.boolean().nullable().optional(),
});

export interface GroupSummary {
  id: string;
  displayName: string;
  mail?: string;
  kind: 'Microsoft 365' | 'Security' | 'Mail-enabled security' | 'Distribution list';
  isAssignableToRole: boolean;
  dynamic: boolean;
  synced: boolean;
}

const SELECT = 'id,displayName,mail,groupTypes,mailEnabled,securityEnabled,isAssignableToRole,membershipRule,onPremisesSyncEnabled';

export function toGroupSummary(raw: unknown): GroupSummary | undefined {
  const parsed = groupSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const g = parsed.data;
  const unified = (g.groupTypes ?? []).includes('Unified');
  const kind: GroupSummary['kind'] = unified ? 'Microsoft 365' : g.mailEnabled ? (g.securityEnabled ? 'Mail-enabled security' : 'Distribution list') : 'Security';
  return {
    id: g.id,
    displayName: g.displayName ?? g.id,
    ...(g.mail ? { mail: g.mail } : {}),
    kind,
    isAssignableToRole: g.isAssignableToRole === true,
    dynamic: (g.groupTypes ?? []).includes('DynamicMembership') || Boolean(g.membershipRule),
    synced: g.onPremisesSyncEnabled === true,
  };
}

export type GroupLookup = { ok: true; matches: GroupSummary[] } | { ok: false; error: GraphError };

/** A group by object id, exact display name or mail address. */
export async function findGroups(graph: GraphClient, nameOrId: string, signal?: AbortSignal): Promise<GroupLookup> {
  const text = nameOrId.trim();
  if (isGuid(text)) {
    const response = await graph.request<unknown>({ url: `/groups/${text}?$select=${SELECT}`, signal, operation: 'read' });
    if (response.ok) {
      const group = toGroupSummary(response.body);
      return { ok: true, matches: group ? [group] : [] };
    }
    return response.error.status === 404 ? { ok: true, matches: [] } : { ok: false, error: response.error };
  }
  const property = text.includes('@') ? 'mail' : 'displayName';
  const response = await graph.request<{ value: unknown[] }>({ url: `/groups?$select=${SELECT}&$top=20&${filterParam(`${property} eq ${odataString(text)}`)}`, signal, operation: 'read' });
  if (!response.ok) return { ok: false, error: response.error };
  return { ok: true, matches: (response.body.value ?? []).flatMap((raw) => toGroupSummary(raw) ?? []) };
}
