export type GraphOperation =
  | 'restore'
  | 'purge'
  | 'list-deleted'
  | 'invite'
  | 'create-user'
  | 'delete-user'
  | 'export'
  | 'add-member'
  | 'remove-member'
  | 'read';

export type DirectoryObjectType = 'user' | 'group' | 'application' | 'servicePrincipal' | 'administrativeUnit';

export interface ErrorContext {
  /** How a person names the row's object: a UPN, an email, a display name or an object id. */
  target?: string;
  objectType?: DirectoryObjectType;
  /** Set when the operation knows the target holds a privileged admin role (restore/delete of admins). */
  targetIsPrivileged?: boolean;
  /** Set when the operation knows a group is role-assignable. */
  roleAssignableGroup?: boolean;
  groupName?: string;
  /** The roles that allow this request, worded by the operation from its own role requirements. */
  requiredRoles?: string;
}

export type ErrorCategory =
  | 'token-expired'
  | 'invitation-blocked'
  | 'throttled'
  | 'concurrency'
  | 'service-unavailable'
  | 'connection'
  | 'privileged-target'
  | 'insufficient-privileges'
  | 'upn-conflict'
  | 'proxy-address-conflict'
  | 'group-not-restorable'
  | 'existing-member'
  | 'invitation-not-allowed'
  | 'invalid-email'
  | 'password-policy'
  | 'duplicate-member'
  | 'not-found'
  | 'quota-exceeded'
  | 'invalid-request'
  | 'unknown';

export interface ErrorFacts {
  /** HTTP status; 0 when no response arrived (connection failure). */
  status: number;
  code: string;
  message: string;
  innerCodes?: readonly string[];
  details?: readonly { code?: string; target?: string; message?: string }[];
  operation?: GraphOperation;
  context?: ErrorContext;
  /** How many times the request was tried; named in the reason when retries ran out. */
  attempts?: number;
}

export interface ErrorExplanation {
  category: ErrorCategory;
  reason: string;
  /** Worth retrying after a delay (the seam retries these up to its bound). */
  retryable: boolean;
  /** Every later row would fail the same way: stop the run and keep the remaining rows for later. */
  stopsRun: boolean;
}

interface ReasonRule {
  category: ErrorCategory;
  matches(facts: ErrorFacts): boolean;
  reason(facts: ErrorFacts): string;
  retryable?: boolean;
  stopsRun?: boolean;
}

const has = (facts: ErrorFacts, pattern: RegExp): boolean => pattern.test(facts.message);
const detailTargets = (facts: ErrorFacts): string[] =>
  (facts.details ?? []).flatMap((d) => [d.target ?? '', d.code ?? '', d.message ?? '']).map((s) => s.toLowerCase());
const mentions = (facts: ErrorFacts, property: string): boolean =>
  facts.message.toLowerCase().includes(property.toLowerCase()) || detailTargets(facts).includes(property.toLowerCase());
const isConflict = (facts: ErrorFacts): boolean =>
  has(facts, /already exists|conflict/i) || detailTargets(facts).includes('objectconflict');

function subject(facts: ErrorFacts, fallback = 'This object'): string {
  return facts.context?.target ?? fallback;
}

function requiredRole(facts: ErrorFacts): string {
  if (facts.context?.requiredRoles) return facts.context.requiredRoles;
  const type = facts.context?.objectType;
  switch (facts.operation) {
    case 'list-deleted':
      if (type === 'group') return 'Groups Administrator or User Administrator (Privileged Role Administrator for role-assignable groups)';
      if (type === 'application' || type === 'servicePrincipal') {
        return 'Application Administrator, Cloud Application Administrator or Hybrid Identity Administrator';
      }
      if (type === 'administrativeUnit') return 'Privileged Role Administrator';
      return 'User Administrator (Privileged Authentication Administrator for users who hold admin roles)';
    case 'export':
    case 'read':
      return 'Directory Readers or Global Reader';
    default:
      return 'an Entra role that allows this operation';
  }
}

// Graph answers a privileged target with the same bare 403 as a missing role, so a user change names both causes.
function isUserChange(facts: ErrorFacts): boolean {
  const userOperation = facts.operation === 'delete-user' || ((facts.operation === 'restore' || facts.operation === 'purge') && (facts.context?.objectType ?? 'user') === 'user');
  return userOperation && facts.context?.targetIsPrivileged !== true;
}

function userChangeRefusal(facts: ErrorFacts): string {
  const verb = facts.operation === 'delete-user' ? 'delete' : facts.operation === 'purge' ? 'purge' : 'restore';
  return (
    `Microsoft Graph refused to ${verb} ${subject(facts, 'this user')}. If the user holds an admin role, only a ` +
    'Privileged Authentication Administrator or Global Administrator can do it; otherwise you need the User ' +
    'Administrator role.'
  );
}

