import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { actionData, cardOf, cardText, createHarness } from './bot-harness';
import type { Harness } from './bot-harness';

const alex = CONTOSO_PEOPLE.alexWilber;
const lee = CONTOSO_PEOPLE.leeGu;

let sandbox: RunningSandbox;
let bot: Harness;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
  bot = createHarness(sandbox);
});
afterAll(async () => {
  await sandbox.stop();
});

async function restoreCount(tenant: RunningSandbox, id: string): Promise<number> {
  const { entries } = (await (await fetch(`${tenant.url}/_sandbox/audit`)).json()) as { entries: { method: string; path: string; status: number }[] };
  return entries.filter((e) => e.method === 'POST' && e.path.includes(`/deletedItems/${id}/restore`) && e.status === 200).length;
}

async function state(harness: Harness, jobId: string): Promise<string | undefined> {
  return (await harness.store.getJob(jobId))?.job.state;
}

describe('"yes" answering a confirm card', () => {
  it('does not confirm in a group chat, even for the initiator', async () => {
    const group = createHarness(sandbox, { conversationId: 'conv-group', isGroup: true });
    const [confirm] = await group.say(alex, 'restore Emily Braun');
    const jobId = String(actionData(cardOf(confirm), 'confirm-job')?.jobId ?? (await group.store.listJobs({ initiatorId: alex.id }))[0]?.id);
    expect(await state(group, jobId)).toBe('awaiting-approval');
    const [reply] = await group.say(alex, 'yes');
    expect(reply?.text).toContain('only from the Confirm button');
    expect(await state(group, jobId)).toBe('awaiting-approval');
  });

  it('does not confirm for another admin in the same personal conversation', async () => {
    const [confirm] = await bot.say(alex, 'please restore Emily Braun');
    const jobId = String(actionData(cardOf(confirm), 'confirm-job')?.jobId);
    const [reply] = await bot.say(lee, 'yes');
    expect(reply?.text).toContain('Nothing of yours is waiting');
    expect(await state(bot, jobId)).toBe('awaiting-approval');
  });

  it("confirms the initiator's newest card in personal chat, through the Confirm button's checks", async () => {
    const [older] = await bot.say(alex, 'restore Emily Braun');
    const olderId = String(actionData(cardOf(older), 'confirm-job')?.jobId);
    const [newest] = await bot.say(alex, 'restore Kim Abercrombie');
    const newestId = String(actionData(cardOf(newest), 'confirm-job')?.jobId);
    const replies = await bot.say(alex, 'go ahead thanks');
    expect(replies.map((r) => r.text ?? '').join(' ')).toContain('is running');
    const finished = await bot.waitForJob(newestId);
    expect(finished.state).toBe('completed');
    expect(await restoreCount(sandbox, CONTOSO_PEOPLE.kimAbercrombieGuestDeleted.id)).toBe(1);
    // Only the newest card: the older one still waits for its own Confirm.
    expect(await state(bot, olderId)).toBe('awaiting-approval');
    expect(await restoreCount(sandbox, CONTOSO_PEOPLE.emilyBraunDeleted.id)).toBe(0);
  });

  it('does not confirm a card older than 30 minutes: that one takes its button', async () => {
    let now = Date.now();
    const later = createHarness(sandbox, { conversationId: 'conv-later', deps: { now: () => now } });
    const [confirm] = await later.say(alex, 'restore Emily Braun');
    const jobId = String(actionData(cardOf(confirm), 'confirm-job')?.jobId);
    now += 31 * 60 * 1000;
    const [reply] = await later.say(alex, 'yes');
    expect(reply?.text).toContain('more than 30 minutes old');
    expect(await state(later, jobId)).toBe('awaiting-approval');
  });
});

describe('"her" right after the bot named someone', () => {
  it('answers a question about Adele Vance, then restores "her"', async () => {
    const [answer] = await bot.say(alex, 'is Adele Vance deleted?');
    expect(answer?.text).toContain('Yes, in the recycle bin');
    expect(answer?.text).toContain('Adele Vance');
    expect(answer?.text).toMatch(/\d+ days left to restore it, until \d{4}-\d{2}-\d{2}/);
    const [confirm] = await bot.say(alex, 'can you restore her');
    const card = cardOf(confirm);
    expect(cardText(card)).toContain('Adele Vance');
    const data = actionData(card, 'confirm-job');
    const { response } = await bot.invoke(alex, 'confirm-job', data, confirm?.id);
    expect(response.status).toBe(200);
    expect((await bot.waitForJob(String(data?.jobId))).state).toBe('completed');
    expect(await restoreCount(sandbox, CONTOSO_PEOPLE.adeleVanceDeleted.id)).toBe(1);
  });

  it('asks who is meant when nobody was named', async () => {
    const fresh = createHarness(sandbox, { conversationId: 'conv-fresh' });
    const [reply] = await fresh.say(alex, 'restore her');
    expect(reply?.text).toContain('Who do you mean?');
    expect(await fresh.store.listJobs({ initiatorId: alex.id })).toHaveLength(0);
  });
});

