import { Readable, Transform } from 'node:stream';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import Papa from 'papaparse';

export type CsvCellValue = string | number | boolean | bigint | Date | null | undefined;

export interface CsvWriteOptions {
  /**
   * Prefix `'` to cells starting with = + - @ tab or CR, so a spreadsheet shows them as text instead of
   * running them (OWASP "CSV injection"). This applies to every such cell, including "-5" and
   * "+1 425 555 0100", because a spreadsheet can't tell those from formulas either. Default true.
   */
  escapeFormulas?: boolean;
}

export interface CsvStreamOptions extends CsvWriteOptions {
  /** Start with a UTF-8 byte order mark so Excel opens accents and emoji correctly. Default true. */
  bom?: boolean;
  /** Write the header line. Default true. */
  header?: boolean;
}

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => CsvCellValue;
}

export const CSV_LINE_END = '\r\n';
export const UTF8_BOM = '\uFEFF';

/** What a spreadsheet would run as a formula: = + - @ TAB or CR first. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function isFormulaLike(text: string): boolean {
  return FORMULA_START.test(text);
}

export function cellText(value: CsvCellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  return String(value);
}

/**
 * Papaparse writes the record: it quotes what needs quotes (and a cell it escaped), doubles quotes and,
 * with `escapeFormulae`, prefixes `'`. Every value is handed over as text, so "-5" and -5 are escaped alike.
 */
function unparseRecord(values: readonly CsvCellValue[], options: CsvWriteOptions): string {
  return Papa.unparse([values.map(cellText)], {
    header: false,
    newline: CSV_LINE_END,
    escapeFormulae: (options.escapeFormulas ?? true) ? FORMULA_START : false,
  });
}

export function csvCell(value: CsvCellValue, options: CsvWriteOptions = {}): string {
  return unparseRecord([value], options);
}

/** One CSV record including its CRLF line end. */
export function csvLine(values: readonly CsvCellValue[], options: CsvWriteOptions = {}): string {
  return unparseRecord(values, options) + CSV_LINE_END;
}

/** Lines of a CSV (BOM, header, then one line per row), pulled lazily so large outputs stream. */
export async function* csvLines<T>(
  columns: readonly CsvColumn<T>[],
  rows: Iterable<T> | AsyncIterable<T>,
  options: CsvStreamOptions = {},
): AsyncGenerator<string> {
  const prefix = (options.bom ?? true) ? UTF8_BOM : '';
  if (options.header ?? true) {
    yield prefix + csvLine(columns.map((c) => c.header), options);
  } else if (prefix) {
    yield prefix;
  }
  for await (const row of rows) {
    yield csvLine(columns.map((c) => c.value(row)), options);
  }
}

/** A Transform taking row objects and emitting UTF-8 CSV text; pipe it to a file, blob upload or HTTP response. */
export function createCsvWriter<T>(columns: readonly CsvColumn<T>[], options: CsvStreamOptions = {}): Transform {
  let started = false;
  const start = (): string => {
    started = true;
    const prefix = (options.bom ?? true) ? UTF8_BOM : '';
    return (options.header ?? true) ? prefix + csvLine(columns.map((c) => c.header), options) : prefix;
  };
  return new Transform({
    writableObjectMode: true,
    transform(row: T, _encoding, done) {
      const head = started ? '' : start();
      done(null, head + csvLine(columns.map((c) => c.value(row)), options));
    },
    flush(done) {
      done(null, started ? undefined : start() || undefined);
    },
  });
}

/** Writes rows to a Writable honouring backpressure; resolves when the last line is handed over (the stream is not ended). */
export async function writeCsv<T>(
  out: Writable,
  columns: readonly CsvColumn<T>[],
  rows: Iterable<T> | AsyncIterable<T>,
  options: CsvStreamOptions = {},
): Promise<void> {
  for await (const line of csvLines(columns, rows, options)) {
    if (!out.write(line, 'utf8')) await once(out, 'drain');
  }
}

/** The whole CSV as a Readable (e.g. for an upload API that takes a stream). */
export function csvReadable<T>(
  columns: readonly CsvColumn<T>[],
  rows: Iterable<T> | AsyncIterable<T>,
  options: CsvStreamOptions = {},
): Readable {
  return Readable.from(csvLines(columns, rows, options));
}
