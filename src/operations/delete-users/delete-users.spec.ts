import { describe, expect, it } from 'vitest';
import { deleteUsersOperation } from './delete-users-operation';
import { refused } from '../../../test/support/refused-request';

const CHRIS = { id: 'u3', label: 'Chris Green (chris@contoso.com)' };

describe('delete-users', () => {
  it('deletes the user by object id', () => {
    expect(deleteUsersOperation.toRequest(CHRIS)).toEqual({
      method: 'DELETE',
      url: '/users/u3',
      operation: 'delete-user',
      context: { target: 'Chris Green (chris@contoso.com)', objectType: 'user', requiredRoles: 'User Administrator or Privileged Authentication Administrator' },
    });
  });

  it('names both causes of a refusal: an admin target, or a missing role', () => {
    const result = refused(deleteUsersOperation, CHRIS, { status: 403, code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' });
    expect(deleteUsersOperation.interpret(CHRIS, result)).toEqual({
      status: 'failed',
      reason:
        'Microsoft Graph refused to delete Chris Green (chris@contoso.com). If the user holds an admin role, only a ' +
        'Privileged Authentication Administrator or Global Administrator can do it; otherwise you need the User Administrator role.',
      graphCode: 'Authorization_RequestDenied',
    });
  });
});
