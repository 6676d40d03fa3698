import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Job, JobRow, NewJobRow, RowStateCounts, RowUpdate } from './job-model';
import { JobSchema, NewJobRowSchema, countRow, emptyRowStateCounts } from './job-model';
import { isTerminal } from './job-state-machine';
import type { DispatchMessage, JobFilter, JobStore, RowPage, RowPageQuery, StoreResult, StoredJob } from './job-store';
import { MAX_ROW_CHARS, isValidFileName, rowChars, storeError } from './job-store';

interface QueuedMessage {
  id: string;
  jobId: string;
  visibleAt: number;
  dequeueCount: number;
  receipt: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function copy<T>(value: T): T {
  return structuredClone(value);
}

export interface MemoryJobStoreOptions {
  clock?: () => Date;
}

/** For unit tests and single-process runs: same contract as the Azure store, nothing survives a restart. */
export class MemoryJobStore implements JobStore {
  private readonly jobs = new Map<string, { job: Job; version: number }>();
  private readonly rows = new Map<string, JobRow[]>();
  private readonly files = new Map<string, Buffer>();
  private queue: QueuedMessage[] = [];
  private readonly clock: () => Date;
  private version = 0;

  constructor(options: MemoryJobStoreOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
  }

  async createJob(job: Job, rows: Iterable<NewJobRow> | AsyncIterable<NewJobRow>): Promise<StoreResult<StoredJob>> {
    if (this.jobs.has(job.id)) return storeError('already-exists', `A job with id ${job.id} already exists.`);
    const stored: JobRow[] = [];
    for await (const row of rows) {
      if (rowChars(row) > MAX_ROW_CHARS) {
        return storeError('too-large', `Row ${stored.length + 1} is larger than ${MAX_ROW_CHARS} characters.`);
      }
      const { input, plan } = NewJobRowSchema.parse(row);
      stored.push({ jobId: job.id, index: stored.length, input, plan, state: 'pending', attempts: 0, result: null });
    }
    const withTotals = JobSchema.parse({
      ...job,
      counters: { total: stored.length, succeeded: 0, failed: 0, skipped: 0, cancelled: 0, remaining: stored.length },
    });
    this.rows.set(job.id, stored);
    return { ok: true, value: this.put(withTotals) };
  }

  private put(job: Job): StoredJob {
    this.version += 1;
    this.jobs.set(job.id, { job: copy(job), version: this.version });
    return { job: copy(job), etag: String(this.version) };
  }

  async getJob(jobId: string): Promise<StoredJob | undefined> {
    const entry = this.jobs.get(jobId);
    return entry ? { job: copy(entry.job), etag: String(entry.version) } : undefined;
  }

  async listJobs(filter: JobFilter): Promise<Job[]> {
    const matches = [...this.jobs.values()]
      .map((entry) => entry.job)
      .filter(
        (job) =>
          (filter.tenantId === undefined || job.tenantId === filter.tenantId) &&
          (filter.initiatorId === undefined || job.initiator.objectId === filter.initiatorId) &&
          (filter.conversationId === undefined || job.conversationId === filter.conversationId) &&
          (filter.states === undefined || filter.states.includes(job.state)),
      )
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
    return copy(filter.limit === undefined ? matches : matches.slice(0, filter.limit));
  }

  async replaceJob(job: Job, etag: string): Promise<StoreResult<StoredJob>> {
    const entry = this.jobs.get(job.id);
    if (!entry) return storeError('not-found', `Job ${job.id} doesn't exist.`);
    if (String(entry.version) !== etag) return storeError('conflict', `Job ${job.id} was changed by someone else.`);
    return { ok: true, value: this.put(JobSchema.parse(job)) };
  }

  async writeRows(jobId: string, updates: readonly RowUpdate[]): Promise<void> {
    const rows = this.rows.get(jobId);
    if (!rows) return;
    for (const update of updates) {
      const row = rows[update.index];
      if (!row) continue;
      row.state = update.state;
      row.attempts = update.attempts;
      row.result = update.result ? copy(update.result) : null;
    }
  }

