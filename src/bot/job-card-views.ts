import { isUndoable } from '../operations/undo';
import { randomBytes } from 'node:crypto';
import type { AdaptiveCardJson } from '../cards/adaptive-card-json';
import { buildProgressCard } from '../cards/build-progress-card';
import { MAX_RESULT_ROWS, buildResultCard } from '../cards/build-result-card';
import type { ResultDetail, ResultRow } from '../cards/build-result-card';
import { buildJobPausedCard } from '../cards/build-job-paused-card';
import type { CardAudience } from '../cards/card-audience';
import { groupFailures } from '../cards/failure-groups';
import type { RowFailure } from '../cards/failure-groups';
import type { JobCounts } from '../cards/shared-views';
import type { Job, JobRow } from '../jobs/job-model';
import type { JobStore } from '../jobs/job-store';
import { iterateRows } from '../jobs/job-store';
import { RESULTS_FILE_NAME } from '../jobs/results-csv';
import { definitionOf, isBulkKind, operationFor } from '../operations/catalogue';

export function newCardToken(): string {
  return randomBytes(12).toString('base64url');
}

/** The short id people type in `status 3F9A1C`. */
export function jobLabel(job: Pick<Job, 'id'>): string {
  return job.id.replace(/-/g, '').slice(0, 6).toUpperCase();
}

export function kindLabel(kind: string): string {
  return isBulkKind(kind) ? operationFor(kind).title : kind;
}

export function cardTokenOf(job: Job): string {
  const token = job.options.cardToken;
  return typeof token === 'string' ? token : '';
}

