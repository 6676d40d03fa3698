import { randomBytes } from 'node:crypto';
import type { AdaptiveCardJson } from '../cards/adaptive-card-json';
import { buildProgressCard } from '../cards/build-progress-card';
import { buildResultCard } from '../cards/build-result-card';
import { buildJobPausedCard } from '../cards/build-job-paused-card';
import type { CardAudience } from '../cards/card-audience';
import { groupFailures } from '../cards/failure-groups';
import type { RowFailure } from '../cards/failure-groups';
import type { Job } from '../jobs/job-model';
import type { JobStore } from '../jobs/job-store';
import { iterateRows } from '../jobs/job-store';
import { RESULTS_FILE_NAME } from '../jobs/results-csv';
import { isBulkKind, operationFor } from '../operations/catalogue';

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

export function jobTitle(job: Job): string {
  const rows = job.counters.total;
  return `${kindLabel(job.kind)}: ${rows} ${rows === 1 ? 'row' : 'rows'}`;
}

const MAX_FAILURES_READ = 2000;

async function failuresOf(store: JobStore, job: Job): Promise<RowFailure[]> {
  const failures: RowFailure[] = [];
  for await (const row of iterateRows(store, job.id, { states: ['failed'] })) {
    failures.push({ reason: row.result?.reason ?? 'failed for an unknown reason', rowLabel: row.input['~label'] ?? `row ${row.index + 1}` });
    if (failures.length >= MAX_FAILURES_READ) break;
  }
  return failures;
}

/** The card that shows a job as it is now: progress while it runs, the result once it has finished. */
export async function jobStatusCard(
  store: JobStore,
  job: Job,
  audience: CardAudience,
  options: { resultsUrl?: (job: Job) => string | undefined } = {},
): Promise<AdaptiveCardJson> {
  const base = { jobId: job.id, jobLabel: jobLabel(job), cardToken: cardTokenOf(job), kindLabel: kindLabel(job.kind), title: jobTitle(job), audience };
  const counts = { total: job.counters.total, succeeded: job.counters.succeeded, failed: job.counters.failed, skipped: job.counters.skipped + job.counters.cancelled };
  const updatedAt = job.updatedAt;
  switch (job.state) {
    case 'draft':
    case 'awaiting-approval':
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
        resultsFile: { name: `${jobLabel(job)}-${RESULTS_FILE_NAME}`, ...(url ? { url } : {}) },
        canRetry: job.counters.failed > 0,
        finishedAt,
        ...(started !== undefined ? { durationSeconds: Math.max(0, (Date.parse(finishedAt) - started) / 1000) } : {}),
      });
    }
  }
}
