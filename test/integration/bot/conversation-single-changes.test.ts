import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO_OBJECTS, CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { actionData, cardOf, cardText, createHarness } from './bot-harness';
import type { Harness } from './bot-harness';

const alex = CONTOSO_PEOPLE.alexWilber;
const nestor = CONTOSO_PEOPLE.nestorWilke;
const salesAndMarketing = CONTOSO_OBJECTS.groups.salesAndMarketing;

let sandbox: RunningSandbox;
let bot: Harness;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
  bot = createHarness(sandbox);
});
afterAll(async () => {
  await sandbox.stop();
});

async function graphGet(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const token = await sandbox.issueToken(CONTOSO_PEOPLE.modAdministrator.id);
  const response = await fetch(`${sandbox.graphBaseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function memberIds(groupId: string): Promise<string[]> {
  const { body } = await graphGet(`/groups/${groupId}/members?$select=id`);
  return ((body.value as { id: string }[] | undefined) ?? []).map((m) => m.id);
}

/** Says `text`, checks one confirm card came back, confirms it and waits for the job. */
async function sayAndConfirm(person: { id: string; displayName: string }, text: string): Promise<{ cardText: string; total: number }> {
  const replies = await bot.say(person, text);
  const card = cardOf(replies[0]);
  const data = actionData(card, 'confirm-job');
  expect(data?.jobId, cardText(card) + (replies[0]?.text ?? '')).toBeTruthy();
  const { response } = await bot.invoke(person, 'confirm-job', data, replies[0]?.id);
  expect(response.status).toBe(200);
  const job = await bot.waitForJob(String(data?.jobId));
  return { cardText: cardText(card), total: job.counters.total };
}

describe('single changes without a file', () => {
  it('adds a user by name and one by user name to "Sales and Marketing" in one job', async () => {
    const done = await sayAndConfirm(nestor, `please add Joni Sherman and ${CONTOSO_PEOPLE.lynneRobbins.userPrincipalName} to Sales and Marketing`);
    expect(done.total).toBe(2);
    const ids = await memberIds(salesAndMarketing);
    expect(ids).toContain(CONTOSO_PEOPLE.joniSherman.id);
    expect(ids).toContain(CONTOSO_PEOPLE.lynneRobbins.id);
  });

  it('removes Diego Siciliani from Sales and Marketing', async () => {
    expect(await memberIds(salesAndMarketing)).toContain(CONTOSO_PEOPLE.diegoSiciliani.id);
    await sayAndConfirm(nestor, 'remove Diego Siciliani from Sales and Marketing');
    expect(await memberIds(salesAndMarketing)).not.toContain(CONTOSO_PEOPLE.diegoSiciliani.id);
  });

  it("sets Isaiah Langer's job title after the usual dry run and confirm", async () => {
    const done = await sayAndConfirm(alex, "set Isaiah Langer's job title to Engineer");
    expect(done.cardText).toContain('Engineer');
    const { body } = await graphGet(`/users/${CONTOSO_PEOPLE.isaiahLanger.id}?$select=jobTitle`);
    expect(body.jobTitle).toBe('Engineer');
  });

  it('names the value and the fix when a typed value is not valid, and creates no job', async () => {
    const before = (await bot.store.listJobs({ initiatorId: alex.id })).length;
    const [reply] = await bot.say(alex, "set Isaiah Langer's usage location to USA");
    expect(reply?.text).toContain("Usage location: 'USA' is not a two-letter country code — use the two-letter ISO 3166 code");
    expect(reply?.text).toContain('Nothing was changed.');
    expect(await bot.store.listJobs({ initiatorId: alex.id })).toHaveLength(before);
  });

  it('invites two guests in one job', async () => {
    const [reply] = await bot.say(alex, 'send invitations to ana@fabrikam.com and bob@fabrikam.com');
    const data = actionData(cardOf(reply), 'confirm-job');
    const job = (await bot.store.getJob(String(data?.jobId)))?.job;
    expect(job?.kind).toBe('invite');
    expect(job?.counters.total).toBe(2);
  });
});

describe('the latest job and the recycle bin by day', () => {
  it('deletes two users in one job, then lists what was deleted today', async () => {
    const grady = CONTOSO_PEOPLE.gradyArchie;
    const henrietta = CONTOSO_PEOPLE.henriettaMueller;
    const [reply] = await bot.say(alex, `delete users ${grady.userPrincipalName}, ${henrietta.userPrincipalName}`);
    const card = cardOf(reply);
    const data = actionData(card, 'confirm-job');
    const job = (await bot.store.getJob(String(data?.jobId)))?.job;
    expect(job?.counters.total).toBe(2);
    // Destructive kinds ask for the typed row count above their threshold; two rows confirm directly.
    const { response } = await bot.invoke(alex, 'confirm-job', { ...data, typedCount: '2' }, reply?.id);
    expect(response.status).toBe(200);
    expect((await bot.waitForJob(String(data?.jobId))).counters.succeeded).toBe(2);

    const [today] = await bot.say(alex, 'what was deleted today');
    const todayText = cardText(cardOf(today));
    expect(todayText).toContain('Grady Archie');
    expect(todayText).toContain('Henrietta Mueller');
    // Adele Vance was deleted days ago: in the bin, but not today's.
    expect(todayText).not.toContain('Adele Vance');
    const [week] = await bot.say(alex, 'what was deleted this week');
    expect(cardText(cardOf(week))).toContain('Adele Vance');
  });

  it('"what\'s the status of my job" shows the newest job, "cancel my job" cancels the newest unfinished one', async () => {
    const [confirm] = await bot.say(alex, 'restore Adele Vance');
    const jobId = String(actionData(cardOf(confirm), 'confirm-job')?.jobId);
    const label = jobId.replace(/-/g, '').slice(0, 6).toUpperCase();
    const [status] = await bot.say(alex, "what's the status of my job");
    expect(cardText(cardOf(status))).toContain(label);
    const [cancelled] = await bot.say(alex, 'cancel my job');
    expect(cancelled?.text).toContain(`Job ${label} is cancelled`);
    expect((await bot.store.getJob(jobId))?.job.state).toBe('cancelled');
  });

  it('answers "who are the members of Sales and Marketing" in the chat, pointing at the export for all', async () => {
    const [reply] = await bot.say(nestor, 'who are the members of Sales and Marketing');
    expect(reply?.text).toContain('Members of Sales and Marketing:');
    expect(reply?.text).toContain(CONTOSO_PEOPLE.miriamGraham.userPrincipalName);
    expect(reply?.text).toContain('download members of Sales and Marketing');
    const [missing] = await bot.say(nestor, 'who is in No Such Group');
    expect(missing?.text).toContain('I can\'t find a group named "No Such Group"');
  });
});