export function cardActivityIdOf(job: Job): string | undefined {
  const id = job.options.cardActivityId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

export function initiatorMri(job: Job): string {
  const user = job.conversationReference?.user;
  const id = user && typeof user === 'object' && !Array.isArray(user) ? user.id : undefined;
  return typeof id === 'string' ? id : job.initiator.objectId;
}

/** Row labels read "Adele Vance (AdeleV@contoso.com)": the name leads, the identifier goes on the detail line. */
export function splitRowLabel(label: string): { name: string; identifier?: string } {
  const match = /^(.+?) \(([^()]+)\)$/.exec(label);
  return match?.[1] && match[2] ? { name: match[1], identifier: match[2] } : { name: label };
}

/** One named object reads better as "Restore Adele Vance" than "Restore deleted objects: 1 row". */
export function jobTitleFor(kind: string, rowCount: number, firstLabel?: string): string {
  const verb = isBulkKind(kind) ? definitionOf(kind).chat.singleRowVerb : undefined;
  if (rowCount === 1 && firstLabel && verb) return `${verb} ${splitRowLabel(firstLabel).name}`;
  return `${kindLabel(kind)}: ${rowCount} ${rowCount === 1 ? 'row' : 'rows'}`;
}

export function jobTitle(job: Job): string {
  return jobTitleFor(job.kind, job.counters.total);
}

const MAX_FAILURES_READ = 2000;

async function failuresOf(store: JobStore, job: Job): Promise<RowFailure[]> {
  const failures: RowFailure[] = [];
  for await (const row of iterateRows(store, job.id, { states: ['failed'] })) {
    failures.push({ reason: row.result?.reason ?? 'failed for an unknown reason', rowLabel: row.plan.label });
    if (failures.length >= MAX_FAILURES_READ) break;
  }
  return failures;
}

/** Succeeded rows whose goal was already reached when they ran, grouped by what was found. */
async function alreadyDoneOf(store: JobStore, job: Job): Promise<RowFailure[]> {
  const rows: RowFailure[] = [];
  if (!job.counters.alreadyDone) return rows;
  for await (const row of iterateRows(store, job.id, { states: ['succeeded'] })) {
    if (!row.result?.alreadyDone) continue;
    rows.push({ reason: row.result.reason ?? 'already done', rowLabel: row.plan.label });
    if (rows.length >= MAX_FAILURES_READ) break;
  }
  return rows;
}

/** The counts every job card shows; already-done rows are part of `succeeded` and named apart. */
export function jobCountsOf(job: Job): JobCounts {
  const { total, succeeded, failed, skipped, cancelled, alreadyDone } = job.counters;
  return { total, succeeded, failed, skipped: skipped + cancelled, ...(alreadyDone ? { alreadyDone } : {}) };
}

const ROW_OUTCOMES: Record<JobRow['state'], Pick<ResultRow, 'outcome' | 'tone'>> = {
  succeeded: { outcome: 'Done', tone: 'good' },
  failed: { outcome: 'Failed', tone: 'attention' },
  skipped: { outcome: 'Skipped', tone: 'default' },
  cancelled: { outcome: 'Not run', tone: 'warning' },
  pending: { outcome: 'Not run', tone: 'warning' },
  running: { outcome: 'Not run', tone: 'warning' },
};

const ALREADY_DONE_OUTCOME: Pick<ResultRow, 'outcome' | 'tone'> = { outcome: 'Already done', tone: 'good' };

/** Small jobs are shown row by row, by name; larger ones only in counts and failure groups. */
async function smallJobRows(store: JobStore, job: Job): Promise<JobRow[]> {
  if (job.counters.total > MAX_RESULT_ROWS) return [];
  const rows: JobRow[] = [];
  for await (const row of iterateRows(store, job.id)) {
    rows.push(row);
    if (rows.length >= MAX_RESULT_ROWS) break;
  }
  return rows;
}

function resultRowOf(row: JobRow): ResultRow {
  const { name, identifier } = splitRowLabel(row.plan.label);
  const outcome = row.state === 'succeeded' && row.result?.alreadyDone ? ALREADY_DONE_OUTCOME : ROW_OUTCOMES[row.state];
  return { title: name, ...(identifier ? { detail: identifier } : {}), ...outcome };
}

/** What the kind's own result columns hold for each shown row (e.g. an invitation's redeem URL). */
function resultDetailsOf(job: Job, rows: readonly JobRow[]): ResultDetail[] {
  const details: ResultDetail[] = [];
  for (const row of rows) {
    for (const { key, header, forUndo } of job.resultColumns ?? []) {
      if (forUndo) continue;
      const value = row.result?.details?.[key];
      if (value) details.push({ ...(rows.length > 1 ? { rowTitle: splitRowLabel(row.plan.label).name } : {}), label: header, value });
    }
  }
  return details;
}

/** The card that shows a job as it is now: progress while it runs, the result once it has finished. */
export async function jobStatusCard(
  store: JobStore,
  job: Job,
  audience: CardAudience,
  options: { resultsUrl?: (job: Job) => string | undefined } = {},
): Promise<AdaptiveCardJson> {
  const small = await smallJobRows(store, job);
  const title = jobTitleFor(job.kind, job.counters.total, small[0]?.plan.label);
  const base = { jobId: job.id, jobLabel: jobLabel(job), cardToken: cardTokenOf(job), kindLabel: kindLabel(job.kind), title, audience };
  const counts = jobCountsOf(job);
  const updatedAt = job.updatedAt;
  switch (job.state) {
    case 'draft':
    case 'awaiting-approval':
    case 'awaiting-second-approval':
    case 'queued':
      return buildProgressCard({ ...base, state: 'queued', counts, updatedAt });
    case 'running': {
      const perMinute = job.throughput?.rowsPerMinute;
      const eta = job.throughput?.etaAt ? Math.max(0, (Date.parse(job.throughput.etaAt) - Date.now()) / 1000) : undefined;
      return buildProgressCard({
        ...base,
        state: job.cancelRequested ? 'cancelling' : 'running',
        counts,
        updatedAt,
        ...(perMinute !== undefined ? { ratePerSecond: perMinute / 60 } : {}),
        ...(eta !== undefined ? { etaSeconds: eta } : {}),
        ...(job.startedAt ? { startedAt: job.startedAt } : {}),
      });
    }
    case 'paused':
      return buildJobPausedCard({
        ...base,
        why: job.stateReason ?? 'The job is waiting.',
        resumes: job.resumeAt ? 'It resumes by itself.' : 'Send any message to me once you can sign in again, or press Resume now.',
        counts,
        canResume: job.resumeAt === null,
        ...(job.resumeAt ? { resumeAt: job.resumeAt } : {}),
      });
    default: {
      const outcome = job.state === 'cancelled' ? 'cancelled' : job.state === 'failed' || job.state === 'expired' ? 'stopped' : 'completed';
      const url = options.resultsUrl?.(job);
      const started = job.startedAt ? Date.parse(job.startedAt) : undefined;
      const finishedAt = job.finishedAt ?? job.updatedAt;
      return buildResultCard({
        ...base,
        outcome,
        ...(outcome === 'stopped' && job.stateReason ? { stopReason: job.stateReason } : {}),
        counts,
        failureGroups: groupFailures(await failuresOf(store, job)),
        alreadyDoneGroups: groupFailures(await alreadyDoneOf(store, job)),
        ...(small.length > 1 ? { rows: small.map(resultRowOf) } : {}),
        details: resultDetailsOf(job, small),
        resultsFile: { name: `${jobLabel(job)}-${RESULTS_FILE_NAME}`, ...(url ? { url } : {}) },
        canRetry: job.counters.failed > 0,
        ...(job.secondApprover ? { secondApproverName: job.secondApprover.name } : {}),
        canUndo: isUndoable(job.kind) && job.counters.succeeded > (job.counters.alreadyDone ?? 0),
        finishedAt,
        ...(started !== undefined ? { durationSeconds: Math.max(0, (Date.parse(finishedAt) - started) / 1000) } : {}),
      });
    }
  }
}
