import { z } from 'zod';
import type { SandboxProcess } from './sandbox-process';

const auditPageSchema = z.object({
  entries: z.array(z.object({ index: z.number(), method: z.string(), path: z.string(), status: z.number(), batchId: z.string().optional() })),
  next: z.number(),
});
export type AuditEntry = z.infer<typeof auditPageSchema>['entries'][number];

/** Every audit entry from `since` on, page by page (the sandbox answers at most 5,000 per call). */
export async function readAudit(sandbox: SandboxProcess, since: number): Promise<AuditEntry[]> {
  const all: AuditEntry[] = [];
  let cursor = since;
  for (;;) {
    const page = auditPageSchema.parse(await sandbox.control<unknown>('GET', `/_sandbox/audit?since=${cursor}`));
    all.push(...page.entries);
    if (page.entries.length === 0 || page.next === cursor) return all;
    cursor = page.next;
  }
}

/** The object id in `…/deletedItems/{id}/restore`, or undefined for any other path. */
export function restoredId(entryPath: string): string | undefined {
  return /\/deletedItems\/([^/?]+)\/restore(?:\?|$)/i.exec(entryPath)?.[1]?.toLowerCase();
}

export function isInvitation(entryPath: string): boolean {
  return /\/invitations(?:\?|$)/i.test(entryPath);
}

/** The user id in `…/users/{id}` (a PATCH of the user), or undefined for any other path. */
export function patchedUserId(entryPath: string): string | undefined {
  return /\/users\/([^/?]+)(?:\?|$)/i.exec(entryPath)?.[1]?.toLowerCase();
}

/** The user id in `…/users/{id}/manager/$ref`, or undefined for any other path. */
export function managerRefUserId(entryPath: string): string | undefined {
  return /\/users\/([^/?]+)\/manager\/\$ref(?:\?|$)/i.exec(entryPath)?.[1]?.toLowerCase();
}
