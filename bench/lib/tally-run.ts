import type { BatchExecutor } from '../../src/graph/batch-executor';
import type { BulkOperation, RowPlan } from '../../src/operations/bulk-operation';
import { executePlanRows } from '../../src/operations/execute-plan';
import { elapsedSeconds } from './connect';
import { round, steadyRate } from './figures';

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

/** The write-run figures the restore and update scenarios both report, from their tally and the sandbox audit. */
export function writeRunFigures(tally: RunTally, executor: BatchExecutor, k: number, writesApplied: number, throttledInAudit: number) {
  const measuredRate = writesApplied / tally.runSeconds;
  const realRate = measuredRate / k;
  const steady = steadyRate(tally.completions);
  const steadyReal = steady !== undefined ? steady / k : undefined;
  const throttledPct = executor.stats.subRequests > 0 ? (100 * executor.stats.throttled) / executor.stats.subRequests : 0;
  const rowsWithOneResult = [...tally.resultsPerRow.values()].filter((n) => n === 1).length;
  const figures = {
    runSeconds: round(tally.runSeconds),
    realTimeEquivalentRunSeconds: round(tally.runSeconds * k),
    succeeded: tally.succeeded,
    failed: tally.failed,
    skipped: tally.skipped,
    failureReasons: Object.fromEntries(tally.failureReasons),
    writesPerSecondMeasured: round(measuredRate),
    writesPerSecondRealTime: round(realRate),
    steadyWritesPerSecondRealTime: steadyReal !== undefined ? round(steadyReal) : null,
    batches: executor.stats.batches,
    subRequests: executor.stats.subRequests,
    throttledSubRequests: executor.stats.throttled,
    throttledPercent: round(throttledPct, 3),
    throttled429InAudit: throttledInAudit,
    rowsWithExactlyOneResult: rowsWithOneResult,
    rowResults: tally.resultsPerRow.size,
  };
  return { figures, measuredRate, realRate, steadyReal, throttledPct, rowsWithOneResult };
}
