import { describe, expect, it } from 'vitest';
import {
  checkBlockSignIn,
  checkBoolean,
  checkGuid,
  checkInviteEmail,
  checkObjectIdOrUpn,
  checkPassword,
  checkPasswordAgainstUser,
  checkPhone,
  checkRedirectUrl,
  checkUsageLocation,
  checkUserPrincipalName,
} from '../../../src/operations/field-rules';

describe('checkGuid', () => {
  it('accepts GUIDs in any case and with braces, normalising to lower case', () => {
    expect(checkGuid('AAAAAAAA-0000-1111-2222-BBBBBBBBBBBB')).toEqual({ ok: true, value: 'aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb' });
    expect(checkGuid('{aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb}')).toEqual({ ok: true, value: 'aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb' });
  });

  it.each([
    ['11111111-2222-3333-4444-55555555555', 'it has 31 hex digits where an object ID has 32'],
    ['gggggggg-2222-3333-4444-555555555555', "contains 'g', which can't be in an object ID"],
    ['1111111122223333-4444-555555555555', 'dashes in the wrong places'],
    ['alain@contoso.com', 'is a user name or email, not an object ID'],
    ['1111 1111-2222-3333-4444-555555555555', 'contains a space'],
  ])('explains what is wrong with %s', (value, text) => {
    const r = checkGuid(value);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(text);
  });
});

describe('checkUserPrincipalName', () => {
  it('accepts the characters Entra allows', () => {
    expect(checkUserPrincipalName("o'neil.b-c_d!e#f^g~h@sub.contoso.com").ok).toBe(true);
  });

  it.each([
    ['ana maria@contoso.com', 'contains a space', 'remove the space'],
    ['alain', 'has no domain', 'add @'],
    ['a@@contoso.com', 'more than one @', 'exactly one @'],
    ['josé@contoso.com', "contains 'é'", 'é → e'],
    ['.alain@contoso.com', 'a dot at the start or end', 'remove that dot'],
    ['alain@contoso', "invalid domain 'contoso'", 'verified domains'],
    ['@contoso.com', 'nothing before the @', 'alias'],
    ['alain\u00a0x@contoso.com', 'contains a space', 'remove the space'],
  ])('%s: %s', (value, message, fix) => {
    const r = checkUserPrincipalName(value);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toContain(message);
    expect(r.fix).toContain(fix);
  });
});

describe('checkInviteEmail', () => {
  it('accepts ordinary addresses, underscores and inner dots and dashes', () => {
    expect(checkInviteEmail('ana_b.c-d@fabrikam.co.uk').ok).toBe(true);
  });

  it('gives the brief’s message for ana@@fabrikam.com', () => {
    expect(checkInviteEmail('ana@@fabrikam.com')).toEqual({
      ok: false,
      message: "'ana@@fabrikam.com' is not an email address",
      fix: 'fix the address or remove the row',
    });
  });

  it.each([
    ['cara+news@fabrikam.com', 'plus addressing'],
    ['cara!x@fabrikam.com', "contains '!'"],
    ['.cara@fabrikam.com', 'dot or dash at the start or end'],
    ['cara@fabrikam', 'is not an email address'],
    ['ca ra@fabrikam.com', 'contains a space'],
  ])('rejects %s', (value, text) => {
    const r = checkInviteEmail(value);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(text);
  });
});

describe('checkPassword', () => {
  it('accepts 8+ characters with three kinds of character', () => {
    expect(checkPassword('Password1!').ok).toBe(true);
    expect(checkPassword('password1!').ok).toBe(true);
  });

  it.each([
    ['Pa1!', 'has 4 characters; at least 8'],
    ['zzzzqqqq', 'only 1 of the 4 kinds'],
    ['zzzzqqqq1', 'only 2 of the 4 kinds'],
    [' Password1!', 'starts or ends with a space'],
    ['Pässword1!', 'a character other than'],
    ['A1!'.repeat(90), 'at most 256'],
  ])('rejects %j without repeating it', (value, text) => {
    const r = checkPassword(value);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toContain(text);
    expect(r.message).not.toContain(value.trim());
  });

  it('says which kinds to add', () => {
    const r = checkPassword('password1');
    expect(!r.ok && r.fix).toBe('add upper-case letters or symbols');
  });

  it('refuses a password containing the user alias', () => {
    expect(checkPasswordAgainstUser('Selfie123!', 'selfie@contoso.com').ok).toBe(false);
    expect(checkPasswordAgainstUser('Password1!', 'al@contoso.com').ok).toBe(true);
  });
});

describe('small rules', () => {
  it('Block sign in takes Yes/No (also localized) and refuses True/False as ambiguous', () => {
    expect(checkBlockSignIn('Yes')).toEqual({ ok: true, value: true });
    expect(checkBlockSignIn('no')).toEqual({ ok: true, value: false });
    expect(checkBlockSignIn('Non')).toEqual({ ok: true, value: false });
    const t = checkBlockSignIn('TRUE');
    expect(!t.ok && t.message).toContain('ambiguous');
  });

  it('booleans accept true/false/yes/no/1/0', () => {
    expect(['true', 'Yes', '1'].map((v) => checkBoolean(v))).toEqual([0, 1, 2].map(() => ({ ok: true, value: true })));
    expect(['FALSE', 'no', '0'].map((v) => checkBoolean(v))).toEqual([0, 1, 2].map(() => ({ ok: true, value: false })));
    expect(checkBoolean('maybe').ok).toBe(false);
  });

  it('usage location must be an ISO country code, with a hint for UK', () => {
    expect(checkUsageLocation('us')).toEqual({ ok: true, value: 'US' });
    const uk = checkUsageLocation('UK');
    expect(!uk.ok && uk.fix).toBe('use GB for the United Kingdom');
    expect(checkUsageLocation('USA').ok).toBe(false);
    expect(checkUsageLocation('XX').ok).toBe(false);
  });

  it('redirect URLs must be absolute http(s) addresses', () => {
    expect(checkRedirectUrl('https://myapps.microsoft.com').ok).toBe(true);
    const bare = checkRedirectUrl('myapps.microsoft.com');
    expect(!bare.ok && bare.fix).toBe('write it with https:// in front, like https://myapps.microsoft.com');
    expect(checkRedirectUrl('javascript:alert(1)').ok).toBe(false);
  });

  it('phones allow digits and + ( ) - . x spaces', () => {
    expect(checkPhone('+1 (425) 555-0100 x12').ok).toBe(true);
    expect(checkPhone('call me').ok).toBe(false);
  });

  it('member references are a GUID or a UPN', () => {
    expect(checkObjectIdOrUpn('aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb')).toEqual({ ok: true, value: { by: 'id', id: 'aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb' } });
    expect(checkObjectIdOrUpn('u@contoso.com')).toEqual({ ok: true, value: { by: 'userPrincipalName', userPrincipalName: 'u@contoso.com' } });
    const neither = checkObjectIdOrUpn('not-a-guid');
    expect(!neither.ok && neither.message).toBe("'not-a-guid' is neither an object ID nor a user name");
    const spaced = checkObjectIdOrUpn('bob smith@contoso.com');
    expect(!spaced.ok && spaced.message).toContain('contains a space');
  });
});
