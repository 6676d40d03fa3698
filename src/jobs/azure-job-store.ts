import { Readable } from 'node:stream';
import type { TableEntity, TableEntityResult, TransactionAction } from '@azure/data-tables';
import { TableClient, odata } from '@azure/data-tables';
import type { TokenCredential } from '@azure/identity';
import { BlobServiceClient } from '@azure/storage-blob';
import type { ContainerClient } from '@azure/storage-blob';
import { QueueClient } from '@azure/storage-queue';
import type { Job, JobRow, JobRowState, NewJobRow, RowStateCounts, RowUpdate } from './job-model';
import { JobRowStateSchema, JobSchema, RecordedRowResultSchema, RowInputSchema, RowPlanRecordSchema, countRow, emptyRowStateCounts } from './job-model';
import { chunkProperties, joinChunks } from './entity-chunks';
import type { DispatchMessage, JobFilter, JobStore, RowPage, RowPageQuery, StoreResult, StoredJob } from './job-store';
import { MAX_ROW_CHARS, isValidFileName, storeError } from './job-store';
import { isTerminal } from './job-state-machine';

export type AzureStorageTarget =
  | { connectionString: string }
  | { accountName: string; credential: TokenCredential; endpointSuffix?: string };

export interface AzureJobStoreOptions {
  storage: AzureStorageTarget;
  /** Lowercase letters and digits put in front of every table, container and queue name (test isolation). */
  namePrefix?: string;
  clock?: () => Date;
}

const MAX_TRANSACTION_ACTIONS = 100;
// Transactions are capped at 4 MiB on the wire; strings go out as UTF-8 (up to 3 bytes a unit).
const MAX_TRANSACTION_CHARS = 1_000_000;
const MAX_PAGE = 1000;
// Transactions on different row ranges are independent; a few at once hide the round-trip latency.
const CREATE_PARALLELISM = 4;
const DAY_MS = 24 * 60 * 60 * 1000;

type Entity = Record<string, unknown>;

function statusOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'statusCode' in error) {
    const status = (error as { statusCode: unknown }).statusCode;
    return typeof status === 'number' ? status : undefined;
  }
  return undefined;
}

function rowKey(index: number): string {
  return String(index).padStart(10, '0');
}

function jobEntity(job: Job): TableEntity<Entity> {
  return {
    partitionKey: job.tenantId,
    rowKey: job.id,
    kind: job.kind,
    state: job.state,
    initiatorId: job.initiator.objectId,
    conversationId: job.conversationId ?? '',
    createdAt: job.createdAt,
    finishedAt: job.finishedAt ?? '',
    leaseOwner: job.lease?.owner ?? '',
    leaseExpiresAt: job.lease?.expiresAt ?? '',
    ...chunkProperties('doc', JSON.stringify(job)),
  };
}

function jobFromEntity(entity: Entity): Job {
  const doc = joinChunks(entity, 'doc');
  if (doc === undefined) throw new Error(`Job entity ${String(entity['rowKey'])} has no document; the table is corrupt.`);
  return JobSchema.parse(JSON.parse(doc));
}

function rowFromEntity(jobId: string, entity: Entity): JobRow {
  const input = joinChunks(entity, 'input');
  const plan = joinChunks(entity, 'plan');
  const result = joinChunks(entity, 'result');
  const index = Number(entity['rowKey']);
  if (plan === undefined) throw new Error(`Row ${index} of job ${jobId} has no plan; the table is corrupt.`);
  return {
    jobId,
    index,
    input: RowInputSchema.parse(input === undefined ? {} : JSON.parse(input)),
    plan: RowPlanRecordSchema.parse(JSON.parse(plan)),
    state: JobRowStateSchema.parse(entity['state']),
    attempts: Number(entity['attempts'] ?? 0),
    result: result === undefined ? null : RecordedRowResultSchema.parse(JSON.parse(result)),
  };
}

