import type { CsvLimits } from '../csv/csv-limits';
import type { CsvProblem } from '../csv/csv-problem';
import type { CsvTemplate } from '../csv/csv-template';
import type { CsvUploadFile } from '../csv/parse-csv-upload';
import { parseCsvUpload } from '../csv/parse-csv-upload';
import type { RowSpec, RowValidation } from '../csv/validate-rows';
import { addGroupMembersRowSpec } from './add-group-members/add-group-members-row';
import type { CreateUserRow } from './create-users/create-users-row';
import { createUsersRowSpec } from './create-users/create-users-row';
import type { DeleteUserRow } from './delete-users/delete-users-row';
import { deleteUsersRowSpec } from './delete-users/delete-users-row';
import type { GroupMemberRow } from './group-member-row';
import type { InviteRow } from './invite/invite-row';
import { inviteRowSpec } from './invite/invite-row';
import { removeGroupMembersRowSpec } from './remove-group-members/remove-group-members-row';
import type { RestoreRow } from './restore/restore-row';
import { restoreRowSpec } from './restore/restore-row';

export interface CsvKindRows {
  restore: RestoreRow;
  invite: InviteRow;
  'create-users': CreateUserRow;
  'delete-users': DeleteUserRow;
  'add-group-members': GroupMemberRow;
  'remove-group-members': GroupMemberRow;
}

export type CsvKind = keyof CsvKindRows;

export const csvKindSpecs: { [K in CsvKind]: RowSpec<CsvKindRows[K], K> } = {
  restore: restoreRowSpec,
  invite: inviteRowSpec,
  'create-users': createUsersRowSpec,
  'delete-users': deleteUsersRowSpec,
  'add-group-members': addGroupMembersRowSpec,
  'remove-group-members': removeGroupMembersRowSpec,
};

export const csvKinds = Object.keys(csvKindSpecs) as CsvKind[];

export function csvTemplateFor<K extends CsvKind>(kind: K): CsvTemplate<K> {
  return csvKindSpecs[kind].template;
}

export function isCsvKind(value: string): value is CsvKind {
  return Object.prototype.hasOwnProperty.call(csvKindSpecs, value);
}

export type KindCsvOutcome =
  | { [K in CsvKind]: { ok: true; kind: K; validation: RowValidation<CsvKindRows[K], K>; file: CsvUploadFile } }[CsvKind]
  | { ok: false; problem: CsvProblem; candidates: CsvKind[] };

export interface ParseKindCsvOptions {
  /** The kind the admin asked for; omitted for an attachment without a command. */
  expected?: CsvKind;
  limits?: Partial<CsvLimits>;
}

/** An uploaded file's bytes → its kind (asked for or detected) → every row validated with that kind's schema. */
export function parseKindCsv(bytes: Uint8Array, options: ParseKindCsvOptions = {}): KindCsvOutcome {
  const specs = csvKinds.map((k) => csvKindSpecs[k]) as RowSpec<CsvKindRows[CsvKind], CsvKind>[];
  // Each spec validates its own rows, so the row type follows the kind; TypeScript can't correlate the two here.
  return parseCsvUpload(bytes, specs, options) as KindCsvOutcome;
}
