import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../../../src/csv/csv-template';
import { parseKindCsv, csvKindSpecs, csvKinds, csvTemplateFor, isCsvKind } from '../../../src/operations/csv-kinds';

const CREATE_HEADER =
  'Name [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required,First name [givenName],Last name [surname],Job title [jobTitle],Department [department],Usage location [usageLocation],Street address [streetAddress],State or province [state],Country or region [country],Office [physicalDeliveryOfficeName],City [city],ZIP or postal code [postalCode],Office phone [telephoneNumber],Mobile phone [mobile]';

describe('portal templates', () => {
  it('bulk create: the 17 portal headers, exactly', () => {
    const lines = renderTemplate(csvTemplateFor('create-users')).split('\r\n');
    expect(lines[0]).toBe('version:v1.0');
    expect(lines[1]).toBe(CREATE_HEADER);
    expect(lines[2]?.startsWith('Example: ')).toBe(true);
  });

  it('bulk invite, delete and restore headers match the portal', () => {
    expect(renderTemplate(csvTemplateFor('invite'), { includeExampleRow: false })).toBe(
      'version:v1.0\r\nEmail address to invite [inviteeEmail] Required,Redirection url [inviteRedirectURL] Required,Send invitation message (true or false) [sendEmail],Customized invitation message [customizedMessageBody]\r\n',
    );
    expect(renderTemplate(csvTemplateFor('delete-users'))).toBe('version:v1.0\r\nUser name [userPrincipalName] Required\r\nExample: chris@contoso.com\r\n');
    expect(renderTemplate(csvTemplateFor('restore'), { includeExampleRow: false })).toBe('version:v1.0\r\nObject ID [objectId] Required\r\n');
  });

  it('group member templates have no version row (2026 portal)', () => {
    expect(renderTemplate(csvTemplateFor('add-group-members'))).toBe('Member object ID or user principal name [memberObjectIdOrUpn] Required\r\n');
    expect(renderTemplate(csvTemplateFor('remove-group-members'), { bom: true })).toBe('\uFEFFMember object ID or user principal name [memberObjectIdOrUpn] Required\r\n');
  });

  it.each(csvKinds)('a rendered %s template reads back as its own kind with its example row reported, not run', (kind) => {
    const text = renderTemplate(csvTemplateFor(kind));
    const r = parseKindCsv(Buffer.from(text), { expected: kind });
    if (csvTemplateFor(kind).exampleRow) {
      // Only the example row: nothing to run, and that is what the admin is told.
      expect(r.ok).toBe(false);
      expect(!r.ok && r.problem.message).toContain("example row");
    } else {
      expect(!r.ok && r.problem.code).toBe('header-only');
    }
  });

  it('isCsvKind knows the kinds', () => {
    expect(isCsvKind('restore')).toBe(true);
    expect(isCsvKind('toString')).toBe(false);
  });
});

describe('row schemas: the zod schema and the fast check agree', () => {
  const samples: Record<string, Record<string, string>[]> = {
    restore: [{ objectId: 'aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb' }, { objectId: 'nope' }, {}],
    invite: [{ inviteeEmail: 'a@fabrikam.com' }, { inviteeEmail: 'a@@b' }, { inviteeEmail: 'a@fabrikam.com', sendEmail: 'x' }],
    'create-users': [
      { displayName: 'A', userPrincipalName: 'a@contoso.com', passwordProfile: 'Password1!', accountEnabled: 'No' },
      { displayName: '', userPrincipalName: 'a b@contoso.com', passwordProfile: 'x', accountEnabled: 'x' },
    ],
    'delete-users': [{ userPrincipalName: 'a@contoso.com' }, { userPrincipalName: '' }],
    'add-group-members': [{ memberObjectIdOrUpn: 'a@contoso.com' }, { memberObjectIdOrUpn: '?' }],
    'remove-group-members': [{ memberObjectIdOrUpn: 'aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb' }],
  };

  it.each(csvKinds)('%s', (kind) => {
    const spec = csvKindSpecs[kind];
    for (const sample of samples[kind] ?? []) {
      const cells = Object.fromEntries(spec.template.columns.map((c) => [c.token, sample[c.token] ?? '']));
      const viaZod = spec.schema.safeParse(cells);
      const viaCheck = spec.checkRow?.(cells);
      expect(viaCheck).toBeDefined();
      if (!viaCheck) return;
      expect(viaZod.success).toBe(viaCheck.ok);
      if (viaZod.success && viaCheck.ok) expect(viaZod.data).toEqual(viaCheck.value);
      if (!viaZod.success && !viaCheck.ok) {
        expect(viaZod.error.issues.map((i) => [i.path[0], i.message])).toEqual(viaCheck.issues.map((i) => [i.token, i.message]));
      }
    }
  });

  it('zod issues carry the fix in params', () => {
    const r = csvKindSpecs.invite.schema.safeParse({ inviteeEmail: 'ana@@fabrikam.com', inviteRedirectURL: '', sendEmail: '', customizedMessageBody: '', inviteeName: '' });
    expect(r.success).toBe(false);
    if (r.success) return;
    const issue = r.error.issues[0];
    expect(issue?.message).toBe("'ana@@fabrikam.com' is not an email address");
    expect(issue?.code === 'custom' && issue.params).toEqual({ fix: 'fix the address or remove the row' });
  });
});
