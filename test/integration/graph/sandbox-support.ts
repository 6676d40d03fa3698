import { GraphClient } from '../../../src/graph/graph-client';
import { SandboxTokenProvider } from '../../../src/graph/sandbox-token-provider';
import { CONTOSO_PEOPLE } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';

export const ADMIN = CONTOSO_PEOPLE.modAdministrator;

export function clientFor(sandbox: RunningSandbox, user: string = ADMIN.id): GraphClient {
  return new GraphClient({
    baseUrl: sandbox.graphBaseUrl,
    tokenProvider: new SandboxTokenProvider({ sandboxOrigin: sandbox.url, user }),
    retry: { maxAttempts: 4, baseDelayMs: 50, maxDelayMs: 2_000 },
  });
}

export async function control(sandbox: RunningSandbox, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path} failed with HTTP ${response.status}: ${await response.text()}`);
  return response.json() as Promise<unknown>;
}

export interface AuditEntry {
  method: string;
  path: string;
  status: number;
}

export async function auditEntries(sandbox: RunningSandbox): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (let since = 0; ; ) {
    const page = (await control(sandbox, 'GET', `/_sandbox/audit?since=${since}`)) as { entries: AuditEntry[]; next: number };
    entries.push(...page.entries);
    if (page.entries.length === 0) return entries;
    since = page.next;
  }
}
