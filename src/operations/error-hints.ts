import type { ErrorFacts, ErrorHint } from '../graph/error-facts';
import { isNotFoundAnswer, isRefusal, subject } from '../graph/error-facts';

/**
 * Graph answers a change to a user who holds an admin role with the same bare 403 as a missing role, so the refusal
 * of a user change names both causes. `isUserTarget` says whether the request changes a user.
 */
export function userChangeRefusalHint(verb: 'delete' | 'purge' | 'restore' | 'update', isUserTarget: (facts: ErrorFacts) => boolean): ErrorHint {
  return {
    category: 'insufficient-privileges',
    slot: 'refusal',
    matches: (f) => isRefusal(f) && isUserTarget(f) && f.context?.targetIsPrivileged !== true,
    reason: (f) =>
      `Microsoft Graph refused to ${verb} ${subject(f, 'this user')}. If the user holds an admin role, only a ` +
      'Privileged Authentication Administrator or Global Administrator can do it; otherwise you need the User ' +
      'Administrator role.',
  };
}

/** Whether the request's object is a user (requests that don't say are about users). */
export const targetsUser = (facts: ErrorFacts): boolean => (facts.context?.objectType ?? 'user') === 'user';

/** A 404 from the recycle bin, with the kind's extra explanation (`more`, a whole sentence) when it has one. */
export function notInRecycleBinHint(more: (facts: ErrorFacts) => string | undefined = () => undefined): ErrorHint {
  return {
    category: 'not-found',
    matches: isNotFoundAnswer,
    reason: (f) => {
      const extra = more(f);
      return (
        `${subject(f)} is not in the recycle bin: it was never deleted, was already restored or purged, or was deleted ` +
        'more than 30 days ago, after which Entra removes it for good and it cannot be recovered.' +
        (extra ? ` ${extra}` : '')
      );
    },
  };
}

/** A 404 worded by the kind: `reason` gets how the row names its object. */
export function notFoundHint(reason: (who: string) => string): ErrorHint {
  return { category: 'not-found', matches: isNotFoundAnswer, reason: (f) => reason(subject(f)) };
}
