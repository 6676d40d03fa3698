import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { firstControlCharacter, showControlCharacters } from '../../../src/csv/control-characters';
import { fileTooLargeMessage, tooManyRowsMessage } from '../../../src/csv/csv-limits';
import type { CsvTemplate } from '../../../src/csv/csv-template';
import { decodeCsvBytes } from '../../../src/csv/decode-csv-bytes';
import { MAX_VALUES_PER_RECORD, sniffDelimiter } from '../../../src/csv/parse-csv-records';
import { readCsv } from '../../../src/csv/read-csv';
import type { RowSpec } from '../../../src/csv/validate-rows';
import { formatRowError, rowErrorText, validateRows, validationNotes } from '../../../src/csv/validate-rows';
import { checkGuid, checkInviteEmail, checkPhone, checkText, checkUserPrincipalName, quoted } from '../../../src/operations/field-rules';

const template: CsvTemplate<'accounts'> = {
  kind: 'accounts',
  title: 'bulk accounts',
  columns: [
    { token: 'name', label: 'Name', required: true, example: 'Ana', hint: 'a name' },
    { token: 'secret', label: 'Secret', required: true, example: 'x', hint: 'a secret', secret: true },
    { token: 'note', label: 'Note', required: false, example: '', hint: 'a note', freeText: true },
  ],
};

const spec: RowSpec<{ name: string }, 'accounts'> = {
  template,
  schema: z.object({ name: z.string().min(1, 'is empty'), secret: z.string().min(1, 'is empty'), note: z.string() }).transform((r) => ({ name: r.name })),
};

function run(text: string) {
  const r = readCsv(text);
  if (!r.ok) throw new Error(r.problem.message);
  return validateRows(r.value, spec);
}

describe('one wording of the limits for the CLI and the bot', () => {
  it('names the size, the limit and how to split, with or without a known size', () => {
    const limits = { maxBytes: 20 * 1024 * 1024, maxRows: 50_000 };
    expect(fileTooLargeMessage(limits, 50 * 1024 * 1024)).toBe('The file is 50 MB, larger than the 20 MB limit. Split it into files of at most 50,000 rows and send them one at a time.');
    expect(fileTooLargeMessage(limits)).toBe('The file is larger than the 20 MB limit. Split it into files of at most 50,000 rows and send them one at a time.');
    expect(tooManyRowsMessage(50_000, 600_000)).toBe('The file has 600,000 rows; the limit is 50,000. Split it into files of at most 50,000 rows and send them one at a time.');
  });
});

describe('sniffDelimiter', () => {
  it('reads the header row, skipping blank lines and the version row, and ignores quoted delimiters', () => {
    expect(sniffDelimiter('version:v1.0;;;\r\n\r\nName [displayName];User name [userPrincipalName]\r\na;b\r\n')).toBe(';');
    expect(sniffDelimiter('Email [inviteeEmail]\tRedirect [inviteRedirectURL]\n')).toBe('\t');
    expect(sniffDelimiter('"Name; full",Email\n')).toBe(',');
    expect(sniffDelimiter('Object ID [objectId] Required\n')).toBe(',');
    expect(sniffDelimiter('')).toBe(',');
  });

  it('lets readCsv take a European Excel file as it is', () => {
    const r = readCsv('version:v1.0;;\r\nName [name];Secret [secret];Note [note]\r\n"Dupont; Léa";s3cret;hello, world\r\n');
    expect(r.ok && r.value.versionRow).toBe('version:v1.0');
    expect(r.ok && r.value.rows[0]?.raw).toEqual(['Dupont; Léa', 's3cret', 'hello, world']);
  });
});

describe('decodeCsvBytes on files that are not CSV', () => {
  it.each([
    ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'This is a PNG image'],
    ['a JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00]), 'This is a JPEG image'],
    ['gzip', Buffer.from([0x1f, 0x8b, 0x08, 0x00]), 'compressed (gzip)'],
    ['a web page', Buffer.from('\uFEFF  <!DOCTYPE HTML><html><body>Sign in</body></html>'), 'This is a web page (HTML)'],
    ['XML', Buffer.from('<?xml version="1.0"?><Workbook/>'), 'This is an XML file'],
  ])('recognises %s', (_what, bytes, start) => {
    const r = decodeCsvBytes(bytes);
    expect(r.ok || r.problem.message).toContain(start);
  });

  it('names the line of a NUL byte in an otherwise text file', () => {
    const r = decodeCsvBytes(Buffer.from('a\r\nb\r\nc\u0000d\r\n'));
    expect(r.ok || [r.problem.code, r.problem.line]).toEqual(['binary', 3]);
  });
});

describe('control characters', () => {
  it('finds the first one other than CR and LF, and makes them visible', () => {
    expect(firstControlCharacter('a\r\nb')).toBeUndefined();
    expect(firstControlCharacter('a\tb\u0007')).toBe('\t');
    expect(firstControlCharacter('x\u009b2J')).toBe('\u009b');
    expect(showControlCharacters('red \u001b[31m!\u0007')).toBe('red \uFFFD[31m!\uFFFD');
    expect(showControlCharacters('plain')).toBe('plain');
  });
});

