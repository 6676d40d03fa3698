import { BatchExecutor } from '../graph/batch-executor';
import type { TenantWriteBudget } from '../jobs/tenant-write-budget';
import type { BatchExecutorOptions, BatchItemResult } from '../graph/batch-executor';
import { GraphClient } from '../graph/graph-client';
import type { GraphError } from '../graph/graph-error';
import type { TokenProvider, TokenResult } from '../graph/token-provider';
import type { BatchPause, ExecutionContext, JobExecutor, RowOutcome, RowWork } from '../jobs/job-executor';
import type { BulkOperation, RowPlan, RowResult } from '../operations/bulk-operation';
import type { BulkKind } from '../operations/catalogue';
import { operationFor } from '../operations/catalogue';
import { executePlanRows } from '../operations/execute-plan';
import { rowPlanOf } from './job-rows';

/** The token the runner fetched for this batch; Graph calls inside the batch use it, and ask for a new one on a 401. */
class BatchTokenProvider implements TokenProvider {
  private token = '';
  private stale = false;
  private refresh: (() => Promise<TokenResult>) | undefined;

  set(token: string, refresh: (() => Promise<TokenResult>) | undefined): void {
    this.token = token;
    this.stale = false;
    this.refresh = refresh;
  }

  async getToken(): Promise<TokenResult> {
    if (this.stale && this.refresh) {
      const fresh = await this.refresh();
      if (!fresh.ok) return fresh;
      this.token = fresh.token;
      this.stale = false;
    }
    return this.token
      ? { ok: true, token: this.token, expiresOn: Number.MAX_SAFE_INTEGER }
      : { ok: false, reason: 'sign-in-required', message: 'No token for this batch.' };
  }

  replace(token: string): void {
    this.token = token;
    this.stale = false;
  }