function genericRefusal(facts: ErrorFacts): string {
  return (
    `You don't have the permissions this needs. Ask for the ${requiredRole(facts)} role ` +
    '(and make sure the app was consented the matching Microsoft Graph permission), then retry.'
  );
}

/** Entra soft-deletes only cloud Microsoft 365 and security groups; the rest never reach the recycle bin. */
export const GROUPS_NEVER_IN_RECYCLE_BIN =
  'Distribution lists, mail-enabled security groups and groups synced from on-premises Active Directory are never kept ' +
  'in the recycle bin: restore a synced group in on-premises AD (for example from the AD Recycle Bin) and let it sync ' +
  'again; recreate a distribution list or mail-enabled security group in the Exchange admin center.';

function notFoundReason(facts: ErrorFacts): string {
  const who = subject(facts);
  switch (facts.operation) {
    case 'restore':
    case 'purge':
      return (
        `${who} is not in the recycle bin: it was never deleted, was already restored or purged, or was deleted ` +
        'more than 30 days ago, after which Entra removes it for good and it cannot be recovered.' +
        (facts.operation === 'restore' && facts.context?.objectType === 'group' ? ` ${GROUPS_NEVER_IN_RECYCLE_BIN}` : '')
      );
    case 'add-member':
      return `${who} was not found in the directory (or the group no longer exists); check the object id or UPN.`;
    case 'remove-member':
      return `${who} is not a member of the group (or the group no longer exists), so there was nothing to remove.`;
    case 'delete-user':
      return `${who} was not found: no active user has that id or user name (it may already be deleted).`;
    default:
      return `${who} was not found in the directory; check the id or name.`;
  }
}

