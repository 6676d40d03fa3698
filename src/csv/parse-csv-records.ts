const QUOTE = 34;
const CR = 13;
const LF = 10;

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

/**
 * RFC 4180 reader that reports the physical line each record starts on (papaparse only gives record
 * indexes, and quoted newlines make those differ from the lines a spreadsheet shows). Lenient where
 * Excel is: a quote inside an unquoted field is text, and text after a closing quote is kept.
 * CRLF, LF and lone CR all end a line. The callback returns false to stop early.
 */
export function parseCsvRecords(
  text: string,
  onRecord: (cells: string[], line: number) => boolean | void,
  delimiter: CsvDelimiter = ',',
): ParseRecordsResult {
  const COMMA = delimiter.charCodeAt(0);
  const issues: CsvRecordIssue[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;

  while (i < n) {
    const recordLine = line;
    const cells: string[] = [];
    let endOfRecord = false;
    while (!endOfRecord) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        const openLine = line;
        const field = cells.length + 1;
        i++;
        value = '';
        let segmentStart = i;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q === -1) {
            const issue: CsvRecordIssue = { kind: 'unclosed-quote', line: openLine, field };
            return { issues, unclosedQuote: issue };
          }
          line += countLineBreaks(text, i, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(segmentStart, q + 1);
            i = q + 2;
            segmentStart = i;
            continue;
          }
          value += text.slice(segmentStart, q);
          i = q + 1;
          break;
        }
        const tailStart = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === COMMA || c === CR || c === LF) break;
          i++;
        }
        if (i > tailStart) {
          value += text.slice(tailStart, i);
          if (line > openLine) {
            // A quote that "closes" lines later, followed by more text, is almost always a stray quote
            // that swallowed the lines in between; say where it opened rather than guess.
            return { issues, unclosedQuote: { kind: 'unclosed-quote', line: openLine, field } };
          }
          issues.push({ kind: 'text-after-quote', line: openLine, field });
        }
      } else {
        const start = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === COMMA || c === CR || c === LF) break;
          i++;
        }
        value = text.slice(start, i);
      }
      cells.push(value);
      if (cells.length > MAX_VALUES_PER_RECORD) return { issues, tooManyValues: { line: recordLine } };

      const c = text.charCodeAt(i);
      if (c === COMMA) {
        i++;
        if (i >= n) {
          cells.push('');
          endOfRecord = true;
        }
      } else if (c === CR) {
        i += text.charCodeAt(i + 1) === LF ? 2 : 1;
        line++;
        endOfRecord = true;
      } else if (c === LF) {
        i++;
        line++;
        endOfRecord = true;
      } else {
        endOfRecord = true;
      }
    }
    if (onRecord(cells, recordLine) === false) break;
  }
  return { issues };
}

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === LF) count++;
    else if (c === CR && text.charCodeAt(k + 1) !== LF) count++;
  }
  return count;
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