  invalidate(): void {
    this.stale = true;
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
  /**
   * Runs of a row that may end in a transient failure (still throttled, 5xx, connection) before that failure is its
   * result. Before then the job pauses and resumes by itself, so a throttling storm delays rows instead of failing them.
   */
  transientRounds?: number;
  /** How long such a pause lasts at least (longer when Graph's Retry-After says so). */
  transientPauseMs?: number;
  /** Fresh tokens asked for within one batch after Graph rejected the current one, before the job pauses. */
  maxTokenRefreshes?: number;
  /** The tenant's write budget shared with other instances; without it each job paces alone. */
  writeBudget?: TenantWriteBudget;
}

export const DEFAULT_TRANSIENT_ROUNDS = 3;
export const DEFAULT_TRANSIENT_PAUSE_MS = 60_000;

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Runs one bulk kind's rows for the job runner. Each job keeps one batch executor, so its pacing and adaptive
 * concurrency carry over from batch to batch instead of starting cold every 100 rows.
 */
export function createOperationExecutor(kind: BulkKind, options: OperationExecutorOptions): JobExecutor {
  const operation: BulkOperation<unknown> = operationFor(kind);
  const jobs = new Map<string, JobGraph>();
  const limit = options.maxJobsRemembered ?? 32;
  const transientRounds = Math.max(1, options.transientRounds ?? DEFAULT_TRANSIENT_ROUNDS);
  const transientPauseMs = options.transientPauseMs ?? DEFAULT_TRANSIENT_PAUSE_MS;
  const maxTokenRefreshes = options.maxTokenRefreshes ?? 2;

  const graphFor = (ctx: ExecutionContext): JobGraph => {
    let entry = jobs.get(ctx.job.id);
    if (!entry) {
      const tokens = new BatchTokenProvider();
      const graph = new GraphClient({ baseUrl: options.graphBaseUrl, tokenProvider: tokens });
      const shared = options.writeBudget;
      const tenantId = ctx.job.tenantId;
      const writeBudget = shared ? { acquire: (n: number, signal?: AbortSignal) => shared.acquire(tenantId, n, signal) } : undefined;
      entry = { tokens, graph, executor: new BatchExecutor({ ...options.batchExecutor, transport: graph, ...(writeBudget ? { writeBudget } : {}) }) };
      jobs.set(ctx.job.id, entry);
      if (jobs.size > limit) jobs.delete(jobs.keys().next().value as string);
    }
    const refresh = ctx.refreshToken;
    entry.tokens.set(
      ctx.token,
      refresh
        ? async () => {
            const fresh = await refresh();
            return fresh.ok
              ? { ok: true, token: fresh.token, expiresOn: Number.MAX_SAFE_INTEGER }
              : { ok: false, reason: 'sign-in-required', message: fresh.reason };
          }
        : undefined,
    );
    return entry;
  };

  /**
   * A refused write is checked against its goal when an earlier try may have been applied (its answer lost or a
   * 429/5xx, or the row is on its second run), or when Graph's refusal is one it also gives once the goal is reached
   * (e.g. a restore of an object that is already active): such a row succeeded, or was already done.
   */
  const settleRefused = async (plan: RowPlan, raw: BatchItemResult | undefined, attempt: number, graph: GraphClient, signal: AbortSignal): Promise<RowResult | undefined> => {
    if (!operation.reconcile || !plan.work || raw?.outcome !== 'failed' || raw.error.retryable) return undefined;
    const retried = raw.uncertainEarlierAttempt || attempt > 1;
    if (!retried && !operation.goalMayBeReached?.(raw.error)) return undefined;
    return operation.reconcile(plan.work, graph, { signal, history: retried ? 'retried' : 'none' });
  };

  return {
    batchSize: options.batchSize ?? 100,
    async executeBatch(rows: RowWork[], ctx: ExecutionContext) {
      const { executor, graph, tokens } = graphFor(ctx);
      const attemptOf = new Map(rows.map((row) => [row.rowIndex, row.attempt ?? 1]));
      let plans = rows.map((row) => rowPlanOf(row.rowIndex, {}, row.plan));
      const outcomes: RowOutcome[] = [];
      let stopped: BatchPause | undefined;
      const deferred: { error: GraphError }[] = [];
      for (let refreshes = 0; ; refreshes++) {
        const expired: RowPlan[] = [];
        let expiredError: GraphError | undefined;
        const planOf = new Map(plans.map((plan) => [plan.rowIndex, plan]));
        for await (const row of executePlanRows(operation, plans, executor, { signal: ctx.signal })) {
          const plan = planOf.get(row.rowIndex);
          const raw = row.raw;
          if (row.notAttempted) {
            // Left without an outcome, the row runs again when the job resumes; nothing is dropped.
            if (raw?.outcome === 'not-attempted' && raw.error?.category === 'token-expired' && plan) {
              expired.push(plan);
              expiredError ??= raw.error;
            } else if (row.notAttempted.why === 'stopped') {
              stopped ??= { reason: row.notAttempted.message };
            }
            continue;
          }
          const attempt = attemptOf.get(row.rowIndex) ?? 1;
          if (raw?.outcome === 'failed' && raw.error.retryable && attempt < transientRounds) {
            deferred.push({ error: raw.error });
            continue;
          }
          const settled = plan ? await settleRefused(plan, raw, attempt, graph, ctx.signal) : undefined;
          outcomes.push({ rowIndex: row.rowIndex, result: settled ?? row.result });
        }
        if (expired.length === 0 || stopped || ctx.signal.aborted) break;
        if (!ctx.refreshToken || refreshes >= maxTokenRefreshes) {
          stopped = { reason: expiredError?.reason ?? 'Your sign-in expired; sign in again to resume the job.' };
          break;
        }
        const fresh = await ctx.refreshToken();
        if (!fresh.ok) {
          stopped = { reason: fresh.reason };
          break;
        }
        tokens.replace(fresh.token);
        plans = expired;
      }
      if (stopped) return { outcomes, pause: stopped };
      if (deferred.length > 0) return { outcomes, pause: transientPause(deferred, transientPauseMs) };
      return { outcomes };
    },
    async reconcile(rows: RowWork[], ctx: ExecutionContext) {
      if (!operation.reconcile) return [];
      const { graph } = graphFor(ctx);
      const outcomes: RowOutcome[] = [];
      for (const row of rows) {
        const plan = rowPlanOf(row.rowIndex, {}, row.plan);
        if (!plan.work) continue;
        const known = await operation.reconcile(plan.work, graph, { signal: ctx.signal, history: 'in-flight' });
        if (known) outcomes.push({ rowIndex: row.rowIndex, result: known });
      }
      return outcomes;
    },
  };
}

function transientPause(deferred: { error: GraphError }[], minimumMs: number): BatchPause {
  const waits = deferred.map((d) => d.error.retryAfterMs ?? 0);
  const retryAfterMs = Math.max(minimumMs, ...waits);
  const first = deferred[0]?.error;
  const what = first ? (first.status === 0 ? `the connection failed: ${first.message}` : `HTTP ${first.status} ${first.code}`) : 'busy';
  return {
    reason:
      `Microsoft Graph is throttling or briefly unavailable (${what}), so ${plural(deferred.length, 'row waits', 'rows wait')} ` +
      'and the job carries on by itself shortly. Nothing was lost.',
    retryAfterMs,
  };
}
