import type { OperationOptions, OperationPlan, PlanContext, RowPlan } from '../bulk-operation';
import type { BulkKind } from '../catalogue';
import type { UndoableKind, UndoneRow, UndoSource } from './undo-source';

/** What each kind's undo runs: the existing inverse operation, or delete-objects for a restore. */
export const INVERSE_KIND: Record<UndoableKind, BulkKind> = {
  restore: 'delete-objects',
  'delete-objects': 'restore',
  'delete-users': 'restore',
  'create-users': 'delete-users',
  invite: 'delete-users',
  'add-group-members': 'remove-group-members',
  'remove-group-members': 'add-group-members',
  'update-users': 'update-users',
};

export interface UndoChoices {
  /** Also undo rows whose object changed since the job (the dry run shows and skips them by default). */
  includeChanged?: boolean;
}

/** The inverse job's dry run. */
export interface UndoPlan {
  plan: OperationPlan;
  /** The job undone, when the undo came from the job store. */
  undoOf?: string;
  /** Options the inverse job runs with (the group of a membership undo). */
  options: OperationOptions;
  /** Rows skipped because their object changed since the job; the card offers to include them. */
  changedRows: number;
}

/** A row of the undo's own, before the inverse operation plans the rest. */
export function skippedRow(row: UndoneRow, note: string): RowPlan {
  return { rowIndex: 0, input: row.input, label: row.label, outcome: 'skip', note };
}

/** A row changed since the job: shown and skipped, unless the admin includes such rows. */
export interface ChangedCheck {
  changed: boolean;
  note: string;
}

/** Rows in one list, numbered by position as a job stores them. */
export function numbered(rows: readonly RowPlan[]): RowPlan[] {
  return rows.map((row, rowIndex) => ({ ...row, rowIndex }));
}

export type InversePlanner = (source: UndoSource, ctx: PlanContext, choices: UndoChoices) => Promise<Omit<UndoPlan, 'undoOf'>>;
