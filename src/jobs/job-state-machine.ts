import type { Job, JobState, Person } from './job-model';

const TRANSITIONS: Readonly<Record<JobState, readonly JobState[]>> = {
  draft: ['awaiting-approval', 'queued', 'cancelled', 'expired'],
  'awaiting-approval': ['queued', 'cancelled', 'expired'],
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

export function isTerminal(state: JobState): boolean {
  return TERMINAL_STATES.includes(state);
}

export function canTransition(from: JobState, to: JobState): boolean {
  return TRANSITIONS[from].includes(to);
}

export interface IllegalTransition {
  kind: 'illegal-transition';
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

export function transition(job: Job, to: JobState, options: TransitionOptions): TransitionResult {
  if (!canTransition(job.state, to)) {
    return {
      ok: false,
      error: { kind: 'illegal-transition', jobId: job.id, from: job.state, to, message: refusalMessage(job, to) },
    };
  }
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
  if (to === 'running' && job.startedAt === null) next.startedAt = now;
  if (isTerminal(to)) {
    next.finishedAt = now;
    next.lease = null;
    next.expiresAt = null;
  }
  if (to !== 'draft' && to !== 'awaiting-approval' && !isTerminal(to)) next.expiresAt = null;
  return { ok: true, job: next };
}
