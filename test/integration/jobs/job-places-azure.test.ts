import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureJobPlaces } from '../../../src/jobs/azure-job-places';
import { AzureJobStore } from '../../../src/jobs/azure-job-store';
import { approveJob, cancelJob, resumeJob } from '../../../src/jobs/job-control';
import type { JobLimits } from '../../../src/jobs/job-limits';
import { newJob } from '../../../src/jobs/job-model';
import type { JobStore } from '../../../src/jobs/job-store';
import { transitionJob } from '../../../src/jobs/job-store';
import type { AzuriteHandle } from '../../support/azurite';
import { startAzurite } from '../../support/azurite';
import { plannedRow } from '../../support/job-rows';

let azurite: AzuriteHandle;

beforeAll(async () => {
  azurite = await startAzurite();
});

afterAll(async () => {
  await azurite.stop();
});

/** One "instance": its own clients on the one storage account, as a second App Service instance would have. */
async function instance(prefix: string): Promise<{ store: AzureJobStore; places: AzureJobPlaces }> {
  const store = await AzureJobStore.create({ storage: { connectionString: azurite.connectionString }, namePrefix: prefix });
  const places = await AzureJobPlaces.create({ storage: { connectionString: azurite.connectionString }, namePrefix: prefix }, store);
  return { store, places };
}

async function awaitingJob(store: JobStore, tenantId: string, admin: string): Promise<string> {
  const job = newJob({
    kind: 'restore',
    tenantId,
    initiator: { objectId: admin, name: admin },
    source: { type: 'command', text: 'restore' },
    inputColumns: ['objectId'],
    state: 'awaiting-approval',
    now: new Date(),
  });
  const created = await store.createJob(job, [plannedRow({ objectId: `obj-${job.id}` })]);
  if (!created.ok) throw new Error(created.error.message);
  return job.id;
}

/** What the bot does on Confirm: take a place under the limits, then approve (and give the place back if that fails). */
async function confirm(at: { store: AzureJobStore; places: AzureJobPlaces }, jobId: string, limits: JobLimits): Promise<boolean> {
  const stored = await at.store.getJob(jobId);
  if (!stored) throw new Error(`no job ${jobId}`);
  const who = { tenantId: stored.job.tenantId, initiatorId: stored.job.initiator.objectId };
  const place = await at.places.hold(who, jobId, limits);
  if (!place.ok) return false;
  const approved = await approveJob(at.store, jobId, { objectId: who.initiatorId, name: who.initiatorId }, new Date());
  if (!approved.ok) await at.places.release(who.tenantId, jobId);
  return approved.ok;
}

async function activeCount(store: JobStore, filter: { tenantId: string; initiatorId?: string }): Promise<number> {
  return (await store.listJobs({ ...filter, states: ['queued', 'running'] })).length;
}

describe('job limits across instances (AzureJobPlaces on Azurite)', () => {
  it('lets exactly MAX_JOBS_PER_TENANT of many approvals racing on two instances pass', async () => {
    const [a, b] = await Promise.all([instance('placesa'), instance('placesa')]);
    const limits: JobLimits = { perAdmin: 3, perTenant: 4 };
    const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => awaitingJob(a.store, 'tenant-race', `admin-${i}`)));
    // Each job's Confirm is clicked on both instances at once, as a double click spread by the load balancer would be.
    const outcomes = await Promise.all(ids.flatMap((id) => [confirm(a, id, limits), confirm(b, id, limits)]));
    expect(await activeCount(a.store, { tenantId: 'tenant-race' })).toBe(4);
    // A job approved twice is still one job: at most one of its two confirmations moved it.
    const passed = outcomes.filter(Boolean).length;
    expect(passed).toBe(4);
  }, 60_000);

  it('lets exactly MAX_JOBS_PER_ADMIN of one admin\'s racing approvals pass, and other admins still find places', async () => {
    const [a, b] = await Promise.all([instance('placesb'), instance('placesb')]);
    const limits: JobLimits = { perAdmin: 2, perTenant: 10 };
    const alice = await Promise.all(Array.from({ length: 8 }, () => awaitingJob(a.store, 'tenant-admin', 'alice')));
    const bob = await awaitingJob(b.store, 'tenant-admin', 'bob');
    await Promise.all(alice.map((id, i) => confirm(i % 2 === 0 ? a : b, id, limits)));
    expect(await activeCount(b.store, { tenantId: 'tenant-admin', initiatorId: 'alice' })).toBe(2);
    expect(await confirm(b, bob, limits)).toBe(true);
  }, 60_000);

  it('checks a paused job again when it resumes, and lets it go once a place is free', async () => {
    const [a, b] = await Promise.all([instance('placesc'), instance('placesc')]);
    const limits: JobLimits = { perAdmin: 2, perTenant: 2 };
    const [first, second, third] = await Promise.all([0, 1, 2].map((i) => awaitingJob(a.store, 'tenant-resume', `admin-${i}`)));
    if (!first || !second || !third) throw new Error('jobs not created');
    expect(await confirm(a, first, limits)).toBe(true);
    // The first job pauses for want of its admin's sign-in: that gives its place back, so two others may start.
    expect((await transitionJob(a.store, first, 'running', { now: new Date() })).ok).toBe(true);
    const paused = await transitionJob(a.store, first, 'paused', { now: new Date(), reason: 'Waiting for sign-in.' });
    expect(paused.ok).toBe(true);
    expect(await confirm(b, second, limits)).toBe(true);
    expect(await confirm(a, third, limits)).toBe(true);

    const refused = await resumeJob(b.store, first, new Date(), { places: b.places, limits });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.kind).toBe('over-limit');
    expect((await a.store.getJob(first))?.job.state).toBe('paused');

    await cancelJob(a.store, second, new Date());
    const resumed = await resumeJob(b.store, first, new Date(), { places: b.places, limits });
    expect(resumed.ok).toBe(true);
    expect((await a.store.getJob(first))?.job.state).toBe('queued');
  }, 60_000);

  it('keeps the place of a job that paused itself until a set time (throttling), so it can always come back', async () => {
    const { store, places } = await instance('placesd');
    const limits: JobLimits = { perAdmin: 1, perTenant: 1 };
    const [throttled, other] = await Promise.all([awaitingJob(store, 'tenant-throttle', 'ann'), awaitingJob(store, 'tenant-throttle', 'ben')]);
    if (!throttled || !other) throw new Error('jobs not created');
    expect(await confirm({ store, places }, throttled, limits)).toBe(true);
    expect((await transitionJob(store, throttled, 'running', { now: new Date() })).ok).toBe(true);
    const paused = await transitionJob(store, throttled, 'paused', { now: new Date(), reason: 'Throttled.', resumeAt: new Date(Date.now() + 60_000) });
    expect(paused.ok).toBe(true);
    expect(await confirm({ store, places }, other, limits)).toBe(false);
  }, 60_000);
});
