import { describe, expect, it } from 'vitest';
import type { Job, JobState } from '../../../src/jobs/job-model';
import { JOB_STATES, newJob } from '../../../src/jobs/job-model';
import { TERMINAL_STATES, canTransition, isTerminal, transition } from '../../../src/jobs/job-state-machine';

const NOW = new Date('2026-03-01T10:00:00.000Z');
const LATER = new Date('2026-03-01T10:05:00.000Z');

function job(state: JobState): Job {
  return {
    ...newJob({
      kind: 'restore',
      tenantId: 'tenant-1',
      initiator: { objectId: 'alice', name: 'Alice' },
      source: { type: 'command', text: 'restore Adele Vance' },
      inputColumns: ['objectId'],
      now: NOW,
      draftTtlMs: 3_600_000,
    }),
    state,
  };
}

describe('job state machine', () => {
  it('allows exactly the documented transitions', () => {
    const allowed: Array<[JobState, JobState]> = [];
    for (const from of JOB_STATES) for (const to of JOB_STATES) if (canTransition(from, to)) allowed.push([from, to]);
    expect(allowed).toEqual([
      ['draft', 'awaiting-approval'],
      ['draft', 'queued'],
      ['draft', 'cancelled'],
      ['draft', 'expired'],
      ['awaiting-approval', 'queued'],
      ['awaiting-approval', 'cancelled'],
      ['awaiting-approval', 'expired'],
      ['queued', 'running'],
      ['queued', 'cancelled'],
      ['queued', 'failed'],
      ['running', 'queued'],
      ['running', 'paused'],
      ['running', 'completed'],
      ['running', 'completed-with-failures'],
      ['running', 'cancelled'],
      ['running', 'failed'],
      ['paused', 'queued'],
      ['paused', 'running'],
      ['paused', 'cancelled'],
      ['paused', 'failed'],
    ]);
  });

  it('treats finished states as terminal with no way out', () => {
    expect([...TERMINAL_STATES].sort()).toEqual(['cancelled', 'completed', 'completed-with-failures', 'expired', 'failed']);
    for (const state of TERMINAL_STATES) {
      expect(isTerminal(state)).toBe(true);
      for (const to of JOB_STATES) expect(canTransition(state, to)).toBe(false);
    }
    expect(isTerminal('paused')).toBe(false);
  });

  it('records the approver and approval time, and clears the draft expiry once approved', () => {
    const result = transition(job('awaiting-approval'), 'queued', { now: LATER, approver: { objectId: 'bob', name: 'Bob' } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.job).toMatchObject({
      state: 'queued',
      approver: { objectId: 'bob', name: 'Bob' },
      approvedAt: LATER.toISOString(),
      expiresAt: null,
      updatedAt: LATER.toISOString(),
    });
  });

  it('sets startedAt once, a resume time only while paused, and finishedAt plus no lease when finished', () => {
    const running = transition(job('queued'), 'running', { now: NOW });
    if (!running.ok) throw new Error('expected running');
    expect(running.job.startedAt).toBe(NOW.toISOString());

    const paused = transition(running.job, 'paused', { now: LATER, reason: 'Throttled', resumeAt: new Date(LATER.getTime() + 60_000) });
    if (!paused.ok) throw new Error('expected paused');
    expect(paused.job).toMatchObject({ state: 'paused', stateReason: 'Throttled', resumeAt: '2026-03-01T10:06:00.000Z' });

    const again = transition(paused.job, 'running', { now: LATER });
    if (!again.ok) throw new Error('expected running again');
    expect(again.job).toMatchObject({ startedAt: NOW.toISOString(), resumeAt: null, stateReason: null });

    const leased: Job = { ...again.job, lease: { owner: 'runner-1', expiresAt: LATER.toISOString() } };
    const done = transition(leased, 'completed', { now: LATER });
    if (!done.ok) throw new Error('expected completed');
    expect(done.job).toMatchObject({ finishedAt: LATER.toISOString(), lease: null });
  });

  it('refuses an illegal transition with a reason a person can act on, leaving the job as it was', () => {
    const queued = job('queued');
    const twice = transition(queued, 'queued', { now: LATER });
    expect(twice).toEqual({
      ok: false,
      error: { kind: 'illegal-transition', jobId: queued.id, from: 'queued', to: 'queued', message: `Job ${queued.id} is already queued.` },
    });
    const finished = transition(job('completed'), 'running', { now: LATER });
    expect(finished.ok).toBe(false);
    if (!finished.ok) expect(finished.error.message).toContain('has already finished (completed)');
    const notApproved = transition(job('draft'), 'running', { now: LATER });
    expect(notApproved.ok).toBe(false);
    expect(queued.state).toBe('queued');
  });
});
