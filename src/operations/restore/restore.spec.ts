import { describe, expect, it } from 'vitest';
import { restoreOperation } from './restore-operation';
import { refused } from '../../../test/support/refused-request';

const ADELE = { id: '7a1c0000-0000-0000-0000-000000000001', type: 'user', label: 'Adele Vance (AdeleV@contoso.com)' };

describe('restore', () => {
  it('restores a user with a new user name and proxy reconciliation through deletedItems/{id}/restore', () => {
    expect(restoreOperation.toRequest({ ...ADELE, newUserPrincipalName: 'adele.vance@contoso.com', autoReconcileProxyConflict: 'true' })).toEqual({
      method: 'POST',
      url: '/directory/deletedItems/7a1c0000-0000-0000-0000-000000000001/restore',
      body: { newUserPrincipalName: 'adele.vance@contoso.com', autoReconcileProxyConflict: true },
      operation: 'restore',
      context: {
        target: 'Adele Vance (AdeleV@contoso.com)',
        objectType: 'user',
        requiredRoles: 'User Administrator, Authentication Administrator or Privileged Authentication Administrator',
      },
    });
  });

  it('restores a role-assignable group without a body, naming the role it needs', () => {
    expect(restoreOperation.toRequest({ id: 'g1', type: 'group', label: 'Tier 0 admins', roleAssignable: 'true' })).toEqual({
      method: 'POST',
      url: '/directory/deletedItems/g1/restore',
      operation: 'restore',
      context: { target: 'Tier 0 admins', objectType: 'group', roleAssignableGroup: true, requiredRoles: 'Privileged Role Administrator' },
    });
  });

  it('reads a proxy address conflict as one the admin can fix with proxy reconciliation', () => {
    const result = refused(restoreOperation, ADELE, {
      status: 400,
      code: 'Request_BadRequest',
      message: 'Another object with the same value for property proxyAddresses already exists.',
      details: [{ code: 'ObjectConflict', target: 'proxyAddresses' }],
      requestId: 'req-1',
    });
    expect(restoreOperation.interpret(ADELE, result)).toEqual({
      status: 'failed',
      reason:
        'An email address of Adele Vance (AdeleV@contoso.com) is already used by an active object — restore with ' +
        '"auto-reconcile proxy conflicts" (autoReconcileProxyConflict) to drop the conflicting address.',
      graphCode: 'Request_BadRequest',
      requestId: 'req-1',
    });
  });

  it('names the role-assignable note when Graph refuses a group restore', () => {
    const denied = { status: 403, code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' };
    const group = { id: 'g2', type: 'group', label: 'Sales Team' };
    expect(restoreOperation.interpret(group, refused(restoreOperation, group, denied)).reason).toBe(
      "You don't have the permissions this needs. Ask for the Groups Administrator or User Administrator (Privileged Role " +
        'Administrator for role-assignable groups) role (and make sure the app was consented the matching Microsoft Graph ' +
        'permission), then retry.',
    );
    const roleAssignable = { ...group, roleAssignable: 'true' };
    expect(restoreOperation.interpret(roleAssignable, refused(restoreOperation, roleAssignable, denied)).reason).toContain(
      'Ask for the Privileged Role Administrator (the group is role-assignable) role',
    );
  });

  it('reads a 404 as an object that left the recycle bin', () => {
    const result = refused(restoreOperation, ADELE, { status: 404, code: 'Request_ResourceNotFound', message: 'Resource does not exist.' });
    expect(restoreOperation.interpret(ADELE, result)).toEqual({
      status: 'failed',
      reason:
        'Adele Vance (AdeleV@contoso.com) is not in the recycle bin: it was never deleted, was already restored or purged, ' +
        'or was deleted more than 30 days ago, after which Entra removes it for good and it cannot be recovered.',
      graphCode: 'Request_ResourceNotFound',
    });
  });
});
