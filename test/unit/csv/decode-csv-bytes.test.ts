import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCsvBytes } from '../../../src/csv/decode-csv-bytes';

const fixture = (name: string): Buffer => readFileSync(join(__dirname, '../../fixtures/csv', name));

describe('decodeCsvBytes', () => {
  it('strips a UTF-8 byte order mark and keeps the text', () => {
    const r = decodeCsvBytes(Buffer.from('\uFEFFa,b\r\nJosé,🎉\r\n', 'utf8'));
    expect(r).toEqual({ ok: true, text: 'a,b\r\nJosé,🎉\r\n', hadBom: true });
  });

  it('reads UTF-8 without a byte order mark', () => {
    const r = decodeCsvBytes(Buffer.from('x\n', 'utf8'));
    expect(r).toEqual({ ok: true, text: 'x\n', hadBom: false });
  });

  it.each(['restore-utf16le.csv', 'restore-utf16be.csv', 'restore-utf16-nobom.csv'])('recognises UTF-16 (%s) and says to save as CSV UTF-8', (name) => {
    const r = decodeCsvBytes(fixture(name));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.code).toBe('utf16');
    expect(r.problem.message).toContain('CSV UTF-8');
  });

  it('recognises a Latin-1 (regional encoding) file and names the line', () => {
    const r = decodeCsvBytes(fixture('create-users-latin1.csv'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.code).toBe('not-utf8');
    expect(r.problem.line).toBe(3);
    expect(r.problem.message).toContain('line 3');
    expect(r.problem.message).toContain('CSV UTF-8');
  });

  it('recognises an Excel workbook renamed to .csv', () => {
    const r = decodeCsvBytes(fixture('workbook-named.csv'));
    expect(r.ok || r.problem.code).toBe('spreadsheet');
  });

  it('recognises binary data', () => {
    const r = decodeCsvBytes(fixture('binary.csv'));
    expect(r.ok || r.problem.code).toBe('binary');
  });

  it('says an empty or blank file is empty', () => {
    const empty = decodeCsvBytes(fixture('empty.csv'));
    const blank = decodeCsvBytes(fixture('blank-lines.csv'));
    expect(empty.ok || empty.problem.code).toBe('empty');
    expect(blank.ok || blank.problem.code).toBe('empty');
  });

  it('refuses a file over the size limit with both sizes in the message', () => {
    const r = decodeCsvBytes(Buffer.alloc(3 * 1024 * 1024, 0x61), { maxBytes: 2 * 1024 * 1024 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.code).toBe('too-large');
    expect(r.problem.message).toBe('The file is 3 MB, larger than the 2 MB limit. Split it into files of at most 50,000 rows and send them one at a time.');
  });

  it('has a 20 MB default limit, so a 50 MB file is refused', () => {
    const r = decodeCsvBytes(Buffer.alloc(50 * 1024 * 1024, 0x61));
    expect(r.ok || r.problem.code).toBe('too-large');
  });
});
