import { describe, expect, it } from 'vitest';
import type { ExecutionContext, JobExecutor, JobTokenSource, RowOutcome, RowWork } from '../../../src/jobs/job-executor';
import type { JobEvent } from '../../../src/jobs/job-events';
import type { Job, JobRow, NewJobRow } from '../../../src/jobs/job-model';
import { newJob } from '../../../src/jobs/job-model';
import { approveJob, cancelJob, createRetryJob, expireDrafts, resumeJob } from '../../../src/jobs/job-control';
import type { JobRunnerOptions } from '../../../src/jobs/job-runner';
import { JobRunner } from '../../../src/jobs/job-runner';
import { iterateRows, transitionJob } from '../../../src/jobs/job-store';
import { MemoryJobStore } from '../../../src/jobs/memory-job-store';
import type { FakeClock } from '../../integration/jobs/job-store-contract';
import { createFakeClock } from '../../integration/jobs/job-store-contract';
import { plannedRow } from '../../support/job-rows';

const ALICE = { objectId: 'alice-id', name: 'Alice Admin' };
const BOB = { objectId: 'bob-id', name: 'Bob Approver' };

type Behaviour = (row: RowWork) => RowOutcome | undefined;

const succeed: Behaviour = (row) => ({ rowIndex: row.rowIndex, result: { status: 'succeeded', objectId: `obj-${row.rowIndex}` } });

class FakeExecutor implements JobExecutor {
  readonly executed: number[] = [];
  readonly reconciled: number[] = [];
  readonly tokensSeen: string[] = [];
  batches = 0;
  beforeBatch: (rows: RowWork[], ctx: ExecutionContext, batchNo: number) => Promise<void> | void = () => undefined;
  pauseOnBatch: { batchNo: number; reason: string; retryAfterMs?: number; keep: number } | undefined;
  reconcileWith: ((row: RowWork) => RowOutcome | undefined) | undefined;

  constructor(
    readonly batchSize: number,
    private readonly behaviour: Behaviour = succeed,
  ) {}

  async executeBatch(rows: RowWork[], ctx: ExecutionContext): Promise<{ outcomes: RowOutcome[]; pause?: { reason: string; retryAfterMs?: number } }> {
    this.batches += 1;
    this.tokensSeen.push(ctx.token);
    await this.beforeBatch(rows, ctx, this.batches);
    if (this.pauseOnBatch?.batchNo === this.batches) {
      const done = rows.slice(0, this.pauseOnBatch.keep);
      this.executed.push(...done.map((r) => r.rowIndex));
      const { reason, retryAfterMs } = this.pauseOnBatch;
      return {
        outcomes: done.map((r) => succeed(r) as RowOutcome),
        pause: retryAfterMs === undefined ? { reason } : { reason, retryAfterMs },
      };
    }
    this.executed.push(...rows.map((r) => r.rowIndex));
    return { outcomes: rows.map(this.behaviour).filter((o): o is RowOutcome => o !== undefined) };
  }

  get reconcile(): JobExecutor['reconcile'] {
    const using = this.reconcileWith;
    if (!using) return undefined;
    return async (rows) => {
      this.reconciled.push(...rows.map((r) => r.rowIndex));
      return rows.map(using).filter((o): o is RowOutcome => o !== undefined);
    };
  }
}

class SwitchableTokens implements JobTokenSource {
  available = true;
  async getToken(): Promise<{ ok: true; token: string } | { ok: false; reason: string }> {
    return this.available ? { ok: true, token: 'token-1' } : { ok: false, reason: 'Alice Admin needs to sign in again.' };
  }
}

interface Setup {
  store: MemoryJobStore;
  clock: FakeClock;
  tokens: SwitchableTokens;
  runner(executor: JobExecutor, extra?: Partial<JobRunnerOptions>): JobRunner;
  queuedJob(rows: number, overrides?: Partial<Parameters<typeof newJob>[0]>): Promise<Job>;
}

