import type { OperationDefinition } from '../operation-definition';
import { restoreRowSpec } from '../restore/restore-row';
import type { PurgeRow } from './purge-operation';
import { PURGE_ROLES, purgeOperation } from './purge-operation';
import { PURGE_ERROR_HINTS } from './purge-errors';

/** Purge reads the restore file's identifiers: an object id, UPN, mail or name of something in the recycle bin. */
export const purge: OperationDefinition<PurgeRow, 'restore'> = {
  operation: purgeOperation,
  csv: restoreRowSpec,
  roles: Object.values(PURGE_ROLES),
  errorHints: PURGE_ERROR_HINTS,
  chat: { usage: 'purge <name | UPN | object id>', description: 'Permanently delete an item from the recycle bin.', example: 'purge Debra Berger', singleRowVerb: 'Permanently delete' },
};
