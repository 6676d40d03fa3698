import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resumePausedJobs } from '../../../src/jobs/job-control';
import { MemoryJobStore } from '../../../src/jobs/memory-job-store';
import { startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import {
  ADMIN,
  ShortLivedTokens,
  approvedJob,
  clearFaults,
  expectExactlyOnce,
  faultRunner,
  recordStates,
  restorePlanFor,
  setFaults,
  waitFor,
  waitForFinish,
} from './fault-support/fault-harness';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, users: 40, deleted: 80, seed: 31 });
  // Every $batch of restores takes at least 300 ms, so a job of 36 rows outlives a 2-second token several times over.
  await setFaults(sandbox, { extraLatencyMs: 300, paths: '/restore$' });
});

afterAll(async () => {
  await clearFaults(sandbox);
  await sandbox.stop();
});

// One batch of 4 at a time, so the job is long and its batches are sequential.
const slowAndSteady = { batchExecutor: { batchSize: 4, initialConcurrency: 1, maxConcurrency: 1 } };

describe('a sign-in that expires while a job runs', () => {
  it('refreshes the token when Graph answers 401 InvalidAuthenticationToken and carries on without pausing', async () => {
    const plan = await restorePlanFor(sandbox, 36);
    const store = new MemoryJobStore();
    const job = await approvedJob(store, sandbox, plan, 'restore (short-lived tokens)');
    const tokens = new ShortLivedTokens(sandbox, 2);
    const { runner, errors } = faultRunner(store, sandbox, tokens, slowAndSteady);
    const states = recordStates(runner);
    runner.start();
    try {
      const finished = await waitForFinish(store, job.id);
      expect(finished.state).toBe('completed');
      expect(finished.counters).toMatchObject({ total: 36, succeeded: 36, failed: 0 });
    } finally {
      await runner.stop();
    }
    // Graph refused an expired token at least once, and a new one was fetched each time.
    expect(tokens.invalidated).toBeGreaterThan(0);
    expect(tokens.issued).toBeGreaterThan(tokens.invalidated);
    expect(states.events.map((event) => event.state)).toEqual(['running', 'completed']);
    const rows = await expectExactlyOnce(store, sandbox, plan, job.id);
    expect(rows.every((row) => row.state === 'succeeded')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('pauses with a "sign in again" reason when no new token can be had, keeps the remaining rows, and resumes after sign-in', async () => {
    const plan = await restorePlanFor(sandbox, 36);
    const store = new MemoryJobStore();
    const job = await approvedJob(store, sandbox, plan, 'restore (signed out mid-job)');
    const tokens = new ShortLivedTokens(sandbox, 2);
    // The admin signs out as the first token runs out: no refresh is possible any more.
    tokens.onInvalidate = () => {
      tokens.refusing = true;
    };
    const { runner, errors } = faultRunner(store, sandbox, tokens, slowAndSteady);
    const states = recordStates(runner);
    runner.start();
    try {
      await waitFor(async () => (await store.getJob(job.id))?.job.state === 'paused', 'the job to pause', 60_000);
      const paused = (await store.getJob(job.id))?.job;
      expect(paused?.stateReason).toBe(
        'Waiting for MOD Administrator to sign in again: The admin signed out; a new token needs an interactive sign-in.',
      );
      expect(paused?.resumeAt).toBeNull();
      const counts = await store.countRows(job.id);
      // Some rows ran with the first token; none failed or was dropped for the expiry, the rest wait.
      expect(counts.succeeded).toBeGreaterThan(0);
      expect(counts.failed + counts.running).toBe(0);
      expect(counts.pending).toBe(36 - counts.succeeded);

      // Signing in again (the bot calls this on the admin's next message) resumes the job where it stopped.
      tokens.refusing = false;
      expect(await resumePausedJobs(store, ADMIN.id, new Date())).toEqual([job.id]);
      const finished = await waitForFinish(store, job.id);
      expect(finished.state).toBe('completed');
      expect(finished.counters).toMatchObject({ total: 36, succeeded: 36, failed: 0 });
    } finally {
      await runner.stop();
    }
    expect(states.events.map((event) => event.state)).toEqual(['running', 'paused', 'running', 'completed']);
    const rows = await expectExactlyOnce(store, sandbox, plan, job.id);
    expect(rows.every((row) => row.state === 'succeeded')).toBe(true);
    expect(errors).toEqual([]);
  });
});
