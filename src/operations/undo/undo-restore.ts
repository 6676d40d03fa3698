import { planDeleteObjects } from '../delete-objects/delete-objects-operation';
import { DELETED_OBJECT_TYPES } from '../deleted-objects';
import type { DirectoryObjectType } from '../deleted-objects';
import type { InversePlanner } from './undo-plan';
import { numbered, skippedRow } from './undo-plan';

/**
 * Undo of a restore: delete again (soft delete) exactly the objects the job restored, by their recorded ids and
 * types; one deleted again by someone else since is skipped as already deleted (delete-objects' own dry run).
 */
export const undoRestore: InversePlanner = async (source, ctx) => {
  const skipped = [];
  const rows = [];
  for (const row of source.rows) {
    const id = row.details.restoredObjectId;
    const type = row.details.objectType;
    if (!id || !(DELETED_OBJECT_TYPES as readonly string[]).includes(type ?? '')) {
      skipped.push(skippedRow(row, 'has no recorded object id and type, so I leave it alone'));
      continue;
    }
    rows.push({ rowIndex: rows.length, input: row.input, row: { target: { by: 'id' as const, id }, type: type as DirectoryObjectType } });
  }
  const plan = await planDeleteObjects(rows, ctx);
  return { plan: { ...plan, rows: numbered([...plan.rows, ...skipped]) }, options: {}, changedRows: 0 };
};
