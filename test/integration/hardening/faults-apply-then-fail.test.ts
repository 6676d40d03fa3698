import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryJobStore } from '../../../src/jobs/memory-job-store';
import { startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import {
  ADMIN,
  approvedJob,
  clearFaults,
  expectExactlyOnce,
  faultRunner,
  injectedFaults,
  restoreAudit,
  restorePlanFor,
  sandboxTokens,
  setFaults,
} from './fault-support/fault-harness';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, users: 40, deleted: 60, seed: 29 });
});

afterAll(async () => {
  await sandbox.stop();
});

async function isActiveUser(id: string): Promise<boolean> {
  const token = await sandbox.issueToken(ADMIN.id);
  const response = await fetch(`${sandbox.graphBaseUrl}/users/${id}?$select=id`, { headers: { authorization: `Bearer ${token}` } });
  return response.status === 200;
}

describe('writes Graph carries out and then answers 429 or 503', () => {
  it('the sandbox applies the write, audits it as applied, and answers the injected error with Retry-After, as many times as asked', async () => {
    const [first, second] = (await restorePlanFor(sandbox, 2)).rows;
    const token = await sandbox.issueToken(ADMIN.id);
    const restore = (id: string) =>
      fetch(`${sandbox.graphBaseUrl}/directory/deletedItems/${id}/restore`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    await setFaults(sandbox, { applyThenFailCount: 1, paths: '/restore$' });
    try {
      const failed = await restore(first?.work?.id ?? '');
      expect(failed.status).toBe(503);
      expect(failed.headers.get('retry-after')).toBe('1');
      expect(((await failed.json()) as { error: { code: string } }).error.code).toBe('serviceNotAvailable');
      // The count is spent: the next write is answered as Graph answers it.
      expect((await restore(second?.work?.id ?? '')).status).toBe(200);
      expect(await injectedFaults(sandbox)).toEqual({ errors: 0, resets: 0, resetsAfterApply: 0, appliedThenFailed: 1 });
    } finally {
      await clearFaults(sandbox);
    }
    const audit = await restoreAudit(sandbox);
    expect(audit.applied.get(first?.work?.id ?? '')).toBe(1);
    expect(await isActiveUser(first?.work?.id ?? '')).toBe(true);
  });

  it('reads and refused writes are never answered with the fault', async () => {
    const token = await sandbox.issueToken(ADMIN.id);
    await setFaults(sandbox, { applyThenFailRate: 1, applyThenFailStatus: 429 });
    try {
      const read = await fetch(`${sandbox.graphBaseUrl}/users?$top=1`, { headers: { authorization: `Bearer ${token}` } });
      expect(read.status).toBe(200);
      const missing = await fetch(`${sandbox.graphBaseUrl}/directory/deletedItems/0a0a0a0a-0000-4000-8000-000000000000/restore`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(missing.status).toBe(404);
      expect((await injectedFaults(sandbox)).appliedThenFailed).toBe(0);
    } finally {
      await clearFaults(sandbox);
    }
  });

  it('inside $batch, each step that was carried out is answered with the fault on its own', async () => {
    const rows = (await restorePlanFor(sandbox, 2)).rows;
    const token = await sandbox.issueToken(ADMIN.id);
    await setFaults(sandbox, { applyThenFailCount: 1, applyThenFailStatus: 429, retryAfterSeconds: 3, paths: '/restore$' });
    let responses: { id: string; status: number; headers: Record<string, string> }[];
    try {
      const response = await fetch(`${sandbox.graphBaseUrl}/$batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ requests: rows.map((row, i) => ({ id: String(i + 1), method: 'POST', url: `/directory/deletedItems/${row.work?.id ?? ''}/restore` })) }),
      });
      expect(response.status).toBe(200);
      responses = ((await response.json()) as { responses: typeof responses }).responses;
    } finally {
      await clearFaults(sandbox);
    }
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 429]);
    expect(responses.find((r) => r.status === 429)?.headers['retry-after']).toBe('3');
    const audit = await restoreAudit(sandbox);
    for (const row of rows) {
      expect(audit.applied.get(row.work?.id ?? '')).toBe(1);
      expect(await isActiveUser(row.work?.id ?? '')).toBe(true);
    }
  });

  for (const status of [503, 429] as const) {
    it(`a restore job whose every first attempt is applied and answered ${status} reports every row succeeded, restored once`, async () => {
      const plan = await restorePlanFor(sandbox, 6);
      const store = new MemoryJobStore();
      const job = await approvedJob(store, sandbox, plan, `restore (applied, then ${status})`);
      // Every restore of this job is carried out and answered with the error the first time; the client retries it
      // (through $batch), and Graph then says the object is not in the recycle bin.
      await setFaults(sandbox, { applyThenFailCount: plan.rows.length, applyThenFailStatus: status, retryAfterSeconds: 0, paths: '/restore$' });
      const { runner, errors } = faultRunner(store, sandbox, sandboxTokens(sandbox));
      try {
        await runner.runJob(job.id);
        expect((await injectedFaults(sandbox)).appliedThenFailed).toBe(plan.rows.length);
      } finally {
        await clearFaults(sandbox);
      }
      const finished = (await store.getJob(job.id))?.job;
      expect(finished?.state).toBe('completed');
      expect(finished?.counters).toMatchObject({ total: 6, succeeded: 6, failed: 0, remaining: 0 });
      // This job restored them: they are not "already done".
      expect(finished?.counters.alreadyDone).toBeUndefined();

      const rows = await expectExactlyOnce(store, sandbox, plan, job.id);
      for (const row of rows) {
        expect(row.result).toMatchObject({ status: 'succeeded', objectId: row.plan.work?.id });
        expect(row.result?.alreadyDone).toBeUndefined();
        expect(row.result?.reason).not.toMatch(/not in the recycle bin/);
        expect(await isActiveUser(row.plan.work?.id ?? '')).toBe(true);
      }
      // Each restore was applied exactly once and each retry was refused with 404.
      const audit = await restoreAudit(sandbox);
      for (const row of plan.rows) {
        const id = row.work?.id ?? '';
        expect(audit.ids.filter((each, i) => each === id && audit.statuses[i] === 404)).toHaveLength(1);
      }
      expect(errors).toEqual([]);
    });
  }
});
