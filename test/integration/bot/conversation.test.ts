import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { actionData, cardOf, cardText, createHarness } from './bot-harness';
import type { Harness } from './bot-harness';

const alex = CONTOSO_PEOPLE.alexWilber;
const lee = CONTOSO_PEOPLE.leeGu;
const adele = CONTOSO_PEOPLE.adeleVanceDeleted;

let sandbox: RunningSandbox;
let bot: Harness;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
  bot = createHarness(sandbox);
});
afterAll(async () => {
  await sandbox.stop();
});

async function graphGet(path: string, as: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const token = await sandbox.issueToken(as);
  const response = await fetch(`${sandbox.graphBaseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function restoreCount(id: string): Promise<number> {
  const { entries } = (await (await fetch(`${sandbox.url}/_sandbox/audit`)).json()) as { entries: { method: string; path: string; status: number }[] };
  return entries.filter((e) => e.method === 'POST' && e.path.includes(`/deletedItems/${id}/restore`) && e.status === 200).length;
}

describe('conversation basics', () => {
  it('answers help with the command list and a card', async () => {
    const [reply] = await bot.say(alex, 'help');
    expect(reply?.text).toContain('restore <name | UPN | mail | object id>');
    expect(cardText(cardOf(reply))).toContain('download users');
  });

  it('suggests the closest command for unknown text', async () => {
    const [reply] = await bot.say(alex, 'restor Adele Vance');
    expect(cardText(cardOf(reply))).toContain('restore Adele Vance');
  });

  it('shows who the admin is and what their roles allow', async () => {
    const [reply] = await bot.say(alex, 'whoami');
    const text = cardText(cardOf(reply));
    expect(text).toContain('Alex Wilber');
    expect(text).toContain('User Administrator');
  });

  it('tells a Teams user unknown to the sandbox that it cannot act for them', async () => {
    const [reply] = await bot.say({ id: '0f0f0f0f-0000-4000-8000-00000000dead', displayName: 'Stranger' }, 'whoami');
    expect(reply?.text).toContain('I have no Microsoft Graph access for your account');
  });

  it('lists the recycle bin with days left', async () => {
    const [reply] = await bot.say(alex, 'deleted users');
    const text = cardText(cardOf(reply));
    expect(text).toContain('Adele Vance');
    expect(text).toContain('Megan Bowen');
  });
});

describe('restore with approval', () => {
  it('refuses a Helpdesk Administrator with the missing role and creates no job', async () => {
    const replies = await bot.say(lee, 'restore Adele Vance');
    const text = cardText(cardOf(replies[0]));
    expect(text).toContain('User Administrator');
    expect(text).not.toContain('confirm-job');
    expect(await bot.store.listJobs({ initiatorId: lee.id })).toHaveLength(0);
    expect(await restoreCount(adele.id)).toBe(0);
  });

  it('offers a choice when two deleted users share a name', async () => {
    const [reply] = await bot.say(alex, 'restore Megan Bowen');
    const card = cardOf(reply);
    const text = cardText(card);
    expect(text).toContain(CONTOSO_PEOPLE.meganBowenDeleted.id);
    expect(text).toContain(CONTOSO_PEOPLE.meganBowenOtherDeleted.id);
    const choice = actionData(card, 'choose-object');
    expect(choice?.objectId).toBeTruthy();
    const { replies, response } = await bot.invoke(alex, 'choose-object', choice, reply?.id);
    expect(response.status).toBe(200);
    const confirm = cardOf(replies[0]);
    expect(actionData(confirm, 'confirm-job')?.jobId).toBeTruthy();
    expect(cardText(confirm)).toContain('Megan Bowen');
  });

  it('restores Adele Vance once: others cannot confirm, a second click changes nothing, the card ends with the result', async () => {
    const [confirmMessage] = await bot.say(alex, 'restore Adele Vance');
    const confirm = cardOf(confirmMessage);
    expect(cardText(confirm)).toContain('Adele Vance');
    const data = actionData(confirm, 'confirm-job');
    const jobId = String(data?.jobId);
    expect((await bot.store.getJob(jobId))?.job.state).toBe('awaiting-approval');

    const intruder = await bot.invoke(lee, 'confirm-job', data, confirmMessage?.id);
    expect(cardText(intruder.response.body?.value)).toContain('Only Alex Wilber can');
    expect((await bot.store.getJob(jobId))?.job.state).toBe('awaiting-approval');

    const forged = await bot.invoke(alex, 'confirm-job', { ...data, cardToken: 'not-the-token' }, confirmMessage?.id);
    expect(cardText(forged.response.body?.value)).toContain('out of date');
    expect((await bot.store.getJob(jobId))?.job.state).toBe('awaiting-approval');

    const first = await bot.invoke(alex, 'confirm-job', data, confirmMessage?.id);
    const second = await bot.invoke(alex, 'confirm-job', data, confirmMessage?.id);
    expect(first.response.status).toBe(200);
    expect(first.response.body?.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(second.response.status).toBe(200);

    const finished = await bot.waitForJob(jobId);
    expect(finished.state).toBe('completed');
    expect(finished.counters).toMatchObject({ total: 1, succeeded: 1, failed: 0 });
    expect(await restoreCount(adele.id)).toBe(1);

    const updated = bot.adapter.activeQueue.find((a) => a.id === confirmMessage?.id);
    const resultText = cardText(cardOf(updated));
    expect(resultText).not.toContain('confirm-job');
    expect(resultText).toMatch(/succeeded|restored|finished|completed/i);

    const active = await graphGet(`/users/${adele.id}`, alex.id);
    expect(active.status).toBe(200);
    expect(active.body.displayName).toBe('Adele Vance');
  });

  it('cancels a job that is awaiting approval and never runs it', async () => {
    const [confirmMessage] = await bot.say(alex, 'restore Emily Braun');
    const data = actionData(cardOf(confirmMessage), 'cancel-job');
    const { response } = await bot.invoke(alex, 'cancel-job', data, confirmMessage?.id);
    expect(response.status).toBe(200);
    const job = (await bot.store.getJob(String(data?.jobId)))?.job;
    expect(job?.state).toBe('cancelled');
    expect(await restoreCount(CONTOSO_PEOPLE.emilyBraunDeleted.id)).toBe(0);
  });

  it('lists jobs and shows the status of one by its short id', async () => {
    const [list] = await bot.say(alex, 'jobs');
    const listText = cardText(cardOf(list));
    expect(listText).toContain('Restore');
    const jobs = await bot.store.listJobs({ initiatorId: alex.id });
    const done = jobs.find((j) => j.state === 'completed');
    expect(done).toBeDefined();
    const label = (done?.id ?? '').replace(/-/g, '').slice(0, 6).toUpperCase();
    const [status] = await bot.say(alex, `status ${label}`);
    expect(cardText(cardOf(status))).toContain(label);
  });

  it('says plainly when nothing matches', async () => {
    const [reply] = await bot.say(alex, 'restore Nobody Such');
    expect(reply?.text).toContain('Nothing named "Nobody Such" is in the recycle bin');
  });
});

describe('approval expiry', () => {
  it('refuses to run a confirmation clicked after it expired', async () => {
    let now = Date.now();
    const late = createHarness(sandbox, { deps: { now: () => now } });
    const [reply] = await late.say(alex, 'restore Emily Braun');
    const data = actionData(cardOf(reply), 'confirm-job');
    now += 25 * 60 * 60 * 1000;
    const { response } = await late.invoke(alex, 'confirm-job', data, reply?.id);
    expect(cardText(response.body?.value)).toContain('expired');
    expect((await late.store.getJob(String(data?.jobId)))?.job.state).toBe('awaiting-approval');
    expect(await restoreCount(CONTOSO_PEOPLE.emilyBraunDeleted.id)).toBe(0);
  });
});
