import type { z } from 'zod';
import type { CsvNotice, CsvProblem } from './csv-problem';
import { csvProblem } from './csv-problem';
import type { CsvTemplate, CsvTemplateColumn } from './csv-template';
import type { ColumnMatch } from './match-columns';
import { matchColumns } from './match-columns';
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
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
const SECRET_MASK = '••••';

export function isExampleCell(cell: string): boolean {
  return EXAMPLE_PREFIX.test(cell);
}

export interface RowValidator<T, K extends string = string> {
  add(raw: readonly string[], line: number): void;
  finish(file: { headerLine: number; blankLines: readonly number[]; warnings: readonly CsvNotice[] }): RowValidation<T, K>;
}

/** Validates rows one at a time as they are read; `finish` adds the file-level notes. */
export function createRowValidator<T, K extends string>(
  spec: RowSpec<T, K>,
  headers: readonly HeaderCell[],
  match: ColumnMatch<K> = matchColumns(spec.template, headers),
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
  const firstUsedIndex = used.reduce((min, b) => Math.min(min, b.index), Number.POSITIVE_INFINITY);

  const checkRow = (cells: Record<string, string>): RowCheck<T> =>
    spec.checkRow ? spec.checkRow(cells) : zodCheck(spec.schema, cells, used[0]?.token ?? template.columns[0]?.token ?? '', labelByToken);

  const add = (raw: readonly string[], line: number): void => {
    totalRows++;
    const exampleCell = raw[0] ?? '';
    if (isExampleCell(exampleCell) || (firstUsedIndex !== 0 && isExampleCell(raw[firstUsedIndex] ?? ''))) {
      exampleRows.push({
        line,
        message: `line ${line} is the template's example row ("${shorten(isExampleCell(exampleCell) ? exampleCell : (raw[firstUsedIndex] ?? ''))}"); it was not run. Delete it from the file.`,
      });
      return;
    }

    // Cloning a fixed-shape object then overwriting keeps one hidden class for every row; adding keys one by one was a hot spot.
    const input: Record<string, string> = { ...blankInput };
    for (const b of used) input[b.token] = raw[b.index] ?? '';

    if (raw.length > widthOfHeader) {
      const extra = raw.slice(widthOfHeader);
      if (extra.some((c) => c.trim() !== '')) {
        if (absorbing) {
          input[absorbing.token] = raw.slice(absorbing.index).join(',');
          warnings.push({
            line,
            column: absorbing.label,
            message: `line ${line}, ${absorbing.label}: the text contains commas without quotes around it; it was read as one value ("${shorten(input[absorbing.token] ?? '')}"). Check it, or put the text in quotes.`,
          });
        } else {
          warnings.push({
            line,
            message: `line ${line} has ${raw.length} values but the header has ${widthOfHeader} columns; the extra values (${extra
              .filter((c) => c.trim() !== '')
              .map((c) => `'${shorten(c)}'`)
              .join(', ')}) were ignored. If a value contains a comma, put that value in quotes.`,
          });
        }
      }
    }

    for (const b of checked) {
      const cell = input[b.token] ?? '';
      if (cell === '') continue;
      if (cell.charCodeAt(0) === 61) {
        warnings.push({
          line,
          column: b.label,
          message: `line ${line}, ${b.label}: '${shorten(cell)}' starts with "=", which a spreadsheet would run as a formula; it is used as plain text.`,
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
    valid.push({ line, value: result.value });
  };

  const finish: RowValidator<T, K>['finish'] = (file) => {
    const duplicates: DuplicateRow[] = [];
    for (const d of firstLineByKey.values()) {
      if (d.lines.length < 2) continue;
      d.message = `${d.column} '${shorten(d.value)}' appears on lines ${joinLines(d.lines)}; only line ${d.lines[0]} will run.`;
      duplicates.push(d);
    }
    const allWarnings = [...file.warnings, ...warnings, ...summariseBlankLines(file.blankLines)];
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
        `The only row in the file is the template's example row (line ${exampleRows[0]?.line ?? file.headerLine + 1}). Replace it with your own rows and send the file again.`,
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
  const validator = createRowValidator(spec, parsed.headers, match);
  for (const row of parsed.rows) validator.add(row.raw, row.line);
  return validator.finish(parsed);
}

export function formatRowError(e: RowError): string {
  return e.column ? `line ${e.line}, ${e.column}: ${e.message} — ${e.fix}.` : `line ${e.line}: ${e.message} — ${e.fix}.`;
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
  for (const n of v.exampleRows) lines.push(n.message);
  for (const w of v.warnings.slice(0, maxErrors)) lines.push(w.message);
  if (v.warnings.length > maxErrors) lines.push(`…and ${v.warnings.length - maxErrors} more notes.`);
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
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

function joinLines(lines: readonly number[]): string {
  if (lines.length <= 2) return lines.join(' and ');
  const shown = lines.slice(0, 10);
  const more = lines.length - shown.length;
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}${more ? ` (and ${more} more)` : ''}`;
}

function summariseBlankLines(lines: readonly number[]): CsvNotice[] {
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
  const shown = ranges.slice(0, 10).join(', ') + (ranges.length > 10 ? ', …' : '');
  return [
    {
      line: first,
      message: `${lines.length} empty row${lines.length === 1 ? ' was' : 's were'} skipped (line${lines.length === 1 ? '' : 's'} ${shown}).`,
    },
  ];
}
