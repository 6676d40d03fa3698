import { describe, expect, it } from 'vitest';
import { removeGroupMembersOperation } from '../group-membership';
import { refused } from '../../../test/support/refused-request';

const ALAIN_FROM_ADMINS = { groupId: 'g9', groupName: 'Tier 0 admins', memberId: 'u1', label: 'Alain Charon (alain@contoso.com)', roleAssignable: 'true' };

describe('remove-group-members', () => {
  it("deletes the member's reference from a role-assignable group, naming the role that needs", () => {
    expect(removeGroupMembersOperation.toRequest(ALAIN_FROM_ADMINS)).toEqual({
      method: 'DELETE',
      url: '/groups/g9/members/u1/$ref',
      operation: 'remove-member',
      context: { target: 'Alain Charon (alain@contoso.com)', groupName: 'Tier 0 admins', roleAssignableGroup: true, requiredRoles: 'Privileged Role Administrator' },
    });
  });

  it('reads a 404 as a member that was not in the group', () => {
    const result = refused(removeGroupMembersOperation, ALAIN_FROM_ADMINS, { status: 404, code: 'Request_ResourceNotFound', message: 'Resource does not exist.' });
    expect(removeGroupMembersOperation.interpret(ALAIN_FROM_ADMINS, result)).toEqual({
      status: 'failed',
      reason: 'Alain Charon (alain@contoso.com) is not a member of the group (or the group no longer exists), so there was nothing to remove.',
      graphCode: 'Request_ResourceNotFound',
    });
  });
});
