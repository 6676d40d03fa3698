import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryJobStore } from '../../../src/jobs/memory-job-store';
import { openResultsCsv } from '../../../src/jobs/results-csv';
import { startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import {
  ADMIN,
  approvedJob,
  clearFaults,
  countingFetch,
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
import type { FaultSettings } from './fault-support/fault-harness';
import type { OperationPlan } from '../../../src/operations/bulk-operation';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, users: 60, deleted: 220, seed: 11 });
});

afterAll(async () => {
  await sandbox.stop();
});

async function restoreStatusesOf(plan: OperationPlan): Promise<number[]> {
  const ids = new Set(plan.rows.map((row) => row.work?.id ?? ''));
  const { statuses, ids: byEntry } = await restoreAudit(sandbox);
  return statuses.filter((_, index) => ids.has(byEntry[index] ?? ''));
}

async function runUnder(faults: FaultSettings, rows: number, options: Parameters<typeof faultRunner>[3] = {}) {
  const plan = await restorePlanFor(sandbox, rows);
  const store = new MemoryJobStore();
  const job = await approvedJob(store, sandbox, plan, 'restore (faults)');
  await setFaults(sandbox, faults);
  const { runner, errors } = faultRunner(store, sandbox, sandboxTokens(sandbox), options);
  const states = recordStates(runner);
  runner.start();
  try {
    const finished = await waitForFinish(store, job.id);
    const injected = await injectedFaults(sandbox);
    return { plan, store, finished, injected, states: states.events, errors };
  } finally {
    await runner.stop();
    states.stop();
    await clearFaults(sandbox);
  }
}

describe('Graph throttling and outages during a restore job', () => {
  it('a 429 storm on half of all requests, top-level and $batch steps: planning and the job complete, every row once', async () => {
    await setFaults(sandbox, { errorRate: 0.5, errorStatus: 429, retryAfterSeconds: 1 });
    const statuses: number[] = [];
    let plan: OperationPlan;
    try {
      plan = await restorePlanFor(sandbox, 40, { retry: { maxAttempts: 12 }, fetch: countingFetch(statuses) });
    } finally {
      await clearFaults(sandbox);
    }
    // The dry run's own top-level reads were throttled and retried.
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(0);

    const store = new MemoryJobStore();
    const job = await approvedJob(store, sandbox, plan, 'restore (429 storm)');
    await setFaults(sandbox, { errorRate: 0.5, errorStatus: 429, retryAfterSeconds: 1 });
    const { runner, errors } = faultRunner(store, sandbox, sandboxTokens(sandbox), { transient: { transientPauseMs: 300 } });
    const states = recordStates(runner);
    runner.start();
    try {
      const finished = await waitForFinish(store, job.id);
      expect(finished.state).toBe('completed');
      expect(finished.counters).toMatchObject({ total: 40, succeeded: 40, failed: 0, remaining: 0 });
    } finally {
      await runner.stop();
      await clearFaults(sandbox);
    }
    const rows = await expectExactlyOnce(store, sandbox, plan, job.id);
    expect(rows.every((row) => row.state === 'succeeded')).toBe(true);
    const throttled = (await restoreStatusesOf(plan)).filter((status) => status === 429).length;
    expect(throttled).toBeGreaterThanOrEqual(10);
    expect(states.events.map((event) => event.state)).toContain('running');
    expect(states.events.at(-1)?.state).toBe('completed');
    expect(errors).toEqual([]);
  });

  it('503s with Retry-After are retried and the job completes, every row once', async () => {
    const run = await runUnder({ errorRate: 0.5, errorStatus: 503, retryAfterSeconds: 1 }, 30, { transient: { transientPauseMs: 300 } });
    expect(run.finished.state).toBe('completed');
    expect(run.injected.errors).toBeGreaterThan(5);
    const rows = await expectExactlyOnce(run.store, sandbox, run.plan, run.finished.id);
    expect(rows.every((row) => row.state === 'succeeded')).toBe(true);
    expect((await restoreStatusesOf(run.plan)).filter((status) => status === 503).length).toBeGreaterThan(5);
    expect(run.errors).toEqual([]);
  });

  it('503s without Retry-After are retried with backoff and the job completes, every row once', async () => {
    await setFaults(sandbox, { errorRate: 1, errorStatus: 503, sendRetryAfter: false, paths: '^/organization$' });
    const probe = await fetch(`${sandbox.graphBaseUrl}/organization`, { headers: { authorization: `Bearer ${await sandbox.issueToken(ADMIN.id)}` } });
    await clearFaults(sandbox);
    expect(probe.status).toBe(503);
    expect(probe.headers.get('retry-after')).toBeNull();

    const run = await runUnder({ errorRate: 0.5, errorStatus: 503, sendRetryAfter: false }, 30, {
      batchExecutor: { retry: { baseDelayMs: 100, maxDelayMs: 1_000 } },
      transient: { transientPauseMs: 300 },
    });
    expect(run.finished.state).toBe('completed');
    expect(run.injected.errors).toBeGreaterThan(5);
    const rows = await expectExactlyOnce(run.store, sandbox, run.plan, run.finished.id);
    expect(rows.every((row) => row.state === 'succeeded')).toBe(true);
    expect(run.errors).toEqual([]);
  });

  it('a persistent 503: the job pauses and tries again by itself, then every row ends failed with a plain reason and nothing is lost', async () => {
    const run = await runUnder({ errorRate: 1, errorStatus: 503, paths: '/restore$' }, 12, {
      batchExecutor: { retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 500 } },
      transient: { transientRounds: 2, transientPauseMs: 300 },
    });
    expect(run.finished.state).toBe('completed-with-failures');
    expect(run.finished.counters).toMatchObject({ total: 12, succeeded: 0, failed: 12, remaining: 0 });
    const rows = await expectExactlyOnce(run.store, sandbox, run.plan, run.finished.id);
    for (const row of rows) {
      expect(row.state).toBe('failed');
      expect(row.result?.reason).toMatch(/Microsoft Graph was temporarily unavailable \(HTTP 503\) and still was after 3 attempts\. Retry the row later\./);
      expect(row.result?.graphCode).toBe('serviceNotAvailable');
    }
    // Before giving up, the job paused once, saying why, and went on by itself.
    const paused = run.states.filter((event) => event.state === 'paused');
    expect(paused).toHaveLength(1);
    expect(paused[0]?.reason).toMatch(/throttling or briefly unavailable \(HTTP 503 serviceNotAvailable\), so 12 rows wait/);
    expect(run.states.map((event) => event.state)).toEqual(['running', 'paused', 'running', 'completed-with-failures']);
    // Nothing was applied and nothing was lost: every object is still in the recycle bin, and the results file says why.
    expect((await restoreStatusesOf(run.plan)).every((status) => status === 503)).toBe(true);
    const token = await sandbox.issueToken(ADMIN.id);
    for (const row of run.plan.rows) {
      const response = await fetch(`${sandbox.graphBaseUrl}/directory/deletedItems/${row.work?.id ?? ''}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
    }
    const csv = await openResultsCsv(run.store, run.finished.id);
    let text = '';
    for await (const chunk of csv ?? []) text += String(chunk);
    expect(text.split('temporarily unavailable (HTTP 503)').length - 1).toBe(12);
    expect(run.errors).toEqual([]);
  });
});
