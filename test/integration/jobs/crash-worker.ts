// A runner process for the crash test: its "Graph write" is one appended line in an audit file, so the
// parent can check after repeated SIGKILLs that every row was applied exactly once.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { AzureJobStore } from '../../../src/jobs/azure-job-store';
import type { JobExecutor, RowOutcome, RowWork } from '../../../src/jobs/job-executor';
import { JobRunner, newRunnerOwner } from '../../../src/jobs/job-runner';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const auditFile = required('CRASH_AUDIT_FILE');

function applied(): Set<string> {
  return new Set(existsSync(auditFile) ? readFileSync(auditFile, 'utf8').split('\n').filter(Boolean) : []);
}

const executor: JobExecutor = {
  batchSize: 5,
  async executeBatch(rows: RowWork[], ctx): Promise<{ outcomes: RowOutcome[] }> {
    const outcomes: RowOutcome[] = [];
    for (const row of rows) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      appendFileSync(auditFile, `${ctx.job.id}:${row.rowIndex}\n`);
      outcomes.push({ rowIndex: row.rowIndex, result: { status: 'succeeded', objectId: `obj-${row.rowIndex}` } });
    }
    return { outcomes };
  },
  async reconcile(rows: RowWork[], ctx): Promise<RowOutcome[]> {
    const done = applied();
    return rows
      .filter((row) => done.has(`${ctx.job.id}:${row.rowIndex}`))
      .map((row) => ({ rowIndex: row.rowIndex, result: { status: 'succeeded', reason: 'Already applied before a restart.' } }));
  },
};

async function main(): Promise<void> {
  const store = await AzureJobStore.create({
    storage: { connectionString: required('CRASH_CONNECTION_STRING') },
    namePrefix: required('CRASH_NAME_PREFIX'),
  });
  const runner = new JobRunner({
    store,
    owner: newRunnerOwner(),
    executorFor: () => executor,
    tokens: { getToken: async () => ({ ok: true, token: 'token' }) },
    leaseTtlMs: 1_500,
    sweepIntervalMs: 250,
    pollIntervalMs: 50,
    onError: (error) => process.stderr.write(`runner error: ${String(error)}\n`),
  });
  runner.start();
  process.once('SIGTERM', () => {
    void runner.stop().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`crash worker failed: ${String(error)}\n`);
  process.exit(1);
});
