import { z } from 'zod';
import { BatchExecutor } from '../../graph/batch-executor';
import type { GraphClient } from '../../graph/graph-client';
import { filterParam, odataString } from '../../graph/odata-literal';
import type { MemberRef } from '../field-rules';
import type { UpdatableProperty } from './update-users-row';

/** A user as the dry run read it: the properties the file changes, and the manager when the file has that column. */
export interface CurrentUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
  values: Partial<Record<UpdatableProperty, unknown>>;
  manager: { id: string; userPrincipalName: string } | null;
  /** onPremisesSyncEnabled: the on-premises directory masters most of the user's properties. */
  syncedFromOnPremises: boolean;
}

const userSchema = z
  .object({
    id: z.string(),
    displayName: z.string().nullable().optional(),
    userPrincipalName: z.string().nullable().optional(),
    manager: z.object({ id: z.string(), userPrincipalName: z.string().nullable().optional() }).nullable().optional(),
    onPremisesSyncEnabled: z.boolean().nullable().optional(),
  })
  .passthrough();

/** How a row names its user in a URL: Graph takes the object id or the user name at /users/{id}. */
export function userKey(ref: MemberRef): string {
  return ref.by === 'id' ? ref.id.toLowerCase() : ref.userPrincipalName.toLowerCase();
}

/** Graph allows at most 15 values in one `in (...)` filter. */
const IN_LIMIT = 15;

const pageSchema = z.object({ value: z.array(z.unknown()) });

/**
 * Reads the named users' current values with `in (...)` filters of 15 users each (by object ID or by user name), sent
 * as `$batch` reads: the dry run diffs every cell against them. A list read costs about as much as one user's GET, so
 * 30,000 rows cost 2,000 reads, well inside Graph's resource-unit budget, where one GET per user would be throttled.
 * Users Graph does not find are absent from the answer; any refusal is thrown.
 */
export async function readCurrentUsers(
  graph: GraphClient,
  refs: readonly MemberRef[],
  properties: readonly UpdatableProperty[],
  withManager: boolean,
  signal?: AbortSignal,
): Promise<Map<string, CurrentUser>> {
  const select = [...new Set(['id', 'displayName', 'userPrincipalName', 'onPremisesSyncEnabled', ...properties])].join(',');
  const expand = withManager ? `&$expand=${encodeURIComponent('manager($select=id,userPrincipalName)')}` : '';
  const ids = new Set(refs.flatMap((ref) => (ref.by === 'id' ? [userKey(ref)] : [])));
  const names = new Set(refs.flatMap((ref) => (ref.by === 'userPrincipalName' ? [userKey(ref)] : [])));
  const requests: { key: string; url: string }[] = [];
  for (const [property, values] of [['id', [...ids]], ['userPrincipalName', [...names]]] as const) {
    for (let i = 0; i < values.length; i += IN_LIMIT) {
      const chunk = values.slice(i, i + IN_LIMIT).map(odataString);
      requests.push({ key: `${property}:${i}`, url: `/users?$select=${select}${expand}&$top=999&${filterParam(`${property} in (${chunk.join(',')})`)}` });
    }
  }
  const found = new Map<string, CurrentUser>();
  if (requests.length === 0) return found;
  const executor = new BatchExecutor({ transport: graph });
  const items = requests.map(({ key, url }) => ({ key, request: { method: 'GET' as const, url }, kind: 'read' as const, operation: 'read' as const }));
  for await (const result of executor.run(items, { signal })) {
    if (result.outcome === 'failed') throw result.error;
    if (result.outcome !== 'succeeded') continue;
    const page = pageSchema.safeParse(result.body);
    for (const raw of page.success ? page.data.value : []) {
      const parsed = userSchema.safeParse(raw);
      if (!parsed.success) continue;
      const { id, displayName, userPrincipalName, manager, onPremisesSyncEnabled } = parsed.data;
      const values: Partial<Record<UpdatableProperty, unknown>> = {};
      for (const property of properties) values[property] = parsed.data[property] ?? null;
      const user: CurrentUser = {
        id,
        displayName: displayName ?? userPrincipalName ?? id,
        userPrincipalName: userPrincipalName ?? '',
        values,
        manager: manager ? { id: manager.id, userPrincipalName: manager.userPrincipalName ?? manager.id } : null,
        syncedFromOnPremises: onPremisesSyncEnabled === true,
      };
      if (ids.has(id.toLowerCase())) found.set(id.toLowerCase(), user);
      const name = userPrincipalName?.toLowerCase();
      if (name !== undefined && names.has(name)) found.set(name, user);
    }
  }
  return found;
}
