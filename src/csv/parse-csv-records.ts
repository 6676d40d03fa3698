import Papa from 'papaparse';

/** Excel writes `;` where the region's decimal separator is a comma, even for "CSV UTF-8 (Comma delimited)". */
export type CsvDelimiter = ',' | ';' | '\t';

export interface CsvRecordIssue {
  kind: 'unclosed-quote' | 'text-after-quote';
  line: number;
  /** 1-based position of the field in its record. */
  field: number;
}

/** Excel's last column is XFD (16,384): a record with more values is not a sheet, and holding it could exhaust memory. */
export const MAX_VALUES_PER_RECORD = 16_384;

export interface ParseRecordsResult {
  issues: CsvRecordIssue[];
  /** Set when a quote never closes: the rest of the file was not read. */
  unclosedQuote?: CsvRecordIssue;
  /** Set when a record has more than MAX_VALUES_PER_RECORD values: the rest of the file was not read. */
  tooManyValues?: { line: number };
}

type Newline = '\n' | '\r';

/**
 * Pre-pass for papaparse, which reads one newline sequence per file: a file that mixes CRLF, LF and lone CR
 * (files pasted together, Excel's CRLF rows with Alt+Enter LF inside cells) is read with LF as the newline
 * and every lone CR turned into LF, so each line end still ends one line and a CRLF or LF inside quotes is
 * kept. A CRLF line end then leaves a CR at the end of the record's last value, which parseCsvRecords drops
 * (no value can end with one: any other CR before a quote or delimiter was lone). The only difference this
 * makes: in a file with LF line ends a lone CR inside a quoted value is read as LF.
 */
export function uniformLineEnds(text: string): { text: string; newline: Newline } {
  if (!text.includes('\r')) return { text, newline: '\n' };
  if (!text.includes('\n')) return { text, newline: '\r' };
  return { text: /\r(?!\n)/.test(text) ? text.replace(/\r(?!\n)/g, '\n') : text, newline: '\n' };
}

/** Drops the CR a CRLF line end leaves on a record's last value when the newline is LF. */
function withoutLineEndCr(cells: string[]): string[] {
  const last = cells.length - 1;
  const value = cells[last];
  if (value !== undefined && value.charCodeAt(value.length - 1) === 13) cells[last] = value.slice(0, -1);
  return cells;
}

/** The physical line of a character offset, counted on from the last offset asked about. */
class LineCounter {
  private offset = 0;
  private line = 1;

  constructor(
    private readonly text: string,
    private readonly breakChar: string,
  ) {}

  at(offset: number): number {
    if (offset >= this.offset) this.line += this.breaksBetween(this.offset, offset);
    else this.line -= this.breaksBetween(offset, this.offset);
    this.offset = offset;
    return this.line;
  }

  breaksBetween(from: number, to: number): number {
    let count = 0;
    for (let k = this.text.indexOf(this.breakChar, from); k !== -1 && k < to; k = this.text.indexOf(this.breakChar, k + 1)) count++;
    return count;
  }
}

/** Where a quoted field's first lone quote is: today's end of the value, whatever follows it. */
function closingQuote(text: string, contentStart: number): number {
  let k = text.indexOf('"', contentStart);
  while (k !== -1 && text.charCodeAt(k + 1) === 34) k = text.indexOf('"', k + 2);
  return k;
}

/** The end of the unquoted text after a closing quote: the next delimiter, line break or the end. */
function tailEnd(text: string, from: number, delimiter: number): number {
  let k = from;
  while (k < text.length) {
    const c = text.charCodeAt(k);
    if (c === delimiter || c === 10 || c === 13) break;
    k++;
  }
  return k;
}

// Papaparse is given the file a window of whole lines at a time. On a quote followed by text it searches on
// for a quote followed by a delimiter, which can be far away; a window bounds that search, and after such a
// quote the window starts small again, so a file with one on every line is still read in linear time.
const MIN_WINDOW = 256;
const MAX_WINDOW = 4 * 1024 * 1024;

/**
 * Reads CSV records with papaparse and reports the physical line each starts on, from papaparse's
 * character offsets (quoted newlines make record indexes differ from the lines a spreadsheet shows).
 * Lenient where Excel is: a quote inside an unquoted field is text, and text after a closing quote is kept
 * (papaparse would read on to a later quote, so that field is read here and papaparse resumes after it).
 * CRLF, LF and lone CR all end a line (see uniformLineEnds). The callback returns false to stop early.
 */
