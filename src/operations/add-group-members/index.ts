import type { GroupMemberRow } from '../group-member-row';
import { MEMBERSHIP_ROLES, ROLE_ASSIGNABLE_MEMBERSHIP, addGroupMembersOperation } from '../group-membership';
import type { OperationDefinition } from '../operation-definition';
import { addGroupMembersRowSpec } from './add-group-members-row';
import { ADD_GROUP_MEMBERS_ERROR_HINTS } from './add-group-members-errors';

export const addGroupMembers: OperationDefinition<GroupMemberRow, 'add-group-members'> = {
  operation: addGroupMembersOperation,
  csv: addGroupMembersRowSpec,
  roles: [MEMBERSHIP_ROLES, ROLE_ASSIGNABLE_MEMBERSHIP],
  errorHints: ADD_GROUP_MEMBERS_ERROR_HINTS,
  chat: {
    usage: 'add members to <group> + CSV',
    description: 'Add the users listed in an attached CSV to a group.',
    example: 'add members to Sales Team',
    needsFile: true,
    groupCommand: 'add members to',
  },
};
