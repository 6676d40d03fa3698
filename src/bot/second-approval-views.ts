import type { AdaptiveCardJson } from '../cards/adaptive-card-json';
import { buildApprovalCard } from '../cards/build-approval-card';
import type { ApprovalCardMode } from '../cards/build-approval-card';
import type { CardAudience } from '../cards/card-audience';
import { approvalRequired, NO_APPROVAL_POLICY } from '../jobs/approval-policy';
import type { ApprovalPolicy } from '../jobs/approval-policy';
import type { Job } from '../jobs/job-model';
import type { JobStore } from '../jobs/job-store';
import { storedRequirementsOf } from '../engine/stored-role-requirements';
import { isBulkKind, definitionOf } from '../operations/catalogue';
import { checkRoles, joinOr, PIM_MY_ROLES_URL, roleName } from '../operations/directory-roles';
import type { CallerRoles, RoleKey, RoleRequirement } from '../operations/directory-roles';
import { cardTokenOf, jobLabel, jobTitleFor, kindLabel } from './job-card-views';
import { outcomeLines, plannedRowsOf } from './plan-confirmation';

/** Rows a Confirm runs (the dry run's offer), which is what the approval policy counts. */
export function runRowsOf(job: Job): number {
  return typeof job.options.offeredRows === 'number' ? job.options.offeredRows : job.counters.total;
}

export function needsSecondApproval(policy: ApprovalPolicy | undefined, job: Job): boolean {
  return approvalRequired(policy ?? NO_APPROVAL_POLICY, job.kind, runRowsOf(job));
}

/**
 * The legacy rule, for jobs stored before their dry run's requirements were: any role the kind's own requirements
 * accept (restore and purge per object type, memberships of role-assignable groups), Global Administrator always.
 */
export function approverRequirement(kind: string): RoleRequirement | undefined {
  if (!isBulkKind(kind)) return undefined;
  const roles = definitionOf(kind).roles;
  const anyOf = [...new Set(roles.flatMap((requirement) => requirement.anyOf))] as RoleKey[];
  return { action: `approve ${kindLabel(kind).toLowerCase()} jobs`, anyOf };
}

type ApprovableJob = Pick<Job, 'kind' | 'options'>;

/**
 * What an approver must hold: a role for each requirement the job's dry run checked (restoring users and groups needs
 * a role for each). Undefined for a kind this version no longer knows.
 */
export function approverRequirements(job: ApprovableJob): RoleRequirement[] | undefined {
  if (!isBulkKind(job.kind)) return undefined;
  const stored = storedRequirementsOf(job);
  if (stored) return stored;
  const legacy = approverRequirement(job.kind);
  return legacy ? [legacy] : undefined;
}

/** One requirement's roles, Global Administrator included when asked: "A, B or Global Administrator". */
function namesOf(requirement: RoleRequirement, withGlobal: boolean): string {
  return joinOr([...requirement.anyOf.map(roleName), ...(withGlobal ? [roleName('globalAdministrator')] : [])]);
}

/** Several requirements name what each is for: "A or B (to restore users) and C (to restore groups)". */
function requirementsText(requirements: readonly RoleRequirement[], withGlobal: boolean): string {
  if (requirements.length === 1) return namesOf(requirements[0] as RoleRequirement, withGlobal);
  const parts = requirements.map((requirement) => `${namesOf(requirement, withGlobal)} (to ${requirement.action})`);
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
}

/** "Who may approve" on the waiting card (which adds Global Administrator itself). */
export function approverRolesText(job: ApprovableJob): string {
  return requirementsText(approverRequirements(job) ?? [], false);
}

export type ApproverCheck = { ok: true; heldRole: string } | { ok: false; reason: string };

/**
 * An approval needs, for every requirement of the job, a role Graph confirms the approver holds, active and
 * tenant-wide: never an unverifiable one. Global Administrator satisfies every requirement (checkRoles).
 */