function stateFilter(states: readonly string[]): string {
  return `(${states.map((state) => odata`state eq ${state}`).join(' or ')})`;
}

function entityChars(entity: Entity): number {
  let chars = 0;
  for (const value of Object.values(entity)) chars += typeof value === 'string' ? value.length : 8;
  return chars;
}

/** Jobs and rows in Tables, files in Blobs, dispatch in a Queue: Azurite locally, a storage account in production. */
export class AzureJobStore implements JobStore {
  private readonly tenantOfJob = new Map<string, string>();

  private constructor(
    private readonly jobs: TableClient,
    private readonly rows: TableClient,
    private readonly files: ContainerClient,
    private readonly queue: QueueClient,
    private readonly clock: () => Date,
  ) {}

  static async create(options: AzureJobStoreOptions): Promise<AzureJobStore> {
    const prefix = options.namePrefix ?? '';
    if (!/^[a-z0-9]*$/.test(prefix)) throw new Error('namePrefix must be lowercase letters and digits only.');
    const names = { jobs: `${prefix}jobs`, rows: `${prefix}jobrows`, files: `${prefix}job-files`, queue: `${prefix}job-dispatch` };
    const storage = options.storage;
    let jobs: TableClient;
    let rows: TableClient;
    let blobService: BlobServiceClient;
    let queue: QueueClient;
    if ('connectionString' in storage) {
      const insecure = /DefaultEndpointsProtocol=http;|Endpoint=http:\/\//i.test(storage.connectionString);
      const tableOptions = { allowInsecureConnection: insecure };
      jobs = TableClient.fromConnectionString(storage.connectionString, names.jobs, tableOptions);
      rows = TableClient.fromConnectionString(storage.connectionString, names.rows, tableOptions);
      blobService = BlobServiceClient.fromConnectionString(storage.connectionString);
      queue = new QueueClient(storage.connectionString, names.queue);
    } else {
      const suffix = storage.endpointSuffix ?? 'core.windows.net';
      const account = storage.accountName;
      jobs = new TableClient(`https://${account}.table.${suffix}`, names.jobs, storage.credential);
      rows = new TableClient(`https://${account}.table.${suffix}`, names.rows, storage.credential);
      blobService = new BlobServiceClient(`https://${account}.blob.${suffix}`, storage.credential);
      queue = new QueueClient(`https://${account}.queue.${suffix}/${names.queue}`, storage.credential);
    }
    const files = blobService.getContainerClient(names.files);
    await Promise.all([jobs.createTable(), rows.createTable(), files.createIfNotExists(), queue.createIfNotExists()]);
    return new AzureJobStore(jobs, rows, files, queue, options.clock ?? (() => new Date()));
  }

