import { z } from 'zod';
import type { RowPlan } from '../bulk-operation';
import { readCurrentUsers } from '../update-users/current-users';
import type { CurrentUser } from '../update-users/current-users';
import { updateUsersOperation } from '../update-users/update-users-operation';
import { UPDATABLE_PROPERTIES } from '../update-users/update-users-row';
import type { PropertyValue, UpdatableProperty, UpdateUserRow } from '../update-users/update-users-row';
import { currentValue } from '../update-users/user-diff';
import type { CellValue } from '../update-users/user-diff';
import type { ChangedCheck, InversePlanner } from './undo-plan';
import { numbered, skippedRow } from './undo-plan';
import type { UndoneRow } from './undo-source';

const valuesSchema = z.record(z.union([z.string(), z.boolean(), z.null()]));
type Values = z.infer<typeof valuesSchema>;

function parseValues(json: string | undefined): Values | undefined {
  if (!json) return undefined;
  try {
    const parsed = valuesSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function isUpdatable(property: string): property is UpdatableProperty {
  return (UPDATABLE_PROPERTIES as readonly string[]).includes(property);
}

/** One user's recorded cells: a job writes a user's properties and manager as two rows, undone together. */
interface UserCells {
  row: UndoneRow;
  id: string;
  old: Values;
  new: Values;
}

function shown(value: CellValue): string {
  return value === null ? '(empty)' : String(value);
}

/** A cell whose value is no longer what the job wrote: someone changed it since. */
function changedSince(cells: UserCells, user: CurrentUser): ChangedCheck {
  for (const [property, written] of Object.entries(cells.new)) {
    if (property === 'manager') {
      const now = user.manager?.userPrincipalName ?? null;
      if ((now?.toLowerCase() ?? null) !== (typeof written === 'string' ? written.toLowerCase() : null)) {
        return { changed: true, note: `changed since the job: manager is now ${shown(now)}, not ${shown(written)}` };
      }
      continue;
    }
    if (!isUpdatable(property)) continue;
    const now = currentValue(property, user.values[property]);
    if (now !== written) return { changed: true, note: `changed since the job: ${property} is now ${shown(now)}, not ${shown(written)}` };
  }
  return { changed: false, note: '' };
}

function rowOf(cells: UserCells): UpdateUserRow {
  const changes: Partial<Record<UpdatableProperty, PropertyValue>> = {};
  let manager: UpdateUserRow['manager'];
  for (const [property, value] of Object.entries(cells.old)) {
    if (property === 'manager') manager = typeof value === 'string' ? { by: 'userPrincipalName', userPrincipalName: value } : null;
    else if (isUpdatable(property)) changes[property] = value;
  }
  return { target: { by: 'id', id: cells.id }, changes, ...(manager !== undefined ? { manager } : {}) };
}

/**
 * Undo of update-users: write back the recorded old values, cell by cell, through update-users' own dry run (which
 * records them as the new job's old and new values, so an undo can be undone). A user whose cells changed since the
 * job is shown and skipped unless included.
 */
export const undoUpdateUsers: InversePlanner = async (source, ctx, choices) => {
  const skipped: RowPlan[] = [];
  const byUser = new Map<string, UserCells>();
  for (const row of source.rows) {
    const id = row.details.userId ?? row.objectId;
    const old = parseValues(row.details.oldValues);
    const written = parseValues(row.details.newValues);
    if (!id || !old || !written) {
      skipped.push(skippedRow(row, 'has no recorded old and new values, so I leave it alone'));
      continue;
    }
    const cells = byUser.get(id.toLowerCase());
    if (cells) {
      Object.assign(cells.old, old);
      Object.assign(cells.new, written);
    } else byUser.set(id.toLowerCase(), { row, id, old: { ...old }, new: { ...written } });
  }
  const all = [...byUser.values()];
  const properties = [...new Set(all.flatMap((c) => Object.keys(c.new).filter(isUpdatable)))];
  const withManager = all.some((c) => 'manager' in c.new);
  const current = await readCurrentUsers(ctx.graph, all.map((c) => ({ by: 'id' as const, id: c.id })), properties, withManager, ctx.signal);
  let changedRows = 0;
  const rows = [];
  for (const cells of all) {
    const user = current.get(cells.id.toLowerCase());
    if (!user) {
      skipped.push(skippedRow(cells.row, 'is no longer an active user; nothing to write back'));
      continue;
    }
    const check = changedSince(cells, user);
    if (check.changed && choices.includeChanged !== true) {
      changedRows++;
      skipped.push(skippedRow(cells.row, check.note));
      continue;
    }
    rows.push({ rowIndex: rows.length, input: cells.row.input, row: rowOf(cells) });
  }
  const plan = await updateUsersOperation.plan(rows, ctx);
  return { plan: { ...plan, rows: numbered([...plan.rows, ...skipped]) }, options: {}, changedRows };
};
