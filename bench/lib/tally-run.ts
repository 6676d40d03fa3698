import type { BatchExecutor } from '../../src/graph/batch-executor';
import type { BulkOperation, RowPlan } from '../../src/operations/bulk-operation';
import { executePlanRows } from '../../src/operations/execute-plan';
import { elapsedSeconds } from './connect';

export interface RunTally {
  /** How many results each planned row got (every row must get exactly one). */
  resultsPerRow: Map<number, number>;
  /** Milliseconds from the start at which each result arrived, for the steady rate. */
  completions: number[];
  succeeded: number;
  failed: number;
  skipped: number;
  /** Failure reasons (first 120 characters) and how many rows each. */
  failureReasons: Map<string, number>;
  runSeconds: number;
}

/** Runs a plan's rows through the executor, as the job engine does, and counts what came back. */
export async function tallyRun<Row>(operation: BulkOperation<Row>, rows: RowPlan[], executor: BatchExecutor): Promise<RunTally> {
  const tally: RunTally = { resultsPerRow: new Map(), completions: [], succeeded: 0, failed: 0, skipped: 0, failureReasons: new Map(), runSeconds: 0 };
  const runStart = performance.now();
  for await (const row of executePlanRows(operation, rows, executor)) {
    tally.resultsPerRow.set(row.rowIndex, (tally.resultsPerRow.get(row.rowIndex) ?? 0) + 1);
    tally.completions.push(performance.now() - runStart);
    if (row.result.status === 'succeeded') tally.succeeded++;
    else if (row.result.status === 'failed') {
      tally.failed++;
      const reason = (row.result.reason ?? 'unknown').slice(0, 120);
      tally.failureReasons.set(reason, (tally.failureReasons.get(reason) ?? 0) + 1);
    } else tally.skipped++;
  }
  tally.runSeconds = elapsedSeconds(runStart);
  return tally;
}
