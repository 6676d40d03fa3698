import type { RowValidation } from '../csv/validate-rows';
import type { BulkKind, BulkOperation, OperationPlan, PlanContext } from './bulk-operation';
import { createUsersOperation } from './create-user-accounts';
import { deleteUsersOperation } from './delete-user-accounts';
import { addGroupMembersOperation, removeGroupMembersOperation } from './group-membership';
import { inviteOperation } from './invite-guests';
import type { CsvKind, CsvKindRows } from './kinds/csv-kinds';
import { purgeOperation } from './purge-deleted-objects';
import { restoreOperation } from './restore-deleted-objects';

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

/** Plans every valid row of a validated file. */
export function planValidatedRows(kind: BulkKind, validation: RowValidation<unknown>, ctx: PlanContext): Promise<OperationPlan> {
  const rows = validation.valid.map((valid, rowIndex) => ({ rowIndex, line: valid.line, input: valid.cells, row: valid.value }));
  return operationFor(kind).plan(rows, ctx);
}
