import { groupMemberRowSchema, groupMemberRowSpec, groupMemberTemplate } from '../group-member-row';

export type { GroupMemberRow as AddGroupMemberRow } from '../group-member-row';

export const addGroupMembersTemplate = groupMemberTemplate('add-group-members', 'add group members');
export const addGroupMembersRowSchema = groupMemberRowSchema;
export const addGroupMembersRowSpec = groupMemberRowSpec(addGroupMembersTemplate);
