import type { CsvTemplate } from '../../csv/csv-template';
import type { RowSpec } from '../../csv/validate-rows';
import { checkBoolean, checkGuid, checkMailAddress, checkText, checkUserPrincipalName } from '../field-rules';
import { optional, rowRules } from '../row-fields';

export type RestoreTarget =
  | { by: 'id'; id: string }
  | { by: 'userPrincipalName'; userPrincipalName: string }
  | { by: 'mail'; mail: string }
  | { by: 'displayName'; displayName: string };

export interface RestoreRow {
  /** The strongest identifier in the row: object id, then UPN, then mail, then name. */
  target: RestoreTarget;
  objectId?: string;
  userPrincipalName?: string;
  mail?: string;
  displayName?: string;
  newUserPrincipalName?: string;
  autoReconcileProxyConflict?: boolean;
}

export const restoreTemplate: CsvTemplate<'restore'> = {
  kind: 'restore',
  title: 'bulk restore',
  version: 'v1.0',
  columns: [
    { token: 'objectId', label: 'Object ID', required: true, example: '00aa00aa-bb11-cc22-dd33-44ee44ee44ee', hint: "the deleted object's ID (like 00aa00aa-bb11-cc22-dd33-44ee44ee44ee)" },
    { token: 'userPrincipalName', label: 'User name', required: false, portal: false, example: 'alain@contoso.com', hint: "the deleted user's user name" },
    { token: 'mail', label: 'Mail', required: false, portal: false, example: 'alain@contoso.com', hint: "the deleted object's email address" },
    { token: 'displayName', label: 'Name', required: false, portal: false, example: 'Alain Charon', hint: "the deleted object's display name" },
    { token: 'newUserPrincipalName', label: 'New user name', required: false, portal: false, example: 'alain.charon@contoso.com', hint: 'a new user name to restore the user with' },
    {
      token: 'autoReconcileProxyConflict',
      label: 'Remove conflicting proxy addresses (true or false)',
      required: false,
      portal: false,
      example: 'false',
      hint: 'true or false',
    },
  ],
  aliases: {
    id: 'objectId',
    'object id': 'objectId',
    upn: 'userPrincipalName',
    'user principal name': 'userPrincipalName',
    email: 'mail',
    'e-mail': 'mail',
    name: 'displayName',
    'display name': 'displayName',
    newupn: 'newUserPrincipalName',
  },
  anyOf: ['objectId', 'userPrincipalName', 'mail', 'displayName'],
  exampleRow: ['Example: 00aa00aa-bb11-cc22-dd33-44ee44ee44ee'],
};

const restoreRowRules = rowRules(
  {
    objectId: optional(checkGuid),
    userPrincipalName: optional(checkUserPrincipalName),
    mail: optional(checkMailAddress),
    displayName: optional(checkText(256, 'name')),
    newUserPrincipalName: optional(checkUserPrincipalName),
    autoReconcileProxyConflict: optional(checkBoolean),
  },
  (row, report): RestoreRow | undefined => {
    const target: RestoreTarget | undefined = row.objectId
      ? { by: 'id', id: row.objectId }
      : row.userPrincipalName
        ? { by: 'userPrincipalName', userPrincipalName: row.userPrincipalName }
        : row.mail
          ? { by: 'mail', mail: row.mail }
          : row.displayName
            ? { by: 'displayName', displayName: row.displayName }
            : undefined;
    if (!target) {
      report('objectId', 'the row has no object ID, user name, mail or name', 'fill in one of them, or remove the row');
      return undefined;
    }
    return { target, ...row };
  },
);

export const restoreRowSchema = restoreRowRules.schema;

export function restoreTargetText(target: RestoreTarget): string {
  switch (target.by) {
    case 'id':
      return target.id;
    case 'userPrincipalName':
      return target.userPrincipalName;
    case 'mail':
      return target.mail;
    case 'displayName':
      return target.displayName;
  }
}

const TARGET_TOKEN: Record<RestoreTarget['by'], string> = {
  id: 'objectId',
  userPrincipalName: 'userPrincipalName',
  mail: 'mail',
  displayName: 'displayName',
};

export const restoreRowSpec: RowSpec<RestoreRow, 'restore'> = {
  template: restoreTemplate,
  schema: restoreRowSchema,
  checkRow: restoreRowRules.check,
  duplicateKey(row) {
    const value = restoreTargetText(row.target);
    return { key: `${row.target.by}:${value.toLowerCase()}`, token: TARGET_TOKEN[row.target.by], value };
  },
};
