import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatRowError } from '../../../src/csv/validate-rows';
import type { CsvKind, KindCsvOutcome } from '../../../src/operations/csv-kinds';
import { parseKindCsv } from '../../../src/operations/csv-kinds';

const fixture = (name: string): Buffer => readFileSync(join(__dirname, '../../fixtures/csv', name));

function parsed<K extends CsvKind>(name: string, kind: K, expected?: CsvKind) {
  const r: KindCsvOutcome = parseKindCsv(fixture(name), expected ? { expected } : {});
  if (!r.ok) throw new Error(`${name}: ${r.problem.message}`);
  expect(r.kind).toBe(kind);
  return r as Extract<KindCsvOutcome, { kind: K; ok: true }>;
}

const errorLines = (r: { validation: { errors: { line: number; column: string; message: string }[] } }): [number, string][] =>
  r.validation.errors.map((e) => [e.line, e.column]);

describe('bulk create users', () => {
  it('reads the portal example exactly: short row, Block sign in No → enabled, mailNickname from UPN', () => {
    const r = parsed('create-users-portal.csv', 'create-users');
    expect(r.file).toEqual({ versionRow: 'version:v1.0', headerLine: 2, ignoredColumns: [] });
    expect(r.validation.valid).toEqual([
      {
        line: 3,
        value: {
          displayName: 'Alain Charon',
          userPrincipalName: 'alain@contoso.com',
          mailNickname: 'alain',
          password: 'Password1!',
          accountEnabled: true,
          givenName: 'Alain',
          surname: 'Charon',
          jobTitle: 'Software Engineer',
          department: 'Engineering',
          usageLocation: 'US',
          streetAddress: undefined,
          state: undefined,
          country: undefined,
          officeLocation: undefined,
          city: undefined,
          postalCode: undefined,
          businessPhone: undefined,
          mobilePhone: undefined,
        },
        // As written, by the file's headers; never the password.
        cells: {
          'Name [displayName] Required': 'Alain Charon',
          'User name [userPrincipalName] Required': 'alain@contoso.com',
          'Block sign in (Yes/No) [accountEnabled] Required': 'No',
          'First name [givenName]': 'Alain',
          'Last name [surname]': 'Charon',
          'Job title [jobTitle]': 'Software Engineer',
          'Department [department]': 'Engineering',
          'Usage location [usageLocation]': 'US',
          'Street address [streetAddress]': '',
          'State or province [state]': '',
          'Country or region [country]': '',
          'Office [physicalDeliveryOfficeName]': '',
          'City [city]': '',
          'ZIP or postal code [postalCode]': '',
          'Office phone [telephoneNumber]': '',
          'Mobile phone [mobile]': '',
        },
      },
    ]);
  });

  it('reads an Excel file: BOM, padded version row, example row reported, quoted comma, ",,,," rows skipped', () => {
    const r = parsed('create-users-excel.csv', 'create-users');
    expect(r.validation.valid.map((v) => v.line)).toEqual([4, 5]);
    expect(r.validation.valid[0]?.value.streetAddress).toBe('1 Main St, Suite 5');
    expect(r.validation.valid[1]?.value.accountEnabled).toBe(false);
    expect(r.validation.exampleRows.map((e) => e.line)).toEqual([3]);
    expect(r.validation.warnings.map((w) => w.message)).toContain('2 empty rows were skipped (lines 6–7).');
    expect(r.validation.errors).toEqual([]);
  });

  it('reports every mistake with its line and column, and the duplicate', () => {
    const r = parsed('create-users-bad.csv', 'create-users');
    expect(r.validation.valid.map((v) => v.line)).toEqual([11]);
    expect(errorLines(r)).toEqual([
      [3, 'User name'],
      [4, 'User name'],
      [5, 'User name'],
      [6, 'Initial password'],
      [7, 'Block sign in (Yes/No)'],
      [8, 'Usage location'],
      [9, 'Name'],
      [10, 'Initial password'],
      [12, 'User name'],
      [13, 'Block sign in (Yes/No)'],
    ]);
    expect(r.validation.errors.map(formatRowError)[0]).toBe(
      "line 3, User name: 'ana maria@contoso.com' contains a space, which a user name can't have — remove the space (for example use a dot instead).",
    );
    expect(r.validation.duplicates.map((d) => d.lines)).toEqual([[11, 12]]);
    expect(r.validation.errors.filter((e) => e.token === 'passwordProfile').every((e) => e.value === '••••')).toBe(true);
    // Every row ends either valid or with at least one error; the example-free file has 11 rows.
    expect(new Set([...r.validation.valid.map((v) => v.line), ...r.validation.errors.map((e) => e.line)]).size).toBe(r.validation.totalRows);
  });

  it('matches localized labels on their [tokens], in any order, ignoring extra columns', () => {
    const r = parsed('create-users-french.csv', 'create-users');
    expect(r.file.ignoredColumns).toEqual(['Remarques']);
    expect(r.validation.valid[0]?.value).toMatchObject({ displayName: 'Léa Dupont', userPrincipalName: 'lea@contoso.com', accountEnabled: true });
  });

  it('keeps RTL and emoji names, treats a formula as text with a warning, flags bidi overrides', () => {
    const r = parsed('create-users-unicode.csv', 'create-users');
    expect(r.validation.valid.map((v) => v.value.displayName)).toEqual(['محمد علي', 'דנה לוי 🎉', '=HYPERLINK("http://evil.example","click")', 'Eve\u202eoj']);
    expect(r.validation.warnings.map((w) => [w.line, w.column])).toEqual([
      [5, 'Name'],
      [6, 'Name'],
    ]);
  });
});