export function checkApprover(job: ApprovableJob, caller: CallerRoles): ApproverCheck {
  const requirements = approverRequirements(job);
  if (!requirements) return { ok: false, reason: 'This job is of a kind I no longer know, so nobody can approve it. Nothing was changed.' };
  const checks = requirements.map((requirement) => ({ requirement, check: checkRoles(requirement, caller) }));
  const unmet = checks.filter(({ check }) => !(check.ok && check.reason === 'held'));
  if (unmet.length === 0) {
    return { ok: true, heldRole: [...new Set(checks.map(({ check }) => (check.ok ? check.heldRole : '')))].join(', ') };
  }
  const names = requirementsText(unmet.map(({ requirement }) => requirement), true);
  const results = unmet.map(({ check }) => check);
  if (results.some((check) => !check.ok && check.reason === 'missing-role')) {
    return { ok: false, reason: `You don't hold a role that allows this job (${names}), so you can't approve it. Nothing was changed.` };
  }
  const eligible = [...new Set(results.flatMap((check) => (!check.ok && check.reason === 'eligible-not-active' ? [roleName(check.role)] : [])))];
  if (eligible.length > 0) {
    const them = eligible.length === 1 ? 'it' : 'them';
    return {
      ok: false,
      reason: `You are eligible for ${eligible.join(' and ')}, but ${eligible.length === 1 ? "it isn't" : "they aren't"} active: activate ${them} in Privileged Identity Management (${PIM_MY_ROLES_URL}), then press Approve again. Nothing was changed.`,
    };
  }
  if (results.some((check) => check.ok && check.reason === 'advisory' && check.why === 'roles-unreadable')) {
    return { ok: false, reason: `I couldn't read your directory roles, and a second approval needs a role I can confirm (${names}). Nothing was changed.` };
  }
  const unconfirmed = [...new Set(results.flatMap((check) => (check.ok ? [check.heldRole] : [])))].join(', ');
  return { ok: false, reason: `Your role (${unconfirmed}) isn't one I can confirm covers this job: a second approval needs ${names}, active for the whole directory. Nothing was changed.` };
}

/** Teams lets a bot post only where it is asked, so the way to a channel goes through a command typed there. */
export function personalChatInstruction(job: Job): string {
  return (
    `I can't post into a channel by myself: Teams lets a bot speak only where someone asks it. To get this approved, ` +
    `mention me in a team channel or group chat where I'm added, with \`approval ${jobLabel(job)}\`: I'll post the ` +
    'Approve and Decline buttons there for the other administrators.'
  );
}

function modeFor(audience: CardAudience): ApprovalCardMode {
  if (audience.isGroup) return 'group';
  return audience.viewer === 'initiator' ? 'personal' : 'share';
}

/** The card of a job awaiting its second approval, as this audience sees it (`mode` overrides it, e.g. `share`). */
export async function approvalCardFor(
  store: JobStore,
  job: Job,
  audience: CardAudience,
  options: { notices?: readonly string[]; mode?: ApprovalCardMode; approvedBy?: string } = {},
): Promise<AdaptiveCardJson> {
  const rows = await plannedRowsOf(store, job.id);
  const mode = options.mode ?? modeFor(audience);
  return buildApprovalCard({
    jobId: job.id,
    jobLabel: jobLabel(job),
    cardToken: cardTokenOf(job),
    kindLabel: kindLabel(job.kind),
    title: jobTitleFor(job.kind, rows.length, rows[0]?.label),
    initiatorName: job.initiator.name,
    runRowCount: runRowsOf(job),
    outcomes: outcomeLines(rows),
    approverRoles: approverRolesText(job),
    expiresAt: job.expiresAt ?? job.updatedAt,
    mode,
    ...(options.notices && options.notices.length > 0 ? { notices: options.notices } : {}),
    ...(options.approvedBy === undefined ? {} : { approvedBy: options.approvedBy }),
    ...(audience.isGroup ? {} : { instruction: personalChatInstruction(job) }),
  });
}
