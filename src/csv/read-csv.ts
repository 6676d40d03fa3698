import { formatCount, tooManyRowsMessage } from './csv-limits';
import type { CsvNotice, CsvProblem } from './csv-problem';
import { csvProblem } from './csv-problem';
import type { CsvDelimiter } from './parse-csv-records';
import { MAX_VALUES_PER_RECORD, parseCsvRecords, sniffDelimiter } from './parse-csv-records';

export interface HeaderCell {
  /** 0-based position of the column in the file. */
  index: number;
  /** The header cell as written, trimmed. */
  text: string;
  /** The human label, e.g. "Email address to invite"; the whole text for a plain header. */
  label: string;
  /** The property token, e.g. "inviteeEmail"; the whole text for a plain header. */
  token: string;
  /** The token lower-cased: what columns are matched on. */
  key: string;
  /** Something (e.g. "Required", or its translation) followed the bracketed token. */
  required: boolean;
  bracketed: boolean;
}

export interface CsvRow {
  /** 1-based physical line where the record starts. */
  readonly line: number;
  /** Cells keyed by header key (the lower-cased token); missing cells of short rows are ''. */
  readonly cells: Record<string, string>;
  readonly raw: string[];
}

// `cells` is built on demand: holding a keyed copy of every row doubled memory on 100,000-row files,
// and validation reads `raw` by column index anyway.
class CsvRecord implements CsvRow {
  constructor(
    readonly line: number,
    readonly raw: string[],
    private readonly headers: readonly HeaderCell[],
  ) {}

  get cells(): Record<string, string> {
    const cells: Record<string, string> = {};
    for (const h of this.headers) cells[h.key] = this.raw[h.index] ?? '';
    return cells;
  }
}

export interface ReadCsvResult {
  /** The first cell of a leading `version:` row, e.g. "version:v1.0". */
  versionRow?: string;
  headerLine: number;
  headers: HeaderCell[];
  rows: CsvRow[];
  delimiter?: CsvDelimiter;
  /** Lines of data records that were empty or only delimiters (",,,,") and were skipped. */
  blankLines: number[];
  /** All skipped blank records; `blankLines` keeps only the first MAX_LISTED_BLANK_LINES of them. */
  blankLineCount: number;
  warnings: CsvNotice[];
}

export type ReadCsvOutcome = { ok: true; value: ReadCsvResult } | { ok: false; problem: CsvProblem };

export interface ReadCsvOptions {
  /** Data rows allowed; more is a problem naming the count. Unbounded when omitted. */
  maxRows?: number;
}

const MAX_LISTED_BLANK_LINES = 1000;
const BRACKETED = /^(.*)\[([^\]]+)\](.*)$/s;
const VERSION_ROW = /^\s*version\s*:/i;

export function parseHeaderCell(text: string, index: number): HeaderCell {
  const trimmed = text.trim();
  const match = BRACKETED.exec(trimmed);
  if (match) {
    const label = (match[1] ?? '').trim();
    const token = (match[2] ?? '').trim();
    const rest = (match[3] ?? '').trim();
    return { index, text: trimmed, label: label || token, token, key: token.toLowerCase(), required: rest.length > 0, bracketed: true };
  }
  return { index, text: trimmed, label: trimmed, token: trimmed, key: trimmed.toLowerCase(), required: false, bracketed: false };
}

export function isBlankRecord(cells: readonly string[]): boolean {
  for (const cell of cells) if (cell.trim() !== '') return false;
  return true;
}

export interface CsvHeaderInfo {
  versionRow?: string;
  /** Comma, or the semicolon or tab the header row was written with. */
  delimiter: CsvDelimiter;
  headerLine: number;
  headers: HeaderCell[];
}

export interface ScanCsvOptions extends ReadCsvOptions {
  /** Called once, when the header row has been read; returning false stops the scan. */
  onHeader?: (info: CsvHeaderInfo) => boolean | void;
  /** Called for every data row within `maxRows`; blank rows are not passed. */
  onRow: (raw: string[], line: number) => void;
}

export type ScanCsvOutcome =
  | { ok: true; value: CsvHeaderInfo & { blankLines: number[]; blankLineCount: number; warnings: CsvNotice[]; dataRows: number } }
  | { ok: false; problem: CsvProblem };

/**
 * The reader without the row array: rows are handed to `onRow` as they are read, so a caller that
 * validates as it goes holds only its results, not the whole file twice.
 */
