import type { OperationDefinition } from '../operation-definition';
import { DELETE_USER_ROLES, deleteUsersOperation } from './delete-users-operation';
import type { DeleteUserRow } from './delete-users-row';
import { deleteUsersRowSpec } from './delete-users-row';
import { DELETE_USERS_ERROR_HINTS } from './delete-users-errors';

export const deleteUsers: OperationDefinition<DeleteUserRow, 'delete-users'> = {
  operation: deleteUsersOperation,
  csv: deleteUsersRowSpec,
  roles: [DELETE_USER_ROLES],
  errorHints: DELETE_USERS_ERROR_HINTS,
  chat: {
    usage: 'delete user <UPN | name> · delete users + CSV',
    description: 'Delete one user, or the users in an attached bulk-delete CSV. They stay restorable for 30 days.',
    example: 'delete user chris@contoso.com',
    singleRowVerb: 'Delete',
  },
};
