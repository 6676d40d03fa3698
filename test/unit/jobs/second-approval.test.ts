import { describe, expect, it } from 'vitest';
import type { Job } from '../../../src/jobs/job-model';
import { newJob } from '../../../src/jobs/job-model';
import { approveJob, approveSecondly, declineSecondApproval, expireDrafts, requestSecondApproval } from '../../../src/jobs/job-control';
import { iterateRows } from '../../../src/jobs/job-store';
import { MemoryJobStore } from '../../../src/jobs/memory-job-store';
import { plannedRow } from '../../support/job-rows';

const ALICE = { objectId: 'alice', name: 'Alice' };
const BOB = { objectId: 'bob', name: 'Bob' };
const NOW = new Date('2026-03-01T10:00:00.000Z');
const HOUR = 3_600_000;

async function waitingJob(store: MemoryJobStore): Promise<Job> {
  const job = newJob({ kind: 'delete-users', tenantId: 'tenant-1', initiator: ALICE, source: { type: 'command', text: 'x' }, inputColumns: ['upn'], state: 'awaiting-approval', now: NOW });
  const created = await store.createJob(job, [plannedRow({ upn: 'a@contoso.com' }), plannedRow({ upn: 'b@contoso.com' })]);
  if (!created.ok) throw new Error(created.error.message);
  const waiting = await requestSecondApproval(store, job.id, ALICE, NOW, HOUR);
  if (!waiting.ok) throw new Error(waiting.error.message);
  return waiting.value.job;
}

async function rowReasons(store: MemoryJobStore, jobId: string): Promise<Array<string | undefined>> {
  const reasons: Array<string | undefined> = [];
  for await (const row of iterateRows(store, jobId)) reasons.push(row.result?.reason);
  return reasons;
}

describe('second approval in the job store', () => {
  it("waits after the initiator's confirm, not queued, and is queued and dispatched only by another administrator", async () => {
    const store = new MemoryJobStore();
    const job = await waitingJob(store);
    expect(job).toMatchObject({ state: 'awaiting-second-approval', approver: ALICE, expiresAt: new Date(NOW.getTime() + HOUR).toISOString() });
    expect(await store.receive(1000)).toBeUndefined();

    expect((await approveSecondly(store, job.id, ALICE, NOW)).ok).toBe(false);
    expect((await approveJob(store, job.id, ALICE, NOW)).ok).toBe(false);
    expect((await store.getJob(job.id))?.job.state).toBe('awaiting-second-approval');
    expect(await store.receive(1000)).toBeUndefined();

    const approved = await approveSecondly(store, job.id, BOB, NOW);
    expect(approved.ok && approved.value.job).toMatchObject({ state: 'queued', approver: ALICE, secondApprover: BOB, approvedAt: NOW.toISOString() });
    expect((await store.receive(1000))?.jobId).toBe(job.id);
    expect((await approveSecondly(store, job.id, { objectId: 'carol', name: 'Carol' }, NOW)).ok).toBe(false);
  });

  it('a decline ends the job cancelled with every row not run, and it can no longer be approved', async () => {
    const store = new MemoryJobStore();
    const job = await waitingJob(store);
    const declined = await declineSecondApproval(store, job.id, BOB, NOW);
    expect(declined.ok && declined.value.job).toMatchObject({ state: 'cancelled', declinedBy: BOB, counters: { cancelled: 2, remaining: 0 } });
    expect(await rowReasons(store, job.id)).toEqual(Array(2).fill('Bob declined the second approval, so this row did not run.'));
    expect((await approveSecondly(store, job.id, BOB, NOW)).ok).toBe(false);
    expect((await declineSecondApproval(store, job.id, BOB, NOW)).ok).toBe(false);
    expect(await store.receive(1000)).toBeUndefined();
  });

  it('expires at its own expiry with nothing done, and can no longer be approved', async () => {
    const store = new MemoryJobStore();
    const job = await waitingJob(store);
    expect(await expireDrafts(store, new Date(NOW.getTime() + HOUR - 1))).toEqual([]);
    const expired = await expireDrafts(store, new Date(NOW.getTime() + HOUR));
    expect(expired.map((e) => [e.job.id, e.from, e.job.state])).toEqual([[job.id, 'awaiting-second-approval', 'expired']]);
    expect(expired[0]?.job.stateReason).toContain('No second administrator approved this job in time');
    expect(await rowReasons(store, job.id)).toEqual(Array(2).fill('The job expired before a second administrator approved it.'));
    expect((await approveSecondly(store, job.id, BOB, new Date(NOW.getTime() + HOUR))).ok).toBe(false);
  });
});
