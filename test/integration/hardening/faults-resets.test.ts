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
  recordStates,
  restoreAudit,
  restorePlanFor,
  sandboxTokens,
  setFaults,
  waitForFinish,
} from './fault-support/fault-harness';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, users: 40, deleted: 60, seed: 23 });
});

afterAll(async () => {
  await sandbox.stop();
});

describe('connections dropped during a restore job', () => {
  it('the sandbox can drop a connection after carrying out the request, and audits the write as applied', async () => {
    const [row] = (await restorePlanFor(sandbox, 1)).rows;
    const id = row?.work?.id ?? '';
    const token = await sandbox.issueToken(ADMIN.id);
    await setFaults(sandbox, { resetAfterRate: 1, paths: '/restore$' });
    try {
      await expect(
        fetch(`${sandbox.graphBaseUrl}/directory/deletedItems/${id}/restore`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }),
      ).rejects.toThrow();
      expect(await injectedFaults(sandbox)).toEqual({ errors: 0, resets: 0, resetsAfterApply: 1, appliedThenFailed: 0 });
    } finally {
      await clearFaults(sandbox);
    }
    const audit = await restoreAudit(sandbox);
    expect(audit.statuses.filter((_, index) => audit.ids[index] === id)).toEqual([200]);
    const active = await fetch(`${sandbox.graphBaseUrl}/users/${id}?$select=id`, { headers: { authorization: `Bearer ${token}` } });
    expect(active.status).toBe(200);
  });

  it('resets before and after the sandbox applied a $batch: no object restored twice, lost answers reconciled as already restored', async () => {
    const plan = await restorePlanFor(sandbox, 40);
    const store = new MemoryJobStore();
    const job = await approvedJob(store, sandbox, plan, 'restore (connection resets)');
    // Small batches, so that many envelopes each take their chance of being dropped; the reads that check a lost
    // answer are left alone here (the next test drops those).
    await setFaults(sandbox, { resetRate: 0.2, resetAfterRate: 0.35, paths: '^/\\$batch$' });
    const { runner, errors } = faultRunner(store, sandbox, sandboxTokens(sandbox), {
      batchExecutor: { batchSize: 4, retry: { baseDelayMs: 50, maxDelayMs: 500 } },
      transient: { transientPauseMs: 300 },
    });
    const states = recordStates(runner);
    runner.start();
    let injected;
    try {
      const finished = await waitForFinish(store, job.id);
      injected = await injectedFaults(sandbox);
      expect(finished.state).toBe('completed');
      expect(finished.counters).toMatchObject({ total: 40, succeeded: 40, failed: 0, remaining: 0 });
    } finally {
      await runner.stop();
      await clearFaults(sandbox);
    }
    expect(injected.resets).toBeGreaterThan(0);
    expect(injected.resetsAfterApply).toBeGreaterThan(0);

    const rows = await expectExactlyOnce(store, sandbox, plan, job.id);
    expect(rows.every((row) => row.state === 'succeeded')).toBe(true);
    // A restore whose answer was lost was sent again, found gone from the recycle bin (404), and checked: the object
    // is active, so the row says it was already restored instead of failing or restoring twice.
    const audit = await restoreAudit(sandbox);
    const planned = new Set(plan.rows.map((row) => row.work?.id ?? ''));
    const resent = new Set(audit.ids.filter((id, index) => audit.statuses[index] === 404 && planned.has(id)));
    expect(resent.size).toBeGreaterThan(0);
    const reconciled = rows.filter((row) => /already restored/.test(row.result?.reason ?? '')).map((row) => row.result?.objectId);
    expect(reconciled.sort()).toEqual([...resent].sort());
    expect(states.events.at(-1)?.state).toBe('completed');
    expect(errors).toEqual([]);
  });

  it('top-level requests dropped before an answer are retried (the reconcile reads of a restarted run)', async () => {
    const plan = await restorePlanFor(sandbox, 8);
    const store = new MemoryJobStore();
    const job = await approvedJob(store, sandbox, plan, 'restore (resets on reads)');
    // Mark every row in flight, as a crashed run leaves them, after restoring half of them behind the runner's back.
    const token = await sandbox.issueToken(ADMIN.id);
    const done = plan.rows.slice(0, 4);
    for (const row of done) {
      const response = await fetch(`${sandbox.graphBaseUrl}/directory/deletedItems/${row.work?.id ?? ''}/restore`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
    }
    await store.writeRows(job.id, plan.rows.map((row) => ({ index: row.rowIndex, state: 'running', attempts: 1, result: null })));
    await setFaults(sandbox, { resetRate: 0.3, paths: '^/(users|directory/deletedItems)/[^/]+$' });
    const { runner, errors } = faultRunner(store, sandbox, sandboxTokens(sandbox));
    runner.start();
    try {
      const finished = await waitForFinish(store, job.id);
      expect(finished.state).toBe('completed');
      expect((await injectedFaults(sandbox)).resets).toBeGreaterThan(0);
    } finally {
      await runner.stop();
      await clearFaults(sandbox);
    }
    const rows = await expectExactlyOnce(store, sandbox, plan, job.id);
    const reasons = rows.map((row) => row.result?.reason ?? '');
    expect(reasons.slice(0, 4).every((reason) => /already restored/.test(reason))).toBe(true);
    expect(rows.every((row) => row.state === 'succeeded')).toBe(true);
    expect(errors).toEqual([]);
  });
});
