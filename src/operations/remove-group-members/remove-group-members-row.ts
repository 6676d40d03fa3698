import { groupMemberRowSchema, groupMemberRowSpec, groupMemberTemplate } from '../group-member-row';

export type { GroupMemberRow as RemoveGroupMemberRow } from '../group-member-row';

export const removeGroupMembersTemplate = groupMemberTemplate('remove-group-members', 'remove group members');
export const removeGroupMembersRowSchema = groupMemberRowSchema;
export const removeGroupMembersRowSpec = groupMemberRowSpec(removeGroupMembersTemplate);
