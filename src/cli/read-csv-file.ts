import { readFile, stat } from 'node:fs/promises';
import { DEFAULT_CSV_LIMITS, fileTooLargeMessage } from '../csv/csv-limits';
import type { RowValidation } from '../csv/validate-rows';
import { formatValidationReport } from '../csv/validate-rows';
import { parseKindCsv } from '../operations/csv-kinds';
import type { CsvKind } from '../operations/csv-kinds';
import { CliError } from './exit-codes';

export interface ValidatedFile {
  validation: RowValidation<unknown>;
  report: string;
  /** Rows with at least one error. */
  invalidRows: number;
}

/** Reads and validates a CSV exactly as the bot does, so both say the same thing about the same file. */
export async function readAndValidate(kind: CsvKind, path: string): Promise<ValidatedFile> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new CliError(`${path}: no such file`);
  // Refused before reading, so a huge file costs no memory.
  if (info.size > DEFAULT_CSV_LIMITS.maxBytes) throw new CliError(`${path}: ${fileTooLargeMessage(DEFAULT_CSV_LIMITS, info.size)}`);
  const bytes = await readFile(path).catch((error: unknown) => {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unknown error';
    throw new CliError(`${path}: the file can't be read (${code}). Check that it exists and that you may read it.`);
  });
  const outcome = parseKindCsv(bytes, { expected: kind });
  if (!outcome.ok) throw new CliError(`${path}: ${outcome.problem.message}`);
  const validation = outcome.validation as RowValidation<unknown>;
  return {
    validation,
    report: formatValidationReport(validation, { maxErrors: Number.MAX_SAFE_INTEGER }),
    invalidRows: new Set(validation.errors.map((e) => e.line)).size,
  };
}
