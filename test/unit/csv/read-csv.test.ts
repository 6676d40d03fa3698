import { describe, expect, it } from 'vitest';
import { parseCsvRecords, uniformLineEnds } from '../../../src/csv/parse-csv-records';
import { parseHeaderCell, readCsv, scanCsv } from '../../../src/csv/read-csv';

function records(text: string): [number, string[]][] {
  const out: [number, string[]][] = [];
  parseCsvRecords(text, (cells, line) => {
    out.push([line, cells]);
  });
  return out;
}

describe('parseCsvRecords', () => {
  it('splits CRLF, LF and lone CR lines and reports the start line of each record', () => {
    expect(records('a,b\r\nc,d\ne,f\rg,h')).toEqual([
      [1, ['a', 'b']],
      [2, ['c', 'd']],
      [3, ['e', 'f']],
      [4, ['g', 'h']],
    ]);
  });

  it('reads quoted commas, doubled quotes and newlines, and counts the lines they span', () => {
    expect(records('"a,b","say ""hi""","line1\r\nline2\nline3"\r\nnext,row\r\n')).toEqual([
      [1, ['a,b', 'say "hi"', 'line1\r\nline2\nline3']],
      [4, ['next', 'row']],
    ]);
  });

  it('reads a file mixing line ends as LF lines (uniformLineEnds) and keeps CRLF and LF inside quotes', () => {
    expect(uniformLineEnds('a\r\nb\r\n')).toEqual({ text: 'a\r\nb\r\n', newline: '\n' });
    expect(uniformLineEnds('a\rb\r')).toEqual({ text: 'a\rb\r', newline: '\r' });
    expect(uniformLineEnds('a\r\n"b\nc"\rd')).toEqual({ text: 'a\r\n"b\nc"\nd', newline: '\n' });
    expect(records('a\r\n"b\r\nc\nd",e\rf\n')).toEqual([
      [1, ['a']],
      [2, ['b\r\nc\nd', 'e']],
      [5, ['f']],
    ]);
    // The one difference: a lone CR inside quotes, in a file that also has LF, is read as LF.
    expect(records('"x\ry"\nz\n')).toEqual([[1, ['x\ny']], [3, ['z']]]);
  });

  it('keeps reading the record after text after a closing quote, and counts lines on', () => {
    expect(records('a,"b"c,"d\ne",f\r\ng,h\r\n')).toEqual([
      [1, ['a', 'bc', 'd\ne', 'f']],
      [3, ['g', 'h']],
    ]);
    expect(records('"a"b,\n"c"d')).toEqual([[1, ['ab', '']], [2, ['cd']]]);
  });

  it('drops spaces between a closing quote and the delimiter, as papaparse reads them', () => {
    expect(parseCsvRecords('"a"  ,b\n', () => undefined).issues).toEqual([]);
    expect(records('"a"  ,b\n')).toEqual([[1, ['a', 'b']]]);
  });

  it('reads text after a closing quote on every line in linear time', () => {
    const text = '"a"b,c\n'.repeat(200_000);
    const started = performance.now();
    const r = parseCsvRecords(text, () => undefined);
    expect(r.issues).toHaveLength(200_000);
    expect(r.issues[199_999]).toEqual({ kind: 'text-after-quote', line: 200_000, field: 1 });
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('keeps empty cells, including a trailing one', () => {
    expect(records(',a,\n')).toEqual([[1, ['', 'a', '']]]);
    expect(records('x,')).toEqual([[1, ['x', '']]]);
  });

  it('treats a quote inside an unquoted value as text', () => {
    expect(records('5" screen,b\n')).toEqual([[1, ['5" screen', 'b']]]);
  });

  it('reports text after a closing quote but keeps it', () => {
    const issues = parseCsvRecords('"ab"cd,e\n', () => undefined).issues;
    expect(issues).toEqual([{ kind: 'text-after-quote', line: 1, field: 1 }]);
    expect(records('"ab"cd,e\n')).toEqual([[1, ['abcd', 'e']]]);
  });

  it('reports a quote that never closes at the line and field where it opened', () => {
    const r = parseCsvRecords('a,b\nc,"open\nmore\n', () => undefined);
    expect(r.unclosedQuote).toEqual({ kind: 'unclosed-quote', line: 2, field: 2 });
  });

  it('reports a quote that closes lines later followed by text as unclosed where it opened', () => {
    const r = parseCsvRecords('a,"b\nc,d\ne"f,g\n', () => undefined);
    expect(r.unclosedQuote).toEqual({ kind: 'unclosed-quote', line: 1, field: 2 });
  });
});

describe('parseHeaderCell', () => {
  it('splits "Label [token] Required"', () => {
    expect(parseHeaderCell(' Block sign in (Yes/No) [accountEnabled] Required ', 3)).toEqual({
      index: 3,
      text: 'Block sign in (Yes/No) [accountEnabled] Required',
      label: 'Block sign in (Yes/No)',
      token: 'accountEnabled',
      key: 'accountenabled',
      required: true,
      bracketed: true,
    });
  });

  it('marks a localized required word as required and an optional column as not', () => {
    expect(parseHeaderCell('Nom [displayName] Obligatoire', 0).required).toBe(true);
    expect(parseHeaderCell('Prénom [givenName]', 0)).toMatchObject({ label: 'Prénom', token: 'givenName', required: false });
  });

  it('uses a plain header as its own token, case-insensitively keyed', () => {
    expect(parseHeaderCell('userPrincipalName', 1)).toMatchObject({ label: 'userPrincipalName', token: 'userPrincipalName', key: 'userprincipalname', bracketed: false });
  });
});

describe('readCsv', () => {
  it('skips a version row padded with commas and finds the header after it', () => {
    const r = readCsv('\uFEFFversion:v1.0,,,\r\nObject ID [objectId] Required,,\r\nabc\r\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.versionRow).toBe('version:v1.0');
    expect(r.value.headerLine).toBe(2);
    expect(r.value.headers.map((h) => h.token)).toEqual(['objectId']);
    expect(r.value.rows.map((row) => [row.line, row.cells])).toEqual([[3, { objectid: 'abc' }]]);
  });

  it('reads a file without a version row', () => {
    const r = readCsv('a,b\n1,2\n');
    expect(r.ok && r.value.versionRow).toBe(undefined);
    expect(r.ok && r.value.headerLine).toBe(1);
  });

  it('fills the cells of short rows with empty strings and keeps the raw cells', () => {
    const r = readCsv('a,b,c\n1\n');
    if (!r.ok) throw new Error(r.problem.message);
    expect(r.value.rows[0]?.cells).toEqual({ a: '1', b: '', c: '' });
    expect(r.value.rows[0]?.raw).toEqual(['1']);
  });

  it('skips blank and delimiter-only rows and lists their lines', () => {
    const r = readCsv('a,b\n1,2\n\n,,,,\n  , \n3,4\n');
    if (!r.ok) throw new Error(r.problem.message);
    expect(r.value.rows.map((row) => row.line)).toEqual([2, 6]);
    expect(r.value.blankLines).toEqual([3, 4, 5]);
  });

  it('gives the physical line of rows after a quoted newline', () => {
    const r = readCsv('a,b\n"x\ny",1\nz,2\n');
    if (!r.ok) throw new Error(r.problem.message);
    expect(r.value.rows.map((row) => row.line)).toEqual([2, 4]);
  });

  it('warns about a repeated column and uses the first', () => {
    const r = readCsv('User name [userPrincipalName],upn [UserPrincipalName]\na@x.com,b@x.com\n');
    if (!r.ok) throw new Error(r.problem.message);
    expect(r.value.rows[0]?.cells).toEqual({ userprincipalname: 'a@x.com' });
    expect(r.value.warnings[0]?.message).toContain('columns 1');
  });

  it('names the line and column of an unclosed quote', () => {
    const r = readCsv('version:v1.0\nName [displayName],Note [note]\nA,"open\nB,x\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem).toMatchObject({ code: 'unclosed-quote', line: 3, column: 'Note' });
    expect(r.problem.message).toMatch(/^line 3, Note: a quote/);
  });

  it('refuses more rows than the limit, naming both counts', () => {
    const text = 'a\n' + '1\n'.repeat(600_000);
    const r = readCsv(text, { maxRows: 50_000 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.message).toBe('The file has 600,000 rows; the limit is 50,000. Split it into files of at most 50,000 rows and send them one at a time.');
  });

  it('says a file of blank lines has no header row', () => {
    const r = readCsv('\n\n,,\n');
    expect(r.ok || r.problem.code).toBe('empty');
  });

  it('scanCsv hands rows over one at a time and can stop after the header', () => {
    const seen: number[] = [];
    const r = scanCsv('h\n1\n2\n', { onRow: (_raw, line) => seen.push(line) });
    expect(seen).toEqual([2, 3]);
    expect(r.ok && r.value.dataRows).toBe(2);
    const stopped: number[] = [];
    scanCsv('h\n1\n', { onHeader: () => false, onRow: (_raw, line) => stopped.push(line) });
    expect(stopped).toEqual([]);
  });
});
