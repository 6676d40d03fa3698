import { DELETED_OBJECT_TYPES, DeletedObjectIndex } from '../deleted-objects';
import type { DirectoryObjectType } from '../deleted-objects';
import { planRestore } from '../restore/restore-operation';
import type { RestorePlanInputRow } from '../restore/restore-operation';
import type { InversePlanner } from './undo-plan';
import { numbered, skippedRow } from './undo-plan';
import type { UndoneRow } from './undo-source';

function deletedIdOf(row: UndoneRow): { id: string; type: DirectoryObjectType } | undefined {
  const id = row.details.deletedUserId ?? row.details.deletedObjectId;
  if (!id) return undefined;
  const type = (DELETED_OBJECT_TYPES as readonly string[]).includes(row.details.objectType ?? '') ? (row.details.objectType as DirectoryObjectType) : 'user';
  return { id, type };
}

/**
 * Undo of a delete (delete-users, or the delete-objects that undid a restore): restore exactly the objects the job
 * deleted, found by id in the recycle bin. One restored or purged since is shown and skipped.
 */
export const undoDeletes: InversePlanner = async (source, ctx) => {
  const wanted = source.rows.map((row) => ({ row, deleted: deletedIdOf(row) }));
  const types = [...new Set(wanted.flatMap((w) => (w.deleted ? [w.deleted.type] : [])))];
  const index = types.length > 0 ? await DeletedObjectIndex.load(ctx.graph, types, ctx.now(), ctx.signal) : new DeletedObjectIndex();
  const skipped = [];
  const restorable: RestorePlanInputRow[] = [];
  for (const { row, deleted } of wanted) {
    if (!deleted) {
      skipped.push(skippedRow(row, 'has no recorded object id, so I leave it alone'));
      continue;
    }
    const item = index.byObjectId(deleted.id);
    if (!item || item.type !== deleted.type) {
      skipped.push(skippedRow(row, 'is no longer in the recycle bin (restored or purged since the job); nothing to do'));
      continue;
    }
    restorable.push({ rowIndex: restorable.length, input: row.input, row: { target: { by: 'id', id: item.id }, objectId: item.id }, resolved: item });
  }
  const plan = await planRestore(restorable, ctx, { includeServicePrincipals: false });
  return { plan: { ...plan, rows: numbered([...plan.rows, ...skipped]) }, options: {}, changedRows: 0 };
};
