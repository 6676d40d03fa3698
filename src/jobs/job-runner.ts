import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { writeResultsCsv } from './results-csv';
import type { Job, JobState, RowUpdate } from './job-model';
import { countersFromRowStates } from './job-model';
import type { ExecutionContext, JobExecutor, JobTokenSource, RowOutcome, RowWork } from './job-executor';
import { IN_FLIGHT_UNKNOWN_REASON, expireDrafts, finalizeRemainingRows } from './job-control';
import type { JobEventListener } from './job-events';
import { JobEventEmitter } from './job-events';
import { isTerminal, transition } from './job-state-machine';
import type { DispatchMessage, JobStore } from './job-store';
import { mutateJob } from './job-store';
import { PatientJobStore, retryThroughStorageOutage } from './patient-job-store';
import { TenantLimiter } from './tenant-limiter';

export interface JobRunnerOptions {
  store: JobStore;
  executorFor: (kind: string) => JobExecutor | undefined;
  tokens: JobTokenSource;
  /** Unique per process (host name + pid + random), so leases tell instances apart. */
  owner: string;
  /**
   * How long a claim lasts unless renewed (every third of it): also how long a job left by a crashed instance waits
   * before another takes it over. 30 s by default.
   */
  leaseTtlMs?: number;
  progressIntervalMs?: number;
  /** Batches of one tenant that may run at once in this process, across all of its jobs. */
  perTenantConcurrency?: number;
  maxConcurrentJobs?: number;
  pollIntervalMs?: number;
  sweepIntervalMs?: number;
  visibilityMs?: number;
  /** When set, the sweep also deletes finished jobs older than this. */
  retentionDays?: number;
  /**
   * How long a storage call is retried while Azure Storage can't be reached (default 5 minutes): a run holding Graph
   * results waits for storage to come back rather than dropping them.
   */
  storagePatienceMs?: number;
  clock?: () => Date;
  onError?: (error: unknown, context: { jobId?: string }) => void;
}

