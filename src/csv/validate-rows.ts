import type { z } from 'zod';
import type { CsvNotice, CsvProblem } from './csv-problem';
import { csvProblem } from './csv-problem';
import { showControlCharacters } from './control-characters';
import { formatCount } from './csv-limits';
import type { CsvTemplate, CsvTemplateColumn } from './csv-template';
import type { ColumnMatch } from './match-columns';
import { matchColumns } from './match-columns';
import type { CsvDelimiter } from './parse-csv-records';
import type { HeaderCell, ReadCsvResult } from './read-csv';

export interface RowError {
  line: number;
  /** The column's header label as written in the file (the template's label if the column is absent). */
  column: string;
  token: string;
  /** The cell as written; `••••` for secret columns. */
  value: string;
  /** What is wrong, e.g. "'ana@@fabrikam.com' is not an email address". */
  message: string;
  /** What to do, e.g. "fix the address or remove the row". */
  fix: string;
}

export interface DuplicateRow {
  key: string;
  lines: number[];
  column: string;
  value: string;
  message: string;
}

export interface ValidRow<T> {
  line: number;
  value: T;
  /** The row's cells as the admin wrote them, by the file's own header names; secret columns (passwords) are left out. */
  cells: Record<string, string>;
}

export interface RowValidation<T, K extends string = string> {
  kind: K;
  valid: ValidRow<T>[];
  errors: RowError[];
  warnings: CsvNotice[];
  duplicates: DuplicateRow[];
  exampleRows: CsvNotice[];
  /** Data rows read (example rows included, blank lines not). */
  totalRows: number;
  /** Set when there is nothing to run at all (header only, or only the example row). */
  problem?: CsvProblem;
}

export interface DuplicateKey {
  key: string;
  token: string;
  value: string;
}

export interface RowIssue {
  token: string;
  message: string;
  fix: string;
}

export type RowCheck<T> = { ok: true; value: T } | { ok: false; issues: RowIssue[] };

export interface RowSpec<T, K extends string = string> {
  template: CsvTemplate<K>;
  /** Built once per kind: takes every template token mapped to its cell ('' when blank or absent). */
  schema: z.ZodType<T, z.ZodTypeDef, Record<string, string>>;
  /** The same rules as `schema` without zod's per-call cost; used instead of it when present. */
  checkRow?(cells: Record<string, string>): RowCheck<T>;
  /** Rows with the same key are duplicates; the later ones are errors. Method syntax keeps specs assignable across row types. */
  duplicateKey?(row: T): DuplicateKey | undefined;
}

