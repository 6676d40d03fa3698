import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iterateRows } from '../../../src/jobs/job-store';
import { CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { actionData, cardOf, cardText, createHarness } from './bot-harness';
import type { Harness } from './bot-harness';

const alex = CONTOSO_PEOPLE.alexWilber;
const lidia = CONTOSO_PEOPLE.lidiaHolloway;
const lee = CONTOSO_PEOPLE.leeGu;
const admin = CONTOSO_PEOPLE.modAdministrator;

let sandbox: RunningSandbox;
let bot: Harness;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
  bot = createHarness(sandbox, { deps: { filesBaseUrl: 'http://127.0.0.1:3978' } });
  // The demo tenant's only guest is in the recycle bin; the export tests need an active one.
  const token = await sandbox.issueToken(admin.id);
  const invited = await fetch(`${sandbox.graphBaseUrl}/invitations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ invitedUserEmailAddress: 'export.guest@fabrikam.com', inviteRedirectUrl: 'https://myapplications.microsoft.com', sendInvitationMessage: false }),
  });
  if (invited.status !== 201) throw new Error(`could not invite the test guest: HTTP ${invited.status}`);
});
afterAll(async () => {
  await sandbox.stop();
});

async function plannedInput(text: string, who = lidia): Promise<{ jobId: string; input: Record<string, string>; card: unknown; replyId?: string }> {
  const [reply] = await bot.say(who, text);
  const card = cardOf(reply);
  const jobId = String(actionData(card, 'confirm-job')?.jobId ?? '');
  expect(jobId, `${text} → ${cardText(card) || String(reply?.text)}`).not.toBe('');
  const inputs: Record<string, string>[] = [];
  for await (const row of iterateRows(bot.store, jobId)) inputs.push(row.input);
  expect(inputs).toHaveLength(1);
  return { jobId, input: inputs[0] ?? {}, card, ...(reply?.id ? { replyId: reply.id } : {}) };
}

/** The CSV the export reply links to, as lines without the BOM. */
async function exported(text: string, who = alex): Promise<{ reply: string; lines: string[] }> {
  const [reply] = await bot.say(who, text);
  const message = reply?.text ?? '';
  const link = /\/files\/(export-[0-9a-f-]+)\/([a-z-]+\.csv)\)/.exec(message);
  expect(link, message).not.toBeNull();
  const file = await bot.store.getFile(link?.[1] ?? '', link?.[2] ?? '');
  let csv = '';
  for await (const chunk of file ?? []) csv += String(chunk);
  return { reply: message, lines: csv.replace(/^\uFEFF/, '').trim().split(/\r\n/) };
}

describe('invite', () => {
  it('takes a name, a redirect, a message and "no email", and sends exactly that invitation', async () => {
    const { jobId, input, card, replyId } = await plannedInput('invite ana.souza@fabrikam.com name Ana Souza redirect https://contoso.sharepoint.com message "Welcome to the Mark 8 project" no email');
    // The invite template's header names, as a results file of an uploaded invite CSV would have them.
    expect(input).toEqual({
      'Email address to invite [inviteeEmail] Required': 'ana.souza@fabrikam.com',
      'Redirection url [inviteRedirectURL] Required': 'https://contoso.sharepoint.com',
      'Send invitation message (true or false) [sendEmail]': 'false',
      'Customized invitation message [customizedMessageBody]': 'Welcome to the Mark 8 project',
      'Name of invitee [inviteeName]': 'Ana Souza',
    });
    await bot.invoke(lidia, 'confirm-job', actionData(card, 'confirm-job'), replyId);
    expect((await bot.waitForJob(jobId)).counters.succeeded).toBe(1);
    const token = await sandbox.issueToken(admin.id);
    const found = await fetch(`${sandbox.graphBaseUrl}/users?$filter=${encodeURIComponent("mail eq 'ana.souza@fabrikam.com'")}&$select=displayName,userType`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await found.json()) as { value: unknown[] }).value).toEqual([expect.objectContaining({ displayName: 'Ana Souza', userType: 'Guest' })]);
  });

  it('defaults to My Apps as the redirect and sends the invitation email', async () => {
    const { input } = await plannedInput('invite rob.young@fabrikam.com');
    expect(input).toEqual({
      'Email address to invite [inviteeEmail] Required': 'rob.young@fabrikam.com',
      'Redirection url [inviteRedirectURL] Required': 'https://myapplications.microsoft.com',
      'Send invitation message (true or false) [sendEmail]': 'true',
    });
  });

  it('asks for the address when there is none and no file', async () => {
    const [reply] = await bot.say(lidia, 'invite');
    expect(reply?.text).toMatch(/CSV|invite <email>/);
    expect(await bot.store.listJobs({ initiatorId: lidia.id, limit: 50 })).toHaveLength(2);
  });
});

describe('download', () => {
  it('users: everyone, with the portal columns', async () => {
    const { reply, lines } = await exported('download users');
    expect(reply).toMatch(/^Exported \d+ users/);
    expect(lines[0]).toContain('userPrincipalName');
    expect(lines.some((l) => l.includes(CONTOSO_PEOPLE.alexWilber.userPrincipalName))).toBe(true);
    expect(lines.some((l) => l.includes('#EXT#'))).toBe(true);
  });

  it('guests only, and members only', async () => {
    const guests = await exported('download users guests');
    expect(guests.lines.length).toBeGreaterThan(1);
    expect(guests.lines.slice(1).every((l) => l.includes('Guest'))).toBe(true);
    const members = await exported('download members');
    expect(members.lines.length).toBeGreaterThan(1);
    expect(members.lines.slice(1).some((l) => l.includes('#EXT#'))).toBe(false);
  });

  it('users where a property has a value, summarised on a card with the filter and a link', async () => {
    const [reply] = await bot.say(alex, 'download users where city is Munich');
    const card = cardText(cardOf(reply));
    expect(card).toContain('Only where city is Munich');
    expect(card).toMatch(/"type":"Action.OpenUrl","title":"Open users.csv","url":"http:\/\/127.0.0.1:3978\/files\/export-/);
    const { lines } = await exported('download users where city is Munich');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.includes('Munich'))).toBe(true);
  });

  it("the README's example: download users where department is Sales finds the demo tenant's sales people", async () => {
    const { reply, lines } = await exported('download users where department is Sales');
    expect(reply).toMatch(/^Exported 3 users/);
    const [header = [], ...rows] = Papa.parse<string[]>(lines.join('\r\n'), { skipEmptyLines: true }).data;
    const column = (name: string): string[] => rows.map((row) => row[header.indexOf(name)] ?? '');
    const sales = [CONTOSO_PEOPLE.isaiahLanger, CONTOSO_PEOPLE.christieCline, CONTOSO_PEOPLE.benWalters];
    expect(column('userPrincipalName').sort()).toEqual(sales.map((person) => person.userPrincipalName).sort());
    expect(column('department')).toEqual(['Sales', 'Sales', 'Sales']);
    expect(column('jobTitle').sort()).toEqual(['Account Executive', 'Buyer', 'Sales Rep']);
  });

  it('says which properties it knows when the filter names another', async () => {
    const [reply] = await bot.say(alex, 'download users where shoe size is 42');
    expect(reply?.text).toContain('department');
    expect(reply?.text).not.toContain('/files/');
  });

  it('groups', async () => {
    const { reply, lines } = await exported('download groups');
    expect(reply).toMatch(/^Exported \d+ groups/);
    expect(lines.some((l) => l.includes('Sales and Marketing'))).toBe(true);
    expect(lines.some((l) => l.includes('Project Falcon'))).toBe(false);
  });

  it('members of a group named in the command', async () => {
    const [emptyish] = await bot.say(alex, 'download members of No Such Group Anywhere');
    expect(emptyish?.text).toContain('No Such Group Anywhere');
    const salesMembers = await exported('download members of Sales and Marketing');
    expect(salesMembers.reply).toMatch(/^Exported \d+ /);
    expect(salesMembers.lines.length).toBeGreaterThan(1);
    expect(salesMembers.lines[0]).toContain('userPrincipalName');
  });
});

describe('templates', () => {
  it.each([
    ['template restore', '[objectId]'],
    ['template invite', '[inviteeEmail]'],
    ['template create users', '[passwordProfile]'],
    ['template delete users', '[userPrincipalName]'],
    ['template members', '[memberObjectIdOrUpn]'],
  ])('%s gives the portal header', async (text, header) => {
    const [reply] = await bot.say(alex, text);
    expect(reply?.text).toContain(header);
  });

  it('lists the kinds when none is named, and says which exist for an unknown one', async () => {
    expect((await bot.say(alex, 'template'))[0]?.text).toContain('Which template?');
    expect((await bot.say(alex, 'template licences'))[0]?.text).toContain('Choose one of: restore, invite');
  });
});

describe('identity', () => {
  it('whoami names a role this bot does not use, plainly', async () => {
    const [reply] = await bot.say(lee, 'whoami');
    const text = cardText(cardOf(reply));
    expect(text).toContain('Lee Gu');
    expect(text).toContain('Helpdesk Administrator');
    expect(text).toContain('it does not restore or create users');
  });

  it('sign out explains that the local sandbox has nothing to sign out of', async () => {
    const [reply] = await bot.say(alex, 'sign out');
    expect(reply?.text).toContain('nothing to sign out of');
  });

  it('help in a group chat says file commands need the personal chat', async () => {
    const group = createHarness(sandbox, { conversationId: 'group-help', isGroup: true });
    const [reply] = await group.say(alex, 'help');
    expect(cardText(cardOf(reply))).toContain('personal chat');
  });

  it.each([
    ['restor Adele Vance', 'restore Adele Vance'],
    ['delete usrs', 'delete users'],
    ['downlaod groups', 'download groups'],
  ])('"%s" gets a did-you-mean for "%s" and runs nothing', async (typed, suggestion) => {
    const [reply] = await bot.say(alex, typed);
    expect(cardText(cardOf(reply))).toContain(suggestion);
    expect(actionData(cardOf(reply), 'confirm-job')).toBeUndefined();
  });
});
