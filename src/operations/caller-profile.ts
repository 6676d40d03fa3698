import { z } from 'zod';
import type { GraphClient } from '../graph/graph-client';
import { GraphError } from '../graph/graph-error';
import { pageThrough } from '../graph/pager';
import { roleKeyOf } from './directory-roles';
import type { RoleKey } from './directory-roles';

export interface CallerProfile {
  id: string;
  displayName: string;
  userPrincipalName: string;
  roles: ReadonlySet<RoleKey>;
  /** Display names of every directory role held, including ones this product does not reason about. */
  roleNames: string[];
}

const meSchema = z.object({ id: z.string(), displayName: z.string().nullable().optional(), userPrincipalName: z.string().nullable().optional() });
const membershipSchema = z.object({
  '@odata.type': z.string().optional(),
  displayName: z.string().nullable().optional(),
  roleTemplateId: z.string().nullable().optional(),
});

/** Who the token acts as, and which directory roles they hold (directly or through role-assignable groups). */
export async function loadCallerProfile(graph: GraphClient, signal?: AbortSignal): Promise<{ ok: true; value: CallerProfile } | { ok: false; error: GraphError }> {
  const me = await graph.request<unknown>({ url: '/me?$select=id,displayName,userPrincipalName', signal, operation: 'read' });
  if (!me.ok) return { ok: false, error: me.error };
  const profile = meSchema.parse(me.body);
  const roles = new Set<RoleKey>();
  const roleNames: string[] = [];
  try {
    for await (const page of pageThrough<unknown>(graph, '/me/transitiveMemberOf?$top=999', { signal, operation: 'read' })) {
      for (const raw of page.items) {
        const item = membershipSchema.safeParse(raw);
        if (!item.success || item.data['@odata.type'] !== '#microsoft.graph.directoryRole') continue;
        const key = roleKeyOf(item.data);
        if (key) roles.add(key);
        if (item.data.displayName) roleNames.push(item.data.displayName);
      }
    }
  } catch (error) {
    if (error instanceof GraphError) return { ok: false, error };
    throw error;
  }
  return {
    ok: true,
    value: {
      id: profile.id,
      displayName: profile.displayName ?? profile.userPrincipalName ?? profile.id,
      userPrincipalName: profile.userPrincipalName ?? '',
      roles,
      roleNames: [...new Set(roleNames)].sort(),
    },
  };
}
