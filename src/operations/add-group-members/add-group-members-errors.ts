import type { ErrorHint } from '../../graph/error-facts';
import { mentions, messageMatches, subject } from '../../graph/error-facts';
import { notFoundHint } from '../error-hints';

/** Why Graph refused to add a member, in the words of adding members. */
export const ADD_GROUP_MEMBERS_ERROR_HINTS: readonly ErrorHint[] = [
  {
    category: 'duplicate-member',
    matches: (f) =>
      f.status === 400 &&
      (messageMatches(f, /added object references already exist/i) || mentions(f, 'members') || messageMatches(f, /already a member/i)),
    reason: (f) => `${subject(f, 'This member')} is already a member of ${f.context?.groupName ?? 'the group'}.`,
  },
  notFoundHint((who) => `${who} was not found in the directory (or the group no longer exists); check the object id or UPN.`),
];
