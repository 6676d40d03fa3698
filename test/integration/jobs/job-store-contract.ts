import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Job, NewJobRow, RecordedRowResult, RowUpdate } from '../../../src/jobs/job-model';
import { newJob } from '../../../src/jobs/job-model';
import type { JobStore } from '../../../src/jobs/job-store';
import { iterateRows, mutateJob, transitionJob } from '../../../src/jobs/job-store';
import { plannedRow } from '../../support/job-rows';

export interface FakeClock {
  now(): Date;
  advance(ms: number): void;
}

export function createFakeClock(start = new Date('2026-03-01T09:00:00.000Z')): FakeClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
  };
}

export interface JobStoreHarness {
  store: JobStore;
  /** The clock the store reads for leases; tests move it forward instead of sleeping. */
  clock: FakeClock;
  /** Lets `ms` pass for queue visibility (a fake clock in memory, real time on a real queue). */
  passQueueTime(ms: number): Promise<void>;
}

const TENANT = '11111111-2222-3333-4444-555555555555';
const ALICE = { objectId: 'a1a1a1a1-0000-0000-0000-000000000001', name: 'Alice Admin' };
const BOB = { objectId: 'b2b2b2b2-0000-0000-0000-000000000002', name: 'Bob Approver' };
const CAROL = { objectId: 'c3c3c3c3-0000-0000-0000-000000000003', name: 'Carol Approver' };

function draft(clock: FakeClock, overrides: Partial<Parameters<typeof newJob>[0]> = {}): Job {
  return newJob({
    kind: 'restore',
    tenantId: TENANT,
    initiator: ALICE,
    source: { type: 'command', text: 'restore Adele Vance' },
    inputColumns: ['objectId'],
    state: 'awaiting-approval',
    now: clock.now(),
    ...overrides,
  });
}

function rowsOf(count: number): NewJobRow[] {
  return Array.from({ length: count }, (_, i) => plannedRow({ objectId: `object-${i}` }));
}

