import type { Job, RowPlanRecord, RowResult } from './job-model';

export interface RowWork {
  rowIndex: number;
  /** What the dry run decided for the row, as approved. */
  plan: RowPlanRecord;
  /** Which run of this row this is (1 the first time); a row goes round again after a pause or a crash. */
  attempt?: number;
}

/** A row's result, by row. */
export interface RowOutcome {
  rowIndex: number;
  result: RowResult;
}

export interface ExecutionContext {
  token: string;
  signal: AbortSignal;
  job: Job;
  /** A fresh token after Graph rejected `token` (expired mid-batch); `ok: false` when the admin must sign in again. */
  refreshToken?: () => Promise<JobToken>;
}

export interface BatchPause {
  reason: string;
  /** When set, the job goes back on the queue by itself after this long (e.g. throttled beyond bound). */
  retryAfterMs?: number;
}

/** One per operation kind, provided by the engine: turns rows into Graph writes and Graph answers into outcomes. */
export interface JobExecutor {
  readonly batchSize: number;
  /**
   * Rows without an outcome are put back to run again: with `pause`, that's how a batch stops part-way;
   * without it, they are recorded as failed so that no row is ever dropped.
   */
  executeBatch(rows: RowWork[], ctx: ExecutionContext): Promise<{ outcomes: RowOutcome[]; pause?: BatchPause }>;
  /**
   * Rows that were in flight when a previous run stopped (crash, lost lease). Return an outcome for each row
   * whose write is known to have happened (e.g. restore: the object is already active → succeeded; create:
   * the UPN exists with the same attributes → skipped). Rows left without an outcome run again normally.
   * Without reconcile, in-flight rows simply run again, which is only right for idempotent writes.
   */
  reconcile?(rows: RowWork[], ctx: ExecutionContext): Promise<RowOutcome[]>;
}

export type JobToken = { ok: true; token: string } | { ok: false; reason: string };

export interface JobTokenSource {
  /**
   * The initiator's delegated token for this job; `ok: false` pauses the job with the reason shown. `refresh` drops a
   * cached token that Graph has just refused.
   */
  getToken(job: Job, options?: { refresh?: boolean }): Promise<JobToken>;
}
