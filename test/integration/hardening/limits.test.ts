import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveJob } from '../../../src/jobs/job-control';
import type { JobLimits } from '../../../src/jobs/job-limits';
import { newJob } from '../../../src/jobs/job-model';
import { CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { actionData, cardOf, cardText, createHarness } from '../bot/bot-harness';
import type { Harness } from '../bot/bot-harness';

const alex = CONTOSO_PEOPLE.alexWilber;
const admin = CONTOSO_PEOPLE.modAdministrator;

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
});
afterAll(async () => {
  await sandbox.stop();
});

async function restoreCount(id: string): Promise<number> {
  const { entries } = (await (await fetch(`${sandbox.url}/_sandbox/audit`)).json()) as { entries: { method: string; path: string; status: number }[] };
  return entries.filter((e) => e.method === 'POST' && e.path.includes(`/deletedItems/${id}/restore`)).length;
}

function harnessWithLimits(jobLimits: JobLimits): Harness {
  return createHarness(sandbox, { deps: { jobLimits } });
}

/** A job approved but not yet picked up by a runner: it holds a place, as a queued job does in production. */
async function queuedJobOf(bot: Harness, initiator: { id: string; displayName: string }, tenantId: string): Promise<string> {
  const job = newJob({
    kind: 'restore',
    tenantId,
    initiator: { objectId: initiator.id, name: initiator.displayName },
    source: { type: 'command', text: 'restore someone' },
    inputColumns: [],
    state: 'awaiting-approval',
    now: new Date(),
  });
  const created = await bot.store.createJob(job, []);
  expect(created.ok).toBe(true);
  const approved = await approveJob(bot.store, job.id, { objectId: initiator.id, name: initiator.displayName }, new Date());
  expect(approved.ok && approved.value.job.state).toBe('queued');
  return job.id;
}

describe('concurrent job limits, enforced at approval', () => {
  it('keeps a job waiting while the admin has as many running as allowed, and runs it once one is cancelled', async () => {
    const bot = harnessWithLimits({ perAdmin: 1, perTenant: 10 });
    const adele = CONTOSO_PEOPLE.adeleVanceDeleted;
    const busy = await queuedJobOf(bot, alex, sandbox.tenantId);
    const busyLabel = busy.replace(/-/g, '').slice(0, 6).toUpperCase();

    const [reply] = await bot.say(alex, `restore ${adele.displayName}`);
    const data = actionData(cardOf(reply), 'confirm-job');
    const jobId = String(data?.jobId);
    const refused = await bot.invoke(alex, 'confirm-job', data, reply?.id);
    expect(refused.response.status).toBe(200);
    const text = cardText(refused.response.body?.value);
    expect(text).toContain('You already have 1 job running');
    expect(text).toContain(busyLabel);
    expect(text).toContain('Wait for one to finish or cancel one');
    // The card still offers Confirm, and the job still waits for it.
    expect(actionData(refused.response.body?.value, 'confirm-job')?.jobId).toBe(jobId);
    expect((await bot.store.getJob(jobId))?.job.state).toBe('awaiting-approval');
    expect(await restoreCount(adele.id)).toBe(0);

    const [cancelled] = await bot.say(alex, `cancel ${busyLabel}`);
    expect(cancelled?.text).toContain('is cancelled');
    const accepted = await bot.invoke(alex, 'confirm-job', data, reply?.id);
    expect(cardText(accepted.response.body?.value)).not.toContain('You already have');
    const finished = await bot.waitForJob(jobId);
    expect(finished.counters).toMatchObject({ total: 1, succeeded: 1 });
    expect(await restoreCount(adele.id)).toBe(1);
  });

  it('applies the per-tenant limit across admins, and does not count another tenant', async () => {
    const bot = harnessWithLimits({ perAdmin: 3, perTenant: 2 });
    await queuedJobOf(bot, alex, sandbox.tenantId);
    await queuedJobOf(bot, { id: '0f0f0f0f-0000-4000-8000-00000000beef', displayName: 'Someone Else' }, sandbox.tenantId);
    await queuedJobOf(bot, admin, 'another-tenant');
    await queuedJobOf(bot, admin, 'another-tenant');

    const kim = CONTOSO_PEOPLE.kimAbercrombieGuestDeleted;
    const [reply] = await bot.say(admin, `restore ${kim.id}`);
    const data = actionData(cardOf(reply), 'confirm-job');
    expect(data?.jobId).toBeTruthy();
    const refused = await bot.invoke(admin, 'confirm-job', data, reply?.id);
    const text = cardText(refused.response.body?.value);
    expect(text).toContain('Your organization already has 2 jobs running at once');
    expect((await bot.store.getJob(String(data?.jobId)))?.job.state).toBe('awaiting-approval');
    expect(await restoreCount(kim.id)).toBe(0);
  });

  it('does not count finished, cancelled or waiting jobs', async () => {
    const bot = harnessWithLimits({ perAdmin: 1, perTenant: 1 });
    const first = await bot.say(alex, `restore ${CONTOSO_PEOPLE.christieClineOldDeleted.id}`);
    expect(actionData(cardOf(first[0]), 'confirm-job')?.jobId).toBeTruthy();
    const [reply] = await bot.say(alex, 'restore Kim Abercrombie');
    const data = actionData(cardOf(reply), 'confirm-job');
    const accepted = await bot.invoke(alex, 'confirm-job', data, reply?.id);
    expect(cardText(accepted.response.body?.value)).not.toContain('already');
    const finished = await bot.waitForJob(String(data?.jobId));
    expect(finished.counters.total).toBe(1);
  });

  it('allows 3 running jobs per admin by default (MAX_JOBS_PER_ADMIN), with the message naming them', async () => {
    const bot = createHarness(sandbox);
    const busy = [await queuedJobOf(bot, alex, sandbox.tenantId), await queuedJobOf(bot, alex, sandbox.tenantId), await queuedJobOf(bot, alex, sandbox.tenantId)];
    const [reply] = await bot.say(alex, `restore ${CONTOSO_PEOPLE.meganBowenDeleted.id}`);
    const data = actionData(cardOf(reply), 'confirm-job');
    const refused = await bot.invoke(alex, 'confirm-job', data, reply?.id);
    const text = cardText(refused.response.body?.value);
    expect(text).toContain('You already have 3 jobs running');
    for (const id of busy) expect(text).toContain(id.replace(/-/g, '').slice(0, 6).toUpperCase());
    expect((await bot.store.getJob(String(data?.jobId)))?.job.state).toBe('awaiting-approval');
  });
});

