import type { PlanContext } from '../bulk-operation';
import { undoCreateUsers, undoInvite } from './undo-created';
import { undoDeletes } from './undo-deletes';
import { undoMembership } from './undo-membership';
import type { InversePlanner, UndoChoices, UndoPlan } from './undo-plan';
import { undoRestore } from './undo-restore';
import type { UndoableKind, UndoSource } from './undo-source';
import { undoUpdateUsers } from './undo-update';

const PLANNERS: Record<UndoableKind, InversePlanner> = {
  restore: undoRestore,
  'delete-objects': undoDeletes,
  'delete-users': undoDeletes,
  'create-users': undoCreateUsers,
  invite: undoInvite,
  'add-group-members': undoMembership(true),
  'remove-group-members': undoMembership(false),
  'update-users': undoUpdateUsers,
};

/**
 * The dry run of undoing a finished job: a plan of the inverse kind over the rows the job changed, which then goes
 * through the same confirm card (or CLI prompt), run and results as any job.
 */
export async function planUndo(source: UndoSource, ctx: PlanContext, choices: UndoChoices = {}): Promise<UndoPlan> {
  const planned = await PLANNERS[source.kind](source, ctx, choices);
  const notices = source.rows.length === 0 ? ['The job changed nothing (no row succeeded), so there is nothing to undo.'] : [];
  if (planned.changedRows > 0) {
    const rows = planned.changedRows === 1 ? '1 row has' : `${planned.changedRows} rows have`;
    notices.push(`${rows} changed since the job and ${planned.changedRows === 1 ? 'is' : 'are'} skipped; include them to undo them too.`);
  }
  return { ...planned, plan: { ...planned.plan, notices: [...notices, ...planned.plan.notices] }, ...(source.jobId ? { undoOf: source.jobId } : {}) };
}
