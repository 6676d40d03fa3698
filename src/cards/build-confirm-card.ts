import type { AdaptiveCardJson } from './adaptive-card-json';
import { cardPlainText } from './card-button-title';
import { audienceTemplateData, withAudienceRefresh, type CardAudience } from './card-audience';
import { expandCardTemplate } from './card-template';
import { escapeCardLine, escapeCardText } from './escape-card-text';
import { cardDate, cardTime, countOf, formatCount } from './format';

export type CardTone = 'good' | 'warning' | 'attention' | 'default';

/** One line of the dry run, e.g. { count: 28, label: 'will be restored', tone: 'good' }. */
export interface PlannedOutcome {
  count: number;
  label: string;
  tone: CardTone;
}

export interface SampleRow {
  /** Name where there is one, e.g. "Adele Vance". */
  title: string;
  /** e.g. "User · adele@contoso.com". */
  detail?: string;
  /** e.g. "needs a new UPN". */
  outcome: string;
  tone: CardTone;
}

export type RoleCheck =
  | { status: 'ok'; heldRole: string }
  | { status: 'missing'; neededRoles: string[] }
  | { status: 'unknown'; neededRoles: string[] }
  /** The role could not be confirmed (custom role, roles unreadable, AU scope): Graph decides; `text` says why. */
  | { status: 'advisory'; text: string };

export interface ConfirmView {
  jobId: string;
  jobLabel: string;
  cardToken: string;
  kindLabel: string;
  /** e.g. "Restore 30 deleted users". */
  title: string;
  /** What happens and what it means, e.g. "They come back with their licences and group memberships." */
  description: string;
  /** Rows on the card. */
  rowCount: number;
  /** Rows a Confirm runs, the number to type for destructive jobs; rowCount when absent. */
  runRowCount?: number;
  outcomes: readonly PlannedOutcome[];
  sampleRows: readonly SampleRow[];
  options?: {
    newUserPrincipalName?: { suggested?: string; required: boolean; hint?: string };
    autoReconcileProxyConflict?: { value: boolean };
    /** An undo that skips rows changed since the job: the admin may include them. */
    includeChanged?: { count: number };
  };
  roleCheck: RoleCheck;
  /** Delete users, purge: above `typedCountThreshold` rows the initiator must type the row count. */
  destructive: boolean;
  typedCountThreshold?: number;
  /** Verb on the button, e.g. "Run 28 rows"; absent when no row can run, and then the card has no Confirm. */
  confirmLabel?: string;
  expiresAt?: string;
  audience: CardAudience;
}

export const DEFAULT_TYPED_COUNT_THRESHOLD = 10;
export const MAX_SAMPLE_ROWS = 5;

export function needsTypedCount(view: Pick<ConfirmView, 'destructive' | 'rowCount' | 'runRowCount' | 'typedCountThreshold'>): boolean {
  return view.destructive && (view.runRowCount ?? view.rowCount) > (view.typedCountThreshold ?? DEFAULT_TYPED_COUNT_THRESHOLD);
}

export function buildConfirmCard(view: ConfirmView): AdaptiveCardJson {
  const samples = view.sampleRows.slice(0, MAX_SAMPLE_ROWS);
  const newUpn = view.options?.newUserPrincipalName;
  const reconcile = view.options?.autoReconcileProxyConflict;
  const includeChanged = view.options?.includeChanged;
  const runs = view.runRowCount ?? view.rowCount;
  const count = String(Math.max(0, Math.round(runs)));
  const role = roleLine(view.roleCheck);
  const card = expandCardTemplate('confirm', {
    eyebrow: `${escapeCardLine(view.kindLabel, 80)} · Job ${escapeCardLine(view.jobLabel, 20)} · Review`,
    title: escapeCardLine(view.title),
    description: escapeCardText(view.description),
    outcomes: view.outcomes.map((o) => ({ countText: formatCount(o.count), label: escapeCardLine(o.label, 160), color: o.tone })),
    hasSamples: samples.length > 0,
    samplesHeading: samples.length < view.rowCount ? `First ${countOf(samples.length, 'row')}` : 'Rows',
    samples: samples.map((row) => ({
      title: escapeCardLine(row.title, 100),
      hasDetail: row.detail !== undefined && row.detail !== '',
      detail: escapeCardLine(row.detail ?? '', 160),
      outcome: escapeCardLine(row.outcome, 160),
      color: row.tone,
    })),
    hasMoreRows: view.rowCount > samples.length && samples.length > 0,
    moreRowsText: `and ${countOf(view.rowCount - samples.length, 'more row')}`,
    roleIcon: role.icon,
    roleColor: role.color,
    roleText: role.text,
    hasConfirm: view.confirmLabel !== undefined,
    hasOptions: newUpn !== undefined || reconcile !== undefined || includeChanged !== undefined,
    hasNewUpn: newUpn !== undefined,
    newUpnValue: cardPlainText(newUpn?.suggested ?? '', 113),
    newUpnRequired: newUpn?.required ?? false,
    hasNewUpnHint: newUpn?.hint !== undefined && newUpn.hint !== '',
    newUpnHint: escapeCardLine(newUpn?.hint ?? '', 240),
    hasReconcile: reconcile !== undefined,
    reconcileValue: reconcile?.value === true ? 'true' : 'false',
    hasIncludeChanged: includeChanged !== undefined,
    includeChangedTitle: `Also undo the ${countOf(includeChanged?.count ?? 0, 'row')} changed since the job`,
    needsTypedCount: needsTypedCount(view),
    typedCountWarning: `This permanently affects ${countOf(runs, 'row')}.`,
    typedCountLabel: `Type ${count} to confirm`,
    typedCountPlaceholder: count,
    typedCountRegex: `^${count}$`,
    typedCountError: `Type the number of rows, ${count}, exactly to confirm.`,
    hasExpiry: view.expiresAt !== undefined,
    // Approvals last a day, so the time alone would read as "now": the date says which day.
    expiryText: `This request expires on ${cardDate(view.expiresAt)} at ${cardTime(view.expiresAt)}; after that, send the command again.`,
    confirmTitle: cardPlainText(view.confirmLabel ?? '', 40),
    actionData: { jobId: view.jobId, cardToken: view.cardToken },
    ...audienceTemplateData(view.audience, 'confirm or cancel this job'),
  });
  return withAudienceRefresh(card, view.audience, { jobId: view.jobId, cardToken: view.cardToken });
}

function roleLine(check: RoleCheck): { icon: string; color: string; text: string } {
  if (check.status === 'ok') {
    return { icon: '✓', color: 'good', text: `You hold ${escapeCardLine(check.heldRole, 80)}, which allows this.` };
  }
  if (check.status === 'advisory') return { icon: '?', color: 'warning', text: escapeCardLine(check.text, 300) };
  const needed = check.neededRoles.map((r) => escapeCardLine(r, 80)).join(' or ');
  if (check.status === 'missing') {
    return {
      icon: '!',
      color: 'attention',
      text: `You don't hold a role that allows this (${needed}). Microsoft Graph will refuse the rows unless you activate one first.`,
    };
  }
  return { icon: '?', color: 'warning', text: `I couldn't check your roles. This needs ${needed}.` };
}
