import type { AdaptiveCardJson } from '../cards/adaptive-card-json';
import { buildApprovalCard } from '../cards/build-approval-card';
import type { ApprovalCardMode } from '../cards/build-approval-card';
import type { CardAudience } from '../cards/card-audience';
import { approvalRequired, NO_APPROVAL_POLICY } from '../jobs/approval-policy';
import type { ApprovalPolicy } from '../jobs/approval-policy';
import type { Job } from '../jobs/job-model';
import type { JobStore } from '../jobs/job-store';
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
 * The roles that let an admin approve a job of this kind: any role the kind's own requirements accept (the same table
 * the initiator's dry run checks), Global Administrator always. Kinds with several requirements (restore and purge per
 * object type, memberships of role-assignable groups) accept a role from any of them.
 */
export function approverRequirement(kind: string): RoleRequirement | undefined {
  if (!isBulkKind(kind)) return undefined;
  const roles = definitionOf(kind).roles;
  const anyOf = [...new Set(roles.flatMap((requirement) => requirement.anyOf))] as RoleKey[];
  return { action: `approve ${kindLabel(kind).toLowerCase()} jobs`, anyOf };
}

export function approverRolesText(kind: string): string {
  return joinOr((approverRequirement(kind)?.anyOf ?? []).map(roleName));
}

export type ApproverCheck = { ok: true; heldRole: string } | { ok: false; reason: string };

/** An approval needs a role Graph confirms the approver holds, active and tenant-wide: never an unverifiable one. */
export function checkApprover(kind: string, caller: CallerRoles): ApproverCheck {
  const requirement = approverRequirement(kind);
  if (!requirement) return { ok: false, reason: 'This job is of a kind I no longer know, so nobody can approve it. Nothing was changed.' };
  const check = checkRoles(requirement, caller);
  if (check.ok && check.reason === 'held') return { ok: true, heldRole: check.heldRole };
  const names = joinOr([...requirement.anyOf.map(roleName), roleName('globalAdministrator')]);
  if (!check.ok && check.reason === 'eligible-not-active') {
    return {
      ok: false,
      reason: `You are eligible for ${roleName(check.role)}, but it isn't active: activate it in Privileged Identity Management (${PIM_MY_ROLES_URL}), then press Approve again. Nothing was changed.`,
    };
  }
  if (check.ok && check.reason === 'advisory' && check.why === 'roles-unreadable') {
    return { ok: false, reason: `I couldn't read your directory roles, and a second approval needs a role I can confirm (${names}). Nothing was changed.` };
  }
  if (check.ok) {
    return { ok: false, reason: `Your role (${check.heldRole}) isn't one I can confirm covers this job: a second approval needs ${names}, active for the whole directory. Nothing was changed.` };
  }
  return { ok: false, reason: `You don't hold a role that allows this job (${names}), so you can't approve it. Nothing was changed.` };
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
    approverRoles: approverRolesText(job.kind),
    expiresAt: job.expiresAt ?? job.updatedAt,
    mode,
    ...(options.notices && options.notices.length > 0 ? { notices: options.notices } : {}),
    ...(options.approvedBy === undefined ? {} : { approvedBy: options.approvedBy }),
    ...(audience.isGroup ? {} : { instruction: personalChatInstruction(job) }),
  });
}
