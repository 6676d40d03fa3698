import type { RowValidation } from '../csv/validate-rows';
import type { BulkKind, BulkOperation, OperationPlan, PlanContext } from './bulk-operation';
import { createUsersOperation } from './create-users/create-users-operation';
import { deleteUsersOperation } from './delete-users/delete-users-operation';
import { addGroupMembersOperation, removeGroupMembersOperation } from './group-membership';
import { inviteOperation } from './invite/invite-operation';
import type { CsvKind, CsvKindRows } from './csv-kinds';
import { purgeOperation } from './purge/purge-operation';
import { restoreOperation } from './restore/restore-operation';

type OperationRows = Omit<CsvKindRows, never> & { purge: CsvKindRows['restore'] };

/** Every bulk kind, one operation each. Adding a kind means adding its module and one line here. */
export const BULK_OPERATIONS: { [K in BulkKind]: BulkOperation<OperationRows[K]> } = {
  restore: restoreOperation,
  purge: purgeOperation,
  invite: inviteOperation,
  'create-users': createUsersOperation,
  'delete-users': deleteUsersOperation,
  'add-group-members': addGroupMembersOperation,
  'remove-group-members': removeGroupMembersOperation,
};

export const BULK_KINDS = Object.keys(BULK_OPERATIONS) as BulkKind[];

export function isBulkKind(value: string): value is BulkKind {
  return Object.prototype.hasOwnProperty.call(BULK_OPERATIONS, value);
}

/** The CSV format each kind reads: purge takes the restore file's identifiers. */
export function csvKindFor(kind: BulkKind): CsvKind {
  return kind === 'purge' ? 'restore' : kind;
}

/** Any bulk operation, viewed without its row type, for code that only moves rows along. */
export function operationFor(kind: BulkKind): BulkOperation<unknown> {
  return BULK_OPERATIONS[kind] as unknown as BulkOperation<unknown>;
}

const SECRET_FIELDS = new Set(['password']);

/** A row's own values as flat text, for the results file; secrets and nested values are left out. */
export function inputCells(row: unknown): Record<string, string> {
  const cells: Record<string, string> = {};
  if (row === null || typeof row !== 'object') return cells;
  for (const [key, value] of Object.entries(row as Record<string, unknown>)) {
    if (SECRET_FIELDS.has(key)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') cells[key] = String(value);
  }
  const target = (row as { target?: unknown; member?: unknown }).target ?? (row as { member?: unknown }).member;
  if (target && typeof target === 'object') {
    for (const [key, value] of Object.entries(target as Record<string, unknown>)) {
      if (key !== 'by' && typeof value === 'string' && !(key in cells)) cells[key === 'id' ? 'objectId' : key] = value;
    }
  }
  return cells;
}

/** Plans every valid row of a validated file. */
export function planValidatedRows(kind: BulkKind, validation: RowValidation<unknown>, ctx: PlanContext): Promise<OperationPlan> {
  const rows = validation.valid.map((valid, rowIndex) => ({ rowIndex, line: valid.line, input: inputCells(valid.value), row: valid.value }));
  return operationFor(kind).plan(rows, ctx);
}
