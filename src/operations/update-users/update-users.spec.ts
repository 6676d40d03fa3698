import { describe, expect, it } from 'vitest';
import { updateUsersOperation } from './update-users-operation';
import { updateUsersRowSpec } from './update-users-row';
import { patchBody, propertyChanges } from './user-diff';
import { refused } from '../../../test/support/refused-request';

const CHRIS = {
  id: 'u3',
  label: 'Chris Green (chris@contoso.com)',
  patch: JSON.stringify({ department: 'Marketing', jobTitle: null }),
  changes: 'department: Sales → Marketing; jobTitle: Buyer → (empty)',
  old: JSON.stringify({ department: 'Sales', jobTitle: 'Buyer' }),
  new: JSON.stringify({ department: 'Marketing', jobTitle: null }),
};
const CHRIS_MANAGER = { id: 'u3', label: CHRIS.label, managerId: 'u9', changes: 'manager: (empty) → dana@contoso.com', old: '{"manager":null}', new: '{"manager":"dana@contoso.com"}' };
const ROLES = 'User Administrator';
const CONTEXT = { target: CHRIS.label, objectType: 'user', requiredRoles: ROLES };

const check = (cells: Record<string, string>) => updateUsersRowSpec.checkRow?.(cells);

describe('update-users', () => {
  it('patches only the changed properties, null clearing', () => {
    expect(updateUsersOperation.toRequest(CHRIS)).toEqual({ method: 'PATCH', url: '/users/u3', body: { department: 'Marketing', jobTitle: null }, context: CONTEXT });
  });

  it('sets the manager through its reference', () => {
    expect(updateUsersOperation.toRequest(CHRIS_MANAGER)).toEqual({
      method: 'PUT',
      url: '/users/u3/manager/$ref',
      body: { '@odata.id': 'https://graph.microsoft.com/v1.0/users/u9' },
      context: CONTEXT,
    });
  });

  it('removes the manager with a DELETE of the reference', () => {
    expect(updateUsersOperation.toRequest({ id: 'u3', label: CHRIS.label, changes: 'manager: dana@contoso.com → (empty)' })).toEqual({
      method: 'DELETE',
      url: '/users/u3/manager/$ref',
      context: CONTEXT,
    });
  });

  it('records the old and new values of every cell in the result', () => {
    const result = updateUsersOperation.interpret(CHRIS, { outcome: 'succeeded', status: 204, body: undefined, headers: {}, item: { key: '0', request: { method: 'PATCH', url: '/users/u3' } }, attempts: 1, uncertainEarlierAttempt: false });
    expect(result).toEqual({
      status: 'succeeded',
      objectId: 'u3',
      reason: `changed ${CHRIS.changes}`,
      details: { userId: 'u3', changes: CHRIS.changes, oldValues: CHRIS.old, newValues: CHRIS.new },
    });
  });

  it('names both causes of a refusal: an admin target, or a missing role', () => {
    const result = refused(updateUsersOperation, CHRIS, { status: 403, code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' });
    expect(updateUsersOperation.interpret(CHRIS, result)).toEqual({
      status: 'failed',
      reason:
        'Microsoft Graph refused to update Chris Green (chris@contoso.com). If the user holds an admin role, only a ' +
        'Privileged Authentication Administrator or Global Administrator can do it; otherwise you need the User Administrator role.',
      graphCode: 'Authorization_RequestDenied',
    });
  });

  it('reads a row: blank leaves unchanged, <clear> clears, the rest is checked as Graph does', () => {
    expect(check({ userPrincipalName: 'chris@contoso.com', department: 'Marketing', jobTitle: '<clear>', city: '', telephoneNumber: '+1 425 555 0100', accountEnabled: 'false', manager: 'dana@contoso.com' })).toEqual({
      ok: true,
      value: {
        target: { by: 'userPrincipalName', userPrincipalName: 'chris@contoso.com' },
        changes: { jobTitle: null, department: 'Marketing', businessPhones: '+1 425 555 0100', accountEnabled: false },
        manager: { by: 'userPrincipalName', userPrincipalName: 'dana@contoso.com' },
      },
    });
    const bad = check({ userPrincipalName: 'chris@contoso.com', department: 'x'.repeat(65), usageLocation: 'usa', displayName: '<clear>', accountEnabled: 'maybe', telephoneNumber: '1;2' });
    expect(bad?.ok).toBe(false);
    expect(bad && !bad.ok ? bad.issues.map((i) => i.token) : []).toEqual(['displayName', 'department', 'usageLocation', 'telephoneNumber', 'accountEnabled']);
  });

  it("reads back the apostrophe an export puts before a phone number starting with '+'", () => {
    const row = check({ userPrincipalName: 'chris@contoso.com', mobile: "'+1 425 555 0100" });
    expect(row?.ok && row.value.changes).toEqual({ mobilePhone: '+1 425 555 0100' });
  });

  it('needs a user name or object ID', () => {
    expect(check({ department: 'Sales' })).toEqual({ ok: false, issues: [expect.objectContaining({ token: 'userPrincipalName' })] });
  });

  it('diffs against the directory: equal and already-empty cells are no change; one office phone is a one-number collection', () => {
    const changes = propertyChanges(
      { department: 'Sales', jobTitle: null, city: null, businessPhones: '+1 425 555 0100', mobilePhone: null, accountEnabled: false },
      { department: 'Sales', jobTitle: 'Buyer', city: null, businessPhones: ['+1 425 555 0199'], mobilePhone: '', accountEnabled: true },
    );
    expect(changes).toEqual([
      { property: 'jobTitle', old: 'Buyer', new: null },
      { property: 'businessPhones', old: '+1 425 555 0199', new: '+1 425 555 0100' },
      { property: 'accountEnabled', old: true, new: false },
    ]);
    expect(patchBody(changes)).toEqual({ jobTitle: null, businessPhones: ['+1 425 555 0100'], accountEnabled: false });
    expect(patchBody([{ property: 'businessPhones', old: '1', new: null }])).toEqual({ businessPhones: [] });
  });
});
