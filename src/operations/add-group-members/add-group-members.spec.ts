import { describe, expect, it } from 'vitest';
import { addGroupMembersOperation } from '../group-membership';
import { refused } from '../../../test/support/refused-request';

const ALAIN_TO_SALES = { groupId: 'g1', groupName: 'Sales Team', memberId: 'u1', label: 'Alain Charon (alain@contoso.com)' };

describe('add-group-members', () => {
  it("posts a reference to the member to the group's members", () => {
    expect(addGroupMembersOperation.toRequest(ALAIN_TO_SALES)).toEqual({
      method: 'POST',
      url: '/groups/g1/members/$ref',
      body: { '@odata.id': 'https://graph.microsoft.com/v1.0/directoryObjects/u1' },
      operation: 'add-member',
      context: {
        target: 'Alain Charon (alain@contoso.com)',
        groupName: 'Sales Team',
        requiredRoles: 'Groups Administrator or User Administrator, or ownership of the group',
      },
    });
  });

  it('reads "already exist" as a member the group already has', () => {
    const result = refused(addGroupMembersOperation, ALAIN_TO_SALES, {
      status: 400,
      code: 'Request_BadRequest',
      message: "One or more added object references already exist for the following modified properties: 'members'.",
    });
    expect(addGroupMembersOperation.interpret(ALAIN_TO_SALES, result)).toEqual({
      status: 'failed',
      reason: 'Alain Charon (alain@contoso.com) is already a member of Sales Team.',
      graphCode: 'Request_BadRequest',
    });
  });
});
