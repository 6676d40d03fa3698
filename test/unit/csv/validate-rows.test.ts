import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CsvTemplate } from '../../../src/csv/csv-template';
import { readCsv } from '../../../src/csv/read-csv';
import type { RowSpec } from '../../../src/csv/validate-rows';
import { formatRowError, formatValidationReport, isExampleCell, validateRows } from '../../../src/csv/validate-rows';

const template: CsvTemplate<'things'> = {
  kind: 'things',
  title: 'bulk things',
  columns: [
    { token: 'code', label: 'Code', required: true, example: 'A1', hint: 'a code like A1' },
    { token: 'secret', label: 'Secret', required: false, example: '', hint: 'a secret', secret: true },
    { token: 'note', label: 'Note', required: false, example: '', hint: 'a note', freeText: true },
  ],
};

// A plain zod schema (no checkRow): the engine must work from zod issues alone.
const schema = z
  .object({
    code: z.string().regex(/^[A-Z]\d$/, 'is not a code'),
    secret: z.string().refine((s) => s === '' || s.length >= 4, { message: 'is too short', params: { fix: 'use at least 4 characters' } }),
    note: z.string(),
  })
  .transform((r) => ({ code: r.code, note: r.note || undefined }));

const spec: RowSpec<{ code: string; note?: string }, 'things'> = {
  template,
  schema,
  duplicateKey: (row) => ({ key: row.code, token: 'code', value: row.code }),
};

function run(text: string) {
  const r = readCsv(text);
  if (!r.ok) throw new Error(r.problem.message);
  return validateRows(r.value, spec);
}

describe('validateRows', () => {
  it('gives every row either a value or an error, with file line numbers and labels as written', () => {
    const v = run('Le code [code] Requis,Secret [secret],Note [note]\nA1,,hello\nbad,,\nB2,abc,\n');
    // The row's own cells are kept by the file's header names, without the secret column.
    expect(v.valid).toEqual([{ line: 2, value: { code: 'A1', note: 'hello' }, cells: { 'Le code [code] Requis': 'A1', 'Note [note]': 'hello' } }]);
    expect(v.errors).toEqual([
      { line: 3, column: 'Le code', token: 'code', value: 'bad', message: 'is not a code', fix: 'put a code like A1 in this column, or remove the row' },
      { line: 4, column: 'Secret', token: 'secret', value: '••••', message: 'is too short', fix: 'use at least 4 characters' },
    ]);
    expect(v.totalRows).toBe(3);
  });

  it('reports duplicates as errors on the later rows and lists all their lines', () => {
    const v = run('Code [code]\nA1\nB2\nA1\nA1\n');
    expect(v.valid.map((r) => r.line)).toEqual([2, 3]);
    expect(v.errors.map((e) => [e.line, e.message])).toEqual([
      [4, "'A1' is already on line 2"],
      [5, "'A1' is already on line 2"],
    ]);
    expect(v.duplicates).toEqual([
      { key: 'A1', lines: [2, 4, 5], column: 'Code', value: 'A1', message: "Code 'A1' appears on lines 2, 4 and 5; only line 2 will run." },
    ]);
  });

  it('recognises an example row left in (also localized) and does not run it', () => {
    expect(isExampleCell('Example: chris@contoso.com')).toBe(true);
    expect(isExampleCell('Exemple : A1')).toBe(true);
    expect(isExampleCell('Examples are fine')).toBe(false);
    const v = run('Code [code]\nExample: A1\nB2\n');
    expect(v.valid.map((r) => r.line)).toEqual([3]);
    expect(v.exampleRows).toEqual([{ line: 2, message: `Line 2 is the portal template's example row ("Example: A1") and was skipped.` }]);
  });

  it('says there is nothing to run when the only row is the example row', () => {
    const v = run('Code [code]\nExample: A1\n');
    expect(v.problem?.code).toBe('header-only');
  });

  it('says a header-only file has no rows, naming the header line', () => {
    const v = run('version:v1.0\nCode [code]\n');
    expect(v.problem?.message).toBe('The file has a header row (line 2) but no rows below it. Add one row per item under the header and send it again.');
  });

  it('reads unquoted commas in a last free-text column as one value, with a warning', () => {
    const v = run('Code [code],Secret [secret],Note [note]\nA1,,Hello, world, again\n');
    expect(v.valid[0]?.value.note).toBe('Hello, world, again');
    expect(v.warnings[0]?.message).toContain('commas without quotes');
  });

  it('refuses a row with more values than the header (its values may be shifted), unless the last column is free text', () => {
    const v = run('Note [note],Code [code]\nhi,A1,extra\nok,B2,,\n');
    expect(v.valid.map((r) => r.line)).toEqual([3]);
    expect(v.errors.map(formatRowError)).toEqual([
      "line 2: the row has 3 values but the header has 2 columns (extra: 'extra'), so its values may be in the wrong columns — put quotes around any value that contains a comma, or delete the extra values.",
    ]);
  });

  it('warns about + - @ formula starts but not about numbers and phone numbers', () => {
    const v = run('Note [note],Code [code]\n+SUM(1),A1\n@cmd,A2\n-2+3,A3\n+1 425 555 0100,A4\n-5,A5\n');
    expect(v.valid).toHaveLength(5);
    expect(v.warnings.map((w) => w.line)).toEqual([2, 3, 4]);
  });

  it('treats formula cells as data but warns, never for secret columns', () => {
    const v = run('Code [code],Secret [secret],Note [note]\nA1,=secret,=HYPERLINK("x")\n');
    expect(v.valid[0]?.value.note).toBe('=HYPERLINK("x")');
    expect(v.warnings.map((w) => w.column)).toEqual(['Note']);
  });

  it('summarises skipped blank rows', () => {
    const v = run('Code [code]\nA1\n,,\n\n,\nB2\n\n');
    expect(v.warnings.map((w) => w.message)).toEqual(['4 empty rows were skipped (lines 3–5, 7).']);
  });

  it('uses the template label when a column is absent', () => {
    const v = run('Note [note]\nhello\n');
    expect(v.errors[0]).toMatchObject({ column: 'Code', token: 'code', value: '' });
  });
});

describe('formatting', () => {
  it('formats an error as the brief shows', () => {
    expect(
      formatRowError({
        line: 14,
        column: 'Email address to invite',
        token: 'inviteeEmail',
        value: 'ana@@fabrikam.com',
        message: "'ana@@fabrikam.com' is not an email address",
        fix: 'fix the address or remove the row',
      }),
    ).toBe("line 14, Email address to invite: 'ana@@fabrikam.com' is not an email address — fix the address or remove the row.");
  });

  it('reports counts, caps the error list and says how many more', () => {
    const v = run('Code [code]\n' + Array.from({ length: 30 }, (_, i) => `x${i}`).join('\n') + '\nA1\n');
    const report = formatValidationReport(v, { maxErrors: 5 }).split('\n');
    expect(report[0]).toBe('1 of 31 rows ready, 30 with errors.');
    expect(report).toHaveLength(7);
    expect(report[6]).toBe('…and 25 more errors (all are in the results file).');
  });
});
