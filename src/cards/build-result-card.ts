import type { AdaptiveCardJson } from './adaptive-card-json';
import { audienceTemplateData, withAudienceRefresh, type CardAudience } from './card-audience';
import { expandCardTemplate } from './card-template';
import { escapeCardLine } from './escape-card-text';
import { DEFAULT_FAILURE_SUMMARY_LIMITS, summarizeFailures, type FailureGroup, type FailureSummaryLimits } from './failure-groups';
import { cardDate, cardTime, countOf, formatCount, formatDuration } from './format';
import { processedRows, type CardFileRef, type JobCounts } from './shared-views';
import { safeCardUrl } from './safe-card-url';

export interface ResultView {
  jobId: string;
  jobLabel: string;
  cardToken: string;
  kindLabel: string;
  /** What the job was, e.g. "Restore 1,000 deleted users". */
  title: string;
  /** `stopped`: the job ended early for a job-level reason (`stopReason`), not a row failure. */
  outcome: 'completed' | 'cancelled' | 'stopped';
  stopReason?: string;
  counts: JobCounts;
  failureGroups: readonly FailureGroup[];
  /** Rows whose goal was already reached (e.g. the user was already active), grouped by reason like failures. */
  alreadyDoneGroups?: readonly FailureGroup[];
  resultsFile?: CardFileRef;
  /** The bot decides whether failed rows are worth retrying (e.g. not when every reason is permanent). */
  canRetry: boolean;
  /** The job changed something its kind can undo (not a purge): the initiator gets an Undo button. */
  canUndo?: boolean;
  finishedAt: string;
  durationSeconds?: number;
  audience: CardAudience;
  /** The second administrator who approved the job under the approval policy. */
  secondApproverName?: string;
  limits?: FailureSummaryLimits;
  /** For small jobs, every row by name with what happened to it (at most MAX_RESULT_ROWS are shown). */
  rows?: readonly ResultRow[];
  /** For small jobs, what the kind's own result columns hold per row (e.g. an invitation's redeem URL), shown as text to copy. */
  details?: readonly ResultDetail[];
}

export interface ResultDetail {
  /** The row, e.g. "Ann <ann@fabrikam.com>"; left out of the heading when the job has one row. */
  rowTitle?: string;
  /** The result column's header, e.g. "Redeem URL". */
  label: string;
  value: string;
}

export interface ResultRow {
  title: string;
  detail?: string;
  /** e.g. "Restored", "Failed", "Skipped". */
  outcome: string;
  tone: 'good' | 'warning' | 'attention' | 'default';
}

export const MAX_RESULT_ROWS = 5;

