import type { OperationDefinition } from '../operation-definition';
import { UPDATE_USER_ROLES, updateUsersOperation } from './update-users-operation';
import type { UpdateUserRow } from './update-users-row';
import { updateUsersRowSpec } from './update-users-row';
import { UPDATE_USERS_ERROR_HINTS } from './update-users-errors';

export const updateUsers: OperationDefinition<UpdateUserRow, 'update-users'> = {
  operation: updateUsersOperation,
  csv: updateUsersRowSpec,
  roles: [UPDATE_USER_ROLES],
  errorHints: UPDATE_USERS_ERROR_HINTS,
  chat: {
    usage: 'update users + CSV',
    description: 'Change properties and managers of the users in an attached CSV (an edited users export works); only changed cells are written.',
    example: 'update users',
    singleRowVerb: 'Update',
    needsFile: true,
  },
};
