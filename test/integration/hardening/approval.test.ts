import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireDrafts } from '../../../src/jobs/job-control';
import { mutateJob } from '../../../src/jobs/job-store';
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

async function restoreCalls(id: string): Promise<number> {
  const { entries } = (await (await fetch(`${sandbox.url}/_sandbox/audit`)).json()) as { entries: { method: string; path: string }[] };
  return entries.filter((e) => e.method === 'POST' && e.path.includes(`/deletedItems/${id}/restore`)).length;
}

async function stateOf(bot: Harness, jobId: string): Promise<string | undefined> {
  return (await bot.store.getJob(jobId))?.job.state;
}

async function propose(bot: Harness, text: string): Promise<{ jobId: string; data: Record<string, unknown>; cardId: string | undefined }> {
  const [reply] = await bot.say(alex, text);
  const data = actionData(cardOf(reply), 'confirm-job');
  expect(data?.jobId).toBeTruthy();
  return { jobId: String(data?.jobId), data: data ?? {}, cardId: reply?.id };
}

describe('only the initiator approves or cancels', () => {
  it('answers anyone else with the not-yours card and changes nothing, by card or by command', async () => {
    const bot = createHarness(sandbox, { conversationId: 'group-approvals', isGroup: true });
    const emily = CONTOSO_PEOPLE.emilyBraunDeleted;
    const [reply] = await bot.say(alex, `restore ${emily.displayName}`);
    const card = cardOf(reply) as { refresh?: { action?: { data?: Record<string, unknown> } } } | undefined;
    // In a group the posted card is read-only; the buttons come from the initiator's refresh.
    const mine = await bot.invoke(alex, 'refresh-job', card?.refresh?.action?.data, reply?.id);
    const confirm = actionData(mine.response.body?.value, 'confirm-job');
    const cancel = actionData(mine.response.body?.value, 'cancel-job');
    const jobId = String(confirm?.jobId);

    const byCard = await bot.invoke(admin, 'cancel-job', cancel, reply?.id);
    expect(cardText(byCard.response.body?.value)).toContain('Only Alex Wilber can');
    const confirmByOther = await bot.invoke(admin, 'confirm-job', confirm, reply?.id);
    expect(cardText(confirmByOther.response.body?.value)).toContain('Only Alex Wilber can');
    const label = jobId.replace(/-/g, '').slice(0, 6).toUpperCase();
    const [byCommand] = await bot.say(admin, `cancel ${label}`);
    expect(byCommand?.text).toContain('was started by Alex Wilber: only they can cancel it');
    const [retryByCommand] = await bot.say(admin, `retry ${label}`);
    expect(retryByCommand?.text).toContain('only they can retry it');

    expect(await stateOf(bot, jobId)).toBe('awaiting-approval');
    expect(await restoreCalls(emily.id)).toBe(0);
  });
});

describe('clicks that must not run anything twice', () => {
  it('runs once when Confirm is clicked twice at the same moment, and a replay after completion changes nothing', async () => {
    const bot = createHarness(sandbox);
    const adele = CONTOSO_PEOPLE.adeleVanceDeleted;
    const { jobId, data, cardId } = await propose(bot, `restore ${adele.displayName}`);
    const clicks = await Promise.all([bot.invoke(alex, 'confirm-job', data, cardId), bot.invoke(alex, 'confirm-job', data, cardId)]);
    expect(clicks.map((c) => c.response.status)).toEqual([200, 200]);
    const finished = await bot.waitForJob(jobId);
    expect(finished.state).toBe('completed');
    expect(finished.approvedAt).not.toBeNull();
    expect(await restoreCalls(adele.id)).toBe(1);

    const replayed = await bot.invoke(alex, 'confirm-job', data, cardId);
    expect(actionData(replayed.response.body?.value, 'confirm-job')).toBeUndefined();
    const cancelAfter = await bot.invoke(alex, 'cancel-job', { ...data }, cardId);
    expect(actionData(cancelAfter.response.body?.value, 'confirm-job')).toBeUndefined();
    await bot.updater.idle();
    const after = (await bot.store.getJob(jobId))?.job;
    expect(after?.state).toBe('completed');
    expect(after?.finishedAt).toBe(finished.finishedAt);
    expect(await restoreCalls(adele.id)).toBe(1);
  });

  it('ignores a stale card (an older card token) for confirm and cancel alike', async () => {
    const bot = createHarness(sandbox);
    const target = CONTOSO_PEOPLE.meganBowenOtherDeleted; // any plain deleted user: rows on admins never reach Graph with the app's token
    const { jobId, data, cardId } = await propose(bot, `restore ${target.id}`);
    // A newer card for the same job (e.g. re-posted) carries a new token; the old card must be dead.
    await mutateJob(bot.store, jobId, (job) => ({ ...job, options: { ...job.options, cardToken: 'a-newer-card-token' } }));
    for (const verb of ['confirm-job', 'cancel-job']) {
      const stale = await bot.invoke(alex, verb, data, cardId);
      expect(cardText(stale.response.body?.value)).toContain('out of date');
    }
    expect(await stateOf(bot, jobId)).toBe('awaiting-approval');
    const fresh = await bot.invoke(alex, 'confirm-job', { ...data, cardToken: 'a-newer-card-token' }, cardId);
    expect(fresh.response.status).toBe(200);
    expect((await bot.waitForJob(jobId)).counters.total).toBe(1);
    expect(await restoreCalls(target.id)).toBe(1);
  });
});

describe('expiry', () => {
  it('cannot confirm a request the expiry sweep has already closed', async () => {
    let now = Date.now();
    const bot = createHarness(sandbox, { deps: { now: () => now } });
    const kim = CONTOSO_PEOPLE.kimAbercrombieGuestDeleted;
    const { jobId, data, cardId } = await propose(bot, `restore ${kim.id}`);
    now += 25 * 60 * 60 * 1000;
    const expired = await expireDrafts(bot.store, new Date(now));
    expect(expired.map((e) => e.job.id)).toContain(jobId);
    const late = await bot.invoke(alex, 'confirm-job', data, cardId);
    expect(actionData(late.response.body?.value, 'confirm-job')).toBeUndefined();
    expect(await stateOf(bot, jobId)).toBe('expired');
    const rows = await bot.store.getRows(jobId, { limit: 10 });
    expect(rows.rows.map((r) => r.state)).toEqual(['cancelled']);
    expect(await restoreCalls(kim.id)).toBe(0);
  });
});
