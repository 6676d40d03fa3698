import { describe, expect, it } from 'vitest';
import type { Job, JobState } from '../../../src/jobs/job-model';
import { JOB_STATES, newJob } from '../../../src/jobs/job-model';
import { TERMINAL_STATES, WAITING_STATES, canTransition, isTerminal, transition } from '../../../src/jobs/job-state-machine';

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
      ['draft', 'awaiting-second-approval'],
      ['draft', 'queued'],
      ['draft', 'cancelled'],
      ['draft', 'expired'],
      ['awaiting-approval', 'awaiting-second-approval'],
      ['awaiting-approval', 'queued'],
      ['awaiting-approval', 'cancelled'],
      ['awaiting-approval', 'expired'],
      ['awaiting-second-approval', 'queued'],
      ['awaiting-second-approval', 'cancelled'],
      ['awaiting-second-approval', 'expired'],
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

  it('holds a confirmed job for its second approval: the initiator is the first approver, the request gets its own expiry', () => {
    const until = new Date(LATER.getTime() + 86_400_000);
    const waiting = transition(job('awaiting-approval'), 'awaiting-second-approval', { now: LATER, approver: { objectId: 'alice', name: 'Alice' }, expiresAt: until });
    if (!waiting.ok) throw new Error('expected awaiting-second-approval');
    expect(waiting.job).toMatchObject({ state: 'awaiting-second-approval', approver: { objectId: 'alice', name: 'Alice' }, approvedAt: null, expiresAt: until.toISOString() });
    expect(WAITING_STATES).toContain('awaiting-second-approval');
    expect(isTerminal('awaiting-second-approval')).toBe(false);

    const approved = transition(waiting.job, 'queued', { now: LATER, secondApprover: { objectId: 'bob', name: 'Bob' } });
    if (!approved.ok) throw new Error('expected queued');
    expect(approved.job).toMatchObject({
      state: 'queued',
      approver: { objectId: 'alice', name: 'Alice' },
      secondApprover: { objectId: 'bob', name: 'Bob' },
      approvedAt: LATER.toISOString(),
      expiresAt: null,
    });
  });

  it('never queues a job awaiting its second approval without a second administrator other than the initiator', () => {
    const waiting = job('awaiting-second-approval');
    for (const options of [{ now: LATER }, { now: LATER, approver: { objectId: 'bob', name: 'Bob' } }, { now: LATER, secondApprover: { objectId: 'alice', name: 'Alice again' } }]) {
      const refused = transition(waiting, 'queued', options);
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        expect(refused.error.kind).toBe('second-approver-required');
        expect(refused.error.message).toContain('someone other than Alice');
      }
    }
    for (const to of ['cancelled', 'expired'] as const) expect(transition(waiting, to, { now: LATER }).ok).toBe(true);
    expect(transition(waiting, 'running', { now: LATER }).ok).toBe(false);
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
