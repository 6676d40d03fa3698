import type { Job, JobState, NewJobRow, Person, RowResult, RowUpdate } from './job-model';
import { DEFAULT_DRAFT_TTL_MS, countersFromRowStates, newJob } from './job-model';
import { WAITING_STATES, isTerminal, transition } from './job-state-machine';
import type { JobLimits, LimitRefusal } from './job-limits';
import type { JobPlaces } from './job-places';
import type { JobStore, MutateResult, StoreResult, StoredJob } from './job-store';
import { iterateRows, mutateJob, storeError, transitionJob } from './job-store';

const FINALIZE_PAGE = 100;

/** Gives every row still pending (or left in flight) a final result, so that no row is ever without one. */
export async function finalizeRemainingRows(
  store: JobStore,
  jobId: string,
  now: Date,
  pendingResult: { status: RowResult['status']; reason: string },
  inFlightReason: string,
): Promise<void> {
  let afterIndex: number | undefined;
  for (;;) {
    const page = await store.getRows(jobId, {
      states: ['pending', 'running'],
      limit: FINALIZE_PAGE,
      ...(afterIndex === undefined ? {} : { afterIndex }),
    });
    if (page.rows.length === 0) return;
    const updates: RowUpdate[] = page.rows.map((row) => {
      const inFlight = row.state === 'running';
      return {
        index: row.index,
        state: inFlight ? 'failed' : pendingResult.status,
        attempts: row.attempts,
        result: {
          status: inFlight ? 'failed' : pendingResult.status,
          reason: inFlight ? inFlightReason : pendingResult.reason,
          finishedAt: now.toISOString(),
        },
      };
    });
    await store.writeRows(jobId, updates);
    if (page.nextAfterIndex === null) return;
    afterIndex = page.nextAfterIndex;
  }
}

export const IN_FLIGHT_UNKNOWN_REASON =
  'This row was being written when the job was interrupted and could not be checked afterwards; look the object up in the directory before running it again.';

async function recount(store: JobStore, jobId: string): Promise<MutateResult> {
  const counts = await store.countRows(jobId);
  return mutateJob(store, jobId, (job) => ({ ...job, counters: countersFromRowStates(counts) }));
}

/** Approval: awaiting-approval (or draft) → queued, then dispatch. Two approvals at once move it once. */
export async function approveJob(store: JobStore, jobId: string, approver: Person, now: Date): Promise<MutateResult> {
  const result = await transitionJob(store, jobId, 'queued', { now, approver });
  if (result.ok) await store.enqueue(jobId);
  return result;
}

/**
 * The initiator's Confirm of a job the approval policy covers: it waits (not queued) for a second administrator,
 * for `ttlMs` from now. Two Confirms at once move it once.
 */
export async function requestSecondApproval(
  store: JobStore,
  jobId: string,
  initiator: Person,
  now: Date,
  ttlMs: number = DEFAULT_DRAFT_TTL_MS,
): Promise<MutateResult> {
  return transitionJob(store, jobId, 'awaiting-second-approval', { now, approver: initiator, expiresAt: new Date(now.getTime() + ttlMs) });
}

/** The second administrator's approval: queued and dispatched; the state machine refuses the initiator. */
export async function approveSecondly(store: JobStore, jobId: string, approver: Person, now: Date): Promise<MutateResult> {
  const result = await transitionJob(store, jobId, 'queued', { now, secondApprover: approver, reason: `Approved by ${approver.name}.` });
  if (result.ok) await store.enqueue(jobId);
  return result;
}

/** A second administrator declined: the job ends cancelled, with every row marked not run. */
export async function declineSecondApproval(store: JobStore, jobId: string, by: Person, now: Date): Promise<MutateResult> {
  const result = await mutateJob(store, jobId, (job) => {
    if (job.state !== 'awaiting-second-approval') {
      return { kind: 'refused', message: `Job ${job.id} is ${job.state}, not waiting for a second approval.` };
    }
    const moved = transition(job, 'cancelled', { now, reason: `Declined by ${by.name}; nothing was done.` });
    if (!moved.ok) return { kind: 'refused', message: moved.error.message, cause: moved.error };
    return { ...moved.job, declinedBy: by };
  });
  if (!result.ok) return result;
  await finalizeRemainingRows(
    store,
    jobId,
    now,
    { status: 'cancelled', reason: `${by.name} declined the second approval, so this row did not run.` },
    IN_FLIGHT_UNKNOWN_REASON,
  );
  return recount(store, jobId);
}

/**
 * A running job stops at its next batch boundary (the runner finishes the cancel); a job that isn't running
 * is cancelled at once and its rows are marked cancelled here.
 */
export async function cancelJob(
  store: JobStore,
  jobId: string,
  now: Date,
  by?: Person,
): Promise<MutateResult> {
  const reason = by ? `Cancelled by ${by.name}.` : 'Cancelled.';
  const result = await mutateJob(store, jobId, (job) => {
    if (job.state === 'running') return { ...job, cancelRequested: true, stateReason: reason, updatedAt: now.toISOString() };
    const moved = transition(job, 'cancelled', { now, reason });
    if (!moved.ok) return { kind: 'refused', message: moved.error.message, cause: moved.error };
    return { ...moved.job, cancelRequested: true };
  });
  if (!result.ok || result.value.job.state !== 'cancelled') return result;
  await finalizeRemainingRows(
    store,
    jobId,
    now,
    { status: 'cancelled', reason: 'The job was cancelled before this row ran.' },
    IN_FLIGHT_UNKNOWN_REASON,
  );
  return recount(store, jobId);
}

