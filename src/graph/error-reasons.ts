import type { ErrorCategory, ErrorFacts, ErrorHint, HintSlot } from './error-facts';
import { isConflict, isNotFoundAnswer, isRefusal, mentions, permissionRefusal, subject } from './error-facts';

export type {
  DirectoryObjectType,
  ErrorCategory,
  ErrorContext,
  ErrorFacts,
  ErrorHint,
  GraphOperation,
  HintSlot,
} from './error-facts';

export interface ErrorExplanation {
  category: ErrorCategory;
  reason: string;
  /** Worth retrying after a delay (the seam retries these up to its bound). */
  retryable: boolean;
  /** Every later row would fail the same way: stop the run and keep the remaining rows for later. */
  stopsRun: boolean;
}

/** The roles a refused request needs: the requesting kind words them; the generic reads are worded here. */
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

const SIGN_IN: readonly ErrorHint[] = [
  {
    category: 'token-expired',
    matches: (f) =>
      f.status === 401 || ['InvalidAuthenticationToken', 'TokenExpired', 'SignInRequired'].includes(f.code),
    reason: () =>
      'Your sign-in expired or is no longer valid, so Microsoft Graph refused the request. Sign in again and ' +
      'resume the job; rows that were not processed yet are kept.',
    stopsRun: true,
  },
];

const TRANSIENT: readonly ErrorHint[] = [
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
    matches: (f) => f.code === 'Directory_ConcurrencyViolation' || (f.status === 409 && /concurrent/i.test(f.message)),
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
];

// Graph answers a privileged target with the same bare 403 as a missing role; the flag or its wording tells them apart.
const PRIVILEGED_TARGET: readonly ErrorHint[] = [
  {
    category: 'privileged-target',
    matches: (f) =>
      f.status === 403 && (f.context?.targetIsPrivileged === true || /privileged|higher.{0,20}role|sensitive/i.test(f.message)),
    reason: (f) =>
      `${subject(f, 'This user')} holds a privileged admin role. Only a Privileged Authentication Administrator ` +
      'or Global Administrator can restore or delete such a user (the app also needs Directory.AccessAsUser.All).',
  },
];

const REFUSAL: readonly ErrorHint[] = [
  {
    category: 'insufficient-privileges',
    matches: isRefusal,
    reason: (f) => permissionRefusal(requiredRole(f)),
  },
];

const ANSWER: readonly ErrorHint[] = [
  {
    category: 'upn-conflict',
    matches: (f) => f.status === 400 && mentions(f, 'userPrincipalName') && isConflict(f),
    reason: (f) => `${subject(f, 'The user name')} is already used by another object — choose a different user name.`,
  },
  {
    category: 'proxy-address-conflict',
    matches: (f) => f.status === 400 && mentions(f, 'proxyAddresses') && isConflict(f),
    reason: (f) => `An email address of ${subject(f, 'this object')} is already used by another object.`,
  },
  {
    category: 'not-found',
    matches: isNotFoundAnswer,
    reason: (f) => `${subject(f)} was not found in the directory; check the id or name.`,
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

function hintsFor(facts: ErrorFacts, slot: HintSlot): readonly ErrorHint[] {
  return (facts.context?.hints ?? []).filter((hint) => (hint.slot ?? 'answer') === slot);
}

/** First match wins: the request's own hints go ahead of the generic rules of their slot. */
function rulesFor(facts: ErrorFacts): ErrorHint[] {
  return [
    ...SIGN_IN,
    ...hintsFor(facts, 'before-retries'),
    ...TRANSIENT,
    ...PRIVILEGED_TARGET,
    ...hintsFor(facts, 'refusal'),
    ...REFUSAL,
    ...hintsFor(facts, 'answer'),
    ...ANSWER,
  ];
}

export function explainGraphError(facts: ErrorFacts): ErrorExplanation {
  for (const rule of rulesFor(facts)) {
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
