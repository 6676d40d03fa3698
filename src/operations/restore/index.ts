import type { OperationDefinition } from '../operation-definition';
import { RESTORE_ROLES, ROLE_ASSIGNABLE_GROUPS, restoreOperation } from './restore-operation';
import type { RestoreRow } from './restore-row';
import { restoreRowSpec } from './restore-row';
import { RESTORE_ERROR_HINTS } from './restore-errors';

export const restore: OperationDefinition<RestoreRow, 'restore'> = {
  operation: restoreOperation,
  csv: restoreRowSpec,
  roles: [...Object.values(RESTORE_ROLES), ROLE_ASSIGNABLE_GROUPS],
  errorHints: RESTORE_ERROR_HINTS,
  chat: {
    usage: 'restore <name | UPN | mail | object id> [as <new UPN>] [reconcile proxy]',
    description: 'Restore a deleted user, group, app, service principal or administrative unit.',
    example: 'restore Adele Vance',
    singleRowVerb: 'Restore',
    menuTitle: 'restore',
  },
};
