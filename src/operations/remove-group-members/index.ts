import type { GroupMemberRow } from '../group-member-row';
import { MEMBERSHIP_ROLES, ROLE_ASSIGNABLE_MEMBERSHIP, removeGroupMembersOperation } from '../group-membership';
import type { OperationDefinition } from '../operation-definition';
import { removeGroupMembersRowSpec } from './remove-group-members-row';
import { REMOVE_GROUP_MEMBERS_ERROR_HINTS } from './remove-group-members-errors';

export const removeGroupMembers: OperationDefinition<GroupMemberRow, 'remove-group-members'> = {
  operation: removeGroupMembersOperation,
  csv: removeGroupMembersRowSpec,
  roles: [MEMBERSHIP_ROLES, ROLE_ASSIGNABLE_MEMBERSHIP],
  errorHints: REMOVE_GROUP_MEMBERS_ERROR_HINTS,
  chat: {
    usage: 'remove members from <group> + CSV',
    description: 'Remove the users listed in an attached CSV from a group.',
    example: 'remove members from Sales Team',
    needsFile: true,
    groupCommand: 'remove members from',
  },
};
