import type { RowValidation } from '../csv/validate-rows';
import type { ErrorContext, ErrorHint } from '../graph/error-facts';
import { addGroupMembers } from './add-group-members';
import type { BulkOperation, OperationPlan, PlanContext } from './bulk-operation';
import { createUsers } from './create-users';
import { deleteObjects } from './delete-objects';
import { deleteUsers } from './delete-users';
import { invite } from './invite';
import type { OperationDefinition } from './operation-definition';
import { purge } from './purge';
import { removeGroupMembers } from './remove-group-members';
import { restore } from './restore';
import { updateUsers } from './update-users';

/**
 * Every bulk kind, one folder each: the only registry. Adding a kind means adding its folder and one line here.
 * The order is the order of help, of the CLI's kind list and of CSV template detection.
 */
export const BULK_CATALOGUE = {
  restore,
  purge,
  invite,
  'create-users': createUsers,
  'delete-users': deleteUsers,
  'update-users': updateUsers,
  'add-group-members': addGroupMembers,
  'remove-group-members': removeGroupMembers,
  'delete-objects': deleteObjects,
};

type Catalogue = typeof BULK_CATALOGUE;

export type BulkKind = keyof Catalogue;

/** The row type a kind's operation plans. */
export type RowOf<K extends BulkKind> = Catalogue[K] extends { operation: BulkOperation<infer Row> } ? Row : never;

/** The CSV format a kind reads: its own kind, or the kind whose file it shares. */
export type CsvKindOf<K extends BulkKind> = Catalogue[K]['csv']['template']['kind'];

export const BULK_KINDS = Object.keys(BULK_CATALOGUE) as BulkKind[];

export const BULK_OPERATIONS = Object.fromEntries(BULK_KINDS.map((kind) => [kind, BULK_CATALOGUE[kind].operation])) as {
  [K in BulkKind]: Catalogue[K]['operation'];
};

export function isBulkKind(value: string): value is BulkKind {
  return Object.prototype.hasOwnProperty.call(BULK_CATALOGUE, value);
}

/** A kind's whole definition, viewed without its row type. */
export function definitionOf(kind: BulkKind): OperationDefinition<unknown, string> {
  return BULK_CATALOGUE[kind] as unknown as OperationDefinition<unknown, string>;
}

/** The CSV format each kind reads: purge takes the restore file's identifiers. */
export function csvKindFor<K extends BulkKind>(kind: K): CsvKindOf<K> {
  return BULK_CATALOGUE[kind].csv.template.kind as CsvKindOf<K>;
}

/** Any bulk operation, viewed without its row type, for code that only moves rows along. */
export function operationFor(kind: BulkKind): BulkOperation<unknown> {
  return definitionOf(kind).operation;
}

/** Why Graph refused this kind's requests, in the kind's own words. */
export function errorHintsOf(kind: string): readonly ErrorHint[] {
  return isBulkKind(kind) ? definitionOf(kind).errorHints : [];
}

/** A request's error context with its kind's hints, so Graph's refusals of it read in the kind's words. */
export function withErrorHints(kind: string, context: ErrorContext | undefined): ErrorContext {
  return { ...context, hints: errorHintsOf(kind) };
}

const NO_SECRETS: ReadonlySet<string> = new Set();
const SECRETS = new Map(BULK_KINDS.map((kind) => [kind, new Set(definitionOf(kind).secretFields ?? [])] as const));

/** The row and planned-work fields of this kind that are secrets (create-users' initial password). */
export function secretFieldsOf(kind: BulkKind): ReadonlySet<string> {
  return SECRETS.get(kind) ?? NO_SECRETS;
}

/** The secret fields of every kind, for code that sees planned work without its kind. */
export const ALL_SECRET_FIELDS: ReadonlySet<string> = new Set(BULK_KINDS.flatMap((kind) => [...secretFieldsOf(kind)]));

/** Plans every valid row of a validated file. */
export function planValidatedRows(kind: BulkKind, validation: RowValidation<unknown>, ctx: PlanContext): Promise<OperationPlan> {
  const rows = validation.valid.map((valid, rowIndex) => ({ rowIndex, line: valid.line, input: valid.cells, row: valid.value }));
  return operationFor(kind).plan(rows, ctx);
}