  async createJob(job: Job, newRows: Iterable<NewJobRow> | AsyncIterable<NewJobRow>): Promise<StoreResult<StoredJob>> {
    if (await this.exists(job.tenantId, job.id)) return storeError('already-exists', `A job with id ${job.id} already exists.`);
    // Rows go first so that a job entity is never visible without all of its rows.
    let total = 0;
    let batch: TransactionAction[] = [];
    let batchChars = 0;
    const inFlight = new Set<Promise<void>>();
    const failures: unknown[] = [];
    const submit = async (actions: TransactionAction[]): Promise<void> => {
      const pending: Promise<void> = this.rows.submitTransaction(actions).then(
        () => void inFlight.delete(pending),
        (error: unknown) => {
          failures.push(error);
          inFlight.delete(pending);
        },
      );
      inFlight.add(pending);
      if (inFlight.size >= CREATE_PARALLELISM) await Promise.race(inFlight);
      if (failures.length > 0) throw failures[0];
    };
    for await (const row of newRows) {
      const input = JSON.stringify(RowInputSchema.parse(row.input));
      const plan = JSON.stringify(RowPlanRecordSchema.parse(row.plan));
      if (input.length + plan.length > MAX_ROW_CHARS) {
        await Promise.all(inFlight);
        await this.deleteRows(job.id);
        return storeError('too-large', `Row ${total + 1} is larger than ${MAX_ROW_CHARS} characters.`);
      }
      const entity: TableEntity<Entity> = {
        partitionKey: job.id,
        rowKey: rowKey(total),
        state: 'pending',
        attempts: 0,
        resultChunks: 0,
        ...chunkProperties('input', input),
        ...chunkProperties('plan', plan),
      };
      const chars = entityChars(entity);
      if (batch.length === MAX_TRANSACTION_ACTIONS || batchChars + chars > MAX_TRANSACTION_CHARS) {
        await submit(batch);
        batch = [];
        batchChars = 0;
      }
      batch.push(['upsert', entity, 'Replace']);
      batchChars += chars;
      total += 1;
    }
    if (batch.length > 0) await submit(batch);
    await Promise.all(inFlight);
    if (failures.length > 0) throw failures[0];
    const withTotals = JobSchema.parse({
      ...job,
      counters: { total, succeeded: 0, failed: 0, skipped: 0, cancelled: 0, remaining: total },
    });
    try {
      const response = await this.jobs.createEntity(jobEntity(withTotals));
      this.tenantOfJob.set(job.id, job.tenantId);
      return { ok: true, value: { job: withTotals, etag: response.etag ?? '' } };
    } catch (error) {
      if (statusOf(error) === 409) return storeError('already-exists', `A job with id ${job.id} already exists.`);
      throw error;
    }
  }

  private async exists(tenantId: string, jobId: string): Promise<boolean> {
    try {
      await this.jobs.getEntity(tenantId, jobId, { queryOptions: { select: ['RowKey'] } });
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw error;
    }
  }

  private async findEntity(jobId: string): Promise<TableEntityResult<Entity> | undefined> {
    const tenantId = this.tenantOfJob.get(jobId);
    if (tenantId !== undefined) {
      try {
        return await this.jobs.getEntity<Entity>(tenantId, jobId);
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
        this.tenantOfJob.delete(jobId);
        return undefined;
      }
    }
    // The job id alone doesn't name its partition: one cross-partition lookup, then cached.
    for await (const entity of this.jobs.listEntities<Entity>({ queryOptions: { filter: odata`RowKey eq ${jobId}` } })) {
      if (entity.partitionKey !== undefined) this.tenantOfJob.set(jobId, entity.partitionKey);
      return entity;
    }
    return undefined;
  }

  async getJob(jobId: string): Promise<StoredJob | undefined> {
    const entity = await this.findEntity(jobId);
    return entity ? { job: jobFromEntity(entity), etag: entity.etag } : undefined;
  }

  async listJobs(filter: JobFilter): Promise<Job[]> {
    const clauses: string[] = [];
    if (filter.tenantId !== undefined) clauses.push(odata`PartitionKey eq ${filter.tenantId}`);
    if (filter.initiatorId !== undefined) clauses.push(odata`initiatorId eq ${filter.initiatorId}`);
    if (filter.conversationId !== undefined) clauses.push(odata`conversationId eq ${filter.conversationId}`);
    if (filter.states !== undefined) {
      if (filter.states.length === 0) return [];
      clauses.push(stateFilter(filter.states));
    }
    const found: Job[] = [];
    const queryOptions = clauses.length > 0 ? { filter: clauses.join(' and ') } : {};
    for await (const entity of this.jobs.listEntities<Entity>({ queryOptions })) {
      const job = jobFromEntity(entity);
      this.tenantOfJob.set(job.id, job.tenantId);
      found.push(job);
    }
    found.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
    return filter.limit === undefined ? found : found.slice(0, filter.limit);
  }

