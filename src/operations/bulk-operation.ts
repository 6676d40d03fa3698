import type { BatchItem, BatchItemResult } from '../graph/batch-executor';
import type { GraphClient } from '../graph/graph-client';
import type { GraphError } from '../graph/graph-error';
import type { ResultColumn, RowResult } from '../jobs/job-model';
import type { CallerProfile } from './caller-profile';
import type { RoleCheck, RoleRequirement } from './directory-roles';
import type { NotFoundHint } from './restore/restore-not-found';
import type { RowBlocker } from './privileged-targets';

/** Derived from the catalogue, the only list of kinds. */

/** What the dry run expects for one row. */
export type PlannedOutcome = 'ready' | 'attention' | 'skip' | 'fail';

/** An input the admin can give on a single row's confirm card to make it work (restore of a user with conflicts). */
export type RowNeed = 'newUserPrincipalName' | 'proxyReconciliation';

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
  /** For a row whose object was not found: a reason beyond the usual ones, already worded into `note`. */
  notFoundHint?: NotFoundHint;
  /** Set when the row works only with this input; the confirm card asks for it. */
  needs?: RowNeed;
  /** Set when the dry run knows Graph will refuse the row with the current token and roles, and why. */
  blocker?: RowBlocker;
  work?: Record<string, string>;
}

export interface OperationPlan {
  kind: string;
  rows: RowPlan[];
  roleCheck: RoleCheck;
  /**
   * The role requirements the role check tested for the rows offered (one per `action`): a second approver must
   * satisfy every one of them.
   */
  requirements: RoleRequirement[];
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

export type { RowResult };

/**
 * One bulk kind of work. The catalogue holds one of these per kind; the CLI, the jobs and the bot only ever talk to
 * this interface.
 */
export interface BulkOperation<Row> {
  kind: string;
  /** "Restore deleted objects" */
  title: string;
  /** Purge and delete need the admin to type the row count above a threshold. */
  destructive: boolean;
  /** Result columns of this kind beyond the common ones, from its results' `details` (e.g. an invitation's redeem URL). */
  resultColumns?: readonly ResultColumn[];
  plan(rows: ReadonlyArray<{ rowIndex: number; line?: number; input: Record<string, string>; row: Row }>, ctx: PlanContext): Promise<OperationPlan>;
  /** The Graph request for a planned row's work. */
  toRequest(work: Record<string, string>): BatchItem['request'] & Pick<BatchItem, 'kind' | 'operation' | 'context'>;
  /** Graph's answer, as a row result a person can read. */
  interpret(work: Record<string, string>, result: BatchItemResult): RowResult;
  /**
   * Checks the row's goal in the directory (is the object active? is the member in the group?): for a row that was
   * in flight when a run stopped, a write retried after an answer that may hide an applied change, or a write refused
   * with an answer that `goalMayBeReached` accepts. Undefined means "not reached" (the row runs again, or its failure
   * stands); only kinds whose second attempt is harmless may leave this out.
   */
  reconcile?(work: Record<string, string>, graph: GraphClient, options?: ReconcileOptions): Promise<RowResult | undefined>;
  /**
   * Graph's refusal of this kind's write that it also gives when the goal is already reached (restore: 404, the object
   * is no longer in the recycle bin; add member: the reference already exists): the engine then checks the goal.
   */
  goalMayBeReached?(error: GraphError): boolean;
}

/**
 * What may have happened to a row before reconcile looks at it:
 * - `none`: its only attempt got a definite answer, so nothing this job did can have reached the goal;
 * - `retried`: an earlier attempt of this run may have been applied (its answer was lost, or was a 429 or 5xx);
 * - `in-flight`: a previous run stopped (crash, lost lease) while the row was marked in flight; it may or may not
 *   have been sent.
 */
export type AttemptHistory = 'none' | 'retried' | 'in-flight';

export interface ReconcileOptions {
  signal?: AbortSignal;
  /** `in-flight` when left out. */
  history?: AttemptHistory;
}

/**
 * A row whose goal is reached: by an earlier attempt of this job (succeeded), or already before the job ran it
 * (succeeded and `alreadyDone`: nothing changed, and the row is not a failure).
 */
export function goalReached(history: AttemptHistory | undefined, objectId: string | undefined, reasons: { byEarlierAttempt: string; already: string }): RowResult {
  if (history !== 'none') return succeeded(objectId, reasons.byEarlierAttempt);
  return { status: 'succeeded', alreadyDone: true, reason: reasons.already, ...(objectId ? { objectId } : {}) };
}

/** Graph's "no such object" answer, by status or code. */
export function isNotFound(error: GraphError): boolean {
  return error.status === 404 || error.code === 'Request_ResourceNotFound';
}

export function succeeded(objectId?: string, reason?: string, requestId?: string): RowResult {
  return { status: 'succeeded', ...(objectId ? { objectId } : {}), ...(reason ? { reason } : {}), ...(requestId ? { requestId } : {}) };
}

/** The common mapping of a batch result: success, or the seam's explained error. */
export function interpretCommon(result: BatchItemResult, onSuccess: (body: unknown, headers: Record<string, string>) => RowResult): RowResult {
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
