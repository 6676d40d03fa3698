/** Labels a request with what it does, for logs and for the generic wording of read refusals. */
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
  /** The requesting kind's own reasons for its failures, tried among the generic ones (see ErrorHint.slot). */
  hints?: readonly ErrorHint[];
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

/**
 * Where a kind's hint is tried among the generic rules (first match wins):
 * - `before-retries`: ahead of throttling and the other transient failures (a tenant-wide block that stops the run);
 * - `refusal`: ahead of the generic "you don't have the permissions" wording of a 403;
 * - `answer` (the default): after the 403 rules, ahead of the generic conflict, not-found and bad-request wording.
 */
export type HintSlot = 'before-retries' | 'refusal' | 'answer';

/** One reason rule: the generic ones live in error-reasons.ts, each bulk kind declares its own as hints. */
export interface ErrorHint {
  category: ErrorCategory;
  matches(facts: ErrorFacts): boolean;
  reason(facts: ErrorFacts): string;
  retryable?: boolean;
  stopsRun?: boolean;
  slot?: HintSlot;
}

/** Whether Graph's message matches. */
export const messageMatches = (facts: ErrorFacts, pattern: RegExp): boolean => pattern.test(facts.message);

const detailTargets = (facts: ErrorFacts): string[] =>
  (facts.details ?? []).flatMap((d) => [d.target ?? '', d.code ?? '', d.message ?? '']).map((s) => s.toLowerCase());

/** Whether Graph names the property (or code) in its message or in one of its details. */
export const mentions = (facts: ErrorFacts, property: string): boolean =>
  facts.message.toLowerCase().includes(property.toLowerCase()) || detailTargets(facts).includes(property.toLowerCase());

export const isConflict = (facts: ErrorFacts): boolean =>
  messageMatches(facts, /already exists|conflict/i) || detailTargets(facts).includes('objectconflict');

/** A 403, or the code Graph gives a refusal. */
export const isRefusal = (facts: ErrorFacts): boolean => facts.status === 403 || facts.code === 'Authorization_RequestDenied';

export const isNotFoundAnswer = (facts: ErrorFacts): boolean => facts.status === 404 || facts.code === 'Request_ResourceNotFound';

/** How the reason names the row's object. */
export function subject(facts: ErrorFacts, fallback = 'This object'): string {
  return facts.context?.target ?? fallback;
}

/** The generic refusal, naming the roles that allow the request. */
export function permissionRefusal(roles: string): string {
  return (
    `You don't have the permissions this needs. Ask for the ${roles} role ` +
    '(and make sure the app was consented the matching Microsoft Graph permission), then retry.'
  );
}
