import type { AdaptiveCardJson } from './adaptive-card-json';
import type { PlannedOutcome } from './build-confirm-card';
import { expandCardTemplate } from './card-template';
import { escapeCardLine, escapeCardText } from './escape-card-text';
import { cardDate, cardTime, countOf, formatCount } from './format';

/**
 * A job its initiator confirmed that the approval policy holds for a second administrator.
 * - `group`: one view for everyone in a group chat or channel, with Approve, Decline and Cancel; the bot checks who
 *   presses which (no per-person refresh: teams-ai would post a refreshed view to everyone);
 * - `personal`: the initiator in their personal chat, who can cancel, told how to reach a second administrator;
 * - `share`: the summary and that instruction alone, with no buttons.
 */
export type ApprovalCardMode = 'group' | 'personal' | 'share';

export interface ApprovalView {
  jobId: string;
  jobLabel: string;
  cardToken: string;
  kindLabel: string;
  /** What the job does, e.g. "Delete users: 12 rows". */
  title: string;
  initiatorName: string;
  /** Rows that run once approved. */
  runRowCount: number;
  outcomes: readonly PlannedOutcome[];
  /** Roles any one of which lets an admin approve, e.g. "User Administrator or Privileged Authentication Administrator". */
  approverRoles: string;
  expiresAt: string;
  mode: ApprovalCardMode;
  /** Why the last press changed nothing, e.g. "You started this job, so you can't be its second approver." */
  notices?: readonly string[];
  /** How to reach a second administrator from a personal chat (modes `personal` and `share`). */
  instruction?: string;
  /** Set once approved: the copy of the card posted in another conversation says so, with no buttons. */
  approvedBy?: string;
}

export const APPROVAL_HEADLINE = 'Waiting for a second administrator';

export function buildApprovalCard(view: ApprovalView): AdaptiveCardJson {
  const initiator = escapeCardLine(view.initiatorName, 80);
  const notices = view.notices ?? [];
  const approved = view.approvedBy !== undefined;
  return expandCardTemplate('approval', {
    eyebrow: `${escapeCardLine(view.kindLabel, 80)} · Job ${escapeCardLine(view.jobLabel, 20)} · Second approval`,
    headline: approved ? `Approved by ${escapeCardLine(view.approvedBy ?? '', 80)}` : APPROVAL_HEADLINE,
    title: escapeCardLine(view.title),
    description:
      `${initiator} confirmed this job. This organization's approval policy needs a second administrator to approve it ` +
      `before anything changes. Once approved, it runs ${countOf(view.runRowCount, 'row')} as ${initiator}, with ${initiator}'s own permissions.`,
    outcomes: view.outcomes.map((o) => ({ countText: formatCount(o.count), label: escapeCardLine(o.label, 160), color: o.tone })),
    roleText:
      `Any administrator other than ${initiator} who holds ${escapeCardLine(view.approverRoles, 300)} (or Global Administrator) ` +
      `can approve or decline it; only ${initiator} can cancel it.`,
    hasNotices: notices.length > 0,
    notices: notices.map((text) => ({ text: escapeCardText(text) })),
    hasInstruction: view.instruction !== undefined && view.mode !== 'group',
    instruction: escapeCardText(view.instruction ?? ''),
    expiryText: approved
      ? `It runs now as ${initiator}, who sees its progress and result where it was started.`
      : `This request expires on ${cardDate(view.expiresAt)} at ${cardTime(view.expiresAt)}; if nobody approves it by then, nothing is done.`,
    canDecide: !approved && view.mode === 'group',
    canCancel: !approved && view.mode !== 'share',
    actionData: { jobId: view.jobId, cardToken: view.cardToken },
  });
}