  async getRows(jobId: string, query: RowPageQuery): Promise<RowPage> {
    const rows = this.rows.get(jobId) ?? [];
    const page: JobRow[] = [];
    const start = query.afterIndex === undefined ? 0 : query.afterIndex + 1;
    for (let i = start; i < rows.length; i++) {
      const row = rows[i];
      if (!row || (query.states && !query.states.includes(row.state))) continue;
      page.push(copy(row));
      if (page.length === query.limit) {
        return { rows: page, nextAfterIndex: i + 1 < rows.length ? i : null };
      }
    }
    return { rows: page, nextAfterIndex: null };
  }

  async countRows(jobId: string): Promise<RowStateCounts> {
    const counts = emptyRowStateCounts();
    for (const row of this.rows.get(jobId) ?? []) countRow(counts, row.state, row.result?.alreadyDone === true);
    return counts;
  }

  async tryClaim(jobId: string, owner: string, ttlMs: number): Promise<StoredJob | undefined> {
    const entry = this.jobs.get(jobId);
    if (!entry || isTerminal(entry.job.state)) return undefined;
    const now = this.clock();
    const lease = entry.job.lease;
    if (lease && lease.owner !== owner && Date.parse(lease.expiresAt) > now.getTime()) return undefined;
    return this.put({ ...entry.job, lease: { owner, expiresAt: new Date(now.getTime() + ttlMs).toISOString() } });
  }

  async renewLease(jobId: string, owner: string, ttlMs: number): Promise<StoredJob | undefined> {
    const entry = this.jobs.get(jobId);
    if (!entry || entry.job.lease?.owner !== owner) return undefined;
    const expiresAt = new Date(this.clock().getTime() + ttlMs).toISOString();
    return this.put({ ...entry.job, lease: { owner, expiresAt } });
  }

  async releaseLease(jobId: string, owner: string): Promise<void> {
    const entry = this.jobs.get(jobId);
    if (entry?.job.lease?.owner === owner) this.put({ ...entry.job, lease: null });
  }

  async enqueue(jobId: string, options: { delayMs?: number } = {}): Promise<void> {
    this.queue.push({
      id: randomUUID(),
      jobId,
      visibleAt: this.clock().getTime() + (options.delayMs ?? 0),
      dequeueCount: 0,
      receipt: '',
    });
  }

  async receive(visibilityMs: number): Promise<DispatchMessage | undefined> {
    const now = this.clock().getTime();
    const message = this.queue.find((m) => m.visibleAt <= now);
    if (!message) return undefined;
    message.visibleAt = now + visibilityMs;
    message.dequeueCount += 1;
    message.receipt = `${message.id}:${randomUUID()}`;
    return { jobId: message.jobId, receipt: message.receipt, dequeueCount: message.dequeueCount };
  }

  async ack(message: DispatchMessage): Promise<void> {
    this.queue = this.queue.filter((m) => m.receipt !== message.receipt);
  }

  async putFile(jobId: string, name: string, data: Uint8Array | Readable): Promise<void> {
    if (!isValidFileName(name)) throw new Error(`"${name}" is not a valid job file name (letters, digits, . _ - only).`);
    if (data instanceof Uint8Array) {
      this.files.set(`${jobId}/${name}`, Buffer.from(data));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of data) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
    this.files.set(`${jobId}/${name}`, Buffer.concat(chunks));
  }

  async getFile(jobId: string, name: string): Promise<Readable | undefined> {
    const bytes = this.files.get(`${jobId}/${name}`);
    return bytes ? Readable.from([bytes]) : undefined;
  }

  async deleteExpired(now: Date, retentionDays: number): Promise<string[]> {
    const cutoff = now.getTime() - retentionDays * DAY_MS;
    const deleted: string[] = [];
    for (const { job } of this.jobs.values()) {
      if (!isTerminal(job.state) || job.finishedAt === null || Date.parse(job.finishedAt) > cutoff) continue;
      this.jobs.delete(job.id);
      this.rows.delete(job.id);
      for (const key of [...this.files.keys()]) if (key.startsWith(`${job.id}/`)) this.files.delete(key);
      deleted.push(job.id);
    }
    return deleted;
  }
}