function result(status: RecordedRowResult['status'], clock: FakeClock, extra: Partial<RecordedRowResult> = {}): RecordedRowResult {
  return { status, finishedAt: clock.now().toISOString(), ...extra };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

async function created(store: JobStore, job: Job, rows: NewJobRow[]): Promise<Job> {
  const result = await store.createJob(job, rows);
  if (!result.ok) throw new Error(`createJob failed: ${result.error.message}`);
  return result.value.job;
}

export function describeJobStoreContract(name: string, factory: () => Promise<JobStoreHarness>): void {
  describe(`JobStore contract: ${name}`, () => {
    it('creates a job with its rows and reads both back, keeping large and non-ASCII input intact', async () => {
      const { store, clock } = await factory();
      const big = '😀é'.repeat(40_000);
      const inputs: NewJobRow[] = [
        plannedRow({ objectId: 'one', note: 'Zoë, "quoted"' }, { line: 2, needs: 'proxyReconciliation', outcome: 'attention', note: 'needs proxy reconciliation' }),
        plannedRow({ objectId: 'two', note: big }, { work: { id: 'two', label: big } }),
        plannedRow({ objectId: 'three' }, { outcome: 'skip', note: 'is already restored by an earlier row' }),
      ];
      const job = await created(store, draft(clock, { conversationReference: { conversation: { id: 'conv-1' } } }), inputs);
      expect(job.counters).toEqual({ total: 3, succeeded: 0, failed: 0, skipped: 0, cancelled: 0, remaining: 3 });

      const read = await store.getJob(job.id);
      expect(read?.job).toEqual(job);
      const page = await store.getRows(job.id, { limit: 10 });
      expect(page.rows.map((r) => ({ input: r.input, plan: r.plan }))).toEqual(inputs);
      expect(page.rows.map((r) => [r.index, r.state, r.attempts, r.result])).toEqual([
        [0, 'pending', 0, null],
        [1, 'pending', 0, null],
        [2, 'pending', 0, null],
      ]);
      expect(await store.getJob('no-such-job')).toBeUndefined();
    });

    it('refuses a second job with the same id and a row too large to store', async () => {
      const { store, clock } = await factory();
      const job = draft(clock);
      await created(store, job, rowsOf(2));
      const again = await store.createJob(job, rowsOf(1));
      expect(again.ok).toBe(false);
      if (!again.ok) expect(again.error.kind).toBe('already-exists');

      const huge = await store.createJob(draft(clock), [plannedRow({ objectId: 'x'.repeat(300_000) })]);
      expect(huge.ok).toBe(false);
      if (!huge.ok) expect(huge.error.kind).toBe('too-large');
    });

    it('lists jobs by tenant, initiator, conversation and state, newest first', async () => {
      const { store, clock } = await factory();
      const first = await created(store, draft(clock, { conversationId: 'conv-a' }), rowsOf(1));
      clock.advance(1000);
      const second = await created(store, draft(clock, { initiator: BOB, conversationId: 'conv-b' }), rowsOf(1));
      clock.advance(1000);
      const otherTenant = await created(
        store,
        draft(clock, { tenantId: '99999999-0000-0000-0000-000000000000', conversationId: 'conv-a', state: 'draft' }),
        rowsOf(1),
      );

      const ids = (jobs: Job[]): string[] => jobs.map((j) => j.id);
      expect(ids(await store.listJobs({ tenantId: TENANT }))).toEqual([second.id, first.id]);
      expect(ids(await store.listJobs({ initiatorId: ALICE.objectId }))).toEqual([otherTenant.id, first.id]);
      expect(ids(await store.listJobs({ conversationId: 'conv-a' }))).toEqual([otherTenant.id, first.id]);
      expect(ids(await store.listJobs({ states: ['draft'] }))).toEqual([otherTenant.id]);
      expect(ids(await store.listJobs({ limit: 1 }))).toEqual([otherTenant.id]);
    });

    it('lets two concurrent approvals transition the job exactly once', async () => {
      const { store, clock } = await factory();
      const job = await created(store, draft(clock), rowsOf(3));
      const [byBob, byCarol] = await Promise.all([
        transitionJob(store, job.id, 'queued', { now: clock.now(), approver: BOB }),
        transitionJob(store, job.id, 'queued', { now: clock.now(), approver: CAROL }),
      ]);
      const winners = [byBob, byCarol].filter((r) => r.ok);
      const losers = [byBob, byCarol].filter((r) => !r.ok);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      const loser = losers[0];
      if (loser && !loser.ok) expect(loser.error).toMatchObject({ kind: 'refused' });

      const stored = await store.getJob(job.id);
      expect(stored?.job.state).toBe('queued');
      const winner = winners[0];
      if (winner?.ok) expect(stored?.job.approver).toEqual(winner.value.job.approver);
    });

    it('refuses a write based on a stale etag and an illegal transition', async () => {
      const { store, clock } = await factory();
      const job = await created(store, draft(clock), rowsOf(1));
      const read = await store.getJob(job.id);
      if (!read) throw new Error('job missing');
      const first = await store.replaceJob({ ...read.job, stateReason: 'first' }, read.etag);
      expect(first.ok).toBe(true);
      const stale = await store.replaceJob({ ...read.job, stateReason: 'second' }, read.etag);
      expect(stale.ok).toBe(false);
      if (!stale.ok) expect(stale.error.kind).toBe('conflict');
      expect((await store.getJob(job.id))?.job.stateReason).toBe('first');

      const illegal = await transitionJob(store, job.id, 'running', { now: clock.now() });
      expect(illegal.ok).toBe(false);
      expect((await store.getJob(job.id))?.job.state).toBe('awaiting-approval');

      const flagged = await mutateJob(store, job.id, (j) => ({ ...j, cancelRequested: true }));
      expect(flagged.ok).toBe(true);
      expect((await store.getJob(job.id))?.job.cancelRequested).toBe(true);
    });

    it('gives a lease to one owner at a time, renews it, and hands it over once it expires', async () => {
      const { store, clock } = await factory();
      const job = await created(store, draft(clock, { state: 'draft' }), rowsOf(1));

      const claims = await Promise.all([store.tryClaim(job.id, 'A', 30_000), store.tryClaim(job.id, 'B', 30_000)]);
      const holders = claims.filter((c) => c !== undefined).map((c) => c?.job.lease?.owner);
      expect(holders).toHaveLength(1);
      const holder = holders[0] as string;
      const other = holder === 'A' ? 'B' : 'A';

      expect(await store.tryClaim(job.id, other, 30_000)).toBeUndefined();
      clock.advance(20_000);
      const renewed = await store.renewLease(job.id, holder, 30_000);
      expect(renewed?.job.lease?.expiresAt).toBe(new Date(clock.now().getTime() + 30_000).toISOString());
      clock.advance(20_000);
      expect(await store.tryClaim(job.id, other, 30_000)).toBeUndefined();
      expect(await store.renewLease(job.id, other, 30_000)).toBeUndefined();

      clock.advance(10_001);
      const takenOver = await store.tryClaim(job.id, other, 30_000);
      expect(takenOver?.job.lease?.owner).toBe(other);
      expect(await store.renewLease(job.id, holder, 30_000)).toBeUndefined();

      await store.releaseLease(job.id, holder);
      expect((await store.getJob(job.id))?.job.lease?.owner).toBe(other);
      await store.releaseLease(job.id, other);
      expect((await store.getJob(job.id))?.job.lease).toBeNull();
      expect((await store.tryClaim(job.id, 'C', 30_000))?.job.lease?.owner).toBe('C');
    });

    it('pages through thousands of rows in order, filtered by state', async () => {
      const { store, clock } = await factory();
      const total = 2_500;
      const job = await created(store, draft(clock), rowsOf(total));

      const seen: number[] = [];
      for await (const row of iterateRows(store, job.id, { pageSize: 300 })) seen.push(row.index);
      expect(seen).toEqual(Array.from({ length: total }, (_, i) => i));

      const done: RowUpdate[] = [];
      for (let i = 0; i < total; i += 3) done.push({ index: i, state: 'succeeded', attempts: 1, result: result('succeeded', clock) });
      await store.writeRows(job.id, done);

      const first = await store.getRows(job.id, { states: ['pending'], limit: 4 });
      expect(first.rows.map((r) => r.index)).toEqual([1, 2, 4, 5]);
      expect(first.nextAfterIndex).toBe(5);
      const second = await store.getRows(job.id, { states: ['pending'], limit: 4, afterIndex: 5 });
      expect(second.rows.map((r) => r.index)).toEqual([7, 8, 10, 11]);

      const pending: number[] = [];
      for await (const row of iterateRows(store, job.id, { states: ['pending'], pageSize: 250 })) pending.push(row.index);
      expect(pending).toEqual(Array.from({ length: total }, (_, i) => i).filter((i) => i % 3 !== 0));

      const counts = await store.countRows(job.id);
      expect(counts).toEqual({ pending: total - done.length, running: 0, succeeded: done.length, failed: 0, skipped: 0, cancelled: 0 });
    });

    it('counts rows that were already done among the succeeded ones, and forgets the mark when a row is rewritten', async () => {
      const { store, clock } = await factory();
      const job = await created(store, draft(clock), rowsOf(5));
      await store.writeRows(job.id, [
        { index: 0, state: 'succeeded', attempts: 1, result: result('succeeded', clock, { alreadyDone: true, reason: 'is already active' }) },
        { index: 1, state: 'succeeded', attempts: 1, result: result('succeeded', clock, { alreadyDone: true }) },
        { index: 2, state: 'succeeded', attempts: 1, result: result('succeeded', clock) },
        { index: 3, state: 'failed', attempts: 1, result: result('failed', clock) },
      ]);
      expect(await store.countRows(job.id)).toEqual({ pending: 1, running: 0, succeeded: 3, failed: 1, skipped: 0, cancelled: 0, alreadyDone: 2 });
      expect((await store.getRows(job.id, { limit: 1 })).rows[0]?.result).toMatchObject({ status: 'succeeded', alreadyDone: true, reason: 'is already active' });
      await store.writeRows(job.id, [{ index: 1, state: 'running', attempts: 2, result: null }]);
      expect(await store.countRows(job.id)).toMatchObject({ running: 1, succeeded: 2, alreadyDone: 1 });
    });

    it('writes a batch of row results idempotently', async () => {
      const { store, clock } = await factory();
      const job = await created(store, draft(clock), rowsOf(150));
      const updates: RowUpdate[] = Array.from({ length: 120 }, (_, i) => ({
        index: i,
        state: i % 2 === 0 ? 'succeeded' : 'failed',
        attempts: 1,
        result:
          i % 2 === 0
            ? result('succeeded', clock, { objectId: `new-${i}`, details: { inviteRedeemUrl: `https://invitations.microsoft.com/redeem/?ticket=${i}` } })
            : result('failed', clock, {
                reason: 'alain@contoso.com is already used by an active user — restore with a new UPN',
                graphCode: 'Request_BadRequest',
                requestId: `req-${i}`,
              }),
      }));
      await store.writeRows(job.id, updates);
      const once = await store.getRows(job.id, { limit: 1000 });
      await store.writeRows(job.id, updates);
      const twice = await store.getRows(job.id, { limit: 1000 });
      expect(twice).toEqual(once);
      expect(twice.rows).toHaveLength(150);
      expect(twice.rows[1]?.result).toEqual(updates[1]?.result);
      expect(twice.rows[2]?.result?.details).toEqual({ inviteRedeemUrl: 'https://invitations.microsoft.com/redeem/?ticket=2' });
      expect(twice.rows[1]?.input).toEqual({ objectId: 'object-1' });
      expect(twice.rows[1]?.plan).toEqual(plannedRow({ objectId: 'object-1' }).plan);
      expect(await store.countRows(job.id)).toMatchObject({ succeeded: 60, failed: 60, pending: 30 });

      await store.writeRows(job.id, [{ index: 1, state: 'running', attempts: 2, result: null }]);
      const back = await store.getRows(job.id, { afterIndex: 0, limit: 1 });
      expect(back.rows[0]).toMatchObject({ index: 1, state: 'running', attempts: 2, result: null });
    });

    it('dispatches job ids through the queue, hiding a received message until it is acknowledged or visible again', async () => {
      const { store, passQueueTime } = await factory();
      await store.enqueue('job-a');
      await store.enqueue('job-b');
      const first = await store.receive(1_000);
      const second = await store.receive(1_000);
      expect(new Set([first?.jobId, second?.jobId])).toEqual(new Set(['job-a', 'job-b']));
      expect(await store.receive(1_000)).toBeUndefined();
      if (!first || !second) throw new Error('expected two messages');
      await store.ack(first);

      await passQueueTime(1_500);
      const again = await store.receive(1_000);
      expect(again?.jobId).toBe(second.jobId);
      expect(again?.dequeueCount).toBe(2);
      if (again) await store.ack(again);
      await passQueueTime(1_500);
      expect(await store.receive(1_000)).toBeUndefined();

      await store.enqueue('job-later', { delayMs: 1_000 });
      expect(await store.receive(1_000)).toBeUndefined();
      await passQueueTime(1_500);
      const later = await store.receive(1_000);
      expect(later?.jobId).toBe('job-later');
      if (later) await store.ack(later);
    });

    it('stores files from bytes and from streams and streams them back', async () => {
      const { store, clock } = await factory();
      const job = await created(store, draft(clock), rowsOf(1));
      const upload = Buffer.from('Object ID [objectId]\r\nabc\r\n', 'utf8');
      await store.putFile(job.id, 'upload.csv', upload);
      const back = await store.getFile(job.id, 'upload.csv');
      expect(back && (await readAll(back))).toEqual(upload);

      const lines = Array.from({ length: 20_000 }, (_, i) => `row-${i},succeeded\r\n`);
      await store.putFile(job.id, 'results.csv', Readable.from(lines));
      const results = await store.getFile(job.id, 'results.csv');
      expect(results && (await readAll(results)).toString('utf8')).toBe(lines.join(''));

      expect(await store.getFile(job.id, 'missing.csv')).toBeUndefined();
    });

    it('deletes finished jobs past retention with their rows and files, and keeps the rest', async () => {
      const { store, clock } = await factory();
      const finish = async (job: Job): Promise<Job> => {
        const queued = await transitionJob(store, job.id, 'queued', { now: clock.now(), approver: BOB });
        if (!queued.ok) throw new Error(queued.error.message);
        const running = await transitionJob(store, job.id, 'running', { now: clock.now() });
        if (!running.ok) throw new Error(running.error.message);
        const done = await transitionJob(store, job.id, 'completed', { now: clock.now() });
        if (!done.ok) throw new Error(done.error.message);
        return done.value.job;
      };
      const old = await finish(await created(store, draft(clock), rowsOf(120)));
      await store.putFile(old.id, 'results.csv', Buffer.from('x'));
      const stillRunning = await created(store, draft(clock), rowsOf(2));
      await transitionJob(store, stillRunning.id, 'queued', { now: clock.now() });
      clock.advance(20 * 24 * 3600_000);
      const recent = await finish(await created(store, draft(clock), rowsOf(2)));
      clock.advance(15 * 24 * 3600_000);

      const deleted = await store.deleteExpired(clock.now(), 30);
      expect(deleted).toEqual([old.id]);
      expect(await store.getJob(old.id)).toBeUndefined();
      expect((await store.getRows(old.id, { limit: 10 })).rows).toEqual([]);
      expect(await store.getFile(old.id, 'results.csv')).toBeUndefined();
      expect((await store.getJob(recent.id))?.job.state).toBe('completed');
      expect((await store.getJob(stillRunning.id))?.job.state).toBe('queued');
      expect((await store.getRows(recent.id, { limit: 10 })).rows).toHaveLength(2);
    });
  });
}