describe('several targets in one message', () => {
  it('restores Adele Vance and Kim Abercrombie and asks which Megan Bowen, on one confirm card for one job', async () => {
    // A tenant of its own: the other tests restore these people.
    const own = await startSandbox({ port: 0, tenant: 'contoso' });
    try {
      await restoreThreeInOneJob(own);
    } finally {
      await own.stop();
    }
  });

  async function restoreThreeInOneJob(own: RunningSandbox): Promise<void> {
    const multi = createHarness(own, { conversationId: 'conv-multi' });
    const replies = await multi.say(alex, 'restore Adele Vance, Megan Bowen and Kim Abercrombie');
    const confirm = cardOf(replies[0]);
    const text = cardText(confirm);
    expect(text).toContain('Adele Vance');
    expect(text).toContain('Kim Abercrombie');
    expect(text).toContain('matches 2 deleted objects, so it waits for your pick on the card below');
    // The same message offers a choice card for the ambiguous name.
    const choice = cardOf(replies[1]);
    expect(cardText(choice)).toContain(CONTOSO_PEOPLE.meganBowenOtherDeleted.id);
    const jobs = await multi.store.listJobs({ initiatorId: alex.id });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.counters.total).toBe(3);

    const data = actionData(confirm, 'confirm-job');
    const { response } = await multi.invoke(alex, 'confirm-job', data, replies[0]?.id);
    expect(response.status).toBe(200);
    const finished = await multi.waitForJob(String(data?.jobId));
    expect(finished.counters).toMatchObject({ total: 3, succeeded: 2 });
    expect(await restoreCount(own, CONTOSO_PEOPLE.adeleVanceDeleted.id)).toBe(1);
    expect(await restoreCount(own, CONTOSO_PEOPLE.kimAbercrombieGuestDeleted.id)).toBe(1);
    expect(await restoreCount(own, CONTOSO_PEOPLE.meganBowenDeleted.id)).toBe(0);
    expect(await restoreCount(own, CONTOSO_PEOPLE.meganBowenOtherDeleted.id)).toBe(0);
  }

  it('"restore Adele Vance, Megan Bowen and Emily Braun": asks which Megan and how to restore Emily, on the one card', async () => {
    const own = await startSandbox({ port: 0, tenant: 'contoso' });
    try {
      const multi = createHarness(own, { conversationId: 'conv-issue' });
      const replies = await multi.say(alex, 'restore Adele Vance, Megan Bowen and Emily Braun');
      const text = cardText(cardOf(replies[0]));
      expect(text).toContain('matches 2 deleted objects, so it waits for your pick on the card below');
      expect(text).toContain('needs proxy reconciliation');
      expect(text).toContain('send the command again ending with \\"reconcile proxy\\"');
      const data = actionData(cardOf(replies[0]), 'confirm-job');
      await multi.invoke(alex, 'confirm-job', data, replies[0]?.id);
      expect((await multi.waitForJob(String(data?.jobId))).counters.succeeded).toBe(1);
      expect(await restoreCount(own, CONTOSO_PEOPLE.adeleVanceDeleted.id)).toBe(1);
      expect(await restoreCount(own, CONTOSO_PEOPLE.emilyBraunDeleted.id)).toBe(0);
    } finally {
      await own.stop();
    }
  });

  it('keeps "Sales and Marketing" as one name when neither part is in the recycle bin', async () => {
    const [reply] = await bot.say(alex, 'restore Sales and Marketing');
    expect(reply?.text).toContain('Nothing named "Sales and Marketing" is in the recycle bin');
  });

  it('names every user it could not resolve and creates no job when none resolves', async () => {
    const fresh = createHarness(sandbox, { conversationId: 'conv-unresolved' });
    const [reply] = await fresh.say(alex, 'delete users Joni, Nobody Such');
    expect(reply?.text).toContain('"Joni" is not the exact name of an active user: did you mean Joni Sherman');
    expect(reply?.text).toContain('"Nobody Such" is not the name of an active user');
    expect(await fresh.store.listJobs({ initiatorId: alex.id })).toHaveLength(0);
  });

  it('asks for a CSV above the limit', async () => {
    const names = Array.from({ length: 21 }, (_, i) => `User ${i}`).join(', ');
    const [reply] = await bot.say(alex, `restore ${names}`);
    expect(reply?.text).toContain('I take up to 20');
    expect(reply?.text).toContain('template restore');
  });
});

describe('near-misses', () => {
  it('asks which command "remove Adele Vance" means and changes nothing', async () => {
    const before = (await bot.store.listJobs({ initiatorId: alex.id })).length;
    const [reply] = await bot.say(alex, 'remove Adele Vance');
    const text = cardText(cardOf(reply));
    expect(text).toContain('Which did you mean?');
    expect(text).toContain('delete user Adele Vance');
    expect(await bot.store.listJobs({ initiatorId: alex.id })).toHaveLength(before);
  });
});
