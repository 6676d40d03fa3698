import { Readable, Transform } from 'node:stream';
import type { Writable } from 'node:stream';
import { once } from 'node:events';

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

const NEEDS_QUOTES = /[",\r\n]/;

export function isFormulaLike(text: string): boolean {
  const c = text.charCodeAt(0);
  // = + - @ TAB CR
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13;
}

export function cellText(value: CsvCellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  return String(value);
}

export function csvCell(value: CsvCellValue, options: CsvWriteOptions = {}): string {
  let text = cellText(value);
  if (text === '') return '';
  if ((options.escapeFormulas ?? true) && isFormulaLike(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record including its CRLF line end. */
export function csvLine(values: readonly CsvCellValue[], options: CsvWriteOptions = {}): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ',';
    line += csvCell(values[i], options);
  }
  return line + CSV_LINE_END;
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
