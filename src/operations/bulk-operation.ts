import type { BatchItem, BatchItemResult } from '../graph/batch-executor';
import type { GraphClient } from '../graph/graph-client';
import type { CallerProfile } from './caller-profile';
import type { RoleCheck } from './directory-roles';
import type { RowBlocker } from './privileged-targets';

export type BulkKind = 'restore' | 'purge' | 'invite' | 'create-users' | 'delete-users' | 'add-group-members' | 'remove-group-members';

/** What the dry run expects for one row. */
export type PlannedOutcome = 'ready' | 'attention' | 'skip' | 'fail';

/**
 * One row after the dry run. `work` is everything execution needs, as strings, so that it can be stored in a job
 * row and survive a restart; `input` is the row as the admin gave it, echoed in the results file.
 */
export interface RowPlan {
  rowIndex: number;
  line?: number;
  input: Record<string, string>;
  /** How a person names the row's object, e.g. "Adele Vance (AdeleV@contoso.onmicrosoft.com)". */
  label: string;
  outcome: PlannedOutcome;
  /** A sentence-fragment reason, grouped on the confirm card: "will be restored", "needs a new UPN". */
  note: string;
  /** Set when the dry run knows Graph will refuse the row with the current token and roles, and why. */
  blocker?: RowBlocker;
  work?: Record<string, string>;
}

export interface OperationPlan {
  kind: BulkKind;
  rows: RowPlan[];
  roleCheck: RoleCheck;
  /** Things the admin should know before confirming that are not about one row. */
  notices: string[];
}

/** Choices that apply to every row of a job, from the command or the CLI flags. */
export interface OperationOptions {
  /** The group for add/remove members: a name or an object id. */
  group?: string;
  /** Restore: include an app registration's enterprise app. Default true. */
  includeServicePrincipals?: boolean;
}

export interface PlanContext {
  graph: GraphClient;
  caller: CallerProfile;
  now: () => number;
  signal?: AbortSignal;
  options?: OperationOptions;
}

export interface RowResultValue {
  status: 'succeeded' | 'failed' | 'skipped';
  reason?: string;
  graphCode?: string;
  requestId?: string;
  objectId?: string;
  /** Extra result columns for this kind, e.g. an invitation's redeem link. */
  details?: Record<string, string>;
}

/**
 * One bulk kind of work. The catalogue holds one of these per kind; the CLI, the jobs and the bot only ever talk to
 * this interface.
 */
export interface BulkOperation<Row> {
  kind: BulkKind;
  /** "Restore deleted objects" */
  title: string;
  /** Purge and delete need the admin to type the row count above a threshold. */
  destructive: boolean;
  plan(rows: ReadonlyArray<{ rowIndex: number; line?: number; input: Record<string, string>; row: Row }>, ctx: PlanContext): Promise<OperationPlan>;
  /** The Graph request for a planned row's work. */
  toRequest(work: Record<string, string>): BatchItem['request'] & Pick<BatchItem, 'kind' | 'operation' | 'context'>;
  /** Graph's answer, as a row result a person can read. */
  interpret(work: Record<string, string>, result: BatchItemResult): RowResultValue;
  /**
   * For a row that was in flight when a run stopped: find out whether its write happened. Undefined means "unknown,
   * run it again"; only kinds whose second attempt is harmless may leave this out.
   */
  reconcile?(work: Record<string, string>, graph: GraphClient, signal?: AbortSignal): Promise<RowResultValue | undefined>;
}

export function succeeded(objectId?: string, reason?: string, requestId?: string): RowResultValue {
  return { status: 'succeeded', ...(objectId ? { objectId } : {}), ...(reason ? { reason } : {}), ...(requestId ? { requestId } : {}) };
}

/** The common mapping of a batch result: success, or the seam's explained error. */
export function interpretCommon(result: BatchItemResult, onSuccess: (body: unknown, headers: Record<string, string>) => RowResultValue): RowResultValue {
  switch (result.outcome) {
    case 'succeeded':
      return { ...onSuccess(result.body, result.headers), ...(result.headers['request-id'] ? { requestId: result.headers['request-id'] } : {}) };
    case 'failed':
      return {
        status: 'failed',
        reason: result.error.reason,
        graphCode: result.error.code,
        ...(result.error.requestId ? { requestId: result.error.requestId } : {}),
      };
    case 'not-attempted':
      return { status: 'skipped', reason: result.message, ...(result.error ? { graphCode: result.error.code } : {}) };
  }
}
