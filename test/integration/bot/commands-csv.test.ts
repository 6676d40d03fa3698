import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iterateRows } from '../../../src/jobs/job-store';
import { CONTOSO_DOMAIN, CONTOSO_OBJECTS, CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { actionData, cardOf, cardText, createHarness } from './bot-harness';
import type { Harness } from './bot-harness';
import { startCsvFiles } from './csv-files';
import type { CsvFiles } from './csv-files';

const alex = CONTOSO_PEOPLE.alexWilber;
const admin = CONTOSO_PEOPLE.modAdministrator;
const nestor = CONTOSO_PEOPLE.nestorWilke;
const P = CONTOSO_PEOPLE;

let sandbox: RunningSandbox;
let files: CsvFiles;
let bot: Harness;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
  files = await startCsvFiles();
  bot = createHarness(sandbox);
});
afterAll(async () => {
  await files.close();
  await sandbox.stop();
});

async function graph(path: string): Promise<{ status: number; body: { value?: { id?: string; userPrincipalName?: string }[] } & Record<string, unknown> }> {
  const token = await sandbox.issueToken(admin.id);
  const response = await fetch(`${sandbox.graphBaseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as { value?: { id?: string }[] } };
}

async function memberIds(groupId: string): Promise<string[]> {
  return ((await graph(`/groups/${groupId}/members?$select=id`)).body.value ?? []).map((m) => m.id ?? '');
}

async function inputsOf(jobId: string): Promise<Record<string, string>[]> {
  const inputs: Record<string, string>[] = [];
  for await (const row of iterateRows(bot.store, jobId)) inputs.push(row.input);
  return inputs;
}

/** Sends text with the CSV attached; returns the confirm card's action data (or fails with what came back instead). */
async function proposed(who: typeof alex, text: string, name: string, csv: string): Promise<{ data: Record<string, unknown>; replyId: string; card: unknown }> {
  const [reply] = await bot.say(who, text, files.attach(name, csv));
  const card = cardOf(reply);
  const data = actionData(card, 'confirm-job');
  expect(data?.jobId, cardText(card) || String(reply?.text)).toBeTruthy();
  return { data: data ?? {}, replyId: reply?.id ?? '', card };
}

const MEMBERS_HEADER = 'Member object ID or user principal name [memberObjectIdOrUpn] Required\r\n';

describe('group members from a CSV', () => {
  const retail = CONTOSO_OBJECTS.groups.retail;
  let newcomers: (typeof P)[keyof typeof P][] = [];

  it('add members to <group>: adds each listed user, by UPN or object id', async () => {
    const before = await memberIds(retail);
    newcomers = [P.gradyArchie, P.henriettaMueller, P.pattiFernandez, P.pradeepGupta, P.leeGu, P.lidiaHolloway].filter((p) => !before.includes(p.id)).slice(0, 2);
    expect(newcomers).toHaveLength(2);
    const [first, second] = newcomers;
    const csv = `${MEMBERS_HEADER}${first?.userPrincipalName ?? ''}\r\n${second?.id ?? ''}\r\n`;
    const { data, replyId } = await proposed(nestor, 'add members to Retail', 'retail.csv', csv);
    expect(await memberIds(retail)).toEqual(before);
    await bot.invoke(nestor, 'confirm-job', data, replyId);
    const job = await bot.waitForJob(String(data.jobId));
    expect(job).toMatchObject({ kind: 'add-group-members', counters: { succeeded: 2, failed: 0 } });
    const after = await memberIds(retail);
    for (const person of newcomers) expect(after).toContain(person.id);
    // A small job's result card names each row and what happened to it.
    const result = cardText(cardOf(bot.adapter.activeQueue.find((a) => a.id === replyId)));
    for (const person of newcomers) expect(result).toContain(`"text":"${person.displayName}"`);
  });

  it('remove members from <group>: removes only the listed users', async () => {
    const before = await memberIds(retail);
    const [leaving, staying] = newcomers;
    const csv = `${MEMBERS_HEADER}${leaving?.userPrincipalName ?? ''}\r\n`;
    const { data, replyId } = await proposed(nestor, 'remove members from Retail', 'remove.csv', csv);
    await bot.invoke(nestor, 'confirm-job', data, replyId);
    expect((await bot.waitForJob(String(data.jobId))).counters.succeeded).toBe(1);
    const after = await memberIds(retail);
    expect(after).not.toContain(leaving?.id);
    expect(after).toContain(staying?.id);
    expect(after).toHaveLength(before.length - 1);
  });

  it('asks what to do when a members file comes without a command, and creates no job', async () => {
    const jobsBefore = (await bot.store.listJobs({ initiatorId: nestor.id, limit: 50 })).length;
    const [reply] = await bot.say(nestor, '', files.attach('members.csv', `${MEMBERS_HEADER}${P.irvinSayers.userPrincipalName}\r\n`));
    expect(reply?.text).toContain('add group members, remove group members');
    expect(await bot.store.listJobs({ initiatorId: nestor.id, limit: 50 })).toHaveLength(jobsBefore);
  });

  it('asks for the file when the command comes without one', async () => {
    const [reply] = await bot.say(nestor, 'add members to Retail');
    expect(reply?.text).toContain('Attach the CSV');
  });
});

const CREATE_HEADER =
  'version:v1.0\r\nName [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required,First name [givenName],Last name [surname],Job title [jobTitle],Department [department],Usage location [usageLocation]\r\n';

describe('create users from a CSV', () => {
  it('creates each row as a user with the given properties', async () => {
    const csv =
      `${CREATE_HEADER}Alain Charon,alain.charon@${CONTOSO_DOMAIN},Vq7!mT3#pLz9wR,No,Alain,Charon,Engineer,Engineering,FR\r\n` +
      `Bianca Pisani,bianca.pisani@${CONTOSO_DOMAIN},Hx4$kN8@qJr2sB,Yes,Bianca,Pisani,Analyst,Finance,IT\r\n`;
    const { data, replyId, card } = await proposed(alex, 'create users', 'new-users.csv', csv);
    expect(cardText(card)).toContain('Alain Charon');
    await bot.invoke(alex, 'confirm-job', data, replyId);
    const job = await bot.waitForJob(String(data.jobId));
    expect(job).toMatchObject({ kind: 'create-users', counters: { succeeded: 2, failed: 0 } });
    const alain = await graph(`/users/alain.charon@${CONTOSO_DOMAIN}?$select=displayName,department,accountEnabled,usageLocation`);
    expect(alain.body).toMatchObject({ displayName: 'Alain Charon', department: 'Engineering', accountEnabled: true, usageLocation: 'FR' });
    const bianca = await graph(`/users/bianca.pisani@${CONTOSO_DOMAIN}?$select=accountEnabled`);
    expect(bianca.body.accountEnabled).toBe(false);
  });
});

