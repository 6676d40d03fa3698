import { BatchExecutor } from '../graph/batch-executor';
import type { BatchExecutorOptions } from '../graph/batch-executor';
import { GraphClient } from '../graph/graph-client';
import type { TokenProvider, TokenResult } from '../graph/token-provider';
import type { ExecutionContext, JobExecutor, RowOutcome, RowWork } from '../jobs/job-executor';
import type { BulkKind, RowResultValue } from '../operations/bulk-operation';
import { operationFor } from '../operations/catalogue';
import { executePlanRows } from '../operations/execute-plan';
import { planRowFromInput } from './job-rows';

/** The token the runner fetched for this batch; Graph calls inside the batch use it. */
class BatchTokenProvider implements TokenProvider {
  private token = '';

  set(token: string): void {
    this.token = token;
  }

  async getToken(): Promise<TokenResult> {
    return this.token
      ? { ok: true, token: this.token, expiresOn: Number.MAX_SAFE_INTEGER }
      : { ok: false, reason: 'sign-in-required', message: 'No token for this batch.' };
  }
}

interface JobGraph {
  tokens: BatchTokenProvider;
  graph: GraphClient;
  executor: BatchExecutor;
}

export interface OperationExecutorOptions {
  graphBaseUrl: string;
  /** Rows per persisted batch: the runner saves results after each. */
  batchSize?: number;
  batchExecutor?: Partial<Omit<BatchExecutorOptions, 'transport'>>;
  /** Jobs whose pacing state is kept between batches. */
  maxJobsRemembered?: number;
}

function toOutcome(rowIndex: number, result: RowResultValue): RowOutcome {
  return {
    rowIndex,
    status: result.status,
    ...(result.reason ? { reason: result.reason } : {}),
    ...(result.graphCode ? { graphCode: result.graphCode } : {}),
    ...(result.requestId ? { requestId: result.requestId } : {}),
    ...(result.objectId ? { objectId: result.objectId } : {}),
  };
}

/**
 * Runs one bulk kind's rows for the job runner. Each job keeps one batch executor, so its pacing and adaptive
 * concurrency carry over from batch to batch instead of starting cold every 100 rows.
 */
export function createOperationExecutor(kind: BulkKind, options: OperationExecutorOptions): JobExecutor {
  const operation = operationFor(kind);
  const jobs = new Map<string, JobGraph>();
  const limit = options.maxJobsRemembered ?? 32;

  const graphFor = (jobId: string, token: string): JobGraph => {
    let entry = jobs.get(jobId);
    if (!entry) {
      const tokens = new BatchTokenProvider();
      const graph = new GraphClient({ baseUrl: options.graphBaseUrl, tokenProvider: tokens });
      entry = { tokens, graph, executor: new BatchExecutor({ ...options.batchExecutor, transport: graph }) };
      jobs.set(jobId, entry);
      if (jobs.size > limit) jobs.delete(jobs.keys().next().value as string);
    }
    entry.tokens.set(token);
    return entry;
  };

  return {
    batchSize: options.batchSize ?? 100,
    async executeBatch(rows: RowWork[], ctx: ExecutionContext) {
      const { executor } = graphFor(ctx.job.id, ctx.token);
      const plans = rows.map((row) => planRowFromInput(row.rowIndex, row.input));
      const outcomes: RowOutcome[] = [];
      let pause: { reason: string } | undefined;
      for await (const row of executePlanRows(operation, plans, executor, { signal: ctx.signal })) {
        if (row.notAttempted) {
          // Left without an outcome, the row runs again when the job resumes; nothing is dropped.
          if (row.notAttempted.why === 'stopped') pause ??= { reason: row.notAttempted.message };
          continue;
        }
        outcomes.push(toOutcome(row.rowIndex, row.result));
      }
      return pause ? { outcomes, pause } : { outcomes };
    },
    async reconcile(rows: RowWork[], ctx: ExecutionContext) {
      if (!operation.reconcile) return [];
      const { graph } = graphFor(ctx.job.id, ctx.token);
      const outcomes: RowOutcome[] = [];
      for (const row of rows) {
        const plan = planRowFromInput(row.rowIndex, row.input);
        if (!plan.work) continue;
        const known = await operation.reconcile(plan.work, graph, ctx.signal);
        if (known) outcomes.push(toOutcome(row.rowIndex, known));
      }
      return outcomes;
    },
  };
}
