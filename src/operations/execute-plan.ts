import type { BatchExecutor, BatchItem, BatchItemResult } from '../graph/batch-executor';
import type { BulkOperation, RowPlan, RowResult } from './bulk-operation';
import { withErrorHints } from './catalogue';

export interface RowExecution {
  rowIndex: number;
  result: RowResult;
  /**
   * The batch executor's own result for a row that went to it, beside what the operation made of it: whether a
   * failure was transient, whether an earlier try may already have been applied, why a run stopped.
   */
  raw?: BatchItemResult;
  /** Set when the row was never sent because the run stopped (cancel, expired sign-in, invitation block…). */
  notAttempted?: { why: 'stopped' | 'cancelled'; message: string };
}

export interface ExecutePlanOptions {
  signal?: AbortSignal;
  /** Called with every row result as it is known, in completion order. */
  onResult?: (row: RowExecution) => void;
}

/**
 * Runs the rows of a plan: rows the dry run already knows will fail or skip get that result without a Graph call;
 * the rest go through the batch executor. Exactly one result per row, whatever happens.
 */
export async function* executePlanRows<Row>(
  operation: BulkOperation<Row>,
  rows: readonly RowPlan[],
  executor: BatchExecutor,
  options: ExecutePlanOptions = {},
): AsyncGenerator<RowExecution> {
  const toSend: BatchItem<RowPlan>[] = [];
  for (const row of rows) {
    if (row.outcome === 'skip') {
      yield emit({ rowIndex: row.rowIndex, result: { status: 'skipped', reason: `${row.label} ${row.note}` } });
    } else if (row.outcome === 'fail' || !row.work || row.needs !== undefined) {
      // A row still needing a new user name or proxy reconciliation is one Graph would refuse: it is not sent.
      yield emit({ rowIndex: row.rowIndex, result: { status: 'failed', reason: `Not run: ${row.label} ${row.note}` } });
    } else {
      const { kind, operation: op, context, ...request } = operation.toRequest(row.work);
      toSend.push({ key: String(row.rowIndex), request, meta: row, ...(kind ? { kind } : {}), ...(op ? { operation: op } : {}), context: withErrorHints(operation.kind, context) });
    }
  }
  const seen = new Set<number>();
  for await (const result of executor.run<RowPlan>(toSend, { signal: options.signal })) {
    const row = result.item.meta as RowPlan;
    seen.add(row.rowIndex);
    const raw = result as BatchItemResult;
    const notAttempted = result.outcome === 'not-attempted' ? { notAttempted: { why: result.why, message: result.message } } : {};
    yield emit({ rowIndex: row.rowIndex, result: operation.interpret(row.work ?? {}, raw), raw, ...notAttempted });
  }
  for (const item of toSend) {
    const row = item.meta as RowPlan;
    if (!seen.has(row.rowIndex)) {
      const message = 'The run ended before this row was sent.';
      yield emit({ rowIndex: row.rowIndex, result: { status: 'skipped', reason: message }, notAttempted: { why: 'stopped', message } });
    }
  }

  function emit(row: RowExecution): RowExecution {
    options.onResult?.(row);
    return row;
  }
}