describe('bulk invite', () => {
  it('reads quoted commas, quotes and newlines; defaults the redirect URL; absorbs unquoted commas in the message', () => {
    const r = parsed('invite-portal.csv', 'invite');
    expect(r.validation.valid).toEqual([
      {
        line: 3,
        value: {
          email: 'ana@fabrikam.com',
          redirectUrl: 'https://myapps.microsoft.com',
          redirectUrlDefaulted: false,
          sendInvitationMessage: true,
          customizedMessageBody: 'Hello Ana, welcome to "Contoso"!\r\nSee you soon.',
        },
        cells: { 'Email address to invite [inviteeEmail] Required': 'ana@fabrikam.com', 'Redirection url [inviteRedirectURL] Required': 'https://myapps.microsoft.com', 'Send invitation message (true or false) [sendEmail]': 'true', 'Customized invitation message [customizedMessageBody]': 'Hello Ana, welcome to "Contoso"!\r\nSee you soon.' },
      },
      {
        line: 5,
        value: { email: 'ben@fabrikam.com', redirectUrl: 'https://myapplications.microsoft.com', redirectUrlDefaulted: true, sendInvitationMessage: false },
        cells: { 'Email address to invite [inviteeEmail] Required': 'ben@fabrikam.com', 'Redirection url [inviteRedirectURL] Required': '', 'Send invitation message (true or false) [sendEmail]': 'false', 'Customized invitation message [customizedMessageBody]': '' },
      },
      {
        line: 9,
        value: {
          email: 'eve@fabrikam.com',
          redirectUrl: 'https://myapps.microsoft.com',
          redirectUrlDefaulted: false,
          sendInvitationMessage: true,
          customizedMessageBody: 'Hi Eve, welcome, enjoy',
        },
        cells: { 'Email address to invite [inviteeEmail] Required': 'eve@fabrikam.com', 'Redirection url [inviteRedirectURL] Required': 'https://myapps.microsoft.com', 'Send invitation message (true or false) [sendEmail]': 'true', 'Customized invitation message [customizedMessageBody]': 'Hi Eve, welcome, enjoy' },
      },
    ]);
    expect(r.validation.errors.map(formatRowError)).toEqual([
      "line 6, Email address to invite: 'ana@@fabrikam.com' is not an email address — fix the address or remove the row.",
      'line 7, Email address to invite: \'cara+news@fabrikam.com\' uses plus addressing, which invitations reject ("The Primary SMTP Address is an invalid value") — invite the address without the +… part.',
      "line 8, Redirection url: 'myapps.microsoft.com' is not a web address — write it with https:// in front, like https://myapps.microsoft.com.",
      "line 8, Send invitation message (true or false): 'maybe' is not true or false — write true or false.",
    ]);
  });

  it('reports an unbalanced quote at the line where it opened, with its column', () => {
    const r = parseKindCsv(fixture('unbalanced-quote.csv'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem).toMatchObject({ code: 'unclosed-quote', line: 4, column: 'Customized invitation message' });
  });
});

describe('bulk restore', () => {
  it('reads the portal file: example row skipped, braces accepted, bad IDs explained, duplicate found', () => {
    const r = parsed('restore-portal.csv', 'restore');
    expect(r.validation.valid.map((v) => [v.line, v.value.target])).toEqual([
      [4, { by: 'id', id: '11111111-2222-3333-4444-555555555555' }],
      [5, { by: 'id', id: 'aaaaaaaa-2222-3333-4444-555555555555' }],
    ]);
    expect(r.validation.exampleRows.map((e) => e.line)).toEqual([3]);
    expect(r.validation.errors.map((e) => [e.line, e.message])).toEqual([
      [6, "'11111111-2222-3333-4444-55555555555' is not an object ID: it has 31 hex digits where an object ID has 32"],
      [7, "'alain@contoso.com' is a user name or email, not an object ID"],
      [8, "'11111111-2222-3333-4444-555555555555' is already on line 4"],
    ]);
  });

  it('reads an export with plain headers, picking the strongest identifier per row', () => {
    const r = parsed('restore-plain.csv', 'restore', 'restore');
    expect(r.validation.valid.map((v) => [v.line, v.value.target])).toEqual([
      [2, { by: 'id', id: 'aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb' }],
      [3, { by: 'userPrincipalName', userPrincipalName: 'lee@contoso.com' }],
      [5, { by: 'displayName', displayName: 'Megan Bowen' }],
    ]);
    expect(r.validation.valid[1]?.value).toMatchObject({ newUserPrincipalName: 'lee.gu@contoso.com', autoReconcileProxyConflict: true });
    expect(r.validation.errors.map((e) => [e.line, e.message])).toEqual([[6, 'the row has no object ID, user name, mail or name']]);
  });

  it('without a command, plain export headers are ambiguous rather than guessed', () => {
    const r = parseKindCsv(fixture('restore-plain.csv'));
    expect(r.ok || r.problem.code).toBe('ambiguous-template');
  });
});

describe('bulk delete and group members', () => {
  it('bulk delete skips the portal example row', () => {
    const r = parsed('delete-users-portal.csv', 'delete-users');
    expect(r.validation.valid.map((v) => v.value.target)).toEqual([
      { by: 'userPrincipalName', userPrincipalName: 'alain@contoso.com' },
      { by: 'userPrincipalName', userPrincipalName: 'adele@contoso.com' },
    ]);
  });

  it('group members need the command to choose add or remove; then GUIDs and UPNs are read', () => {
    const unknown = parseKindCsv(fixture('group-members-new.csv'));
    expect(unknown.ok || unknown.candidates.sort()).toEqual(['add-group-members', 'remove-group-members']);
    const r = parsed('group-members-new.csv', 'add-group-members', 'add-group-members');
    expect(r.validation.valid.map((v) => v.value.member)).toEqual([
      { by: 'id', id: 'aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb' },
      { by: 'userPrincipalName', userPrincipalName: 'user@contoso.com' },
    ]);
    expect(errorLines(r)).toEqual([
      [4, 'Member object ID or user principal name'],
      [5, 'Member object ID or user principal name'],
    ]);
  });

  it('the older member template with a version row is read too', () => {
    const r = parsed('group-members-old.csv', 'remove-group-members', 'remove-group-members');
    expect(r.file.versionRow).toBe('version:v1.0');
    expect(r.validation.valid).toHaveLength(1);
  });
});

describe('files that cannot be used get one clear problem, never an exception', () => {
  it.each([
    ['empty.csv', 'empty'],
    ['blank-lines.csv', 'empty'],
    ['binary.csv', 'binary'],
    ['workbook-named.csv', 'spreadsheet'],
    ['restore-utf16le.csv', 'utf16'],
    ['create-users-latin1.csv', 'not-utf8'],
    ['header-only.csv', 'header-only'],
  ])('%s → %s', (name, code) => {
    const r = parseKindCsv(fixture(name));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.code).toBe(code);
    expect(r.problem.message.length).toBeGreaterThan(20);
  });

  it('a header-only file names its kind as the candidate', () => {
    const r = parseKindCsv(fixture('header-only.csv'));
    expect(r.ok || r.candidates).toEqual(['delete-users']);
  });

  it('the wrong template for the command is named', () => {
    const r = parseKindCsv(fixture('invite-portal.csv'), { expected: 'restore' });
    expect(r.ok || r.problem.code).toBe('wrong-template');
  });

  it('row and size limits are options', () => {
    const rows = parseKindCsv(fixture('delete-users-portal.csv'), { limits: { maxRows: 2 } });
    expect(rows.ok || rows.problem.message).toBe('The file has 3 rows; the limit is 2. Split it into files of at most 2 rows and send them one at a time.');
    const bytes = parseKindCsv(fixture('delete-users-portal.csv'), { limits: { maxBytes: 10 } });
    expect(bytes.ok || bytes.problem.code).toBe('too-large');
  });
});

describe('scale', () => {
  it('validates 20,000 create-users rows and reports every bad one (1 %)', () => {
    const header = `version:v1.0\r\nName [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required\r\n`;
    let text = header;
    for (let i = 0; i < 20_000; i++) text += `User ${i},${i % 100 === 0 ? 'user ' : 'user'}${i}@contoso.com,Passw0rd!${i},No\r\n`;
    const r = parseKindCsv(Buffer.from(text));
    if (!r.ok) throw new Error(r.problem.message);
    expect(r.validation.valid).toHaveLength(19_800);
    expect(r.validation.errors).toHaveLength(200);
    expect(r.validation.errors[1]?.line).toBe(103);
  });
});