export function parseCsvRecords(
  input: string,
  onRecord: (cells: string[], line: number) => boolean | void,
  delimiter: CsvDelimiter = ',',
): ParseRecordsResult {
  const { text, newline } = uniformLineEnds(input);
  const lines = new LineCounter(text, newline);
  const delimiterCode = delimiter.charCodeAt(0);
  const issues: CsvRecordIssue[] = [];
  let pos = 0;
  let window = 64 * 1024;
  /** Cells already read of a record that continues after a closing quote with text after it. */
  let pending: { cells: string[]; line: number } | undefined;
  let outcome: ParseRecordsResult | undefined;

  const emit = (cells: string[], line: number): boolean => {
    if (cells.length > MAX_VALUES_PER_RECORD) {
      outcome = { issues, tooManyValues: { line } };
      return false;
    }
    if (onRecord(cells, line) === false) {
      outcome = { issues };
      return false;
    }
    return true;
  };

  while (pos < text.length && !outcome) {
    const breakAt = text.indexOf(newline, pos + window);
    const windowEnd = breakAt === -1 ? text.length : breakAt + newline.length;
    const chunk = text.slice(pos, windowEnd);
    const base = pos;
    let next = windowEnd;
    let rowStart = 0;
    let grow = false;

    const parser: Papa.Parser = new Papa.Parser({
      delimiter,
      newline,
      step: (results: Papa.ParseStepResult<string[][]>) => {
        const row = results.data[0] ?? [];
        const start = rowStart;
        rowStart = results.meta.cursor;
        // After a final line break papaparse reports one more, empty record; the file has no such line.
        if (start === chunk.length) return;
        const cells = pending ? pending.cells.concat(row) : row;
        const line = pending ? pending.line : lines.at(base + start);
        const invalid = results.errors.find((e) => e.code === 'InvalidQuotes');
        const missing = results.errors.find((e) => e.code === 'MissingQuotes');
        if (invalid?.index !== undefined) {
          parser.abort();
          next = readTextAfterQuote(base + start, base + invalid.index, line);
          return;
        }
        if (missing?.index !== undefined) {
          parser.abort();
          if (windowEnd < text.length) {
            // The quoted value goes on past this window: read the record again with more of the file.
            grow = true;
            next = base + start;
            return;
          }
          const field = cells.length;
          if (field - 1 > MAX_VALUES_PER_RECORD) outcome = { issues, tooManyValues: { line } };
          else outcome = { issues, unclosedQuote: { kind: 'unclosed-quote', line: lines.at(base + missing.index - 1), field } };
          return;
        }
        pending = undefined;
        if (!emit(newline === '\n' ? withoutLineEndCr(cells) : cells, line)) parser.abort();
      },
    });

    /**
     * Reads the quoted field whose value starts at `contentStart` as the hand-rolled reader did: the value
     * ends at its first lone quote and the text after it, up to the next delimiter or line break, is kept.
     * Returns where papaparse resumes.
     */
    const readTextAfterQuote = (recordPartStart: number, contentStart: number, line: number): number => {
      const before = fieldsBefore(text.slice(recordPartStart, contentStart - 1), delimiter, newline);
      const cells = (pending ? pending.cells : []).concat(before);
      const field = cells.length + 1;
      const openLine = lines.at(contentStart - 1);
      const quote = closingQuote(text, contentStart);
      if (lines.breaksBetween(contentStart, quote) > 0) {
        // A quote that "closes" lines later, followed by more text, is almost always a stray quote
        // that swallowed the lines in between; say where it opened rather than guess.
        outcome = { issues, unclosedQuote: { kind: 'unclosed-quote', line: openLine, field } };
        return text.length;
      }
      issues.push({ kind: 'text-after-quote', line: openLine, field });
      const end = tailEnd(text, quote + 1, delimiterCode);
      cells.push(text.slice(contentStart, quote).replace(/""/g, '"') + text.slice(quote + 1, end));
      window = MIN_WINDOW;
      if (text.charCodeAt(end) === delimiterCode) {
        if (end + 1 < text.length) {
          pending = { cells, line };
          return end + 1;
        }
        cells.push('');
      }
      pending = undefined;
      if (!emit(cells, line)) return text.length;
      return end === text.length ? end : end + (text.startsWith('\r\n', end) ? 2 : 1);
    };

    parser.parse(chunk, 0, false);
    if (grow) window = Math.min(Math.max(window * 2, windowEnd - pos), Number.MAX_SAFE_INTEGER);
    else if (next === windowEnd) window = Math.min(window * 2, MAX_WINDOW);
    pos = next;
  }
  return outcome ?? { issues };
}

/** The values of the fields before a quoted field in the same record (the text up to its opening quote). */
function fieldsBefore(text: string, delimiter: CsvDelimiter, newline: Newline): string[] {
  if (text === '') return [];
  const results = new Papa.Parser({ delimiter, newline }).parse(text, 0, false) as Papa.ParseResult<string[]>;
  return (results.data[0] ?? []).slice(0, -1);
}

/**
 * The delimiter of the first line that is not blank and not a `version:` row (the header): a comma unless
 * that line has more unquoted semicolons or tabs than commas.
 */
export function sniffDelimiter(text: string): CsvDelimiter {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    // The header is enough to tell, and a file that is one enormous line must not be walked twice.
    const line = text.slice(start, Math.min(end, start + 64 * 1024)).replace(/\r$/, '');
    start = end + 1;
    if (line.trim() === '' || /^\s*"?\s*version\s*:/i.test(line)) continue;
    const counts = { ',': 0, ';': 0, '\t': 0 };
    let quoted = false;
    for (const c of line) {
      if (c === '"') quoted = !quoted;
      else if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c]++;
    }
    if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
    if (counts['\t'] > counts[',']) return '\t';
    return ',';
  }
  return ',';
}
