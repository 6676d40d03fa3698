import { describe, expect, it } from 'vitest';
import { purgeOperation } from './purge-operation';
import { refused } from '../../../test/support/refused-request';

const SALES = { id: 'g2', type: 'group', label: 'Sales Team (group)' };

describe('purge', () => {
  it('deletes the object from deletedItems for good', () => {
    expect(purgeOperation.toRequest(SALES)).toEqual({
      method: 'DELETE',
      url: '/directory/deletedItems/g2',
      operation: 'purge',
      context: { target: 'Sales Team (group)', objectType: 'group', requiredRoles: 'Groups Administrator' },
    });
  });

  it("names the role purging a group needs when Graph refuses it", () => {
    const result = refused(purgeOperation, SALES, { status: 403, code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' });
    expect(purgeOperation.interpret(SALES, result)).toEqual({
      status: 'failed',
      reason:
        "You don't have the permissions this needs. Ask for the Groups Administrator role (and make sure the app was " +
        'consented the matching Microsoft Graph permission), then retry.',
      graphCode: 'Authorization_RequestDenied',
    });
  });
});
