import type { Readable } from 'node:stream';
import { withRetry } from '../net/retry';
import type { RetryClock } from '../net/retry';
import type { Job, NewJobRow, RowStateCounts, RowUpdate } from './job-model';
import type { DispatchMessage, JobFilter, JobStore, RowPage, RowPageQuery, StoreResult, StoredJob } from './job-store';

const TRANSIENT_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const TRANSIENT_CODES = new Set(['REQUEST_SEND_ERROR', 'RequestTimeout', 'ServerBusy', 'OperationTimedOut', 'InternalError']);

/** A storage call that failed because the service could not be reached or was briefly unable to answer. */
export function isTransientStorageError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { statusCode, code, name } = error as { statusCode?: unknown; code?: unknown; name?: unknown };
  if (typeof statusCode === 'number') return TRANSIENT_STATUS.has(statusCode);
  if (name === 'AbortError' || name === 'TimeoutError') return true;
  return typeof code === 'string' && (/^E[A-Z]+$/.test(code) || code.startsWith('UND_ERR') || TRANSIENT_CODES.has(code));
}

export interface StoragePatience {
  /** How long one call keeps being retried while storage is unreachable, before its error is passed on. */
  patienceMs: number;
  /** Told once per call that starts waiting for storage to come back. */
  onOutage?: (error: unknown) => void;
  clock?: RetryClock;
}

/** Waits between tries grow from half a second to ten; only the patience bounds how many there are. */
const OUTAGE_BACKOFF = { maxAttempts: Number.POSITIVE_INFINITY, baseDelayMs: 500, maxDelayMs: 10_000 };

/** Calls `call` until it succeeds, fails for a reason other than an outage, or the patience runs out. */
export function retryThroughStorageOutage<T>(call: () => Promise<T>, patience: StoragePatience): Promise<T> {
  return withRetry(call, {
    ...OUTAGE_BACKOFF,
    maxElapsedMs: patience.patienceMs,
    shouldRetry: isTransientStorageError,
    clock: patience.clock,
    onRetry: ({ error, attempt }) => {
      if (attempt === 1) patience.onOutage?.(error);
    },
  });
}

export interface PatientStoreOptions {
  /** How long one call keeps being retried while storage is unreachable, before its error is passed on. */
  patienceMs: number;
  /** Told once per call that starts waiting for storage to come back. */
  onOutage?: (error: unknown, what: string) => void;
  clock?: RetryClock;
}

/**
 * The job store seen through a storage outage: calls that failed because Azure Storage could not be reached are
 * retried with backoff for a bounded time, so a runner keeps the Graph results it already holds and carries on when
 * storage is back instead of abandoning the batch. Every retried call is idempotent or guarded by an etag; a call
 * whose input is a stream (creating a job, uploading a file) is not retried.
 */
export class PatientJobStore implements JobStore {
  constructor(
    private readonly inner: JobStore,
    private readonly options: PatientStoreOptions,
  ) {}

  private retry<T>(what: string, call: () => Promise<T>): Promise<T> {
    const { patienceMs, onOutage, clock } = this.options;
    return retryThroughStorageOutage(call, { patienceMs, clock, onOutage: onOutage && ((error) => onOutage(error, what)) });
  }

  createJob(job: Job, rows: Iterable<NewJobRow> | AsyncIterable<NewJobRow>): Promise<StoreResult<StoredJob>> {
    return this.inner.createJob(job, rows);
  }

  getJob(jobId: string): Promise<StoredJob | undefined> {
    return this.retry('getJob', () => this.inner.getJob(jobId));
  }

  listJobs(filter: JobFilter): Promise<Job[]> {
    return this.retry('listJobs', () => this.inner.listJobs(filter));
  }

  replaceJob(job: Job, etag: string): Promise<StoreResult<StoredJob>> {
    return this.retry('replaceJob', () => this.inner.replaceJob(job, etag));
  }

  writeRows(jobId: string, updates: readonly RowUpdate[]): Promise<void> {
    return this.retry('writeRows', () => this.inner.writeRows(jobId, updates));
  }

  getRows(jobId: string, query: RowPageQuery): Promise<RowPage> {
    return this.retry('getRows', () => this.inner.getRows(jobId, query));
  }

  countRows(jobId: string): Promise<RowStateCounts> {
    return this.retry('countRows', () => this.inner.countRows(jobId));
  }

  tryClaim(jobId: string, owner: string, ttlMs: number): Promise<StoredJob | undefined> {
    return this.retry('tryClaim', () => this.inner.tryClaim(jobId, owner, ttlMs));
  }

  renewLease(jobId: string, owner: string, ttlMs: number): Promise<StoredJob | undefined> {
    return this.retry('renewLease', () => this.inner.renewLease(jobId, owner, ttlMs));
  }

  releaseLease(jobId: string, owner: string): Promise<void> {
    return this.retry('releaseLease', () => this.inner.releaseLease(jobId, owner));
  }

  enqueue(jobId: string, options?: { delayMs?: number }): Promise<void> {
    return this.retry('enqueue', () => this.inner.enqueue(jobId, options));
  }

  receive(visibilityMs: number): Promise<DispatchMessage | undefined> {
    return this.retry('receive', () => this.inner.receive(visibilityMs));
  }

  ack(message: DispatchMessage): Promise<void> {
    return this.retry('ack', () => this.inner.ack(message));
  }

  putFile(jobId: string, name: string, data: Uint8Array | Readable): Promise<void> {
    if (data instanceof Uint8Array) return this.retry('putFile', () => this.inner.putFile(jobId, name, data));
    return this.inner.putFile(jobId, name, data);
  }

  getFile(jobId: string, name: string): Promise<Readable | undefined> {
    return this.retry('getFile', () => this.inner.getFile(jobId, name));
  }

  deleteExpired(now: Date, retentionDays: number): Promise<string[]> {
    return this.retry('deleteExpired', () => this.inner.deleteExpired(now, retentionDays));
  }
}
