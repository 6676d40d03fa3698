import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureJobStore } from '../../../src/jobs/azure-job-store';
import { approveJob } from '../../../src/jobs/job-control';
import type { JobExecutor, RowOutcome, RowWork } from '../../../src/jobs/job-executor';
import { newJob } from '../../../src/jobs/job-model';
import { JobRunner } from '../../../src/jobs/job-runner';
import { isTerminal } from '../../../src/jobs/job-state-machine';
import { openResultsCsv, writeResultsCsv } from '../../../src/jobs/results-csv';
import type { AzuriteHandle } from '../../support/azurite';
import { startAzurite } from '../../support/azurite';
import { plannedRow } from '../../support/job-rows';

let azurite: AzuriteHandle;

beforeAll(async () => {
  azurite = await startAzurite();
});

afterAll(async () => {
  await azurite.stop();
});

class RecordingExecutor implements JobExecutor {
  readonly batchSize = 7;
  constructor(
    private readonly runnerName: string,
    private readonly executions: Map<string, number>,
    private readonly runnersOfJob: Map<string, Set<string>>,
  ) {}

  async executeBatch(rows: RowWork[], ctx: { job: { id: string } }): Promise<{ outcomes: RowOutcome[] }> {
    const runners = this.runnersOfJob.get(ctx.job.id) ?? new Set<string>();
    runners.add(this.runnerName);
    this.runnersOfJob.set(ctx.job.id, runners);
    await new Promise((resolve) => setTimeout(resolve, 5));
    return {
      outcomes: rows.map((row) => {
        const key = `${ctx.job.id}:${row.rowIndex}`;
        this.executions.set(key, (this.executions.get(key) ?? 0) + 1);
        return row.rowIndex % 10 === 9
          ? { rowIndex: row.rowIndex, result: { status: 'failed', reason: 'User not found', graphCode: 'Request_ResourceNotFound', requestId: `req-${row.rowIndex}` } }
          : { rowIndex: row.rowIndex, result: { status: 'succeeded', objectId: `new-${row.rowIndex}` } };
      }),
    };
  }
}

describe('JobRunner on Azure Storage (Azurite)', () => {
  it('two runner instances on one queue run every job once and every row exactly once', async () => {
    const storage = { connectionString: azurite.connectionString };
    const storeA = await AzureJobStore.create({ storage, namePrefix: 'run' });
    const storeB = await AzureJobStore.create({ storage, namePrefix: 'run' });
    const rowsPerJob = 30;
    const jobIds: string[] = [];
    for (let j = 0; j < 4; j++) {
      const job = newJob({
        kind: 'restore',
        tenantId: `tenant-${j % 2}`,
        initiator: { objectId: 'alice', name: 'Alice' },
        source: { type: 'command', text: 'restore' },
        inputColumns: ['objectId'],
        state: 'awaiting-approval',
        now: new Date(),
      });
      const created = await storeA.createJob(job, Array.from({ length: rowsPerJob }, (_, i) => plannedRow({ objectId: `obj-${j}-${i}` })));
      if (!created.ok) throw new Error(created.error.message);
      const approved = await approveJob(storeA, job.id, { objectId: 'bob', name: 'Bob' }, new Date());
      if (!approved.ok) throw new Error(approved.error.message);
      jobIds.push(job.id);
    }

    const executions = new Map<string, number>();
    const runnersOfJob = new Map<string, Set<string>>();
    const errors: unknown[] = [];
    const runners = [
      ['A', storeA],
      ['B', storeB],
    ].map(
      ([name, store]) =>
        new JobRunner({
          store: store as AzureJobStore,
          owner: `runner-${name as string}`,
          executorFor: () => new RecordingExecutor(name as string, executions, runnersOfJob),
          tokens: { getToken: async () => ({ ok: true, token: 'token' }) },
          pollIntervalMs: 20,
          maxConcurrentJobs: 2,
          onError: (error) => errors.push(error),
        }),
    );
    for (const runner of runners) runner.start();
    for (let waited = 0; ; waited += 100) {
      const jobs = await storeA.listJobs({});
      if (jobs.length === 4 && jobs.every((job) => isTerminal(job.state))) break;
      if (waited > 45_000) throw new Error(`jobs didn't finish: ${jobs.map((job) => job.state).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await Promise.all(runners.map((runner) => runner.stop()));

    expect(errors).toEqual([]);
    expect(executions.size).toBe(4 * rowsPerJob);
    expect([...executions.values()].every((count) => count === 1)).toBe(true);
    for (const id of jobIds) {
      expect(runnersOfJob.get(id)?.size).toBe(1);
      const stored = await storeB.getJob(id);
      expect(stored?.job).toMatchObject({
        state: 'completed-with-failures',
        lease: null,
        counters: { total: 30, succeeded: 27, failed: 3, skipped: 0, cancelled: 0, remaining: 0 },
      });
    }

    const first = await storeA.getJob(jobIds[0] as string);
    if (!first) throw new Error('job missing');
    await writeResultsCsv(storeA, first.job);
    const stream = await openResultsCsv(storeB, first.job.id);
    if (!stream) throw new Error('results.csv missing');
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const lines = Buffer.concat(chunks).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('\uFEFFobjectId,Object,Status,Reason,Graph error code,Request ID,New object ID');
    expect(lines[1]).toBe('obj-0-0,obj-0-0,succeeded,,,,new-0');
    expect(lines[10]).toBe('obj-0-9,obj-0-9,failed,User not found,Request_ResourceNotFound,req-9,');
    expect(lines).toHaveLength(rowsPerJob + 2);
  });
});