const DELETE_HEADER = 'version:v1.0\r\nUser name [userPrincipalName] Required\r\n';
// Joni Sherman holds a custom role, so deleting her needs Directory.AccessAsUser.All: she is not in this list.
const ELEVEN = [P.diegoSiciliani, P.isaiahLanger, P.johannaLorenz, P.gradyArchie, P.lynneRobbins, P.miriamGraham, P.irvinSayers, P.enricoCattaneo, P.debraBerger, P.christieCline, P.benWalters];

describe('delete users from a CSV: typing the row count', () => {
  it('refuses to run without the exact count typed, then deletes all rows once it is', async () => {
    const csv = `${DELETE_HEADER}${ELEVEN.map((p) => p.userPrincipalName).join('\r\n')}\r\n`;
    const { data, replyId, card } = await proposed(admin, 'delete users', 'leavers.csv', csv);
    expect(cardText(card)).toContain('Type 11 to confirm');
    expect(await inputsOf(String(data.jobId))).toHaveLength(11);

    for (const typed of [undefined, '10', '1 1 1', 'eleven']) {
      const { response } = await bot.invoke(admin, 'confirm-job', { ...data, ...(typed === undefined ? {} : { typedCount: typed }) }, replyId);
      expect(cardText(response.body?.value)).toContain('type 11 exactly');
      expect((await bot.store.getJob(String(data.jobId)))?.job.state).toBe('awaiting-approval');
    }
    for (const person of ELEVEN) expect((await graph(`/users/${person.id}?$select=id`)).status).toBe(200);

    await bot.invoke(admin, 'confirm-job', { ...data, typedCount: '11' }, replyId);
    const job = await bot.waitForJob(String(data.jobId));
    expect(job).toMatchObject({ kind: 'delete-users', counters: { succeeded: 11, failed: 0 } });
    for (const person of ELEVEN) expect((await graph(`/users/${person.id}?$select=id`)).status).toBe(404);
    expect((await graph(`/directory/deletedItems/${P.diegoSiciliani.id}`)).status).toBe(200);
  });

  it('does not ask for a count at or below the threshold', async () => {
    const csv = `${DELETE_HEADER}alain.charon@${CONTOSO_DOMAIN}\r\n`;
    const { data, replyId, card } = await proposed(admin, 'delete users', 'one.csv', csv);
    expect(cardText(card)).not.toContain('to confirm');
    await bot.invoke(admin, 'confirm-job', data, replyId);
    expect((await bot.waitForJob(String(data.jobId))).counters.succeeded).toBe(1);
  });
});

