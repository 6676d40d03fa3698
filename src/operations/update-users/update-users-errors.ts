import type { ErrorHint } from '../../graph/error-facts';
import { notFoundHint, userChangeRefusalHint } from '../error-hints';

/** Why Graph refused to update a user, in the words of an update. */
export const UPDATE_USERS_ERROR_HINTS: readonly ErrorHint[] = [
  userChangeRefusalHint('update', () => true),
  notFoundHint((who) => `${who} was not found: the user or the new manager was deleted after the dry run, or the manager was already removed.`),
];
