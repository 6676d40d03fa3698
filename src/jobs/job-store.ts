import type { Readable } from 'node:stream';
import type { Job, JobRow, JobRowState, JobState, NewJobRow, RowStateCounts, RowUpdate } from './job-model';
import type { IllegalTransition, TransitionOptions } from './job-state-machine';
import { transition } from './job-state-machine';

export type JobStoreErrorKind = 'not-found' | 'conflict' | 'already-exists' | 'too-large';

export interface JobStoreError {
  kind: JobStoreErrorKind;
  message: string;
}

export type StoreResult<T> = { ok: true; value: T } | { ok: false; error: JobStoreError };

export interface StoredJob {
  job: Job;
  /** Opaque version token; pass it back to replaceJob to write only if nobody else wrote in between. */
  etag: string;
}

export interface JobFilter {
  tenantId?: string;
  initiatorId?: string;
  conversationId?: string;
  states?: readonly JobState[];
  limit?: number;
}

export interface RowPageQuery {
  states?: readonly JobRowState[];
  /** Exclusive: rows with index > afterIndex. */
  afterIndex?: number;
  limit: number;
}

export interface RowPage {
  rows: JobRow[];
  /** Pass as afterIndex to get the next page; null when this page is known to be the last (the next may be empty). */
  nextAfterIndex: number | null;
}

export interface DispatchMessage {
  jobId: string;
  receipt: string;
  dequeueCount: number;
}

/** JSON of one row's input and plan, as stored; a bigger row is refused so that an entity stays under 1 MB. */
export const MAX_ROW_CHARS = 256 * 1024;

export function rowChars(row: NewJobRow): number {
  return JSON.stringify(row.input).length + JSON.stringify(row.plan).length;
}

export interface JobStore {
  /** Writes the rows (numbered from 0), then the job with counters.total set; refuses an id that exists. */
  createJob(job: Job, rows: Iterable<NewJobRow> | AsyncIterable<NewJobRow>): Promise<StoreResult<StoredJob>>;
  getJob(jobId: string): Promise<StoredJob | undefined>;
  /** Newest first. */
  listJobs(filter: JobFilter): Promise<Job[]>;
  /** Conditional write: a 'conflict' error if the job changed since `etag` was read. */
  replaceJob(job: Job, etag: string): Promise<StoreResult<StoredJob>>;

  /** Idempotent: writing the same updates twice leaves the same rows. Only rows created with the job may be named. */
  writeRows(jobId: string, updates: readonly RowUpdate[]): Promise<void>;
  /** Rows in index order, filtered by state, one page of at most `limit` (≤ 1000) at a time. */
  getRows(jobId: string, query: RowPageQuery): Promise<RowPage>;
  countRows(jobId: string): Promise<RowStateCounts>;

  /** Takes the job's lease if it is free, expired or already ours; undefined if another owner holds it. */
  tryClaim(jobId: string, owner: string, ttlMs: number): Promise<StoredJob | undefined>;
  /** Extends our lease; undefined if the lease is no longer ours. */
  renewLease(jobId: string, owner: string, ttlMs: number): Promise<StoredJob | undefined>;
  releaseLease(jobId: string, owner: string): Promise<void>;

  enqueue(jobId: string, options?: { delayMs?: number }): Promise<void>;
  /** The message stays invisible for visibilityMs, then comes back unless acknowledged. */
  receive(visibilityMs: number): Promise<DispatchMessage | undefined>;
  ack(message: DispatchMessage): Promise<void>;

  putFile(jobId: string, name: string, data: Uint8Array | Readable): Promise<void>;
  getFile(jobId: string, name: string): Promise<Readable | undefined>;

  /** Deletes finished jobs (finishedAt older than retentionDays), their rows and files; returns their ids. */
  deleteExpired(now: Date, retentionDays: number): Promise<string[]>;
}

export function storeError(kind: JobStoreErrorKind, message: string): { ok: false; error: JobStoreError } {
  return { ok: false, error: { kind, message } };
}

export function isValidFileName(name: string): boolean {
  return /^[A-Za-z0-9._-]{1,200}$/.test(name) && name !== '.' && name !== '..';
}

export type MutateRefusal = { kind: 'refused'; message: string; cause?: IllegalTransition };
export type MutateResult = { ok: true; value: StoredJob } | { ok: false; error: JobStoreError | MutateRefusal };

const MAX_MUTATE_ATTEMPTS = 20;

function isRefusal(value: Job | MutateRefusal): value is MutateRefusal {
  return (value as MutateRefusal).kind === 'refused';
}

/**
 * Read-modify-write with optimistic concurrency: re-reads and re-applies `mutate` when someone else wrote
 * in between, so `mutate` sees the latest job each time and may refuse (return a refusal) after a re-read.
 */
export async function mutateJob(
  store: JobStore,
  jobId: string,
  mutate: (job: Job) => Job | MutateRefusal,
): Promise<MutateResult> {
  for (let attempt = 0; attempt < MAX_MUTATE_ATTEMPTS; attempt++) {
    const current = await store.getJob(jobId);
    if (!current) return storeError('not-found', `Job ${jobId} doesn't exist (it may have been deleted after its retention period).`);
    const next = mutate(current.job);
    if (isRefusal(next)) return { ok: false, error: next };
    const written = await store.replaceJob(next, current.etag);
    if (written.ok) return written;
    if (written.error.kind !== 'conflict') return written;
  }
  return storeError('conflict', `Job ${jobId} kept changing while being updated; try again.`);
}

export function transitionJob(
  store: JobStore,
  jobId: string,
  to: JobState,
  options: TransitionOptions,
  extra?: (job: Job) => Job,
): Promise<MutateResult> {
  return mutateJob(store, jobId, (job) => {
    const result = transition(job, to, options);
    if (!result.ok) return { kind: 'refused', message: result.error.message, cause: result.error };
    return extra ? extra(result.job) : result.job;
  });
}

export async function* iterateRows(
  store: JobStore,
  jobId: string,
  options: { states?: readonly JobRowState[]; pageSize?: number } = {},
): AsyncGenerator<JobRow> {
  let afterIndex: number | undefined;
  for (;;) {
    const page = await store.getRows(jobId, {
      limit: options.pageSize ?? 500,
      ...(options.states ? { states: options.states } : {}),
      ...(afterIndex === undefined ? {} : { afterIndex }),
    });
    yield* page.rows;
    if (page.nextAfterIndex === null) return;
    afterIndex = page.nextAfterIndex;
  }
}