describe('a CSV with no text', () => {
  it('is recognised from its headers: a restore file becomes a restore', async () => {
    const csv = `version:v1.0\r\nObject ID [objectId] Required\r\n${P.adeleVanceDeleted.id}\r\n`;
    const { data, card } = await proposed(alex, '', 'whatever-name.csv', csv);
    expect(cardText(card)).toContain('Adele Vance');
    expect((await bot.store.getJob(String(data.jobId)))?.job.kind).toBe('restore');
  });

  it('an invite file becomes an invite', async () => {
    const csv =
      'version:v1.0\r\nEmail address to invite [inviteeEmail] Required,Redirection url [inviteRedirectURL] Required,Send invitation message (true or false) [sendEmail]\r\n' +
      'pat.doe@fabrikam.com,https://myapplications.microsoft.com,false\r\n';
    const { data } = await proposed(alex, '', 'guests.csv', csv);
    expect((await bot.store.getJob(String(data.jobId)))?.job.kind).toBe('invite');
    expect(Object.values((await inputsOf(String(data.jobId)))[0] ?? {})).toContain('pat.doe@fabrikam.com');
  });

  it("an invite file's results repeat the file's own columns as written, then the outcome and the redeem URL", async () => {
    const header = 'Email address to invite [inviteeEmail] Required,Team,Redirection url [inviteRedirectURL] Required,Send invitation message (true or false) [sendEmail]';
    const csv = `version:v1.0\r\n${header}\r\nkim.lee@fabrikam.com,Mark 8,https://myapplications.microsoft.com,false\r\n`;
    const { data, replyId } = await proposed(alex, '', 'guests.csv', csv);
    await bot.invoke(alex, 'confirm-job', data, replyId);
    const job = await bot.waitForJob(String(data.jobId));
    expect(job.counters.succeeded).toBe(1);
    let text = '';
    for await (const chunk of (await bot.store.getFile(job.id, 'results.csv')) ?? []) text += String(chunk);
    const [resultsHeader, row] = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(resultsHeader?.startsWith(`${header},Object,Status,`)).toBe(true);
    expect(resultsHeader?.endsWith(',Redeem URL')).toBe(true);
    expect(row?.startsWith('kim.lee@fabrikam.com,Mark 8,https://myapplications.microsoft.com,false,kim.lee@fabrikam.com,succeeded,')).toBe(true);
  });
});

describe('files asked for in a group chat', () => {
  const BOT_ID = '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';

  it('explains that files go to the personal chat, with a button opening it when the bot id is known', async () => {
    const group = createHarness(sandbox, { conversationId: 'group-files', isGroup: true, deps: { botAppId: BOT_ID } });
    const [reply] = await group.say(nestor, 'add members to Retail');
    const card = cardOf(reply);
    expect(cardText(card)).toContain('send “add members to Retail” there with the CSV attached');
    expect(card?.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open a chat with me', url: `https://teams.microsoft.com/l/chat/0/0?users=28:${BOT_ID}` }]);
    expect(await group.store.listJobs({ initiatorId: nestor.id, limit: 50 })).toEqual([]);
  });

  it('has no link in local mode, where there is no bot id, but says how to find the chat', async () => {
    const group = createHarness(sandbox, { conversationId: 'group-files-local', isGroup: true });
    const [reply] = await group.say(nestor, 'create users', files.attach('new.csv', CREATE_HEADER));
    const card = cardOf(reply);
    expect(card?.actions ?? []).toEqual([]);
    expect(cardText(card)).toContain('Open a 1:1 chat with Entra Bulk Admin');
  });
});