/** The job limits a resume is checked against, and where places are counted. */
export interface PlaceGate {
  places: JobPlaces;
  limits: JobLimits;
}

export type ResumeResult = MutateResult | { ok: false; error: { kind: 'over-limit'; message: string; refusal: LimitRefusal } };

/**
 * paused → queued and dispatched, e.g. when the initiator has signed in again. A paused job gave its place back, so
 * with a `gate` it must find one again under the job limits first.
 */
export async function resumeJob(store: JobStore, jobId: string, now: Date, gate?: PlaceGate): Promise<ResumeResult> {
  let held: { places: JobPlaces; tenantId: string } | undefined;
  if (gate) {
    const stored = await store.getJob(jobId);
    if (stored?.job.state === 'paused') {
      const job = stored.job;
      const place = await gate.places.hold({ tenantId: job.tenantId, initiatorId: job.initiator.objectId }, job.id, gate.limits);
      if (!place.ok) return { ok: false, error: { kind: 'over-limit', message: 'Too many jobs are running to resume this one now.', refusal: place } };
      held = { places: gate.places, tenantId: job.tenantId };
    }
  }
  const result = await transitionJob(store, jobId, 'queued', { now, reason: 'Resumed.' });
  if (result.ok) await store.enqueue(jobId);
  else if (held) await held.places.release(held.tenantId, jobId);
  return result;
}

/** Resumes every job this person paused for want of a token (each re-checked against the gate); returns the ids resumed. */
export async function resumePausedJobs(store: JobStore, initiatorId: string, now: Date, gate?: PlaceGate): Promise<string[]> {
  const paused = await store.listJobs({ initiatorId, states: ['paused'] });
  const resumed: string[] = [];
  for (const job of paused) {
    if ((await resumeJob(store, job.id, now, gate)).ok) resumed.push(job.id);
  }
  return resumed;
}

/** A new job (awaiting approval by default) holding only the failed rows of a finished job. */
export async function createRetryJob(
  store: JobStore,
  jobId: string,
  options: { now: Date; initiator?: Person; state?: 'draft' | 'awaiting-approval'; draftTtlMs?: number },
): Promise<StoreResult<StoredJob>> {
  const original = await store.getJob(jobId);
  if (!original) return storeError('not-found', `Job ${jobId} doesn't exist (it may have been deleted after its retention period).`);
  const job = original.job;
  if (!isTerminal(job.state)) {
    return storeError('conflict', `Job ${jobId} is still ${job.state}; retry its failed rows once it has finished.`);
  }
  if (job.counters.failed === 0) return storeError('not-found', `Job ${jobId} has no failed rows to retry.`);
  const retry: Job = newJob({
    kind: job.kind,
    tenantId: job.tenantId,
    initiator: options.initiator ?? job.initiator,
    source: job.source,
    inputColumns: job.inputColumns,
    ...(job.resultColumns ? { resultColumns: job.resultColumns } : {}),
    options: job.options,
    conversationReference: job.conversationReference,
    conversationId: job.conversationId,
    state: options.state ?? 'awaiting-approval',
    retryOf: job.id,
    now: options.now,
    ...(options.draftTtlMs === undefined ? {} : { draftTtlMs: options.draftTtlMs }),
  });
  async function* failedRows(): AsyncGenerator<NewJobRow> {
    for await (const row of iterateRows(store, jobId, { states: ['failed'] })) yield { input: row.input, plan: row.plan };
  }
  return store.createJob(retry, failedRows());
}

/** Drafts and unapproved jobs past their expiresAt become expired; returns them as they now are. */
export async function expireDrafts(store: JobStore, now: Date): Promise<Array<{ job: Job; from: JobState }>> {
  const candidates = await store.listJobs({ states: WAITING_STATES });
  const expired: Array<{ job: Job; from: JobState }> = [];
  for (const job of candidates) {
    if (job.expiresAt === null || Date.parse(job.expiresAt) > now.getTime()) continue;
    const second = job.state === 'awaiting-second-approval';
    const result = await transitionJob(store, job.id, 'expired', {
      now,
      reason: second
        ? 'No second administrator approved this job in time, so nothing was done; start it again if it is still needed.'
        : 'Nobody approved this job in time; start it again if it is still needed.',
    });
    if (!result.ok) continue;
    await finalizeRemainingRows(
      store,
      job.id,
      now,
      { status: 'cancelled', reason: second ? 'The job expired before a second administrator approved it.' : 'The job expired before it was approved.' },
      IN_FLIGHT_UNKNOWN_REASON,
    );
    const counted = await recount(store, job.id);
    expired.push({ job: counted.ok ? counted.value.job : result.value.job, from: job.state });
  }
  return expired;
}
