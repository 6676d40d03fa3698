import type { ErrorHint } from '../../graph/error-facts';
import { notFoundHint } from '../error-hints';

/** Why Graph refused to remove a member, in the words of removing members. */
export const REMOVE_GROUP_MEMBERS_ERROR_HINTS: readonly ErrorHint[] = [
  notFoundHint((who) => `${who} is not a member of the group (or the group no longer exists), so there was nothing to remove.`),
];
