import { describe, expect, it } from 'vitest';
import { detectTemplate } from '../../../src/csv/detect-template';
import { readCsv } from '../../../src/csv/read-csv';
import { csvKindSpecs, csvKinds } from '../../../src/operations/csv-kinds';

const templates = csvKinds.map((k) => csvKindSpecs[k].template);

function headersOf(headerRow: string) {
  const r = readCsv(`${headerRow}\n`);
  if (!r.ok) throw new Error(r.problem.message);
  return r.value.headers;
}

describe('detectTemplate without a command', () => {
  it.each([
    ['Object ID [objectId] Required', 'restore'],
    ['User name [userPrincipalName] Required', 'delete-users'],
    ['Email address to invite [inviteeEmail] Required,Redirection url [inviteRedirectURL] Required', 'invite'],
    ['Name [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required', 'create-users'],
    ['Adresse e-mail à inviter [inviteeEmail] Obligatoire', 'invite'],
  ])('recognises %s as %s', (header, kind) => {
    const r = detectTemplate(headersOf(header), templates);
    expect(r.ok && r.kind).toBe(kind);
  });

  it('asks which one when the member template fits both add and remove', () => {
    const r = detectTemplate(headersOf('Member object ID or user principal name [memberObjectIdOrUpn] Required'), templates);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.code).toBe('ambiguous-template');
    expect(r.candidates.sort()).toEqual(['add-group-members', 'remove-group-members']);
    expect(r.problem.message).toBe('This file fits more than one operation (add group members, remove group members). Say which one you want.');
  });

  it('asks when plain export headers fit several operations', () => {
    const r = detectTemplate(headersOf('userPrincipalName,displayName,jobTitle'), templates);
    expect(r.ok || r.problem.code).toBe('ambiguous-template');
  });

  it('says it cannot tell when no column is known, quoting only the cells shaped like template headers', () => {
    const r = detectTemplate(headersOf('Foo,Bar [baz]'), templates);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.code).toBe('unknown-template');
    expect(r.problem.message).toContain('none of its columns ("Bar [baz]" and 1 other column) match a bulk template');
  });

  it('never repeats the first line of a file that is not a template: it is counted, not quoted', () => {
    const secret = 'SECRET-LINE db password hunter2,second private cell';
    const unknown = detectTemplate(headersOf(secret), templates);
    expect(!unknown.ok && unknown.problem.message).toContain('none of its columns (2 columns) match a bulk template');
    const expected = detectTemplate(headersOf(secret), templates, { expected: 'restore', headerLine: 1 });
    expect(!expected.ok && expected.problem.message).toContain('but the header row (line 1) has 2 columns, none of them a bulk template column.');
    for (const r of [unknown, expected]) expect(!r.ok && r.problem.message).not.toMatch(/SECRET|hunter2|private/);
  });

  it('names the missing required column of the closest template', () => {
    const r = detectTemplate(headersOf('Name [displayName] Required,User name [userPrincipalName] Required,Block sign in (Yes/No) [accountEnabled] Required'), templates, { headerLine: 2 });
    // It also fits delete-users (a UPN column), but it is a bulk-create file missing a column.
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.code).toBe('missing-column');
    expect(r.candidates).toEqual(['create-users']);
    const withCommand = detectTemplate(
      headersOf('Name [displayName] Required,User name [userPrincipalName] Required,Block sign in (Yes/No) [accountEnabled] Required'),
      templates,
      { expected: 'create-users', headerLine: 2 },
    );
    expect(withCommand.ok).toBe(false);
    if (withCommand.ok) return;
    expect(withCommand.problem).toMatchObject({ code: 'missing-column', line: 2 });
    expect(withCommand.problem.message).toContain('"Initial password [passwordProfile] Required"');
  });
});

describe('detectTemplate with a command', () => {
  it('accepts the file when it fits the command', () => {
    const r = detectTemplate(headersOf('Member object ID or user principal name [memberObjectIdOrUpn] Required'), templates, { expected: 'remove-group-members' });
    expect(r.ok && r.kind).toBe('remove-group-members');
  });

  it('says the file looks like another operation', () => {
    const r = detectTemplate(headersOf('Email address to invite [inviteeEmail] Required,Redirection url [inviteRedirectURL] Required'), templates, { expected: 'restore' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.code).toBe('wrong-template');
    expect(r.candidates).toEqual(['invite']);
    expect(r.problem.message).toBe(
      'The header row is that of a bulk invite file, but you asked to bulk restore. Send the bulk restore template (header: "Object ID [objectId] Required"), or ask to bulk invite if that is what you meant.',
    );
  });

  it('does not let a bulk-create file run as a delete even though it has a user name column', () => {
    const r = detectTemplate(
      headersOf('Name [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required'),
      templates,
      { expected: 'delete-users' },
    );
    expect(r.ok).toBe(false);
    expect(r.ok || r.problem.code).toBe('wrong-template');
  });

  it('accepts a restore file keyed by plain UPN, mail or name columns', () => {
    expect(detectTemplate(headersOf('mail'), templates, { expected: 'restore' }).ok).toBe(true);
    expect(detectTemplate(headersOf('displayName'), templates, { expected: 'restore' }).ok).toBe(true);
  });

  it('lists every acceptable identifier when a restore file has none', () => {
    const r = detectTemplate(headersOf('Notes'), templates, { expected: 'restore' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.code).toBe('missing-column');
    expect(r.problem.message).toContain('a column for one of "Object ID [objectId] Required", "User name [userPrincipalName]", "Mail [mail]", "Name [displayName]"');
  });

  it('does not need the redirection URL column for invitations (a default is used)', () => {
    expect(detectTemplate(headersOf('email'), templates, { expected: 'invite' }).ok).toBe(true);
  });
});