export function scanCsv(input: string, options: ScanCsvOptions): ScanCsvOutcome {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const delimiter = sniffDelimiter(text);
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  const warnings: CsvNotice[] = [];
  const blankLines: number[] = [];
  let blankLineCount = 0;
  let versionRow: string | undefined;
  let headers: HeaderCell[] | undefined;
  let headerLine = 0;
  let dataRows = 0;
  let stopped = false;

  const parsed = parseCsvRecords(text, (raw, line) => {
    if (!headers) {
      if (isBlankRecord(raw)) return;
      const first = (raw[0] ?? '').trim();
      if (versionRow === undefined && VERSION_ROW.test(first)) {
        versionRow = first.replace(/\s+/g, '');
        return;
      }
      headers = readHeaders(raw, line, warnings);
      headerLine = line;
      const go = options.onHeader?.({ ...(versionRow !== undefined ? { versionRow } : {}), delimiter, headerLine, headers });
      if (go === false) {
        stopped = true;
        return false;
      }
      return;
    }
    if (isBlankRecord(raw)) {
      // Excel can pad a sheet with a million ",,,," rows; their count is kept, not every line number.
      if (blankLineCount++ < MAX_LISTED_BLANK_LINES) blankLines.push(line);
      return;
    }
    dataRows++;
    if (dataRows <= maxRows) options.onRow(raw, line);
  }, delimiter);

  if (parsed.unclosedQuote) {
    const { line, field } = parsed.unclosedQuote;
    const column = headers?.find((h) => h.index === field - 1)?.label;
    const where = column ? `line ${line}, ${column}` : `line ${line}, column ${field}`;
    return {
      ok: false,
      problem: csvProblem(
        'unclosed-quote',
        `${where}: a quote (") opens a value here but never closes, so everything after it would be read as one value. Remove the stray quote, or put the whole value in quotes and double any quote inside it (""), then send the file again.`,
        { line, ...(column ? { column } : {}) },
      ),
    };
  }
  if (parsed.tooManyValues) {
    const { line } = parsed.tooManyValues;
    return {
      ok: false,
      problem: csvProblem(
        'too-many-columns',
        `line ${line} has more than ${formatCount(MAX_VALUES_PER_RECORD)} values, more columns than a spreadsheet can have, so the file can't be read. Open it in Excel, delete the empty columns to the right of your data, save it as CSV UTF-8 and send it again.`,
        { line },
      ),
    };
  }
  for (const issue of parsed.issues) {
    const column = headers?.find((h) => h.index === issue.field - 1)?.label ?? `column ${issue.field}`;
    warnings.push({
      line: issue.line,
      column,
      message: `line ${issue.line}, ${column}: there is text after the closing quote; it was kept as part of the value. Check the quotes in this cell.`,
    });
  }
  if (!headers) {
    return { ok: false, problem: csvProblem('empty', 'The file has no header row. Start from the template: keep its header row and add one row per item below it.') };
  }
  if (dataRows > maxRows && !stopped) {
    return {
      ok: false,
      problem: csvProblem('too-many-rows', tooManyRowsMessage(maxRows, dataRows)),
    };
  }
  return {
    ok: true,
    value: { ...(versionRow !== undefined ? { versionRow } : {}), delimiter, headerLine, headers, blankLines, blankLineCount, warnings, dataRows },
  };
}

export function readCsv(input: string, options: ReadCsvOptions = {}): ReadCsvOutcome {
  const raws: { raw: string[]; line: number }[] = [];
  const scanned = scanCsv(input, { ...options, onRow: (raw, line) => raws.push({ raw, line }) });
  if (!scanned.ok) return scanned;
  const { versionRow, delimiter, headerLine, headers, blankLines, blankLineCount, warnings } = scanned.value;
  const rows: CsvRow[] = raws.map(({ raw, line }) => new CsvRecord(line, raw, headers));
  return { ok: true, value: { ...(versionRow !== undefined ? { versionRow } : {}), delimiter, headerLine, headers, rows, blankLines, blankLineCount, warnings } };
}

function readHeaders(raw: readonly string[], line: number, warnings: CsvNotice[]): HeaderCell[] {
  const headers: HeaderCell[] = [];
  const seen = new Map<string, HeaderCell>();
  raw.forEach((cell, index) => {
    if (cell.trim() === '') return;
    const header = parseHeaderCell(cell, index);
    const earlier = seen.get(header.key);
    if (earlier) {
      warnings.push({
        line,
        column: header.label,
        message: `line ${line}: columns ${earlier.index + 1} ("${earlier.text}") and ${index + 1} ("${header.text}") are both [${header.token}]; only column ${earlier.index + 1} is used. Delete one of them.`,
      });
      return;
    }
    seen.set(header.key, header);
    headers.push(header);
  });
  return headers;
}