/** First match wins; order matters where one situation is a special case of another. */
const RULES: readonly ReasonRule[] = [
  {
    category: 'token-expired',
    matches: (f) =>
      f.status === 401 || ['InvalidAuthenticationToken', 'TokenExpired', 'SignInRequired'].includes(f.code),
    reason: () =>
      'Your sign-in expired or is no longer valid, so Microsoft Graph refused the request. Sign in again and ' +
      'resume the job; rows that were not processed yet are kept.',
    stopsRun: true,
  },
  {
    category: 'invitation-blocked',
    matches: (f) => has(f, /suspicious|abus|fraud/i) && (f.operation === 'invite' || has(f, /invit/i)),
    reason: () =>
      'Microsoft has blocked guest invitations from this tenant because of suspicious activity. Only Microsoft ' +
      'support can lift the block, so the job was stopped and the remaining rows were not attempted.',
    stopsRun: true,
  },
  {
    category: 'throttled',
    matches: (f) => f.status === 429 || /Throttled|TooManyRequests/i.test(f.code),
    reason: (f) =>
      `Microsoft Graph was still throttling this request after ${f.attempts ?? 'several'} attempts ` +
      '(the tenant write budget is 3,000 writes per 150 seconds, and 150 invitations per 5 seconds). ' +
      'Retry the failed rows in a few minutes.',
    retryable: true,
  },
  {
    category: 'concurrency',
    matches: (f) => f.code === 'Directory_ConcurrencyViolation' || (f.status === 409 && has(f, /concurrent/i)),
    reason: (f) =>
      `Another change to ${subject(f, 'this object')} was being made at the same time, and it kept conflicting ` +
      'after retries. Retry the row in a minute.',
    retryable: true,
  },
  {
    category: 'service-unavailable',
    matches: (f) => f.status === 502 || f.status === 503 || f.status === 504,
    reason: (f) =>
      `Microsoft Graph was temporarily unavailable (HTTP ${f.status}) and still was after ` +
      `${f.attempts ?? 'several'} attempts. Retry the row later.`,
    retryable: true,
  },
  {
    category: 'connection',
    matches: (f) => f.status === 0,
    reason: (f) =>
      `The connection to Microsoft Graph failed (${f.message}) and kept failing after ${f.attempts ?? 'several'} ` +
      'attempts. Check the network and retry the row.',
    retryable: true,
  },
  {
    category: 'privileged-target',
    matches: (f) =>
      f.status === 403 && (f.context?.targetIsPrivileged === true || has(f, /privileged|higher.{0,20}role|sensitive/i)),
    reason: (f) =>
      `${subject(f, 'This user')} holds a privileged admin role. Only a Privileged Authentication Administrator ` +
      'or Global Administrator can restore or delete such a user (the app also needs Directory.AccessAsUser.All).',
  },
  {
    category: 'insufficient-privileges',
    matches: (f) => f.status === 403 || f.code === 'Authorization_RequestDenied',
    reason: (f) => (isUserChange(f) ? userChangeRefusal(f) : genericRefusal(f)),
  },
  {
    category: 'group-not-restorable',
    matches: (f) =>
      f.operation === 'restore' &&
      f.context?.objectType === 'group' &&
      f.status !== 404 &&
      has(f, /cannot be restored|can't be restored|not (be )?restorable|mail-enabled|distribution|synced/i),
    reason: (f) => `${subject(f, 'This group')} can't be restored. ${GROUPS_NEVER_IN_RECYCLE_BIN}`,
  },
  {
    category: 'group-not-restorable',
    matches: (f) =>
      f.operation === 'restore' && has(f, /cannot be restored|can't be restored|not (be )?restorable/i),
    reason: (f) => `${subject(f, 'This object')} can't be restored: ${f.message}`,
  },
  {
    category: 'duplicate-member',
    matches: (f) =>
      f.status === 400 &&
      (has(f, /added object references already exist/i) ||
        (f.operation === 'add-member' && (mentions(f, 'members') || has(f, /already a member/i)))),
    reason: (f) => `${subject(f, 'This member')} is already a member of ${f.context?.groupName ?? 'the group'}.`,
  },
  {
    category: 'existing-member',
    matches: (f) =>
      f.operation === 'invite' &&
      f.status >= 400 &&
      f.status < 500 &&
      has(f, /already (exists|a member)|existing (member|user)/i),
    reason: (f) =>
      `${subject(f, 'This address')} already belongs to a user in this directory (a member, or a deleted guest ` +
      'still in the recycle bin), so no invitation was sent. Use the existing account, or restore or purge the ' +
      'deleted guest first.',
  },
  {
    category: 'upn-conflict',
    matches: (f) => f.status === 400 && mentions(f, 'userPrincipalName') && isConflict(f),
    reason: (f) =>
      f.operation === 'restore'
        ? `${subject(f, 'The user name')} is already used by an active user — restore with a new user name ` +
          '(newUserPrincipalName).'
        : `${subject(f, 'The user name')} is already used by another object — choose a different user name.`,
  },
  {
    category: 'proxy-address-conflict',
    matches: (f) => f.status === 400 && mentions(f, 'proxyAddresses') && isConflict(f),
    reason: (f) =>
      f.operation === 'restore'
        ? `An email address of ${subject(f, 'this user')} is already used by an active object — restore with ` +
          '"auto-reconcile proxy conflicts" (autoReconcileProxyConflict) to drop the conflicting address.'
        : `An email address of ${subject(f, 'this object')} is already used by another object.`,
  },
  {
    category: 'invitation-not-allowed',
    matches: (f) => f.operation === 'invite' && has(f, /not allowed|blocked|disabled/i),
    reason: (f) =>
      `Invitations to ${subject(f, 'this address')} are not allowed by your external collaboration or ` +
      `cross-tenant access settings (${f.message}). Change the settings or invite a different address.`,
  },
  {
    category: 'invalid-email',
    matches: (f) =>
      f.status === 400 &&
      (mentions(f, 'invitedUserEmailAddress') ||
        has(f, /smtp address|e-?mail address/i) ||
        (f.operation === 'invite' && has(f, /invalid/i))),
    reason: (f) =>
      `${subject(f, 'The address')} is not a valid email address for an invitation (plus-addressing and ` +
      'characters such as ! # $ % & * ( ) are rejected). Fix the address and retry the row.',
  },
  {
    category: 'password-policy',
    matches: (f) =>
      f.status === 400 && has(f, /password/i) && has(f, /complex|policy|requirement|strength|weak|length/i),
    reason: (f) =>
      `The initial password for ${subject(f, 'this user')} does not meet the tenant's password policy: use at ` +
      'least 8 characters with three of upper case, lower case, digits and symbols, not containing the user name.',
  },
  {
    category: 'not-found',
    matches: (f) => f.status === 404 || f.code === 'Request_ResourceNotFound',
    reason: notFoundReason,
  },
  {
    category: 'quota-exceeded',
    matches: (f) => f.code === 'Directory_QuotaExceeded',
    reason: () =>
      'The directory has reached its object quota, so no more objects can be created or restored. Delete unused ' +
      'objects or ask Microsoft support to raise the quota; the job was stopped.',
    stopsRun: true,
  },
  {
    category: 'invalid-request',
    matches: (f) => f.status >= 400 && f.status < 500,
    reason: (f) => `Microsoft Graph rejected the request for ${subject(f, 'this row')}: ${f.message}`,
  },
];

export function explainGraphError(facts: ErrorFacts): ErrorExplanation {
  for (const rule of RULES) {
    if (rule.matches(facts)) {
      return {
        category: rule.category,
        reason: rule.reason(facts),
        retryable: rule.retryable ?? false,
        stopsRun: rule.stopsRun ?? false,
      };
    }
  }
  return {
    category: 'unknown',
    reason: `Microsoft Graph failed with HTTP ${facts.status} (${facts.code}): ${facts.message}`,
    retryable: false,
    stopsRun: false,
  };
}
