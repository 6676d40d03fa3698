import type { ErrorHint } from '../../graph/error-facts';
import { messageMatches, subject } from '../../graph/error-facts';

/** Why Graph refused to create a user, beyond the generic reasons (a taken user name reads the same everywhere). */
export const CREATE_USERS_ERROR_HINTS: readonly ErrorHint[] = [
  {
    category: 'password-policy',
    matches: (f) =>
      f.status === 400 && messageMatches(f, /password/i) && messageMatches(f, /complex|policy|requirement|strength|weak|length/i),
    reason: (f) =>
      `The initial password for ${subject(f, 'this user')} does not meet the tenant's password policy: use at ` +
      'least 8 characters with three of upper case, lower case, digits and symbols, not containing the user name.',
  },
];
