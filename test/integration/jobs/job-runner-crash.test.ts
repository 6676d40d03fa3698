import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureJobStore } from '../../../src/jobs/azure-job-store';
import { approveJob } from '../../../src/jobs/job-control';
import type { JobRow } from '../../../src/jobs/job-model';
import { newJob } from '../../../src/jobs/job-model';
import { iterateRows } from '../../../src/jobs/job-store';
import type { AzuriteHandle } from '../../support/azurite';
import { startAzurite } from '../../support/azurite';
import { plannedRow } from '../../support/job-rows';

let azurite: AzuriteHandle;
let workDir: string;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  azurite = await startAzurite();
  workDir = mkdtempSync(join(tmpdir(), 'job-crash-'));
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await azurite.stop();
  rmSync(workDir, { recursive: true, force: true });
});

function auditLines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

function startWorker(env: Record<string, string>): { child: ChildProcess; exited: Promise<void>; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, 'crash-worker.ts')], {
    cwd: resolve(__dirname, '../../..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  void exited.then(() => children.delete(child));
  return { child, exited, stderr: () => stderr };
}

async function waitFor(condition: () => Promise<boolean> | boolean, what: string, limitMs = 60_000): Promise<void> {
  for (let waited = 0; !(await condition()); waited += 25) {
    if (waited > limitMs) throw new Error(`Gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('JobRunner across SIGKILL and restart (Azurite)', () => {
  it('applies every row exactly once and gives every row one result, however often the runner is killed', async () => {
    const prefix = 'crash';
    const store = await AzureJobStore.create({ storage: { connectionString: azurite.connectionString }, namePrefix: prefix });
    const total = 140;
    const job = newJob({
      kind: 'restore',
      tenantId: 'tenant-1',
      initiator: { objectId: 'alice', name: 'Alice' },
      source: { type: 'command', text: 'restore' },
      inputColumns: ['objectId'],
      state: 'awaiting-approval',
      now: new Date(),
    });
    const created = await store.createJob(job, Array.from({ length: total }, (_, i) => plannedRow({ objectId: `obj-${i}` })));
    if (!created.ok) throw new Error(created.error.message);
    await approveJob(store, job.id, { objectId: 'bob', name: 'Bob' }, new Date());

    const audit = join(workDir, 'audit.log');
    const env = { CRASH_AUDIT_FILE: audit, CRASH_CONNECTION_STRING: azurite.connectionString, CRASH_NAME_PREFIX: prefix };
    // Kill points as counts of applied rows, uneven so that kills land mid-batch as well as between batches.
    const killAt = [13, 41, 77, 108];
    const appliedAtKill: number[] = [];
    for (const threshold of killAt) {
      const worker = startWorker(env);
      await waitFor(() => auditLines(audit).length >= threshold || worker.child.exitCode !== null, `${threshold} applied rows`);
      expect(worker.child.exitCode, worker.stderr()).toBeNull();
      worker.child.kill('SIGKILL');
      await worker.exited;
      appliedAtKill.push(auditLines(audit).length);
    }
    const last = startWorker(env);
    await waitFor(async () => (await store.getJob(job.id))?.job.state === 'completed', 'the job to complete');
    last.child.kill('SIGTERM');
    await last.exited;

    expect(appliedAtKill.every((count, i) => count < total && count >= (killAt[i] ?? 0))).toBe(true);
    const lines = auditLines(audit);
    const expected = Array.from({ length: total }, (_, i) => `${job.id}:${i}`);
    expect([...lines].sort()).toEqual([...expected].sort());

    const rows: JobRow[] = [];
    for await (const row of iterateRows(store, job.id)) rows.push(row);
    expect(rows.map((r) => r.index)).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(rows.every((r) => r.state === 'succeeded' && r.result?.status === 'succeeded')).toBe(true);
    const stored = await store.getJob(job.id);
    expect(stored?.job.counters).toEqual({ total, succeeded: total, failed: 0, skipped: 0, cancelled: 0, remaining: 0 });
  }, 180_000);
});
