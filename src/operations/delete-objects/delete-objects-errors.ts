import type { ErrorHint } from '../../graph/error-facts';
import { notFoundHint, targetsUser, userChangeRefusalHint } from '../error-hints';

/** Why Graph refused to delete an object, in the words of a delete. */
export const DELETE_OBJECTS_ERROR_HINTS: readonly ErrorHint[] = [
  userChangeRefusalHint('delete', targetsUser),
  notFoundHint((who) => `${who} was not found among active objects (it may already be deleted).`),
];
