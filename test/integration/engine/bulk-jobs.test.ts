import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBulkRunner } from '../../../src/engine/create-bulk-runner';
import { createJobFromPlan } from '../../../src/engine/create-job-from-plan';
import { GraphClient } from '../../../src/graph/graph-client';
import { SandboxTokenProvider } from '../../../src/graph/sandbox-token-provider';
import type { TokenProvider } from '../../../src/graph/token-provider';
import { approveJob, cancelJob, resumeJob } from '../../../src/jobs/job-control';
import { MemoryJobStore } from '../../../src/jobs/memory-job-store';
import { iterateRows } from '../../../src/jobs/job-store';
import { openResultsCsv } from '../../../src/jobs/results-csv';
import { loadCallerProfile } from '../../../src/operations/caller-profile';
import { planRestore } from '../../../src/operations/restore/restore-operation';
import { CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';

let sandbox: RunningSandbox;
const admin = CONTOSO_PEOPLE.alexWilber;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
});
afterAll(async () => {
  await sandbox.stop();
});

function tokens(): TokenProvider {
  return new SandboxTokenProvider({ sandboxOrigin: sandbox.url, user: admin.id });
}

async function restorePlan(ids: string[]) {
  const graph = new GraphClient({ baseUrl: sandbox.graphBaseUrl, tokenProvider: tokens() });
  const caller = await loadCallerProfile(graph);
  if (!caller.ok) throw caller.error;
  return planRestore(
    ids.map((id, rowIndex) => ({ rowIndex, line: rowIndex + 3, input: { objectId: id }, row: { target: { by: 'id' as const, id }, objectId: id } })),
    { graph, caller: caller.value, now: Date.now },
  );
}

async function restoreAuditCount(id: string): Promise<number> {
  const { entries } = (await (await fetch(`${sandbox.url}/_sandbox/audit`)).json()) as { entries: { method: string; path: string; status: number }[] };
  return entries.filter((e) => e.method === 'POST' && e.path.includes(`/deletedItems/${id}/restore`) && e.status === 200).length;
}

describe('a planned restore runs as a durable job', () => {
  it('runs approved rows once each, records every row, and writes the results file', async () => {
    const store = new MemoryJobStore();
    const ids = [CONTOSO_PEOPLE.adeleVanceDeleted.id, CONTOSO_PEOPLE.christieClineOldDeleted.id, '0a0a0a0a-0000-4000-8000-000000000000'];
    const plan = await restorePlan(ids);
    const job = await createJobFromPlan(store, {
      plan,
      tenantId: sandbox.tenantId,
      initiator: { objectId: admin.id, name: admin.displayName },
      source: { type: 'command', text: 'restore (test)' },
    });
    expect(job.state).toBe('awaiting-approval');
    const approved = await approveJob(store, job.id, { objectId: admin.id, name: admin.displayName }, new Date());
    expect(approved.ok).toBe(true);
    const again = await approveJob(store, job.id, { objectId: admin.id, name: admin.displayName }, new Date());
    expect(again.ok).toBe(false);

    const runner = createBulkRunner({ store, graphBaseUrl: sandbox.graphBaseUrl, tokenProviderFor: () => tokens() });
    const result = await runner.runJob(job.id);
    expect(result.kind ?? result).toBeTruthy();
    const finished = (await store.getJob(job.id))?.job;
    expect(finished?.state).toBe('completed-with-failures');
    expect(finished?.counters).toMatchObject({ total: 3, succeeded: 1, failed: 2, remaining: 0 });

    const rows = [];
    for await (const row of iterateRows(store, job.id)) rows.push(row);
    expect(rows.map((r) => r.result?.status)).toEqual(['succeeded', 'failed', 'failed']);
    expect(rows[1]?.result?.reason).toMatch(/user name|UPN|userPrincipalName/i);
    expect(rows[2]?.result?.reason).toContain('is not in the recycle bin');
    expect(await restoreAuditCount(CONTOSO_PEOPLE.adeleVanceDeleted.id)).toBe(1);

    const csv = await openResultsCsv(store, job.id);
    expect(csv).toBeDefined();
    let text = '';
    for await (const chunk of csv ?? []) text += String(chunk);
    const lines = text.replace(/^\uFEFF/, '').trim().split(/\r\n/);
    expect(lines).toHaveLength(4);
    expect(lines[0]?.startsWith('objectId,')).toBe(true);
    // Only the admin's columns and the outcome: nothing of the stored plan's work.
    expect(lines[0]).toBe('objectId,Object,Status,Reason,Graph error code,Request ID,New object ID,Restored object ID,Object type');
  });

  it('pauses without failing rows when the admin has no token, and resumes when one is back', async () => {
    const store = new MemoryJobStore();
    const plan = await restorePlan([CONTOSO_PEOPLE.meganBowenDeleted.id]);
    const job = await createJobFromPlan(store, {
      plan,
      tenantId: sandbox.tenantId,
      initiator: { objectId: admin.id, name: admin.displayName },
      source: { type: 'command', text: 'restore (test)' },
    });
    await approveJob(store, job.id, { objectId: admin.id, name: admin.displayName }, new Date());
    let signedIn = false;
    const runner = createBulkRunner({ store, graphBaseUrl: sandbox.graphBaseUrl, tokenProviderFor: () => (signedIn ? tokens() : undefined) });
    await runner.runJob(job.id);
    const paused = (await store.getJob(job.id))?.job;
    expect(paused?.state).toBe('paused');
    expect(paused?.counters.failed).toBe(0);
    expect(await restoreAuditCount(CONTOSO_PEOPLE.meganBowenDeleted.id)).toBe(0);

    signedIn = true;
    expect((await resumeJob(store, job.id, new Date())).ok).toBe(true);
    await runner.runJob(job.id);
    expect((await store.getJob(job.id))?.job.state).toBe('completed');
    expect(await restoreAuditCount(CONTOSO_PEOPLE.meganBowenDeleted.id)).toBe(1);
  });

  it('cancels a job that has not started, marking every row cancelled', async () => {
    const store = new MemoryJobStore();
    const plan = await restorePlan([CONTOSO_PEOPLE.meganBowenOtherDeleted.id]);
    const job = await createJobFromPlan(store, {
      plan,
      tenantId: sandbox.tenantId,
      initiator: { objectId: admin.id, name: admin.displayName },
      source: { type: 'command', text: 'restore (test)' },
    });
    await approveJob(store, job.id, { objectId: admin.id, name: admin.displayName }, new Date());
    await cancelJob(store, job.id, new Date());
    const runner = createBulkRunner({ store, graphBaseUrl: sandbox.graphBaseUrl, tokenProviderFor: () => tokens() });
    await runner.runJob(job.id);
    const cancelled = (await store.getJob(job.id))?.job;
    expect(cancelled?.state).toBe('cancelled');
    expect(cancelled?.counters.cancelled).toBe(1);
    expect(await restoreAuditCount(CONTOSO_PEOPLE.meganBowenOtherDeleted.id)).toBe(0);
  });
});