/** A lease owner id unique to this process, so a restarted instance never mistakes an old lease for its own. */
export function newRunnerOwner(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export type RunResult =
  | { kind: 'finished'; job: Job }
  | { kind: 'paused'; job: Job }
  | { kind: 'handed-back'; job: Job }
  | { kind: 'not-run'; reason: string }
  | { kind: 'lease-lost'; reason: string };

interface Run {
  jobId: string;
  job: Job;
  executor: JobExecutor;
  abort: AbortController;
  leaseLost: boolean;
  startedAtMs: number;
  processed: number;
}

class LeaseLost extends Error {
  constructor(jobId: string) {
    super(`This instance no longer holds the lease on job ${jobId}; another instance carries on with it.`);
  }
}

/** Someone moved the job out from under us (a cancel before we started, a deletion): stop quietly. */
class Superseded extends Error {}

/** Reported (not thrown) when a storage call starts waiting for Azure Storage to come back. */
export class StorageOutage extends Error {
  constructor(
    readonly operation: string,
    override readonly cause: unknown,
  ) {
    super(`Azure Storage could not be reached (${operation}: ${message(cause)}); retrying until it is back.`);
    this.name = 'StorageOutage';
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs queued jobs batch by batch under a renewed lease. Rows are marked in flight before each batch and
 * their outcomes persisted after it, so a crashed run leaves a detectable in-flight batch that the next
 * owner reconciles instead of repeating, and never repeats a row with a final result.
 */
export class JobRunner {
  private readonly store: JobStore;
  private readonly storagePatienceMs: number;
  private readonly owner: string;
  private readonly leaseTtlMs: number;
  private readonly clock: () => Date;
  private readonly events: JobEventEmitter;
  private readonly limiter: TenantLimiter;
  private readonly active = new Map<string, Promise<RunResult>>();
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** The earliest expiry of another owner's lease on a running job, seen by the last sweep: sweep again then. */
  private nextLeaseExpiryMs = Number.POSITIVE_INFINITY;

  constructor(private readonly options: JobRunnerOptions) {
    this.storagePatienceMs = options.storagePatienceMs ?? 5 * 60_000;
    this.store = new PatientJobStore(options.store, {
      patienceMs: this.storagePatienceMs,
      onOutage: (error, what) => this.reportError(new StorageOutage(what, error)),
    });
    this.owner = options.owner;
    this.leaseTtlMs = options.leaseTtlMs ?? 30_000;
    this.clock = options.clock ?? (() => new Date());
    this.events = new JobEventEmitter(options.progressIntervalMs ?? 3_000, this.clock);
    this.limiter = new TenantLimiter(options.perTenantConcurrency ?? 1);
  }

  onProgress(listener: JobEventListener): () => void {
    return this.events.onProgress(listener);
  }

  /** Claims and runs one job until it finishes, pauses, is handed back or its lease is lost. */
  runJob(jobId: string): Promise<RunResult> {
    const existing = this.active.get(jobId);
    if (existing) return Promise.resolve({ kind: 'not-run', reason: `Job ${jobId} is already running here.` });
    const run = this.claimAndRun(jobId).finally(() => this.active.delete(jobId));
    this.active.set(jobId, run);
    return run;
  }

  /** Receives one dispatch message and runs its job to a stop; undefined when the queue had nothing. */
  async pollOnce(): Promise<RunResult | undefined> {
    const received = await this.receive();
    return received ? this.runJob(received.jobId) : undefined;
  }

  private async receive(): Promise<DispatchMessage | undefined> {
    const received = await this.store.receive(this.options.visibilityMs ?? 30_000);
    // The lease, not the message, keeps a job with one runner; the sweep re-dispatches orphans.
    if (received) await this.store.ack(received);
    return received;
  }

  /**
   * Housekeeping any instance may do: expire stale drafts, put orphaned jobs (lease expired, or queued with
   * no runner) and paused jobs due to resume back on the queue, and apply retention.
   */
  async sweep(): Promise<void> {
    const now = this.clock();
    for (const { job, from } of await expireDrafts(this.store, now)) this.events.stateChanged(job, from);
    const staleQueuedMs = 2 * (this.options.sweepIntervalMs ?? 30_000);
    let nextLeaseExpiryMs = Number.POSITIVE_INFINITY;
    for (const job of await this.store.listJobs({ states: ['queued', 'running', 'paused'] })) {
      if (this.active.has(job.id)) continue;
      const leaseFree = job.lease === null || Date.parse(job.lease.expiresAt) <= now.getTime();
      if (job.state === 'running' && job.lease && !leaseFree) {
        nextLeaseExpiryMs = Math.min(nextLeaseExpiryMs, Date.parse(job.lease.expiresAt));
      }
      const orphaned = job.state === 'running' && leaseFree;
      const stuck = job.state === 'queued' && leaseFree && now.getTime() - Date.parse(job.updatedAt) >= staleQueuedMs;
      const due = job.state === 'paused' && job.resumeAt !== null && Date.parse(job.resumeAt) <= now.getTime();
      if (orphaned || stuck || due) await this.store.enqueue(job.id);
    }
    this.nextLeaseExpiryMs = nextLeaseExpiryMs;
    if (this.options.retentionDays !== undefined) {
      for (const id of await this.store.deleteExpired(now, this.options.retentionDays)) this.events.forget(id);
    }
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.pollLoop();
  }

  /** Stops polling; running jobs stop at their next batch boundary and go back on the queue for any instance. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
    await Promise.allSettled([...this.active.values()]);
  }

  private async pollLoop(): Promise<void> {
    const sweepIntervalMs = this.options.sweepIntervalMs ?? 30_000;
    const maxJobs = this.options.maxConcurrentJobs ?? 4;
    let lastSweep = Number.NEGATIVE_INFINITY;
    while (!this.stopping) {
      let busy = false;
      try {
        // A job left running by a dead instance is picked up as soon as its lease runs out, not a sweep later.
        if (Date.now() - lastSweep >= sweepIntervalMs || this.clock().getTime() >= this.nextLeaseExpiryMs) {
          lastSweep = Date.now();
          this.nextLeaseExpiryMs = Number.POSITIVE_INFINITY;
          await this.sweep();
        }
        if (this.active.size < maxJobs) {
          const received = await this.receive();
          if (received) {
            busy = true;
            void this.runJob(received.jobId).catch((error: unknown) => this.reportError(error, received.jobId));
          }
        }
      } catch (error) {
        this.reportError(error);
      }
      if (!busy && !this.stopping) await this.sleep(this.options.pollIntervalMs ?? 1_000);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private reportError(error: unknown, jobId?: string): void {
    this.options.onError?.(error, jobId === undefined ? {} : { jobId });
  }

  private async claimAndRun(jobId: string): Promise<RunResult> {
    const claimed = await this.store.tryClaim(jobId, this.owner, this.leaseTtlMs);
    if (!claimed) return { kind: 'not-run', reason: `Job ${jobId} has finished, doesn't exist, or another instance is running it.` };
    const job = claimed.job;
    const now = this.clock();
    const resumable =
      job.state === 'queued' ||
      job.state === 'running' ||
      (job.state === 'paused' && job.resumeAt !== null && Date.parse(job.resumeAt) <= now.getTime());
    if (!resumable) {
      await this.store.releaseLease(jobId, this.owner);
      const why = job.stateReason ? `: ${job.stateReason.replace(/[.!?]$/, '')}` : '';
      return { kind: 'not-run', reason: `Job ${jobId} is ${job.state}${why}.` };
    }
    const executor = this.options.executorFor(job.kind);
    const run: Run = {
      jobId,
      job,
      executor: executor ?? { batchSize: 1, executeBatch: async () => ({ outcomes: [] }) },
      abort: new AbortController(),
      leaseLost: false,
      startedAtMs: now.getTime(),
      processed: 0,
    };
    const renewEveryMs = Math.max(1_000, Math.floor(this.leaseTtlMs / 3));
    let renewing = false;
    const keeper = setInterval(() => {
      // While storage is down a renewal waits for it; don't pile more on top.
      if (renewing) return;
      renewing = true;
      this.store
        .renewLease(jobId, this.owner, this.leaseTtlMs)
        .then(
          (renewed) => {
            if (!renewed && !isTerminal(run.job.state) && run.job.state !== 'paused') this.loseLease(run);
          },
          (error: unknown) => this.reportError(error, jobId),
        )
        .finally(() => {
          renewing = false;
        });
    }, renewEveryMs);
    keeper.unref();
    try {
      if (job.state !== 'running') await this.moveTo(run, 'running', null);
      if (!executor) return await this.failJob(run, `There is no executor for operation kind "${job.kind}".`);
      return await this.runRows(run);
    } catch (error) {
      if (error instanceof LeaseLost) return { kind: 'lease-lost', reason: error.message };
      if (error instanceof Superseded) {
        await this.store.releaseLease(jobId, this.owner);
        return { kind: 'not-run', reason: error.message };
      }
      throw error;
    } finally {
      clearInterval(keeper);
    }
  }

  private loseLease(run: Run): void {
    run.leaseLost = true;
    run.abort.abort(new LeaseLost(run.jobId));
  }

  private async ensureLease(run: Run): Promise<void> {
    if (run.leaseLost) throw new LeaseLost(run.jobId);
    const renewed = await this.store.renewLease(run.jobId, this.owner, this.leaseTtlMs);
    if (!renewed) {
      this.loseLease(run);
      throw new LeaseLost(run.jobId);
    }
    run.job = renewed.job;
  }

  /** Writes the job only while we hold its lease, extending it; releases it when the job leaves `running`. */
  private async write(run: Run, mutate: (job: Job) => Job): Promise<Job> {
    const result = await mutateJob(this.store, run.jobId, (job) => {
      if (job.lease?.owner !== this.owner) return { kind: 'refused', message: 'lease lost' };
      const next = mutate(job);
      const keep = next.state === 'running';
      const expiresAt = new Date(this.clock().getTime() + this.leaseTtlMs).toISOString();
      return { ...next, lease: keep ? { owner: this.owner, expiresAt } : null };
    });
    if (!result.ok) {
      this.loseLease(run);
      throw new LeaseLost(run.jobId);
    }
    run.job = result.value.job;
    return run.job;
  }

  private async moveTo(
    run: Run,
    to: JobState,
    reason: string | null,
    extra: (job: Job) => Job = (job) => job,
    resumeAt: Date | null = null,
  ): Promise<Job> {
    let from: JobState = run.job.state;
    const job = await this.write(run, (current) => {
      from = current.state;
      const moved = transition(current, to, { now: this.clock(), reason, resumeAt });
      if (!moved.ok) throw new Superseded(moved.error.message);
      return extra(moved.job);
    });
    this.events.stateChanged(job, from);
    return job;
  }

  private async runRows(run: Run): Promise<RunResult> {
    const counts = await this.store.countRows(run.jobId);
    await this.write(run, (job) => ({ ...job, counters: countersFromRowStates(counts) }));

    if (counts.running > 0) {
      const paused = await this.reconcileInFlight(run);
      if (paused) return paused;
    }

    let afterIndex: number | undefined;
    for (;;) {
      const latest = await this.store.getJob(run.jobId);
      if (!latest || latest.job.lease?.owner !== this.owner) throw new LeaseLost(run.jobId);
      run.job = latest.job;
      if (latest.job.cancelRequested) return this.finishCancelled(run);
      if (this.stopping) {
        const job = await this.moveTo(run, 'queued', 'Handed back while this instance shut down.');
        await this.store.enqueue(run.jobId);
        return { kind: 'handed-back', job };
      }
      const page = await this.store.getRows(run.jobId, {
        states: ['pending'],
        limit: run.executor.batchSize,
        ...(afterIndex === undefined ? {} : { afterIndex }),
      });
      if (page.rows.length === 0) return this.finish(run);
      const token = await this.options.tokens.getToken(run.job);
      if (!token.ok) return this.pause(run, token.reason, null);

      const work: RowWork[] = page.rows.map((row) => ({ rowIndex: row.index, plan: row.plan, attempt: row.attempts + 1 }));
      const attempts = new Map(page.rows.map((row) => [row.index, row.attempts + 1]));
      const release = await this.limiter.acquire(run.job.tenantId);
      let outcomes: RowOutcome[];
      let pause: { reason: string; retryAfterMs?: number } | undefined;
      try {
        await this.ensureLease(run);
        await this.store.writeRows(
          run.jobId,
          page.rows.map((row) => ({ index: row.index, state: 'running', attempts: row.attempts + 1, result: null })),
        );
        const executed = await this.execute(run, work, token.token);
        outcomes = executed.outcomes;
        pause = executed.pause;
      } finally {
        release();
      }
      // Fencing: persist only while still the lease holder, or the next owner's reconciliation would be overwritten.
      await this.ensureLease(run);
      const updates = this.toUpdates(work, outcomes, attempts, pause !== undefined);
      await this.store.writeRows(run.jobId, updates);
      await this.recordProgress(run, updates);
      if (pause) {
        const resumeAt = pause.retryAfterMs === undefined ? null : new Date(this.clock().getTime() + pause.retryAfterMs);
        return this.pause(run, pause.reason, resumeAt);
      }
      afterIndex = page.rows[page.rows.length - 1]?.index;
    }
  }

  private async execute(
    run: Run,
    work: RowWork[],
    token: string,
  ): Promise<{ outcomes: RowOutcome[]; pause?: { reason: string; retryAfterMs?: number } }> {
    const ctx: ExecutionContext = {
      token,
      signal: run.abort.signal,
      job: run.job,
      refreshToken: () => this.options.tokens.getToken(run.job, { refresh: true }),
    };
    try {
      return await run.executor.executeBatch(work, ctx);
    } catch (error) {
      if (run.leaseLost) throw new LeaseLost(run.jobId);
      this.reportError(error, run.jobId);
      const reason = `Unexpected error while running this row (${message(error)}); it may be retried.`;
      return { outcomes: work.map((row) => ({ rowIndex: row.rowIndex, result: { status: 'failed', reason } })) };
    }
  }

  /** The batch in flight when a previous run stopped: reconcile what the executor can, run the rest again. */
  private async reconcileInFlight(run: Run): Promise<RunResult | undefined> {
    let afterIndex: number | undefined;
    for (;;) {
      const page = await this.store.getRows(run.jobId, {
        states: ['running'],
        limit: run.executor.batchSize,
        ...(afterIndex === undefined ? {} : { afterIndex }),
      });
      if (page.rows.length === 0) return undefined;
      afterIndex = page.rows[page.rows.length - 1]?.index;
      const work: RowWork[] = page.rows.map((row) => ({ rowIndex: row.index, plan: row.plan, attempt: row.attempts }));
      let outcomes: RowOutcome[] = [];
      if (run.executor.reconcile) {
        const token = await this.options.tokens.getToken(run.job);
        if (!token.ok) return this.pause(run, token.reason, null);
        const release = await this.limiter.acquire(run.job.tenantId);
        try {
          outcomes = await run.executor.reconcile(work, {
            token: token.token,
            signal: run.abort.signal,
            job: run.job,
            refreshToken: () => this.options.tokens.getToken(run.job, { refresh: true }),
          });
        } catch (error) {
          if (run.leaseLost) throw new LeaseLost(run.jobId);
          this.reportError(error, run.jobId);
          outcomes = work.map((row) => ({ rowIndex: row.rowIndex, result: { status: 'failed', reason: IN_FLIGHT_UNKNOWN_REASON } }));
        } finally {
          release();
        }
      }
      await this.ensureLease(run);
      const attempts = new Map(page.rows.map((row) => [row.index, row.attempts]));
      const updates = this.toUpdates(work, outcomes, attempts, true);
      await this.store.writeRows(run.jobId, updates);
      await this.recordProgress(run, updates);
    }
  }

  /** Every row of the batch gets an update: its outcome, or back to pending (`putBack`), or failed. */
  private toUpdates(work: RowWork[], outcomes: RowOutcome[], attempts: Map<number, number>, putBack: boolean): RowUpdate[] {
    const byIndex = new Map(outcomes.map((outcome) => [outcome.rowIndex, outcome]));
    const finishedAt = this.clock().toISOString();
    return work.map((row) => {
      const result = byIndex.get(row.rowIndex)?.result;
      const tries = attempts.get(row.rowIndex) ?? 1;
      if (!result) {
        if (putBack) return { index: row.rowIndex, state: 'pending', attempts: tries, result: null };
        return {
          index: row.rowIndex,
          state: 'failed',
          attempts: tries,
          result: { status: 'failed', reason: 'No result was reported for this row; check the object in the directory before retrying.', finishedAt },
        };
      }
      const { alreadyDone, ...rest } = result;
      return {
        index: row.rowIndex,
        state: result.status,
        attempts: tries,
        result: { ...rest, ...(alreadyDone && result.status === 'succeeded' ? { alreadyDone: true } : {}), finishedAt },
      };
    });
  }

  private async recordProgress(run: Run, updates: RowUpdate[]): Promise<void> {
    const done = { succeeded: 0, failed: 0, skipped: 0, alreadyDone: 0 };
    for (const update of updates) {
      if (update.state === 'succeeded' || update.state === 'failed' || update.state === 'skipped') done[update.state] += 1;
      if (update.state === 'succeeded' && update.result?.alreadyDone) done.alreadyDone += 1;
    }
    const finished = done.succeeded + done.failed + done.skipped;
    run.processed += finished;
    const now = this.clock().getTime();
    const job = await this.write(run, (current) => {
      const counters = {
        ...current.counters,
        succeeded: current.counters.succeeded + done.succeeded,
        failed: current.counters.failed + done.failed,
        skipped: current.counters.skipped + done.skipped,
        remaining: Math.max(0, current.counters.remaining - finished),
        ...(done.alreadyDone || current.counters.alreadyDone ? { alreadyDone: (current.counters.alreadyDone ?? 0) + done.alreadyDone } : {}),
      };
      const minutes = (now - run.startedAtMs) / 60_000;
      const rowsPerMinute = minutes > 0 ? run.processed / minutes : null;
      const throughput =
        rowsPerMinute === null
          ? current.throughput
          : {
              rowsPerMinute,
              etaAt: rowsPerMinute > 0 ? new Date(now + (counters.remaining / rowsPerMinute) * 60_000).toISOString() : null,
            };
      return { ...current, counters, throughput, updatedAt: new Date(now).toISOString() };
    });
    this.events.progress(job);
  }

  private async pause(run: Run, reason: string, resumeAt: Date | null): Promise<RunResult> {
    const job = await this.moveTo(run, 'paused', reason, (j) => j, resumeAt);
    if (resumeAt) await this.store.enqueue(run.jobId, { delayMs: resumeAt.getTime() - this.clock().getTime() });
    return { kind: 'paused', job };
  }

  /** The results file is ready before anyone hears the job finished; failing to write it never fails the job. */
  private async saveResults(run: Run): Promise<void> {
    try {
      // The file streams from the rows, so the store can't retry it on its own; a storage outage is retried here.
      await retryThroughStorageOutage(() => writeResultsCsv(this.store, run.job), { patienceMs: this.storagePatienceMs });
    } catch (error) {
      this.reportError(error, run.jobId);
    }
  }

  private async finish(run: Run): Promise<RunResult> {
    const counts = await this.store.countRows(run.jobId);
    const counters = countersFromRowStates(counts);
    const to: JobState = counts.failed > 0 ? 'completed-with-failures' : 'completed';
    await this.saveResults(run);
    const job = await this.moveTo(run, to, null, (j) => ({ ...j, counters }));
    this.events.forget(run.jobId);
    return { kind: 'finished', job };
  }

  private async finishCancelled(run: Run): Promise<RunResult> {
    await finalizeRemainingRows(
      this.store,
      run.jobId,
      this.clock(),
      { status: 'cancelled', reason: 'The job was cancelled before this row ran.' },
      IN_FLIGHT_UNKNOWN_REASON,
    );
    const counters = countersFromRowStates(await this.store.countRows(run.jobId));
    await this.saveResults(run);
    const job = await this.moveTo(run, 'cancelled', run.job.stateReason ?? 'Cancelled.', (j) => ({ ...j, counters }));
    this.events.forget(run.jobId);
    return { kind: 'finished', job };
  }

  private async failJob(run: Run, reason: string): Promise<RunResult> {
    await finalizeRemainingRows(this.store, run.jobId, this.clock(), { status: 'failed', reason }, reason);
    const counters = countersFromRowStates(await this.store.countRows(run.jobId));
    await this.saveResults(run);
    const job = await this.moveTo(run, 'failed', reason, (j) => ({ ...j, counters }));
    this.events.forget(run.jobId);
    return { kind: 'finished', job };
  }
}
