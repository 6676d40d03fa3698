import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureJobStore } from '../../../src/jobs/azure-job-store';
import { StorageOutage } from '../../../src/jobs/job-runner';
import { startAzurite } from '../../../tools/local-stack/azurite';
import type { RunningAzurite } from '../../../tools/local-stack/azurite';
import { startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import {
  approvedJob,
  clearFaults,
  expectExactlyOnce,
  faultRunner,
  recordStates,
  restoreAudit,
  restorePlanFor,
  sandboxTokens,
  setFaults,
  waitFor,
  waitForFinish,
} from './fault-support/fault-harness';

const OUTAGE_MS = 60_000;

let sandbox: RunningSandbox;
let azurite: RunningAzurite | undefined;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'faults-azurite-'));
  azurite = await startAzurite({ location: dataDir });
  sandbox = await startSandbox({ port: 0, users: 40, deleted: 80, seed: 41 });
});

afterAll(async () => {
  await azurite?.stop();
  await sandbox.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Azure Storage unreachable for a minute while a job runs', () => {
  it('the runners survive, the lease holds, and the job completes with every row once', async () => {
    const first = azurite;
    if (!first) throw new Error('Azurite did not start');
    const plan = await restorePlanFor(sandbox, 48);
    const storage = { connectionString: first.connectionString };
    const store = await AzureJobStore.create({ storage, namePrefix: 'outage' });
    const job = await approvedJob(store, sandbox, plan, 'restore (storage outage)');
    await setFaults(sandbox, { extraLatencyMs: 400, paths: '/restore$' });

    // Two instances, as when the bot is scaled out; a short lease, so it runs out during the outage.
    const runnerOptions = {
      batchSize: 8,
      batchExecutor: { batchSize: 4, initialConcurrency: 1, maxConcurrency: 1 },
      runner: { leaseTtlMs: 15_000 },
    };
    const a = faultRunner(store, sandbox, sandboxTokens(sandbox), runnerOptions);
    const b = faultRunner(await AzureJobStore.create({ storage, namePrefix: 'outage' }), sandbox, sandboxTokens(sandbox), runnerOptions);
    const states = [recordStates(a.runner), recordStates(b.runner)];
    a.runner.start();
    try {
      await waitFor(async () => (await restoreAudit(sandbox)).statuses.length >= 12, 'a dozen restores before the outage', 60_000);
      b.runner.start();
      await first.stop();
      azurite = undefined;
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
      azurite = await startAzurite({ location: dataDir, ports: first.ports });

      const finished = await waitForFinish(store, job.id, 90_000);
      expect(finished.state).toBe('completed');
      expect(finished.counters).toMatchObject({ total: 48, succeeded: 48, failed: 0, remaining: 0 });
      expect(finished.lease).toBeNull();
    } finally {
      await Promise.all([a.runner.stop(), b.runner.stop()]);
      await clearFaults(sandbox);
    }
    const rows = await expectExactlyOnce(store, sandbox, plan, job.id);
    expect(rows.every((row) => row.state === 'succeeded')).toBe(true);
    // The outage reached the runners as reported waits, never as a crash or a lost run.
    const reported = [...a.errors, ...b.errors];
    expect(reported.some((error) => error instanceof StorageOutage)).toBe(true);
    expect(reported.filter((error) => !(error instanceof StorageOutage))).toEqual([]);
    // Whichever instance finished it said so once.
    const finishedEvents = states.flatMap((s) => s.events).filter((event) => event.state === 'completed');
    expect(finishedEvents).toHaveLength(1);
  }, 180_000);
});