export function buildResultCard(view: ResultView): AdaptiveCardJson {
  const { counts } = view;
  const notRun = Math.max(0, counts.total - processedRows(counts));
  const summary = summarizeFailures(view.failureGroups, view.limits ?? DEFAULT_FAILURE_SUMMARY_LIMITS);
  const alreadyDone = summarizeFailures(view.alreadyDoneGroups ?? [], view.limits ?? DEFAULT_FAILURE_SUMMARY_LIMITS);
  const alreadyDoneCount = alreadyDoneOf(counts);
  const headline = headlineFor(view, notRun);
  const canRetry = view.canRetry && counts.failed > 0;
  const resultsUrl = view.resultsFile?.url === undefined ? undefined : safeCardUrl(view.resultsFile.url);
  const changed = counts.succeeded - alreadyDoneCount;
  const tiles = [
    { value: formatCount(changed), label: 'Succeeded', color: changed > 0 ? 'good' : 'default' },
    ...(alreadyDoneCount > 0 ? [{ value: formatCount(alreadyDoneCount), label: 'Already done', color: 'good' }] : []),
    { value: formatCount(counts.failed), label: 'Failed', color: counts.failed > 0 ? 'attention' : 'default' },
    { value: formatCount(counts.skipped), label: 'Skipped', color: 'default' },
  ];
  if (notRun > 0) tiles.push({ value: formatCount(notRun), label: 'Not run', color: 'warning' });
  const canSendResults = view.resultsFile !== undefined && resultsUrl === undefined;
  const interactive = view.audience.viewer === 'initiator';
  const duration = view.durationSeconds === undefined ? '' : ` after ${formatDuration(view.durationSeconds)}`;
  const card = expandCardTemplate('result', {
    eyebrow: `${escapeCardLine(view.kindLabel, 80)} · Job ${escapeCardLine(view.jobLabel, 20)}`,
    title: escapeCardLine(view.title),
    headline: headline.text,
    headlineColor: headline.color,
    hasDetail: headline.detail !== '',
    detail: headline.detail,
    tiles,
    hasRows: (view.rows?.length ?? 0) > 0,
    rows: (view.rows ?? []).slice(0, MAX_RESULT_ROWS).map((row) => ({
      title: escapeCardLine(row.title, 100),
      hasDetail: row.detail !== undefined && row.detail !== '',
      detail: escapeCardLine(row.detail ?? '', 160),
      outcome: escapeCardLine(row.outcome, 40),
      color: row.tone,
    })),
    hasDetails: (view.details?.length ?? 0) > 0,
    details: (view.details ?? []).slice(0, MAX_RESULT_ROWS).map((detail) => ({
      heading: escapeCardLine(detail.rowTitle === undefined ? detail.label : `${detail.label}: ${detail.rowTitle}`, 160),
      value: escapeCardLine(detail.value, 2000),
    })),
    hasFailures: summary.lines.length > 0,
    failures: summary.lines,
    hasMoreReasons: summary.hiddenReasons > 0,
    moreReasonsText: `and ${countOf(summary.hiddenReasons, 'more reason')} (${countOf(summary.hiddenRows, 'row')}) in the results file.`,
    hasAlreadyDone: alreadyDone.lines.length > 0,
    alreadyDone: alreadyDone.lines,
    hasMoreAlreadyDone: alreadyDone.hiddenReasons > 0,
    moreAlreadyDoneText: `and ${countOf(alreadyDone.hiddenRows, 'more row')} in the results file.`,
    hasResultsFile: view.resultsFile !== undefined,
    resultsFileText:
      view.resultsFile === undefined
        ? ''
        : `Every row and its outcome is in **${escapeCardLine(view.resultsFile.name, 120)}**.${resultsFileHint(canSendResults, interactive, view.audience.initiator.name)}`,
    hasResultsUrl: resultsUrl !== undefined,
    resultsUrl: resultsUrl ?? '',
    finishedText: `Finished ${cardDate(view.finishedAt)} at ${cardTime(view.finishedAt)}${duration} · started by ${escapeCardLine(view.audience.initiator.name, 80)}${approvedBy(view)}`,
    canRetry,
    canUndo: view.canUndo === true,
    canSendResults,
    retryTitle: `Retry ${countOf(counts.failed, 'failed row')}`,
    actionData: { jobId: view.jobId, cardToken: view.cardToken },
    ...audienceTemplateData(view.audience, 'retry this job'),
  });
  // A finished job offers its initiator at most Retry, Undo and the results file; with none, there is no view to ask for.
  return withAudienceRefresh(card, view.audience, { jobId: view.jobId, cardToken: view.cardToken }, { initiatorHasActions: canRetry || canSendResults || view.canUndo === true });
}

function approvedBy(view: ResultView): string {
  return view.secondApproverName === undefined ? '' : ` · approved by ${escapeCardLine(view.secondApproverName, 80)}`;
}

function alreadyDoneOf(counts: JobCounts): number {
  return Math.min(counts.succeeded, Math.max(0, counts.alreadyDone ?? 0));
}

function resultsFileHint(canSend: boolean, interactive: boolean, initiatorName: string): string {
  if (!canSend) return '';
  return interactive
    ? ' Choose **Send me the results file** to get it in our personal chat.'
    : ` ${escapeCardLine(initiatorName, 80)} can get it from this card.`;
}

function headlineFor(view: ResultView, notRun: number): { text: string; color: string; detail: string } {
  const { counts } = view;
  const done = processedRows(counts);
  if (view.outcome === 'cancelled') {
    return {
      text: `Cancelled after ${formatCount(done)} of ${countOf(counts.total, 'row')}`,
      color: 'warning',
      detail: `Finished rows stay done; ${countOf(notRun, 'row')} did not run.`,
    };
  }
  if (view.outcome === 'stopped') {
    return {
      text: `Stopped after ${formatCount(done)} of ${countOf(counts.total, 'row')}`,
      color: 'attention',
      detail: view.stopReason === undefined ? '' : escapeCardLine(view.stopReason, 400),
    };
  }
  const alreadyDone = alreadyDoneOf(counts);
  if (counts.failed === 0 && alreadyDone > 0 && alreadyDone === counts.total) {
    return {
      text: counts.total === 1 ? 'Already done' : `Already done: all ${countOf(counts.total, 'row')}`,
      color: 'good',
      detail: 'Nothing needed to change, so nothing was changed.',
    };
  }
  if (counts.failed === 0) {
    return {
      text: counts.total === 1 ? 'Done' : `Done: all ${countOf(counts.total, 'row')} handled`,
      color: 'good',
      detail: alreadyDone > 0 ? `${countOf(alreadyDone, 'row')} ${alreadyDone === 1 ? 'was' : 'were'} already done, so nothing changed for ${alreadyDone === 1 ? 'it' : 'them'}.` : '',
    };
  }
  return {
    text: `Finished: ${formatCount(counts.failed)} of ${countOf(counts.total, 'row')} failed`,
    color: 'warning',
    detail: 'The reasons are below; nothing else was changed for those rows.',
  };
}
