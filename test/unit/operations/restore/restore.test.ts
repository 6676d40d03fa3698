import { describe, expect, it } from 'vitest';
import { restoreOperation } from '../../../../src/operations/restore/restore-operation';
import { refused } from '../refused-request';

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
