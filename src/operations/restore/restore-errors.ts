import type { ErrorHint } from '../../graph/error-facts';
import { isConflict, isRefusal, mentions, messageMatches, permissionRefusal, subject } from '../../graph/error-facts';
import { rolesText } from '../directory-roles';
import { notInRecycleBinHint, targetsUser, userChangeRefusalHint } from '../error-hints';
import { GROUPS_NEVER_IN_RECYCLE_BIN } from './restore-not-found';
import { RESTORE_ROLES, ROLE_ASSIGNABLE_GROUPS } from './restore-operation';

const CANNOT_BE_RESTORED = /cannot be restored|can't be restored|not (be )?restorable/i;
const GROUP_NOT_RESTORABLE = /cannot be restored|can't be restored|not (be )?restorable|mail-enabled|distribution|synced/i;

/** Why Graph refused a restore, in the words of a restore. */
export const RESTORE_ERROR_HINTS: readonly ErrorHint[] = [
  userChangeRefusalHint('restore', targetsUser),
  {
    // A group whose role-assignability the plan did not know may still need the Privileged Role Administrator.
    category: 'insufficient-privileges',
    slot: 'refusal',
    matches: (f) => isRefusal(f) && f.context?.objectType === 'group',
    reason: (f) =>
      permissionRefusal(
        f.context?.roleAssignableGroup
          ? `${rolesText(ROLE_ASSIGNABLE_GROUPS)} (the group is role-assignable)`
          : `${rolesText(RESTORE_ROLES.group)} (${rolesText(ROLE_ASSIGNABLE_GROUPS)} for role-assignable groups)`,
      ),
  },
  {
    category: 'group-not-restorable',
    matches: (f) =>
      f.context?.objectType === 'group' &&
      f.status !== 404 &&
      messageMatches(f, GROUP_NOT_RESTORABLE),
    reason: (f) => `${subject(f, 'This group')} can't be restored. ${GROUPS_NEVER_IN_RECYCLE_BIN}`,
  },
  {
    category: 'group-not-restorable',
    matches: (f) => messageMatches(f, CANNOT_BE_RESTORED),
    reason: (f) => `${subject(f, 'This object')} can't be restored: ${f.message}`,
  },
  {
    category: 'upn-conflict',
    matches: (f) => f.status === 400 && mentions(f, 'userPrincipalName') && isConflict(f),
    reason: (f) =>
      `${subject(f, 'The user name')} is already used by an active user — restore with a new user name ` +
      '(newUserPrincipalName).',
  },
  {
    category: 'proxy-address-conflict',
    matches: (f) => f.status === 400 && mentions(f, 'proxyAddresses') && isConflict(f),
    reason: (f) =>
      `An email address of ${subject(f, 'this user')} is already used by an active object — restore with ` +
      '"auto-reconcile proxy conflicts" (autoReconcileProxyConflict) to drop the conflicting address.',
  },
  notInRecycleBinHint((f) => (f.context?.objectType === 'group' ? GROUPS_NEVER_IN_RECYCLE_BIN : undefined)),
];
