import type { OperationDefinition } from '../operation-definition';
import { restoreRowSpec } from '../restore/restore-row';
import type { DeleteObjectRow } from './delete-objects-operation';
import { DELETE_OBJECT_ROLES, DELETE_ROLE_ASSIGNABLE_GROUP, deleteObjectsOperation } from './delete-objects-operation';
import { DELETE_OBJECTS_ERROR_HINTS } from './delete-objects-errors';

/**
 * The inverse of a restore: a soft delete of users, groups, apps, enterprise apps and administrative units by object
 * id. Undo plans it from a restore job; a restore-format file of object ids runs it from the CLI.
 */
export const deleteObjects: OperationDefinition<DeleteObjectRow, 'restore'> = {
  operation: deleteObjectsOperation,
  csv: restoreRowSpec,
  roles: [...Object.values(DELETE_OBJECT_ROLES), DELETE_ROLE_ASSIGNABLE_GROUP],
  errorHints: DELETE_OBJECTS_ERROR_HINTS,
  chat: {
    usage: 'undo <restore job>',
    description: 'Delete again the objects a restore job brought back (they stay restorable for 30 days).',
    example: 'undo my last job',
    singleRowVerb: 'Delete',
  },
};
