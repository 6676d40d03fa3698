import type { CsvLimits } from '../csv/csv-limits';
import type { CsvProblem } from '../csv/csv-problem';
import type { CsvTemplate } from '../csv/csv-template';
import type { CsvUploadFile } from '../csv/parse-csv-upload';
import { parseCsvUpload } from '../csv/parse-csv-upload';
import type { RowSpec, RowValidation } from '../csv/validate-rows';
import type { BulkKind, CsvKindOf, RowOf } from './catalogue';
import { BULK_CATALOGUE, BULK_KINDS, csvKindFor } from './catalogue';

/** The kinds with a CSV format of their own (purge reads restore files), read from the catalogue. */
export type CsvKind = CsvKindOf<BulkKind>;

export type CsvKindRows = { [K in CsvKind]: RowOf<K> };

export const csvKindSpecs = Object.fromEntries(
  BULK_KINDS.filter((kind) => csvKindFor(kind) === kind).map((kind) => [kind, BULK_CATALOGUE[kind].csv]),
) as { [K in CsvKind]: RowSpec<CsvKindRows[K], K> };

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
