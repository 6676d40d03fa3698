import type { GraphClient } from '../graph/graph-client';
import type { GraphError } from '../graph/graph-error';
import type { OperationPlan, PlanContext, RowPlan } from './bulk-operation';
import { findDeletedObjects } from './deleted-objects';
import type { DeletedObject } from './deleted-objects';
import { templateRowInput } from '../csv/csv-template';
import { csvTemplateFor } from './csv-kinds';
import { planRestore } from './restore/restore-operation';

/** What the admin chose for restoring one object: a new user name, and whether to reconcile proxy addresses. */
export interface RestoreChoices {
  newUserPrincipalName?: string;
  reconcileProxy: boolean;
}

/** The dry run for restoring one chosen object with the admin's choices. */
export function planRestoreTarget(ctx: PlanContext, item: DeletedObject, choices: RestoreChoices): Promise<OperationPlan> {
  const input = templateRowInput(csvTemplateFor('restore'), {
    objectId: item.id,
    newUserPrincipalName: choices.newUserPrincipalName,
    autoReconcileProxyConflict: choices.reconcileProxy ? 'true' : undefined,
  });
  return planRestore(
    [
      {
        rowIndex: 0,
        input,
        row: {
          target: { by: 'id', id: item.id },
          objectId: item.id,
          ...(choices.newUserPrincipalName ? { newUserPrincipalName: choices.newUserPrincipalName } : {}),
          ...(choices.reconcileProxy ? { autoReconcileProxyConflict: true } : {}),
        },
        resolved: item,
      },
    ],
    ctx,
  );
}

export type FoundTarget = { ok: true; item?: DeletedObject } | { ok: false; error: GraphError };

/** One object in the recycle bin, looked up again by id (undefined when it was restored or purged meanwhile). */
export async function findDeletedObjectById(graph: GraphClient, objectId: string, now: number): Promise<FoundTarget> {
  const found = await findDeletedObjects(graph, objectId, { now });
  if (!found.ok) return found;
  const [item] = found.matches;
  return item ? { ok: true, item } : { ok: true };
}

/** Inputs given on a single restore's confirm card; blank ones keep what the command already asked for. */
export interface RestoreCardInputs {
  newUserPrincipalName?: string;
  autoReconcileProxyConflict?: boolean;
}

export type RestoreChoiceChange = { changed: false } | { changed: true; objectId: string; choices: RestoreChoices };

/**
 * Whether the card's inputs change what a planned single restore does. What the command already asked for
 * (`as <new UPN>`, `reconcile proxy`) is kept unless the card replaces it; reconciliation, once asked for, stays.
 */
export function restoreChoiceChange(row: RowPlan, inputs: RestoreCardInputs): RestoreChoiceChange {
  const objectId = row.work?.id;
  if (!objectId) return { changed: false };
  const plannedUpn = row.work?.newUserPrincipalName ?? '';
  const plannedReconcile = row.work?.autoReconcileProxyConflict === 'true';
  const newUpn = inputs.newUserPrincipalName?.trim() || plannedUpn;
  const reconcile = plannedReconcile || inputs.autoReconcileProxyConflict === true;
  if (newUpn === plannedUpn && reconcile === plannedReconcile) return { changed: false };
  return { changed: true, objectId, choices: { reconcileProxy: reconcile, ...(newUpn ? { newUserPrincipalName: newUpn } : {}) } };
}

export type RestoreReplan = { ok: true; plan: OperationPlan } | { ok: false; reason: 'gone' } | { ok: false; reason: 'read-failed'; error: GraphError };

/** The object looked up again and planned with the new choices: the approved row is always exactly what was shown. */
export async function replanRestoreTarget(ctx: PlanContext, objectId: string, choices: RestoreChoices): Promise<RestoreReplan> {
  const found = await findDeletedObjectById(ctx.graph, objectId, ctx.now());
  if (!found.ok) return { ok: false, reason: 'read-failed', error: found.error };
  if (!found.item) return { ok: false, reason: 'gone' };
  return { ok: true, plan: await planRestoreTarget(ctx, found.item, choices) };
}
