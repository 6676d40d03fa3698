import type { ErrorHint } from '../../graph/error-facts';
import { notFoundHint, userChangeRefusalHint } from '../error-hints';

/** Why Graph refused to delete a user, in the words of a delete. */
export const DELETE_USERS_ERROR_HINTS: readonly ErrorHint[] = [
  userChangeRefusalHint('delete', () => true),
  notFoundHint((who) => `${who} was not found: no active user has that id or user name (it may already be deleted).`),
];
