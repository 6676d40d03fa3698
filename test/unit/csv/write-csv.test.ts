import { PassThrough, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/csv/read-csv';
import type { CsvColumn } from '../../../src/csv/write-csv';
import { createCsvWriter, csvCell, csvLine, csvLines, csvReadable, writeCsv } from '../../../src/csv/write-csv';

describe('csvCell', () => {
  it('leaves plain text alone and quotes only when needed', () => {
    expect(csvCell('Adele Vance')).toBe('Adele Vance');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
  });

  it('writes empty, null and undefined as an empty cell, and other values as text', () => {
    expect(csvCell('')).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(new Date('2026-01-02T03:04:05.000Z'))).toBe('2026-01-02T03:04:05.000Z');
  });

  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['=3+1', `"'=3+1"`],
    ['+1 425 555 0100', `"'+1 425 555 0100"`],
    ['-5', `"'-5"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tcmd', `"'\tcmd"`],
    ['\rcmd', `"'\rcmd"`],
  ])('prefixes formula-like %j with a quote mark and quotes the cell (OWASP, every such cell; papaparse quotes what it escaped)', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('does not escape formula characters that are not first, and can be told not to escape', () => {
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('=1', { escapeFormulas: false })).toBe('=1');
  });
});

describe('csvLine', () => {
  it('joins cells with commas and ends with CRLF', () => {
    expect(csvLine(['a', 'b,c', null, 3])).toBe('a,"b,c",,3\r\n');
  });
});

describe('round trip', () => {
  const awkward = [
    'plain',
    'comma, inside',
    'quote " inside',
    '""',
    'line\nbreak',
    'crlf\r\nbreak',
    '  spaces kept  ',
    'محمد علي',
    'דנה לוי 🎉',
    'emoji 👩‍💻 and accents éàü',
    '',
    'last',
  ];

  it('reads back exactly the cells it wrote', () => {
    const rows = [awkward, [...awkward].reverse(), awkward.map((c) => c.toUpperCase())];
    const text = rows.map((r) => csvLine(r, { escapeFormulas: false })).join('');
    const header = csvLine(awkward.map((_, i) => `c${i}`));
    const read = readCsv(header + text);
    if (!read.ok) throw new Error(read.problem.message);
    expect(read.value.rows.map((r) => r.raw)).toEqual(rows);
  });

  it('round-trips generated strings made of the characters that matter', () => {
    const alphabet = ['a', ',', '"', '\n', '\r\n', ' ', 'é', '🎉', 'ש', 'x'];
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    const rows: string[][] = [];
    for (let r = 0; r < 200; r++) {
      const row: string[] = [];
      for (let c = 0; c < 4; c++) {
        let cell = 'v';
        const len = next() % 8;
        for (let k = 0; k < len; k++) cell += alphabet[next() % alphabet.length];
        row.push(cell);
      }
      rows.push(row);
    }
    const text = csvLine(['a', 'b', 'c', 'd']) + rows.map((r) => csvLine(r)).join('');
    const read = readCsv(text);
    if (!read.ok) throw new Error(read.problem.message);
    expect(read.value.rows.map((r) => r.raw)).toEqual(rows);
  });
});

interface Result {
  upn: string;
  status: string;
  reason?: string;
}
const columns: CsvColumn<Result>[] = [
  { header: 'User name', value: (r) => r.upn },
  { header: 'Status', value: (r) => r.status },
  { header: 'Reason', value: (r) => r.reason },
];
const results: Result[] = [
  { upn: 'a@contoso.com', status: 'done' },
  { upn: 'b@contoso.com', status: 'failed', reason: '=cmd, "quoted"' },
];
const expected = '\uFEFFUser name,Status,Reason\r\na@contoso.com,done,\r\nb@contoso.com,failed,"\'=cmd, ""quoted"""\r\n';

async function collect(stream: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
  return out;
}

describe('streaming writers', () => {
  it('csvLines yields BOM + header, then one line per row', async () => {
    const lines: string[] = [];
    for await (const l of csvLines(columns, results)) lines.push(l);
    expect(lines.join('')).toBe(expected);
    expect(lines).toHaveLength(3);
  });

  it('can leave out the BOM and the header', async () => {
    const lines: string[] = [];
    for await (const l of csvLines(columns, results, { bom: false, header: false })) lines.push(l);
    expect(lines.join('')).toBe('a@contoso.com,done,\r\nb@contoso.com,failed,"\'=cmd, ""quoted"""\r\n');
  });

  it('createCsvWriter is a Transform from rows to CSV text', async () => {
    const writer = createCsvWriter(columns);
    const sink = new PassThrough();
    const done = collect(sink);
    await pipeline(
      (async function* () {
        yield* results;
      })(),
      writer,
      sink,
    );
    expect(await done).toBe(expected);
  });

  it('createCsvWriter writes the header even with no rows', async () => {
    const writer = createCsvWriter(columns, { bom: false });
    const done = collect(writer);
    writer.end();
    expect(await done).toBe('User name,Status,Reason\r\n');
  });

  it('csvReadable streams from an async source', async () => {
    async function* source(): AsyncGenerator<Result> {
      yield* results;
    }
    expect(await collect(csvReadable(columns, source()))).toBe(expected);
  });

  it('writeCsv waits for drain on a slow writable and loses no line', async () => {
    const chunks: string[] = [];
    let drains = 0;
    const slow = new Writable({
      highWaterMark: 16,
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk.toString('utf8'));
        setImmediate(cb);
      },
    });
    slow.on('drain', () => drains++);
    const many = Array.from({ length: 500 }, (_, i) => ({ upn: `u${i}@contoso.com`, status: 'done' }));
    await writeCsv(slow, columns, many, { bom: false });
    await new Promise<void>((resolve) => slow.end(resolve));
    const text = chunks.join('');
    expect(text.split('\r\n')).toHaveLength(502);
    expect(text.endsWith('u499@contoso.com,done,\r\n')).toBe(true);
    expect(drains).toBeGreaterThan(0);
  });
});
