import type { CsvLimits } from './csv-limits';
import { DEFAULT_CSV_LIMITS } from './csv-limits';
import type { CsvProblem } from './csv-problem';
import { decodeCsvBytes } from './decode-csv-bytes';
import { csvProblem } from './csv-problem';
import type { DetectTemplateResult } from './detect-template';
import { detectTemplate } from './detect-template';
import { scanCsv } from './read-csv';
import type { RowSpec, RowValidation, RowValidator } from './validate-rows';
import { createRowValidator } from './validate-rows';

export interface CsvUploadFile {
  versionRow?: string;
  headerLine: number;
  /** Header cells the template does not use, as written; they were ignored. */
  ignoredColumns: string[];
}

export type CsvUploadOutcome<T, K extends string> =
  | { ok: true; kind: K; validation: RowValidation<T, K>; file: CsvUploadFile }
  | { ok: false; problem: CsvProblem; candidates: K[] };

export interface ParseCsvUploadOptions<K extends string> {
  expected?: K;
  limits?: Partial<CsvLimits>;
}

/**
 * Bytes of an uploaded file → which operation it is for → every row validated. Never throws for bad input.
 * A file with nothing to run (header only, or only the example row) is a problem, with its kind as the candidate.
 */
export function parseCsvUpload<T, K extends string>(
  bytes: Uint8Array,
  specs: readonly RowSpec<T, K>[],
  options: ParseCsvUploadOptions<K> = {},
): CsvUploadOutcome<T, K> {
  const limits = { ...DEFAULT_CSV_LIMITS, ...options.limits };
  const decoded = decodeCsvBytes(bytes, { maxBytes: limits.maxBytes, maxRows: limits.maxRows });
  if (!decoded.ok) return { ok: false, problem: decoded.problem, candidates: [] };

  let detected: DetectTemplateResult<K> | undefined;
  let validator: RowValidator<T, K> | undefined;
  const scanned = scanCsv(decoded.text, {
    maxRows: limits.maxRows,
    onHeader: ({ headers, headerLine, delimiter }) => {
      detected = detectTemplate(
        headers,
        specs.map((s) => s.template),
        { ...(options.expected !== undefined ? { expected: options.expected } : {}), headerLine },
      );
      if (!detected.ok) return false;
      const kind = detected.kind;
      const spec = specs.find((s) => s.template.kind === kind);
      if (!spec) return false;
      validator = createRowValidator(spec, headers, detected.match, delimiter);
      return true;
    },
    onRow: (raw, line) => validator?.add(raw, line),
  });
  if (!scanned.ok) return { ok: false, problem: scanned.problem, candidates: [] };
  if (!detected) return { ok: false, problem: csvProblem('empty', 'The file has no header row.'), candidates: [] };
  if (!detected.ok) return detected;
  if (!validator) {
    return { ok: false, problem: csvProblem('unknown-template', `No row rules for "${detected.kind}".`), candidates: [] };
  }
  const file = scanned.value;
  const validation = validator.finish(file);
  if (validation.problem) return { ok: false, problem: validation.problem, candidates: [detected.kind] };
  return {
    ok: true,
    kind: detected.kind,
    validation,
    file: {
      ...(file.versionRow !== undefined ? { versionRow: file.versionRow } : {}),
      headerLine: file.headerLine,
      ignoredColumns: detected.match.ignored.map((h) => h.text),
    },
  };
}
