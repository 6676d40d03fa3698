import type { Job, JobState, Person } from './job-model';

const TRANSITIONS: Readonly<Record<JobState, readonly JobState[]>> = {
  draft: ['awaiting-approval', 'awaiting-second-approval', 'queued', 'cancelled', 'expired'],
  'awaiting-approval': ['awaiting-second-approval', 'queued', 'cancelled', 'expired'],
  'awaiting-second-approval': ['queued', 'cancelled', 'expired'],
  queued: ['running', 'cancelled', 'failed'],
  // running -> queued is a graceful hand-back (shutdown) so another instance can pick the job up.
  running: ['paused', 'queued', 'completed', 'completed-with-failures', 'cancelled', 'failed'],
  paused: ['running', 'queued', 'cancelled', 'failed'],
  completed: [],
  'completed-with-failures': [],
  cancelled: [],
  failed: [],
  expired: [],
};

export const TERMINAL_STATES: readonly JobState[] = [
  'completed',
  'completed-with-failures',
  'cancelled',
  'failed',
  'expired',
];

/** States a job waits in before it is approved to run; they expire at the job's expiresAt. */
export const WAITING_STATES: readonly JobState[] = ['draft', 'awaiting-approval', 'awaiting-second-approval'];

export function isWaiting(state: JobState): boolean {
  return WAITING_STATES.includes(state);
}

export function isTerminal(state: JobState): boolean {
  return TERMINAL_STATES.includes(state);
}

export function canTransition(from: JobState, to: JobState): boolean {
  return TRANSITIONS[from].includes(to);
}

export interface IllegalTransition {
  kind: 'illegal-transition' | 'second-approver-required';
  jobId: string;
  from: JobState;
  to: JobState;
  message: string;
}

export type TransitionResult = { ok: true; job: Job } | { ok: false; error: IllegalTransition };

export interface TransitionOptions {
  now: Date;
  reason?: string | null;
  approver?: Person;
  /** Required to queue a job awaiting its second approval: an administrator other than the initiator. */
  secondApprover?: Person;
  /** With awaiting-second-approval: until when the request waits. */
  expiresAt?: Date;
  resumeAt?: Date | null;
}

function refusalMessage(job: Job, to: JobState): string {
  if (isTerminal(job.state)) return `Job ${job.id} has already finished (${job.state}); it can't become ${to}.`;
  if (job.state === to) return `Job ${job.id} is already ${to}.`;
  if (to === 'queued' && job.state !== 'paused') {
    return `Job ${job.id} is ${job.state}, so it can't be approved now.`;
  }
  return `Job ${job.id} is ${job.state} and can't move to ${to}.`;
}

/** Four eyes, enforced here so that no caller can queue a job awaiting its second approval without one. */
function secondApprovalRefusal(job: Job, to: JobState, options: TransitionOptions): IllegalTransition | undefined {
  if (job.state !== 'awaiting-second-approval' || to !== 'queued') return undefined;
  const approver = options.secondApprover;
  if (approver && approver.objectId !== job.initiator.objectId) return undefined;
  return {
    kind: 'second-approver-required',
    jobId: job.id,
    from: job.state,
    to,
    message: `Job ${job.id} needs a second administrator's approval: someone other than ${job.initiator.name}, who started it.`,
  };
}

export function transition(job: Job, to: JobState, options: TransitionOptions): TransitionResult {
  if (!canTransition(job.state, to)) {
    return {
      ok: false,
      error: { kind: 'illegal-transition', jobId: job.id, from: job.state, to, message: refusalMessage(job, to) },
    };
  }
  const fourEyes = secondApprovalRefusal(job, to, options);
  if (fourEyes) return { ok: false, error: fourEyes };
  const now = options.now.toISOString();
  const next: Job = {
    ...job,
    state: to,
    stateReason: options.reason ?? null,
    updatedAt: now,
    resumeAt: to === 'paused' && options.resumeAt ? options.resumeAt.toISOString() : null,
  };
  if (to === 'queued' && (job.state === 'awaiting-approval' || job.state === 'draft')) {
    next.approvedAt = now;
    next.approver = options.approver ?? job.approver;
  }
  // The initiator's Confirm is recorded as the first approval; approvedAt waits for the second.
  if (to === 'awaiting-second-approval') {
    next.approver = options.approver ?? job.approver;
    if (options.expiresAt) next.expiresAt = options.expiresAt.toISOString();
  }
  if (to === 'queued' && job.state === 'awaiting-second-approval') {
    next.approvedAt = now;
    next.secondApprover = options.secondApprover ?? null;
  }
  if (to === 'running' && job.startedAt === null) next.startedAt = now;
  if (isTerminal(to)) {
    next.finishedAt = now;
    next.lease = null;
    next.expiresAt = null;
  }
  if (!isWaiting(to) && !isTerminal(to)) next.expiresAt = null;
  return { ok: true, job: next };
}
