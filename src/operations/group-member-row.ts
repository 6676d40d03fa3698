import type { CsvTemplate } from '../csv/csv-template';
import type { RowSpec } from '../csv/validate-rows';
import type { MemberRef } from './field-rules';
import { checkObjectIdOrUpn } from './field-rules';
import { required, rowRules } from './row-fields';

export interface GroupMemberRow {
  member: MemberRef;
}

const MEMBER_HINT = "the member's object ID or user name (like alain@contoso.com)";

/** Import and remove members share one portal template; only the command tells them apart. */
export function groupMemberTemplate<K extends 'add-group-members' | 'remove-group-members'>(kind: K, title: string): CsvTemplate<K> {
  return {
    kind,
    title,
    // The 2026 portal template has no version row; older ones had one. Both are read.
    columns: [
      {
        token: 'memberObjectIdOrUpn',
        label: 'Member object ID or user principal name',
        required: true,
        example: 'alain@contoso.com',
        hint: MEMBER_HINT,
      },
    ],
    aliases: {
      objectid: 'memberObjectIdOrUpn',
      id: 'memberObjectIdOrUpn',
      userprincipalname: 'memberObjectIdOrUpn',
      upn: 'memberObjectIdOrUpn',
      member: 'memberObjectIdOrUpn',
    },
  };
}

const groupMemberRowRules = rowRules(
  { memberObjectIdOrUpn: required(checkObjectIdOrUpn, MEMBER_HINT) },
  (row): GroupMemberRow => ({ member: row.memberObjectIdOrUpn }),
);

export const groupMemberRowSchema = groupMemberRowRules.schema;

export function groupMemberRowSpec<K extends 'add-group-members' | 'remove-group-members'>(template: CsvTemplate<K>): RowSpec<GroupMemberRow, K> {
  return {
    template,
    schema: groupMemberRowSchema,
    checkRow: groupMemberRowRules.check,
    duplicateKey: ({ member }) =>
      member.by === 'id'
        ? { key: `id:${member.id}`, token: 'memberObjectIdOrUpn', value: member.id }
        : { key: `upn:${member.userPrincipalName.toLowerCase()}`, token: 'memberObjectIdOrUpn', value: member.userPrincipalName },
  };
}