function setup(): Setup {
  const clock = createFakeClock();
  const store = new MemoryJobStore({ clock: clock.now });
  const tokens = new SwitchableTokens();
  return {
    store,
    clock,
    tokens,
    runner: (executor, extra = {}) =>
      new JobRunner({ store, executorFor: () => executor, tokens, owner: 'runner-1', clock: clock.now, ...extra }),
    queuedJob: async (count, overrides = {}) => {
      const rows: NewJobRow[] = Array.from({ length: count }, (_, i) => plannedRow({ objectId: `object-${i}` }));
      const job = newJob({
        kind: 'restore',
        tenantId: 'tenant-1',
        initiator: ALICE,
        source: { type: 'command', text: 'restore' },
        inputColumns: ['objectId'],
        state: 'awaiting-approval',
        now: clock.now(),
        ...overrides,
      });
      const created = await store.createJob(job, rows);
      if (!created.ok) throw new Error(created.error.message);
      const approved = await approveJob(store, job.id, BOB, clock.now());
      if (!approved.ok) throw new Error(approved.error.message);
      return approved.value.job;
    },
  };
}

async function allRows(store: MemoryJobStore, jobId: string): Promise<JobRow[]> {
  const rows: JobRow[] = [];
  for await (const row of iterateRows(store, jobId)) rows.push(row);
  return rows;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

describe('JobRunner', () => {
  it('runs every row once in batches, persists each result and finishes completed', async () => {
    const { store, runner, queuedJob } = setup();
    const job = await queuedJob(10);
    const executor = new FakeExecutor(3);
    const states: string[] = [];
    const jobRunner = runner(executor);
    jobRunner.onProgress((event) => {
      if (event.type === 'state') states.push(`${event.from}->${event.job.state}`);
    });

    const result = await jobRunner.runJob(job.id);
    expect(result.kind).toBe('finished');
    expect(executor.executed).toEqual(range(0, 10));
    expect(executor.batches).toBe(4);
    expect(executor.tokensSeen).toEqual(['token-1', 'token-1', 'token-1', 'token-1']);
    expect(states).toEqual(['queued->running', 'running->completed']);

    const stored = await store.getJob(job.id);
    expect(stored?.job).toMatchObject({
      state: 'completed',
      lease: null,
      counters: { total: 10, succeeded: 10, failed: 0, skipped: 0, cancelled: 0, remaining: 0 },
    });
    const rows = await allRows(store, job.id);
    expect(rows.map((r) => [r.state, r.attempts, r.result?.objectId])).toEqual(range(0, 10).map((i) => ['succeeded', 1, `obj-${i}`]));
  });

  it('marks a batch in flight before executing it', async () => {
    const { store, runner, queuedJob } = setup();
    const job = await queuedJob(5);
    const executor = new FakeExecutor(2);
    const seen: string[][] = [];
    executor.beforeBatch = async (rows) => {
      const all = await allRows(store, job.id);
      seen.push(all.map((r) => `${r.state}:${r.attempts}`));
      expect(rows.every((r) => all[r.rowIndex]?.state === 'running')).toBe(true);
    };
    await runner(executor).runJob(job.id);
    expect(seen[1]).toEqual(['succeeded:1', 'succeeded:1', 'running:1', 'running:1', 'pending:0']);
  });

  it('records failures, rows without a result and executor errors, and ends completed-with-failures', async () => {
    const { store, runner, queuedJob } = setup();
    const job = await queuedJob(9);
    const errors: unknown[] = [];
    const executor = new FakeExecutor(3, (row) => {
      if (row.rowIndex === 1) return { rowIndex: 1, result: { status: 'failed', reason: 'Already active', graphCode: 'Request_BadRequest', requestId: 'req-1' } };
      if (row.rowIndex === 2) return undefined;
      if (row.rowIndex === 5) return { rowIndex: 5, result: { status: 'skipped', reason: 'Same attributes already' } };
      return succeed(row);
    });
    executor.beforeBatch = (_rows, _ctx, batchNo) => {
      if (batchNo === 3) throw new Error('socket hang up');
    };
    const result = await runner(executor, { onError: (error) => errors.push(error) }).runJob(job.id);
    expect(result.kind).toBe('finished');
    const stored = await store.getJob(job.id);
    expect(stored?.job.state).toBe('completed-with-failures');
    expect(stored?.job.counters).toEqual({ total: 9, succeeded: 3, failed: 5, skipped: 1, cancelled: 0, remaining: 0 });
    const rows = await allRows(store, job.id);
    expect(rows[1]?.result).toMatchObject({ status: 'failed', reason: 'Already active', graphCode: 'Request_BadRequest', requestId: 'req-1' });
    expect(rows[2]?.result?.reason).toMatch(/No result was reported/);
    expect(rows.slice(6).map((r) => r.result?.reason)).toEqual(Array(3).fill(expect.stringContaining('socket hang up')));
    expect(errors).toHaveLength(1);
  });

  it('fails a job whose kind has no executor, giving every row that reason', async () => {
    const { store, tokens, clock, queuedJob } = setup();
    const job = await queuedJob(3);
    const result = await new JobRunner({ store, tokens, owner: 'r', clock: clock.now, executorFor: () => undefined }).runJob(job.id);
    expect(result.kind).toBe('finished');
    const stored = await store.getJob(job.id);
    expect(stored?.job).toMatchObject({ state: 'failed', counters: { failed: 3, remaining: 0 } });
    expect((await allRows(store, job.id)).every((r) => r.result?.reason === 'There is no executor for operation kind "restore".')).toBe(true);
  });

  it('after a crash, reconciles the in-flight batch, never repeats finished rows and runs the rest once', async () => {
    const { store, clock, runner, queuedJob } = setup();
    const job = await queuedJob(10);
    const crashed = new FakeExecutor(3);
    let releaseCrashed: () => void = () => undefined;
    crashed.beforeBatch = (_rows, _ctx, batchNo) =>
      batchNo === 2 ? new Promise<void>((resolve) => (releaseCrashed = resolve)) : undefined;
    const first = runner(crashed, { owner: 'runner-A', leaseTtlMs: 60_000 });
    const firstRun = first.runJob(job.id);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await allRows(store, job.id)).map((r) => r.state).slice(0, 7)).toEqual([
      'succeeded', 'succeeded', 'succeeded', 'running', 'running', 'running', 'pending',
    ]);

    clock.advance(61_000);
    const second = new FakeExecutor(3);
    second.reconcileWith = (row) =>
      row.rowIndex === 4 ? undefined : { rowIndex: row.rowIndex, result: { status: 'succeeded', reason: 'Already restored' } };
    const result = await runner(second, { owner: 'runner-B' }).runJob(job.id);
    expect(result.kind).toBe('finished');
    expect(second.reconciled).toEqual([3, 4, 5]);
    expect(second.executed).toEqual([4, 6, 7, 8, 9]);

    // The stalled first instance wakes up without its lease: it must not overwrite anything.
    releaseCrashed();
    expect((await firstRun).kind).toBe('lease-lost');
    const rows = await allRows(store, job.id);
    expect(rows.map((r) => r.state)).toEqual(Array(10).fill('succeeded'));
    expect(rows[3]?.result?.reason).toBe('Already restored');
    expect(rows[4]?.attempts).toBe(2);
    expect((await store.getJob(job.id))?.job.counters).toMatchObject({ succeeded: 10, remaining: 0 });
  });

  it('re-runs an in-flight batch when the executor has no reconcile', async () => {
    const { store, clock, runner, queuedJob } = setup();
    const job = await queuedJob(4);
    await store.tryClaim(job.id, 'dead-runner', 1_000);
    await transitionJob(store, job.id, 'running', { now: clock.now() });
    await store.writeRows(job.id, [
      { index: 0, state: 'succeeded', attempts: 1, result: { status: 'succeeded', objectId: 'x', finishedAt: clock.now().toISOString() } },
      { index: 1, state: 'running', attempts: 1, result: null },
    ]);
    clock.advance(2_000);
    const executor = new FakeExecutor(10);
    await runner(executor).runJob(job.id);
    expect(executor.executed).toEqual([1, 2, 3]);
    expect((await allRows(store, job.id))[1]?.attempts).toBe(2);
  });

  it('never lets two runners run the same job', async () => {
    const { store, runner, queuedJob } = setup();
    const job = await queuedJob(20);
    const a = new FakeExecutor(4);
    const b = new FakeExecutor(4);
    const results = await Promise.all([runner(a, { owner: 'A' }).runJob(job.id), runner(b, { owner: 'B' }).runJob(job.id)]);
    expect(results.map((r) => r.kind).sort()).toEqual(['finished', 'not-run']);
    expect([...a.executed, ...b.executed].sort((x, y) => x - y)).toEqual(range(0, 20));
    expect((await store.getJob(job.id))?.job.counters.succeeded).toBe(20);
  });

  it('cancels a running job at the next batch boundary and marks the rest cancelled', async () => {
    const { store, clock, runner, queuedJob } = setup();
    const job = await queuedJob(10);
    const executor = new FakeExecutor(3);
    executor.beforeBatch = async (_rows, _ctx, batchNo) => {
      if (batchNo === 2) {
        const cancelled = await cancelJob(store, job.id, clock.now(), BOB);
        expect(cancelled.ok && cancelled.value.job.state).toBe('running');
      }
    };
    const result = await runner(executor).runJob(job.id);
    expect(result.kind).toBe('finished');
    expect(executor.executed).toEqual(range(0, 6));
    const stored = await store.getJob(job.id);
    expect(stored?.job).toMatchObject({
      state: 'cancelled',
      stateReason: 'Cancelled by Bob Approver.',
      counters: { total: 10, succeeded: 6, cancelled: 4, remaining: 0 },
    });
    const rows = await allRows(store, job.id);
    expect(rows.slice(6).map((r) => r.result?.reason)).toEqual(Array(4).fill('The job was cancelled before this row ran.'));
  });

  it('cancels a job that is not running at once, and refuses to cancel a finished one', async () => {
    const { store, clock, runner, queuedJob } = setup();
    const job = await queuedJob(3);
    const cancelled = await cancelJob(store, job.id, clock.now());
    expect(cancelled.ok && cancelled.value.job).toMatchObject({ state: 'cancelled', counters: { cancelled: 3, remaining: 0 } });
    expect((await runner(new FakeExecutor(3)).runJob(job.id)).kind).toBe('not-run');
    const again = await cancelJob(store, job.id, clock.now());
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.message).toContain('already finished');
  });

  it('pauses without touching rows when no token is available, and resumes when one is back', async () => {
    const { store, clock, tokens, runner, queuedJob } = setup();
    const job = await queuedJob(5);
    const executor = new FakeExecutor(2);
    executor.beforeBatch = (_rows, _ctx, batchNo) => {
      if (batchNo === 1) tokens.available = false;
    };
    const jobRunner = runner(executor);
    const paused = await jobRunner.runJob(job.id);
    expect(paused.kind).toBe('paused');
    const stored = await store.getJob(job.id);
    expect(stored?.job).toMatchObject({
      state: 'paused',
      stateReason: 'Alice Admin needs to sign in again.',
      lease: null,
      resumeAt: null,
      counters: { succeeded: 2, failed: 0, remaining: 3 },
    });
    expect((await allRows(store, job.id)).map((r) => r.state)).toEqual(['succeeded', 'succeeded', 'pending', 'pending', 'pending']);
    expect((await jobRunner.runJob(job.id)).kind).toBe('not-run');

    tokens.available = true;
    const resumed = await resumeJob(store, job.id, clock.now());
    expect(resumed.ok && resumed.value.job.state).toBe('queued');
    const finished = await jobRunner.pollOnce();
    expect(finished?.kind).toBe('finished');
    expect(executor.executed).toEqual(range(0, 5));
    expect((await store.getJob(job.id))?.job.state).toBe('completed');
  });

  it('pauses when the executor asks to, puts unfinished rows back, and resumes by itself when due', async () => {
    const { store, clock, runner, queuedJob } = setup();
    const job = await queuedJob(6);
    const executor = new FakeExecutor(3);
    executor.pauseOnBatch = { batchNo: 1, keep: 1, reason: 'Graph is throttling this tenant beyond the bound.', retryAfterMs: 120_000 };
    const jobRunner = runner(executor);
    expect((await jobRunner.pollOnce())?.kind).toBe('paused');
    const paused = await store.getJob(job.id);
    expect(paused?.job).toMatchObject({ state: 'paused', resumeAt: new Date(clock.now().getTime() + 120_000).toISOString() });
    expect((await allRows(store, job.id)).map((r) => `${r.state}:${r.attempts}`)).toEqual([
      'succeeded:1', 'pending:1', 'pending:1', 'pending:0', 'pending:0', 'pending:0',
    ]);
    expect(await jobRunner.pollOnce()).toBeUndefined();
    expect((await jobRunner.runJob(job.id)).kind).toBe('not-run');

    clock.advance(120_000);
    const resumed = await jobRunner.pollOnce();
    expect(resumed?.kind).toBe('finished');
    expect(executor.executed).toEqual([0, 1, 2, 3, 4, 5]);
    expect((await store.getJob(job.id))?.job).toMatchObject({ state: 'completed', counters: { succeeded: 6 } });
  });

  it('retries only the failed rows of a finished job as a new job', async () => {
    const { store, clock, runner, queuedJob } = setup();
    const job = await queuedJob(6);
    const failing = new FakeExecutor(6, (row) =>
      row.rowIndex % 2 === 1 ? { rowIndex: row.rowIndex, result: { status: 'failed', reason: 'Throttled' } } : succeed(row),
    );
    await runner(failing).runJob(job.id);

    const retry = await createRetryJob(store, job.id, { now: clock.now() });
    if (!retry.ok) throw new Error(retry.error.message);
    expect(retry.value.job).toMatchObject({ state: 'awaiting-approval', retryOf: job.id, kind: 'restore', counters: { total: 3 } });
    expect((await allRows(store, retry.value.job.id)).map((r) => r.input)).toEqual([
      { objectId: 'object-1' },
      { objectId: 'object-3' },
      { objectId: 'object-5' },
    ]);
    expect((await allRows(store, retry.value.job.id)).map((r) => r.plan.label)).toEqual(['object-1', 'object-3', 'object-5']);
    await approveJob(store, retry.value.job.id, BOB, clock.now());
    const again = new FakeExecutor(6);
    expect((await runner(again).pollOnce())?.kind).toBe('not-run');
    expect((await runner(again).pollOnce())?.kind).toBe('finished');
    expect((await store.getJob(retry.value.job.id))?.job.state).toBe('completed');

    const none = await createRetryJob(store, retry.value.job.id, { now: clock.now() });
    expect(none.ok).toBe(false);
  });

  it('refuses to retry a job that has not finished', async () => {
    const { store, clock, queuedJob } = setup();
    const job = await queuedJob(2);
    const retry = await createRetryJob(store, job.id, { now: clock.now() });
    expect(retry.ok).toBe(false);
    if (!retry.ok) expect(retry.error.message).toContain('still queued');
  });

  it('expires drafts nobody approved in time, and only those', async () => {
    const { store, clock } = setup();
    const make = async (state: 'draft' | 'awaiting-approval', ttl: number): Promise<Job> => {
      const job = newJob({ kind: 'restore', tenantId: 'tenant-1', initiator: ALICE, source: { type: 'command', text: 'x' }, inputColumns: ['objectId'], state, now: clock.now(), draftTtlMs: ttl });
      const created = await store.createJob(job, [plannedRow({ objectId: 'a' }), plannedRow({ objectId: 'b' })]);
      if (!created.ok) throw new Error(created.error.message);
      return created.value.job;
    };
    const shortDraft = await make('draft', 60_000);
    const shortAwaiting = await make('awaiting-approval', 60_000);
    const long = await make('awaiting-approval', 3_600_000);
    expect(await expireDrafts(store, clock.now())).toEqual([]);

    clock.advance(60_000);
    const expired = await expireDrafts(store, clock.now());
    expect(expired.map((e) => [e.job.id, e.from]).sort()).toEqual(
      [[shortDraft.id, 'draft'], [shortAwaiting.id, 'awaiting-approval']].sort(),
    );
    expect((await store.getJob(shortDraft.id))?.job).toMatchObject({ state: 'expired', counters: { cancelled: 2, remaining: 0 } });
    expect((await allRows(store, shortDraft.id)).map((r) => r.result?.reason)).toEqual(Array(2).fill('The job expired before it was approved.'));
    expect((await store.getJob(long.id))?.job.state).toBe('awaiting-approval');
    const late = await approveJob(store, shortAwaiting.id, BOB, clock.now());
    expect(late.ok).toBe(false);
  });

  it('sends every state change and at most one progress event per interval', async () => {
    const { clock, runner, queuedJob } = setup();
    const job = await queuedJob(10);
    const executor = new FakeExecutor(1);
    executor.beforeBatch = () => clock.advance(400);
    const events: JobEvent[] = [];
    const jobRunner = runner(executor, { progressIntervalMs: 1_000 });
    jobRunner.onProgress((event) => events.push(event));
    jobRunner.onProgress(() => {
      throw new Error('a broken listener must not stop the job');
    });
    await jobRunner.runJob(job.id);
    // Batches end 400 ms apart; progress goes out when 1 s has passed since the last event.
    expect(events.map((e) => (e.type === 'state' ? e.job.state : `${e.job.counters.succeeded}`))).toEqual([
      'running', '3', '6', '9', 'completed',
    ]);
    const last = events[3];
    expect(last?.job.throughput?.rowsPerMinute).toBeCloseTo(9 / (3_600 / 60_000), 5);
    // One row left at 150 rows a minute: due 400 ms later, which is exactly when the last batch ended.
    expect(last?.job.throughput?.etaAt).toBe(clock.now().toISOString());
  });

  it('shares one tenant budget between its jobs while other tenants run alongside', async () => {
    const { runner, queuedJob } = setup();
    const a = await queuedJob(6);
    const b = await queuedJob(6);
    const other = await queuedJob(6, { tenantId: 'tenant-2' });
    const inFlight = new Map<string, number>();
    const peak = new Map<string, number>();
    const order: string[] = [];
    let globalPeak = 0;
    const executor = new FakeExecutor(2);
    executor.beforeBatch = async (_rows, ctx) => {
      const tenant = ctx.job.tenantId;
      inFlight.set(tenant, (inFlight.get(tenant) ?? 0) + 1);
      peak.set(tenant, Math.max(peak.get(tenant) ?? 0, inFlight.get(tenant) ?? 0));
      globalPeak = Math.max(globalPeak, [...inFlight.values()].reduce((s, n) => s + n, 0));
      if (tenant === 'tenant-1') order.push(ctx.job.id === a.id ? 'a' : 'b');
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight.set(tenant, (inFlight.get(tenant) ?? 1) - 1);
    };
    const jobRunner = runner(executor, { perTenantConcurrency: 1 });
    const results = await Promise.all([a, b, other].map((job) => jobRunner.runJob(job.id)));
    expect(results.map((r) => r.kind)).toEqual(['finished', 'finished', 'finished']);
    expect(peak.get('tenant-1')).toBe(1);
    expect(globalPeak).toBe(2);
    expect(order).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
  });

  it('polls the queue, re-dispatches an orphaned job from its sweep, and hands work back when stopped', async () => {
    const { store, clock, runner, queuedJob } = setup();
    const orphan = await queuedJob(3);
    await store.receive(60_000).then((m) => (m ? store.ack(m) : undefined));
    await store.tryClaim(orphan.id, 'dead-runner', 1_000);
    await transitionJob(store, orphan.id, 'running', { now: clock.now() });
    expect(await runner(new FakeExecutor(3)).pollOnce()).toBeUndefined();

    clock.advance(2_000);
    const executor = new FakeExecutor(1);
    const jobRunner = runner(executor, { pollIntervalMs: 5, sweepIntervalMs: 10 });
    const blocker = await queuedJob(50, { tenantId: 'tenant-2' });
    const orphanDone = new Promise<void>((resolve) => {
      jobRunner.onProgress((event) => {
        if (event.job.id === orphan.id && event.type === 'state' && event.job.state === 'completed') resolve();
      });
    });
    let stopping: Promise<void> | undefined;
    const stopRequested = new Promise<void>((resolve) => {
      executor.beforeBatch = async (rows, ctx) => {
        if (ctx.job.id !== blocker.id || rows[0]?.rowIndex !== 2) return;
        await orphanDone;
        stopping = jobRunner.stop();
        resolve();
      };
    });
    jobRunner.start();
    await stopRequested;
    await stopping;
    expect((await store.getJob(orphan.id))?.job.counters.succeeded).toBe(3);
    const handedBack = await store.getJob(blocker.id);
    expect(handedBack?.job).toMatchObject({ state: 'queued', lease: null, counters: { succeeded: 3, remaining: 47 } });
    const redispatched = await store.receive(1_000);
    expect(redispatched?.jobId).toBe(blocker.id);
  });
});