const EXAMPLE_PREFIX = /^\s*["']?(example|examples|exemple|beispiel|ejemplo|esempio|exemplo|voorbeeld|przykład|exempel|eksempel|esimerkki|příklad|örnek|пример|例|예)\s*[:：]/i;
const VERSION_ROW = /^\s*version\s*:/i;
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
const SECRET_MASK = '••••';
const DELIMITER_NAMES: Record<CsvDelimiter, string> = { ',': 'commas', ';': 'semicolons', '\t': 'tabs' };
const DELIMITER_NAME: Record<CsvDelimiter, string> = { ',': 'a comma', ';': 'a semicolon', '\t': 'a tab' };
// A number or phone number ("-5", "+1 425 555 0100") starts like a formula but is data; anything else after + - @ is not.
const NUMBER_LIKE = /^[+-][0-9 ()./x-]*$/i;

/** The character that would make a spreadsheet evaluate the cell, if any. */
function formulaPrefix(cell: string): string | undefined {
  const c = cell.charAt(0);
  if (c === '=') return c;
  if ((c === '+' || c === '-' || c === '@') && !NUMBER_LIKE.test(cell)) return c;
  return undefined;
}

export function isExampleCell(cell: string): boolean {
  return EXAMPLE_PREFIX.test(cell);
}

export interface RowValidator<T, K extends string = string> {
  add(raw: readonly string[], line: number): void;
  finish(file: { headerLine: number; blankLines: readonly number[]; blankLineCount?: number; warnings: readonly CsvNotice[] }): RowValidation<T, K>;
}

/** Validates rows one at a time as they are read; `finish` adds the file-level notes. */
export function createRowValidator<T, K extends string>(
  spec: RowSpec<T, K>,
  headers: readonly HeaderCell[],
  match: ColumnMatch<K> = matchColumns(spec.template, headers),
  delimiter: CsvDelimiter = ',',
): RowValidator<T, K> {
  const { template } = spec;
  const valid: ValidRow<T>[] = [];
  const errors: RowError[] = [];
  const warnings: CsvNotice[] = [];
  const exampleRows: CsvNotice[] = [];
  const firstLineByKey = new Map<string, DuplicateRow>();
  let totalRows = 0;

  const bound = template.columns.map((column) => {
    const header = match.matched.find((m) => m.column === column)?.header;
    return { column, token: column.token, index: header?.index ?? -1, label: header?.label ?? column.label };
  });
  const labelByToken = new Map(bound.map((b) => [b.token, b]));
  const blankInput: Record<string, string> = Object.fromEntries(bound.map((b) => [b.token, '']));
  const used = bound.filter((b) => b.index >= 0);
  const checked = used.filter((b) => !b.column.secret);
  const widthOfHeader = headers.reduce((max, h) => Math.max(max, h.index + 1), 0);
  const lastUsed = used.reduce<(typeof used)[number] | undefined>((last, b) => (!last || b.index > last.index ? b : last), undefined);
  const absorbing = lastUsed && lastUsed.column.freeText && lastUsed.index === widthOfHeader - 1 ? lastUsed : undefined;
  const hasSecret = used.some((b) => b.column.secret);
  const requiredColumns = used.filter((b) => b.column.requiredInFile ?? b.column.required);
  const firstUsedIndex = used.reduce((min, b) => Math.min(min, b.index), Number.POSITIVE_INFINITY);
  const secretIndexes = new Set(used.filter((b) => b.column.secret).map((b) => b.index));
  const tokenAtIndex = new Map(used.map((b) => [b.index, b.token]));
  // The file's own columns (the first of any repeated header name), for the results file to repeat.
  const ownColumns: { header: string; index: number; token: string | undefined }[] = [];
  for (const h of headers) {
    if (h.text === '' || secretIndexes.has(h.index) || ownColumns.some((c) => c.header === h.text)) continue;
    ownColumns.push({ header: h.text, index: h.index, token: tokenAtIndex.get(h.index) });
  }

  // Files pasted one under another repeat the version and header rows; those are not data.
  const misplacedHeaderRow = (raw: readonly string[]): string | undefined => {
    const first = raw[0] ?? '';
    if (VERSION_ROW.test(first) && raw.every((c, i) => i === 0 || c.trim() === '')) {
      return `this is a version row ("${shorten(first.trim())}"), which belongs only at the top of the file (were two files pasted together?)`;
    }
    if (headers.length > 0 && headers.every((h) => (raw[h.index] ?? '').trim() === h.text)) return 'this row repeats the header row (were two files pasted together?)';
    return undefined;
  };

  const checkRow = (cells: Record<string, string>): RowCheck<T> =>
    spec.checkRow ? spec.checkRow(cells) : zodCheck(spec.schema, cells, used[0]?.token ?? template.columns[0]?.token ?? '', labelByToken);

  const add = (raw: readonly string[], line: number): void => {
    totalRows++;
    const exampleCell = raw[0] ?? '';
    if (isExampleCell(exampleCell) || (firstUsedIndex !== 0 && isExampleCell(raw[firstUsedIndex] ?? ''))) {
      exampleRows.push({
        line,
        message: `Line ${line} is the portal template's example row ("${shorten(isExampleCell(exampleCell) ? exampleCell : (raw[firstUsedIndex] ?? ''))}") and was skipped.`,
      });
      return;
    }

    const misplaced = misplacedHeaderRow(raw);
    if (misplaced) {
      errors.push({ line, column: '', token: '', value: '', message: misplaced, fix: 'delete the row' });
      return;
    }

    // Cloning a fixed-shape object then overwriting keeps one hidden class for every row; adding keys one by one was a hot spot.
    const input: Record<string, string> = { ...blankInput };
    for (const b of used) input[b.token] = raw[b.index] ?? '';

    let misaligned: RowError | undefined;
    if (raw.length > widthOfHeader) {
      const extra = raw.slice(widthOfHeader).filter((c) => c.trim() !== '');
      if (extra.length > 0) {
        if (absorbing) {
          input[absorbing.token] = raw.slice(absorbing.index).join(delimiter);
          warnings.push({
            line,
            column: absorbing.label,
            message: `line ${line}, ${absorbing.label}: the text contains ${DELIMITER_NAMES[delimiter]} without quotes around it; it was read as one value ("${shorten(input[absorbing.token] ?? '')}"). Check it, or put the text in quotes.`,
          });
        } else {
          // A comma split a value somewhere, so every cell after it may sit in the wrong column: running the row
          // could write the wrong data. Shifted cells are not quoted back: a password may have moved into any of them.
          const shown = hasSecret
            ? ''
            : ` (extra: ${extra
                .slice(0, 3)
                .map((c) => `'${shorten(c, 30)}'`)
                .join(', ')}${extra.length > 3 ? ', …' : ''})`;
          misaligned = {
            line,
            column: '',
            token: '',
            value: '',
            message: `the row has ${raw.length} values but the header has ${widthOfHeader} columns${shown}, so its values may be in the wrong columns`,
            fix: `put quotes around any value that contains ${DELIMITER_NAME[delimiter]}, or delete the extra values`,
          };
        }
      }
    } else if (hasSecret && raw.length < widthOfHeader) {
      const cut = requiredColumns.filter((b) => b.index >= raw.length);
      if (cut.length > 0) {
        misaligned = {
          line,
          column: '',
          token: '',
          value: '',
          message: `the row has only ${raw.length} value${raw.length === 1 ? '' : 's'} but the header has ${widthOfHeader} columns, so ${cut.map((b) => `"${b.label}"`).join(', ')} ${cut.length === 1 ? 'is' : 'are'} missing and the other values may be in the wrong columns`,
          fix: 'check the row for a missing comma or value',
        };
      }
    }
    if (misaligned) {
      errors.push(misaligned);
      return;
    }

    const result = checkRow(input);
    if (!result.ok) {
      for (const issue of result.issues) {
        const b = labelByToken.get(issue.token);
        errors.push({
          line,
          column: b?.label ?? issue.token,
          token: issue.token,
          value: b?.column.secret ? SECRET_MASK : (input[issue.token] ?? ''),
          message: issue.message,
          fix: issue.fix,
        });
      }
      return;
    }

    for (const b of checked) {
      const cell = input[b.token] ?? '';
      if (cell === '') continue;
      const formula = formulaPrefix(cell);
      if (formula) {
        warnings.push({
          line,
          column: b.label,
          message: `line ${line}, ${b.label}: '${shorten(cell)}' starts with "${formula}", which a spreadsheet would run as a formula; it is used as plain text, exactly as written. Check that it is what you meant.`,
        });
      }
      if (BIDI_CONTROLS.test(cell)) {
        warnings.push({
          line,
          column: b.label,
          message: `line ${line}, ${b.label}: the value contains invisible text-direction characters, which can make it display differently from what it is. Retype it if you did not mean them.`,
        });
      }
    }

    const dup = spec.duplicateKey?.(result.value);
    if (dup) {
      const seen = firstLineByKey.get(dup.key);
      const label = labelByToken.get(dup.token)?.label ?? dup.token;
      if (seen) {
        seen.lines.push(line);
        errors.push({
          line,
          column: label,
          token: dup.token,
          value: dup.value,
          message: `'${shorten(dup.value)}' is already on line ${seen.lines[0]}`,
          fix: `remove the duplicate row (line ${seen.lines[0]} will run once)`,
        });
        return;
      }
      firstLineByKey.set(dup.key, { key: dup.key, lines: [line], column: label, value: dup.value, message: '' });
    }
    // A matched column gives the cell as read (a free-text cell absorbs unquoted commas); any other, the raw cell.
    const cells: Record<string, string> = {};
    for (const c of ownColumns) cells[c.header] = c.token !== undefined ? (input[c.token] ?? '') : (raw[c.index] ?? '');
    valid.push({ line, value: result.value, cells });
  };

  const finish: RowValidator<T, K>['finish'] = (file) => {
    const duplicates: DuplicateRow[] = [];
    for (const d of firstLineByKey.values()) {
      if (d.lines.length < 2) continue;
      d.message = `${d.column} '${shorten(d.value)}' appears on lines ${joinLines(d.lines)}; only line ${d.lines[0]} will run.`;
      duplicates.push(d);
    }
    const allWarnings = [...file.warnings, ...warnings, ...summariseBlankLines(file.blankLines, file.blankLineCount ?? file.blankLines.length)];
    let problem: CsvProblem | undefined;
    if (totalRows === 0) {
      problem = csvProblem(
        'header-only',
        `The file has a header row (line ${file.headerLine}) but no rows below it. Add one row per item under the header and send it again.`,
        { line: file.headerLine },
      );
    } else if (exampleRows.length === totalRows) {
      problem = csvProblem(
        'header-only',
        `The only row in the file is the portal template's example row (line ${exampleRows[0]?.line ?? file.headerLine + 1}). Replace it with your own rows and send the file again.`,
      );
    }
    return { kind: template.kind, valid, errors, warnings: allWarnings, duplicates, exampleRows, totalRows, ...(problem ? { problem } : {}) };
  };

  return { add, finish };
}

export function validateRows<T, K extends string>(
  parsed: ReadCsvResult,
  spec: RowSpec<T, K>,
  match: ColumnMatch<K> = matchColumns(spec.template, parsed.headers),
): RowValidation<T, K> {
  const validator = createRowValidator(spec, parsed.headers, match, parsed.delimiter);
  for (const row of parsed.rows) validator.add(row.raw, row.line);
  return validator.finish(parsed);
}

/** What is wrong and what to do, without the place: the bot shows the line and column beside it. */
export function rowErrorText(e: Pick<RowError, 'message' | 'fix'>): string {
  return `${e.message} — ${e.fix}.`;
}

export function formatRowError(e: RowError): string {
  return e.column ? `line ${e.line}, ${e.column}: ${rowErrorText(e)}` : `line ${e.line}: ${rowErrorText(e)}`;
}

/** Notes that do not stop the file (example rows left in, skipped blank rows, values read as text), in report order. */
export function validationNotes(v: Pick<RowValidation<unknown>, 'exampleRows' | 'warnings'>): string[] {
  return [...v.exampleRows.map((n) => n.message), ...v.warnings.map((w) => w.message)];
}

export interface ValidationReportOptions {
  /** At most this many error lines; the rest are counted. Default 20. */
  maxErrors?: number;
}

/** A plain-text report for chat or a terminal: counts, then the first errors and notes. */
export function formatValidationReport(v: RowValidation<unknown>, options: ValidationReportOptions = {}): string {
  const maxErrors = options.maxErrors ?? 20;
  const lines: string[] = [];
  if (v.problem) return v.problem.message;
  const rowsWithErrors = new Set(v.errors.map((e) => e.line)).size;
  lines.push(
    `${v.valid.length} of ${v.totalRows} row${v.totalRows === 1 ? '' : 's'} ready` +
      (rowsWithErrors ? `, ${rowsWithErrors} with errors` : '') +
      (v.exampleRows.length ? `, ${v.exampleRows.length} example row${v.exampleRows.length === 1 ? '' : 's'} skipped` : '') +
      '.',
  );
  for (const e of v.errors.slice(0, maxErrors)) lines.push(formatRowError(e));
  if (v.errors.length > maxErrors) lines.push(`…and ${v.errors.length - maxErrors} more errors (all are in the results file).`);
  const notes = validationNotes(v);
  for (const note of notes.slice(0, maxErrors)) lines.push(note);
  if (notes.length > maxErrors) lines.push(`…and ${notes.length - maxErrors} more notes.`);
  return lines.join('\n');
}

function zodCheck<T>(
  schema: z.ZodType<T, z.ZodTypeDef, Record<string, string>>,
  cells: Record<string, string>,
  fallbackToken: string,
  columns: ReadonlyMap<string, { column: CsvTemplateColumn }>,
): RowCheck<T> {
  const result = schema.safeParse(cells);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues.map((issue): RowIssue => {
    const token = typeof issue.path[0] === 'string' ? issue.path[0] : fallbackToken;
    return { token, message: issue.message, fix: fixOf(issue, columns.get(token)?.column) };
  });
  return { ok: false, issues: issues.length ? issues : [{ token: fallbackToken, message: 'the row could not be read', fix: 'check the row against the template' }] };
}

function fixOf(issue: z.ZodIssue, column: CsvTemplateColumn | undefined): string {
  if (issue.code === 'custom') {
    const params: unknown = issue.params;
    if (params && typeof params === 'object' && 'fix' in params && typeof params.fix === 'string') return params.fix;
  }
  return column ? `put ${column.hint} in this column, or remove the row` : 'fix the row or remove it';
}

function shorten(value: string, max = 60): string {
  const oneLine = value.replace(/\r\n|\r|\n/g, '⏎');
  return showControlCharacters(oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine);
}

function joinLines(lines: readonly number[]): string {
  if (lines.length <= 2) return lines.join(' and ');
  const shown = lines.slice(0, 10);
  const more = lines.length - shown.length;
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}${more ? ` (and ${more} more)` : ''}`;
}

function summariseBlankLines(lines: readonly number[], count: number): CsvNotice[] {
  if (lines.length === 0) return [];
  const first = lines[0] as number;
  const ranges: string[] = [];
  let start = first;
  let prev = first;
  for (const l of lines.slice(1)) {
    if (l === prev + 1) {
      prev = l;
      continue;
    }
    ranges.push(start === prev ? `${start}` : `${start}–${prev}`);
    start = prev = l;
  }
  ranges.push(start === prev ? `${start}` : `${start}–${prev}`);
  const shown = ranges.slice(0, 10).join(', ') + (ranges.length > 10 || count > lines.length ? ', …' : '');
  return [
    {
      line: first,
      message: `${formatCount(count)} empty row${count === 1 ? ' was' : 's were'} skipped (line${count === 1 ? '' : 's'} ${shown}).`,
    },
  ];
}
