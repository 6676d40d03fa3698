import { z } from 'zod';
import { BatchExecutor } from '../../graph/batch-executor';
import type { GraphClient } from '../../graph/graph-client';
import { isNotFound } from '../bulk-operation';
import type { MemberRef } from '../field-rules';
import type { UpdatableProperty } from './update-users-row';

/** A user as the dry run read it: the properties the file changes, and the manager when the file has that column. */
export interface CurrentUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
  values: Partial<Record<UpdatableProperty, unknown>>;
  manager: { id: string; userPrincipalName: string } | null;
}

const userSchema = z
  .object({
    id: z.string(),
    displayName: z.string().nullable().optional(),
    userPrincipalName: z.string().nullable().optional(),
    manager: z.object({ id: z.string(), userPrincipalName: z.string().nullable().optional() }).nullable().optional(),
  })
  .passthrough();

/** How a row names its user in a URL: Graph takes the object id or the user name at /users/{id}. */
export function userKey(ref: MemberRef): string {
  return ref.by === 'id' ? ref.id.toLowerCase() : ref.userPrincipalName.toLowerCase();
}

/**
 * Reads each named user's current values with one GET per user, sent in `$batch`: the dry run diffs every cell
 * against them. Users Graph does not find are absent from the answer; any other refusal is thrown.
 */
export async function readCurrentUsers(
  graph: GraphClient,
  refs: readonly MemberRef[],
  properties: readonly UpdatableProperty[],
  withManager: boolean,
  signal?: AbortSignal,
): Promise<Map<string, CurrentUser>> {
  const select = [...new Set(['id', 'displayName', 'userPrincipalName', ...properties])].join(',');
  const expand = withManager ? `&$expand=${encodeURIComponent('manager($select=id,userPrincipalName)')}` : '';
  const keys = [...new Set(refs.map(userKey))];
  const found = new Map<string, CurrentUser>();
  if (keys.length === 0) return found;
  const executor = new BatchExecutor({ transport: graph });
  const items = keys.map((key) => ({
    key,
    request: { method: 'GET' as const, url: `/users/${encodeURIComponent(key)}?$select=${select}${expand}` },
    kind: 'read' as const,
    operation: 'read' as const,
  }));
  for await (const result of executor.run(items, { signal })) {
    if (result.outcome === 'failed') {
      if (isNotFound(result.error)) continue;
      throw result.error;
    }
    if (result.outcome !== 'succeeded') continue;
    const parsed = userSchema.safeParse(result.body);
    if (!parsed.success) continue;
    const { id, displayName, userPrincipalName, manager } = parsed.data;
    const values: Partial<Record<UpdatableProperty, unknown>> = {};
    for (const property of properties) values[property] = parsed.data[property] ?? null;
    found.set(result.item.key, {
      id,
      displayName: displayName ?? userPrincipalName ?? id,
      userPrincipalName: userPrincipalName ?? '',
      values,
      manager: manager ? { id: manager.id, userPrincipalName: manager.userPrincipalName ?? manager.id } : null,
    });
  }
  return found;
}
