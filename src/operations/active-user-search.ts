import { z } from 'zod';
import type { GraphClient } from '../graph/graph-client';
import type { GraphError } from '../graph/graph-error';
import { filterParam, odataString } from '../graph/odata-literal';
import type { ActiveUser } from './active-user-lookup';

const pageSchema = z.object({
  value: z.array(
    z.object({
      id: z.string(),
      displayName: z.string().nullable().optional(),
      userPrincipalName: z.string().nullable().optional(),
      mail: z.string().nullable().optional(),
    }),
  ),
});

/** At most this many candidates are offered to choose from. */
const MAX_MATCHES = 9;

export type ActiveUserSearch = { ok: true; exact: boolean; users: ActiveUser[] } | { ok: false; error: GraphError };

async function usersWhere(graph: GraphClient, filter: string, signal?: AbortSignal): Promise<{ ok: true; users: ActiveUser[] } | { ok: false; error: GraphError }> {
  const response = await graph.request<unknown>({
    url: `/users?$select=id,displayName,userPrincipalName,mail&$top=${MAX_MATCHES}&${filterParam(filter)}`,
    signal,
    operation: 'read',
  });
  if (!response.ok) return response;
  const page = pageSchema.safeParse(response.body);
  const users = (page.success ? page.data.value : []).map((u) => ({
    id: u.id,
    displayName: u.displayName ?? u.userPrincipalName ?? u.id,
    userPrincipalName: u.userPrincipalName ?? '',
    ...(u.mail ? { mail: u.mail } : {}),
  }));
  return { ok: true, users };
}

/** Active users with exactly this display name; failing that, those whose name starts with it (`exact: false`). */
export async function findActiveUsersNamed(graph: GraphClient, name: string, signal?: AbortSignal): Promise<ActiveUserSearch> {
  const exact = await usersWhere(graph, `displayName eq ${odataString(name)}`, signal);
  if (!exact.ok || exact.users.length > 0) return exact.ok ? { ok: true, exact: true, users: exact.users } : exact;
  const prefix = await usersWhere(graph, `startswith(displayName,${odataString(name)})`, signal);
  return prefix.ok ? { ok: true, exact: false, users: prefix.users } : prefix;
}