  async replaceJob(job: Job, etag: string): Promise<StoreResult<StoredJob>> {
    const parsed = JobSchema.parse(job);
    try {
      const response = await this.jobs.updateEntity(jobEntity(parsed), 'Replace', { etag });
      return { ok: true, value: { job: parsed, etag: response.etag ?? '' } };
    } catch (error) {
      const status = statusOf(error);
      if (status === 412) return storeError('conflict', `Job ${job.id} was changed by someone else.`);
      if (status === 404) return storeError('not-found', `Job ${job.id} doesn't exist.`);
      throw error;
    }
  }

  async writeRows(jobId: string, updates: readonly RowUpdate[]): Promise<void> {
    let batch: TransactionAction[] = [];
    let batchChars = 0;
    for (const update of updates) {
      const entity: TableEntity<Entity> = {
        partitionKey: jobId,
        rowKey: rowKey(update.index),
        state: update.state,
        attempts: update.attempts,
        // Beside the state, so that countRows can count already-done rows without reading every result.
        alreadyDone: update.result?.alreadyDone === true,
        ...(update.result ? chunkProperties('result', JSON.stringify(update.result)) : { resultChunks: 0 }),
      };
      const chars = entityChars(entity);
      if (batch.length === MAX_TRANSACTION_ACTIONS || batchChars + chars > MAX_TRANSACTION_CHARS) {
        await this.rows.submitTransaction(batch);
        batch = [];
        batchChars = 0;
      }
      // Merge keeps the input and plan properties; 'update' (not upsert) never invents a row that wasn't created.
      batch.push(['update', entity, 'Merge']);
      batchChars += chars;
    }
    if (batch.length > 0) await this.rows.submitTransaction(batch);
  }

  async getRows(jobId: string, query: RowPageQuery): Promise<RowPage> {
    const limit = Math.max(1, Math.min(query.limit, MAX_PAGE));
    const clauses = [odata`PartitionKey eq ${jobId}`];
    if (query.afterIndex !== undefined) clauses.push(odata`RowKey gt ${rowKey(query.afterIndex)}`);
    if (query.states !== undefined) {
      if (query.states.length === 0) return { rows: [], nextAfterIndex: null };
      clauses.push(stateFilter(query.states));
    }
    const rows: JobRow[] = [];
    const pages = this.rows
      .listEntities<Entity>({ queryOptions: { filter: clauses.join(' and ') } })
      .byPage({ maxPageSize: limit });
    for await (const page of pages) {
      for (const entity of page) {
        rows.push(rowFromEntity(jobId, entity));
        if (rows.length === limit) {
          const last = rows[rows.length - 1];
          return { rows, nextAfterIndex: last ? last.index : null };
        }
      }
    }
    return { rows, nextAfterIndex: null };
  }

  async countRows(jobId: string): Promise<RowStateCounts> {
    const counts = emptyRowStateCounts();
    const entities = this.rows.listEntities<{ state: string; alreadyDone?: boolean }>({
      queryOptions: { filter: odata`PartitionKey eq ${jobId}`, select: ['state', 'alreadyDone'] },
    });
    for await (const entity of entities) countRow(counts, JobRowStateSchema.parse(entity.state) as JobRowState, entity.alreadyDone === true);
    return counts;
  }

  async tryClaim(jobId: string, owner: string, ttlMs: number): Promise<StoredJob | undefined> {
    const current = await this.getJob(jobId);
    if (!current || isTerminal(current.job.state)) return undefined;
    const now = this.clock();
    const lease = current.job.lease;
    if (lease && lease.owner !== owner && Date.parse(lease.expiresAt) > now.getTime()) return undefined;
    const claimed: Job = { ...current.job, lease: { owner, expiresAt: new Date(now.getTime() + ttlMs).toISOString() } };
    const written = await this.replaceJob(claimed, current.etag);
    return written.ok ? written.value : undefined;
  }

