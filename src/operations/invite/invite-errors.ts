import type { ErrorHint } from '../../graph/error-facts';
import { mentions, messageMatches, subject } from '../../graph/error-facts';

/** Why Graph refused an invitation, in the words of an invitation. */
export const INVITE_ERROR_HINTS: readonly ErrorHint[] = [
  {
    category: 'invitation-blocked',
    // Ahead of throttling: a blocked tenant must stop the run, not be retried.
    slot: 'before-retries',
    matches: (f) => messageMatches(f, /suspicious|abus|fraud/i),
    reason: () =>
      'Microsoft has blocked guest invitations from this tenant because of suspicious activity. Only Microsoft ' +
      'support can lift the block, so the job was stopped and the remaining rows were not attempted.',
    stopsRun: true,
  },
  {
    category: 'existing-member',
    matches: (f) => f.status >= 400 && f.status < 500 && messageMatches(f, /already (exists|a member)|existing (member|user)/i),
    reason: (f) =>
      `${subject(f, 'This address')} already belongs to a user in this directory (a member, or a deleted guest ` +
      'still in the recycle bin), so no invitation was sent. Use the existing account, or restore or purge the ' +
      'deleted guest first.',
  },
  {
    category: 'invitation-not-allowed',
    matches: (f) => messageMatches(f, /not allowed|blocked|disabled/i),
    reason: (f) =>
      `Invitations to ${subject(f, 'this address')} are not allowed by your external collaboration or ` +
      `cross-tenant access settings (${f.message}). Change the settings or invite a different address.`,
  },
  {
    category: 'invalid-email',
    matches: (f) =>
      f.status === 400 &&
      (mentions(f, 'invitedUserEmailAddress') || messageMatches(f, /smtp address|e-?mail address/i) || messageMatches(f, /invalid/i)),
    reason: (f) =>
      `${subject(f, 'The address')} is not a valid email address for an invitation (plus-addressing and ` +
      'characters such as ! # $ % & * ( ) are rejected). Fix the address and retry the row.',
  },
];
