import { z } from 'zod';
import { BatchExecutor } from '../graph/batch-executor';
import type { GraphClient } from '../graph/graph-client';
import { filterParam, odataString } from '../graph/odata-literal';

const userSchema = z.object({
  id: z.string(),
  proxyAddresses: z.array(z.string()).nullable().optional(),
  displayName: z.string().nullable().optional(),
  userPrincipalName: z.string().nullable().optional(),
  mail: z.string().nullable().optional(),
});

export interface ActiveUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail?: string;
}

/** Graph allows at most 15 values in one `in (...)` filter. */
const IN_LIMIT = 15;

/**
 * Finds active users whose UPN or mail is one of the given values, with `in (...)` filters sent as `$batch` reads, so
 * that checking thousands of rows for conflicts costs a few dozen calls rather than one per row.
 */
export async function findActiveUsers(graph: GraphClient, values: { ids?: Iterable<string>; userPrincipalNames?: Iterable<string>; mails?: Iterable<string>; emailAddresses?: Iterable<string> }, signal?: AbortSignal): Promise<ActiveUserMatches> {
  const byId = new Map<string, ActiveUser>();
  const byUpn = new Map<string, ActiveUser>();
  const byMail = new Map<string, ActiveUser>();
  const byAddress = new Map<string, ActiveUser>();
  const requests: { key: string; url: string }[] = [];
  const push = (property: 'id' | 'userPrincipalName' | 'mail', all: Iterable<string> | undefined) => {
    const unique = [...new Set([...(all ?? [])].map((v) => v.toLowerCase()))];
    for (let i = 0; i < unique.length; i += IN_LIMIT) {
      const chunk = unique.slice(i, i + IN_LIMIT).map(odataString);
      requests.push({ key: `${property}:${i}`, url: `/users?$select=id,displayName,userPrincipalName,mail&$top=999&${filterParam(`${property} in (${chunk.join(',')})`)}` });
    }
  };
  push('id', values.ids);
  push('userPrincipalName', values.userPrincipalNames);
  push('mail', values.mails);
  const addresses = [...new Set([...(values.emailAddresses ?? [])].map((v) => v.toLowerCase()))];
  for (let i = 0; i < addresses.length; i += IN_LIMIT) {
    const clauses = addresses.slice(i, i + IN_LIMIT).map((a) => `proxyAddresses/any(p:p eq ${odataString(`smtp:${a}`)})`);
    requests.push({
      key: `proxyAddresses:${i}`,
      url: `/users?$select=id,displayName,userPrincipalName,mail,proxyAddresses&$top=999&${filterParam(clauses.join(' or '))}`,
    });
  }
  if (requests.length === 0) return { byId, byUpn, byMail, byAddress };

  const executor = new BatchExecutor({ transport: graph });
  for await (const result of executor.run(
    requests.map((r) => ({ key: r.key, request: { method: 'GET' as const, url: r.url }, kind: 'read' as const, operation: 'read' as const })),
    { signal },
  )) {
    if (result.outcome !== 'succeeded') {
      if (result.outcome === 'failed') throw result.error;
      continue;
    }
    const page = z.object({ value: z.array(z.unknown()) }).safeParse(result.body);
    for (const raw of page.success ? page.data.value : []) {
      const user = userSchema.safeParse(raw);
      if (!user.success) continue;
      const active: ActiveUser = {
        id: user.data.id,
        displayName: user.data.displayName ?? user.data.userPrincipalName ?? user.data.id,
        userPrincipalName: user.data.userPrincipalName ?? '',
        ...(user.data.mail ? { mail: user.data.mail } : {}),
      };
      byId.set(active.id.toLowerCase(), active);
      if (active.userPrincipalName) byUpn.set(active.userPrincipalName.toLowerCase(), active);
      if (active.mail) byMail.set(active.mail.toLowerCase(), active);
      for (const address of user.data.proxyAddresses ?? []) {
        if (/^smtp:/i.test(address)) byAddress.set(address.slice(5).toLowerCase(), active);
      }
    }
  }
  return { byId, byUpn, byMail, byAddress };
}

export interface ActiveUserMatches {
  byId: Map<string, ActiveUser>;
  byUpn: Map<string, ActiveUser>;
  byMail: Map<string, ActiveUser>;
  /** Active users by each `smtp:` proxy address they hold (lower-cased, without the prefix). */
  byAddress: Map<string, ActiveUser>;
}

/** The active user an object id or UPN names, if any. */
export function lookupRef(matches: ActiveUserMatches, ref: { by: 'id'; id: string } | { by: 'userPrincipalName'; userPrincipalName: string }): ActiveUser | undefined {
  return ref.by === 'id' ? matches.byId.get(ref.id.toLowerCase()) : matches.byUpn.get(ref.userPrincipalName.toLowerCase());
}
