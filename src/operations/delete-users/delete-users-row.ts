import type { CsvTemplate } from '../../csv/csv-template';
import type { RowSpec } from '../../csv/validate-rows';
import type { MemberRef } from '../field-rules';
import { checkGuid, checkUserPrincipalName } from '../field-rules';
import { optional, rowRules } from '../row-fields';

/** DELETE /users/{id | userPrincipalName} takes either; the portal template has only the user name. */
export interface DeleteUserRow {
  target: MemberRef;
}

export const deleteUsersTemplate: CsvTemplate<'delete-users'> = {
  kind: 'delete-users',
  title: 'bulk delete users',
  version: 'v1.0',
  columns: [
    { token: 'userPrincipalName', label: 'User name', required: true, example: 'chris@contoso.com', hint: "the user's user name (like chris@contoso.com)" },
    { token: 'objectId', label: 'Object ID', required: false, portal: false, example: '00aa00aa-bb11-cc22-dd33-44ee44ee44ee', hint: "the user's object ID" },
  ],
  aliases: { upn: 'userPrincipalName', 'user principal name': 'userPrincipalName', id: 'objectId', 'object id': 'objectId' },
  anyOf: ['userPrincipalName', 'objectId'],
  exampleRow: ['Example: chris@contoso.com'],
};

const deleteUsersRowRules = rowRules(
  {
    userPrincipalName: optional(checkUserPrincipalName),
    objectId: optional(checkGuid),
  },
  (row, report): DeleteUserRow | undefined => {
    if (row.userPrincipalName) return { target: { by: 'userPrincipalName', userPrincipalName: row.userPrincipalName } };
    if (row.objectId) return { target: { by: 'id', id: row.objectId } };
    report('userPrincipalName', 'the cell is empty', "put the user's user name (like chris@contoso.com) here, or remove the row");
    return undefined;
  },
);

export const deleteUsersRowSchema = deleteUsersRowRules.schema;

export const deleteUsersRowSpec: RowSpec<DeleteUserRow, 'delete-users'> = {
  template: deleteUsersTemplate,
  schema: deleteUsersRowSchema,
  checkRow: deleteUsersRowRules.check,
  duplicateKey: ({ target }) =>
    target.by === 'id'
      ? { key: `id:${target.id}`, token: 'objectId', value: target.id }
      : { key: `upn:${target.userPrincipalName.toLowerCase()}`, token: 'userPrincipalName', value: target.userPrincipalName },
};