  async renewLease(jobId: string, owner: string, ttlMs: number): Promise<StoredJob | undefined> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.getJob(jobId);
      if (!current || current.job.lease?.owner !== owner) return undefined;
      const expiresAt = new Date(this.clock().getTime() + ttlMs).toISOString();
      const written = await this.replaceJob({ ...current.job, lease: { owner, expiresAt } }, current.etag);
      if (written.ok) return written.value;
      if (written.error.kind !== 'conflict') return undefined;
    }
    return undefined;
  }

  async releaseLease(jobId: string, owner: string): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.getJob(jobId);
      if (!current || current.job.lease?.owner !== owner) return;
      const written = await this.replaceJob({ ...current.job, lease: null }, current.etag);
      if (written.ok || written.error.kind !== 'conflict') return;
    }
  }

  async enqueue(jobId: string, options: { delayMs?: number } = {}): Promise<void> {
    const delaySeconds = Math.ceil((options.delayMs ?? 0) / 1000);
    await this.queue.sendMessage(jobId, delaySeconds > 0 ? { visibilityTimeout: delaySeconds } : {});
  }

  async receive(visibilityMs: number): Promise<DispatchMessage | undefined> {
    const response = await this.queue.receiveMessages({
      numberOfMessages: 1,
      visibilityTimeout: Math.max(1, Math.ceil(visibilityMs / 1000)),
    });
    const message = response.receivedMessageItems[0];
    if (!message) return undefined;
    return {
      jobId: message.messageText,
      receipt: JSON.stringify({ id: message.messageId, pop: message.popReceipt }),
      dequeueCount: message.dequeueCount,
    };
  }

  async ack(message: DispatchMessage): Promise<void> {
    const { id, pop } = JSON.parse(message.receipt) as { id: string; pop: string };
    try {
      await this.queue.deleteMessage(id, pop);
    } catch (error) {
      // Already deleted, or its visibility ran out and someone else received it: nothing left to acknowledge.
      if (statusOf(error) !== 404) throw error;
    }
  }

  async putFile(jobId: string, name: string, data: Uint8Array | Readable): Promise<void> {
    if (!isValidFileName(name)) throw new Error(`"${name}" is not a valid job file name (letters, digits, . _ - only).`);
    const blob = this.files.getBlockBlobClient(`${jobId}/${name}`);
    if (data instanceof Uint8Array) await blob.uploadData(data);
    else await blob.uploadStream(data);
  }

  async getFile(jobId: string, name: string): Promise<Readable | undefined> {
    if (!isValidFileName(name)) return undefined;
    try {
      const response = await this.files.getBlockBlobClient(`${jobId}/${name}`).download();
      const body = response.readableStreamBody;
      if (!body) return undefined;
      return body instanceof Readable ? body : Readable.from(body);
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  private async deleteRows(jobId: string): Promise<void> {
    let batch: TransactionAction[] = [];
    const keys = this.rows.listEntities<Entity>({
      queryOptions: { filter: odata`PartitionKey eq ${jobId}`, select: ['RowKey'] },
    });
    for await (const entity of keys) {
      if (entity.rowKey === undefined) continue;
      batch.push(['delete', { partitionKey: jobId, rowKey: entity.rowKey }]);
      if (batch.length === MAX_TRANSACTION_ACTIONS) {
        await this.rows.submitTransaction(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await this.rows.submitTransaction(batch);
  }

  async deleteExpired(now: Date, retentionDays: number): Promise<string[]> {
    const cutoff = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
    const filter = odata`finishedAt ne ${''} and finishedAt le ${cutoff}`;
    const deleted: string[] = [];
    for await (const entity of this.jobs.listEntities<Entity>({ queryOptions: { filter } })) {
      const job = jobFromEntity(entity);
      if (!isTerminal(job.state)) continue;
      await this.deleteRows(job.id);
      for await (const blob of this.files.listBlobsFlat({ prefix: `${job.id}/` })) {
        await this.files.deleteBlob(blob.name);
      }
      try {
        await this.jobs.deleteEntity(job.tenantId, job.id);
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
      this.tenantOfJob.delete(job.id);
      deleted.push(job.id);
    }
    return deleted;
  }
}
