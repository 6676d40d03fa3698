import type { BatchItem, BatchItemResult } from '../../src/graph/batch-executor';
import type { GraphErrorInit } from '../../src/graph/graph-error';
import { GraphError } from '../../src/graph/graph-error';
import type { BulkOperation } from '../../src/operations/bulk-operation';
import { withErrorHints } from '../../src/operations/catalogue';

type Answer = Pick<GraphErrorInit, 'status' | 'code' | 'message' | 'details' | 'requestId'>;

/** Graph's refusal of the request a kind made for `work`, explained for that request as the batch executor does. */
export function refused<Row>(operation: BulkOperation<Row>, work: Record<string, string>, answer: Answer): BatchItemResult {
  const { kind, operation: graphOperation, context: requestContext, ...request } = operation.toRequest(work);
  // What executePlanRows sends: the request's context with its kind's error hints.
  const context = withErrorHints(operation.kind, requestContext);
  const item: BatchItem = { key: '0', request, ...(kind ? { kind } : {}), ...(graphOperation ? { operation: graphOperation } : {}), context };
  return { outcome: 'failed', item, attempts: 1, uncertainEarlierAttempt: false, error: new GraphError({ ...answer, operation: graphOperation, context }) };
}
