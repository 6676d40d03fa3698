import type { RunningSandbox } from '../../../src/sandbox';
import { CONTOSO_PEOPLE } from '../../../src/sandbox';

export interface AuditEntry {
  index: number;
  actorOid: string | null;
  method: string;
  path: string;
  status: number;
}

/** Reads Graph as the Global Administrator, to check what a flow changed without going through the bot. */
export async function graphGet(sandbox: RunningSandbox, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const token = await sandbox.issueToken(CONTOSO_PEOPLE.modAdministrator.id);
  const response = await fetch(`${sandbox.graphBaseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export async function isActiveUser(sandbox: RunningSandbox, id: string): Promise<boolean> {
  return (await graphGet(sandbox, `/users/${id}`)).status === 200;
}

export async function isInRecycleBin(sandbox: RunningSandbox, id: string): Promise<boolean> {
  return (await graphGet(sandbox, `/directory/deletedItems/${id}`)).status === 200;
}

/** The sandbox's audit log of changes (writes), from `since` on. */
export async function auditSince(sandbox: RunningSandbox, since: number): Promise<{ entries: AuditEntry[]; next: number }> {
  const response = await fetch(`${sandbox.url}/_sandbox/audit?since=${since}`);
  return (await response.json()) as { entries: AuditEntry[]; next: number };
}

export async function auditMark(sandbox: RunningSandbox): Promise<number> {
  return (await auditSince(sandbox, 0)).next;
}

export async function setFaults(sandbox: RunningSandbox, faults: Record<string, unknown> | undefined): Promise<void> {
  const response = await fetch(`${sandbox.url}/_sandbox/faults`, {
    method: faults ? 'POST' : 'DELETE',
    headers: { 'content-type': 'application/json' },
    ...(faults ? { body: JSON.stringify(faults) } : {}),
  });
  if (!response.ok) throw new Error(`The sandbox refused the fault settings: HTTP ${response.status} ${await response.text()}`);
}