describe('rows that do not line up with the header', () => {
  it('refuses a row with extra values without quoting any cell when the template has a secret column', () => {
    const v = run('Name [name],Secret [secret]\nDupont, Léa,hunter22\nAna,ok\n');
    expect(v.valid.map((r) => r.line)).toEqual([3]);
    expect(v.errors.map(formatRowError)).toEqual([
      'line 2: the row has 3 values but the header has 2 columns, so its values may be in the wrong columns — put quotes around any value that contains a comma, or delete the extra values.',
    ]);
    expect(JSON.stringify(v)).not.toContain('hunter22');
  });

  it('refuses a short row that leaves a required column out, instead of checking shifted cells', () => {
    const v = run('Note [note],Name [name],Secret [secret]\nhunter22,Ana\n');
    expect(v.errors.map(rowErrorText)).toEqual([
      'the row has only 2 values but the header has 3 columns, so "Secret" is missing and the other values may be in the wrong columns — check the row for a missing comma or value.',
    ]);
    expect(JSON.stringify(v.errors)).not.toContain('hunter22');
  });

  it('refuses a repeated version or header row from files pasted together', () => {
    const v = run('Name [name],Secret [secret]\nAna,s1\nversion:v1.0,\nName [name],Secret [secret]\nBen,s2\n');
    expect(v.valid.map((r) => r.line)).toEqual([2, 5]);
    expect(v.errors.map((e) => [e.line, e.message])).toEqual([
      [3, 'this is a version row ("version:v1.0"), which belongs only at the top of the file (were two files pasted together?)'],
      [4, 'this row repeats the header row (were two files pasted together?)'],
    ]);
  });

  it('absorbs unquoted semicolons in a last free-text column of a semicolon file', () => {
    const r = readCsv('Name [name];Secret [secret];Note [note]\nAna;s1;hello; world\n');
    if (!r.ok) throw new Error(r.problem.message);
    const v = validateRows(r.value, spec);
    expect(v.errors).toEqual([]);
    expect(validationNotes(v)).toEqual(['line 2, Note: the text contains semicolons without quotes around it; it was read as one value ("hello; world"). Check it, or put the text in quotes.']);
  });
});

describe('records that would exhaust memory', () => {
  it('stops at a record with more values than a spreadsheet has columns, naming its line', () => {
    const r = readCsv(`Name [name],Secret [secret]\nAna,s1\n${','.repeat(MAX_VALUES_PER_RECORD)}\n`);
    expect(r.ok || [r.problem.code, r.problem.line]).toEqual(['too-many-columns', 3]);
    expect(readCsv(`Name [name],Secret [secret]\nAna,s1${','.repeat(MAX_VALUES_PER_RECORD - 2)}\n`).ok).toBe(true);
  });

  it('counts a million padding rows without listing each line', () => {
    const r = readCsv(`Name [name],Secret [secret]\nAna,s1\n${',,\n'.repeat(1_000_000)}`);
    if (!r.ok) throw new Error(r.problem.message);
    expect(r.value.blankLineCount).toBe(1_000_000);
    expect(r.value.blankLines.length).toBeLessThanOrEqual(1000);
    expect(validationNotes(validateRows(r.value, spec))).toEqual(['1,000,000 empty rows were skipped (lines 3–1002, …).']);
  });
});

describe('field rules for what spreadsheets and copy-paste do to cells', () => {
  it('names invisible characters in addresses and ids instead of quoting them unseen', () => {
    const email = checkInviteEmail('ana\u200b@fabrikam.com');
    expect(email.ok || email.message).toBe("'ana\u200b@fabrikam.com' contains an invisible character (U+200B)");
    const upn = checkUserPrincipalName('ana@conto\u200dso.com');
    expect(upn.ok || upn.message).toContain('an invisible character (U+200D)');
    const id = checkGuid('c0a70500-0000-4000-8000-00000000006\u200b');
    expect(id.ok || id.message).toContain('contains an invisible character (U+200B), which can');
  });

  it('refuses control characters in names but keeps joiners that emoji and scripts need', () => {
    const name = checkText(256, 'name');
    const bell = name('Bell\u0007Ringer');
    expect(bell.ok || bell.message).toBe('the name contains an invisible control character (U+0007)');
    const tab = name('Ana\tLopez');
    expect(tab.ok || tab.message).toBe('the name contains a tab character');
    expect(name('👨\u200d👩\u200d👧 Family').ok).toBe(true);
    expect(name('می\u200cخواهم').ok).toBe(true);
  });

  it('explains a phone number Excel turned into scientific notation', () => {
    const phone = checkPhone('4.25555E+09');
    expect(phone.ok || phone.fix).toBe('format the column as Text in Excel, type the number again, and save');
    expect(checkPhone('+1 425 555 0100').ok).toBe(true);
  });

  it('never repeats a terminal escape sequence from a cell', () => {
    expect(quoted('esc\u001b[2J@contoso.com')).toBe("'esc\uFFFD[2J@contoso.com'");
  });
});
