import type { OperationDefinition } from '../operation-definition';
import { CREATE_USER_ROLES, createUsersOperation } from './create-users-operation';
import type { CreateUserRow } from './create-users-row';
import { createUsersRowSpec } from './create-users-row';
import { CREATE_USERS_ERROR_HINTS } from './create-users-errors';

export const createUsers: OperationDefinition<CreateUserRow, 'create-users'> = {
  operation: createUsersOperation,
  csv: createUsersRowSpec,
  roles: [CREATE_USER_ROLES],
  errorHints: CREATE_USERS_ERROR_HINTS,
  // The initial password: the row's field and the planned work's field have the same name.
  secretFields: ['password'],
  chat: { usage: 'create users + CSV', description: 'Create the users in an attached bulk-create CSV.', example: 'create users', singleRowVerb: 'Create', needsFile: true },
};
