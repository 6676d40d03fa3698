import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newJob } from '../../../src/jobs/job-model';
import { CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { actionData, cardOf, cardText, createHarness } from '../bot/bot-harness';
import type { Harness } from '../bot/bot-harness';

const alex = CONTOSO_PEOPLE.alexWilber;
const lidia = CONTOSO_PEOPLE.lidiaHolloway;
const admin = CONTOSO_PEOPLE.modAdministrator;

let sandbox: RunningSandbox;
let files: Server;
let filesUrl: string;
const served = new Map<string, string>();

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
  files = createServer((req, res) => {
    const body = served.get(req.url ?? '');
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/csv' });
    res.end(body ?? '');
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => files.close(() => resolve()));
  await sandbox.stop();
});

/** Every text an Adaptive Card renders as markdown: TextBlock text, fact titles and values. */
function renderedTexts(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const item of node) renderedTexts(item, out);
  } else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (record.type === 'TextBlock' && typeof record.text === 'string') out.push(record.text);
    if (typeof record.title === 'string' && typeof record.value === 'string' && record.type === undefined) out.push(record.title, record.value);
    for (const value of Object.values(record)) renderedTexts(value, out);
  }
  return out;
}

/** TextRun text, which a renderer shows exactly as written (no markdown): where supplied text belongs. */
function plainTexts(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const item of node) plainTexts(item, out);
  } else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (record.type === 'TextRun' && typeof record.text === 'string') out.push(record.text);
    for (const value of Object.values(record)) plainTexts(value, out);
  }
  return out;
}

/** The hostile fragments as a renderer would act on them: present without the backslash escapes. */
const LIVE_MARKUP: readonly RegExp[] = [/(^|[^\\])<\/?(b|at)>/, /(^|[^\\])\[click(\\)?\]/, /(^|[^\\])\*\*urgent/, /(^|[^\\])_x(\\)?_/];

function liveMarkup(text: string): string[] {
  return LIVE_MARKUP.filter((pattern) => pattern.test(text)).map((pattern) => `${pattern.source} in ${JSON.stringify(text)}`);
}

const HOSTILE_NAME = '<b>Boss</b> [click](javascript:alert(1)) **urgent** <at>Alex Wilber</at> _x_';

describe('markup in names and messages is shown as text', () => {
  it('escapes a hostile guest name on the confirm card and on the result card', async () => {
    const bot = createHarness(sandbox);
    const [reply] = await bot.say(lidia, `invite eve@fabrikam.com name ${HOSTILE_NAME}`);
    const card = cardOf(reply);
    // Exactly as typed (Teams' <at> mention markup is removed from the command before the name is read).
    expect(plainTexts(card).join('\n')).toContain('<b>Boss</b> [click](javascript:alert(1)) **urgent** _x_');
    expect(renderedTexts(card).flatMap(liveMarkup)).toEqual([]);
    const data = actionData(card, 'confirm-job');
    await bot.invoke(lidia, 'confirm-job', data, reply?.id);
    await bot.waitForJob(String(data?.jobId));
    const result = cardOf(bot.adapter.activeQueue.find((a) => a.id === reply?.id));
    expect(renderedTexts(result).flatMap(liveMarkup)).toEqual([]);
  });

  it('escapes a hostile file name and cell on the validation card', async () => {
    const bot = createHarness(sandbox);
    served.set('/hostile.csv', `version:v1.0\r\nObject ID [objectId] Required\r\n${HOSTILE_NAME}\r\n`);
    const name = '<b>Boss</b> [click](javascript:alert(1)) **urgent** _x_.csv';
    const [reply] = await bot.say(alex, 'restore', {
      attachments: [{ contentType: 'application/vnd.microsoft.teams.file.download.info', name, content: { downloadUrl: `${filesUrl}/hostile.csv`, fileType: 'csv' } }],
    });
    const card = cardOf(reply);
    expect(cardText(card)).toContain('Boss');
    expect(renderedTexts(card).flatMap(liveMarkup)).toEqual([]);
    expect(await bot.store.listJobs({ initiatorId: alex.id })).toHaveLength(0);
  });

  it('escapes hostile text echoed on the unknown-command card', async () => {
    const bot = createHarness(sandbox);
    const [reply] = await bot.say(alex, `restor ${HOSTILE_NAME}`);
    const card = cardOf(reply);
    expect(card).toBeDefined();
    expect(renderedTexts(card).flatMap(liveMarkup)).toEqual([]);
  });
});

describe('very long messages', () => {
  it('refuses a 100 KB message with a short answer that does not echo it', async () => {
    const bot = createHarness(sandbox);
    const huge = `restore ${'A'.repeat(100 * 1024)}`;
    const replies = await bot.say(alex, huge);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toContain('I read commands of up to 1000');
    expect(JSON.stringify(replies).length).toBeLessThan(2000);
    expect(await bot.store.listJobs({ initiatorId: alex.id })).toHaveLength(0);
    const [after] = await bot.say(alex, 'help');
    expect(after?.text).toContain('restore');
  });
});

describe("other people's jobs and guessed ids", () => {
  async function alexJob(bot: Harness): Promise<{ jobId: string; data: Record<string, unknown>; label: string }> {
    const [reply] = await bot.say(alex, `restore ${CONTOSO_PEOPLE.emilyBraunDeleted.displayName}`);
    const data = actionData(cardOf(reply), 'confirm-job') ?? {};
    const jobId = String(data.jobId);
    return { jobId, data, label: jobId.replace(/-/g, '').slice(0, 6).toUpperCase() };
  }

  it('answers a guessed id from another conversation with "not found", by command and by card, naming nobody', async () => {
    const bot = createHarness(sandbox, { conversationId: 'alex-personal' });
    const { jobId, data, label } = await alexJob(bot);
    const elsewhere = { conversation: { id: 'admin-personal', isGroup: false, conversationType: 'personal', tenantId: sandbox.tenantId, name: 'chat' } };
    for (const command of [`status ${jobId}`, `cancel ${label}`, `retry ${jobId}`]) {
      const [reply] = await bot.say(admin, command, elsewhere);
      expect(reply?.text).toContain('I found no job');
      expect(reply?.text).not.toContain('Alex');
    }
    const other = createHarness(sandbox, { conversationId: 'admin-personal' });
    const stored = (await bot.store.getJob(jobId))?.job;
    if (stored) await other.store.createJob(stored, []);
    for (const verb of ['confirm-job', 'cancel-job', 'refresh-job', 'retry-failed']) {
      const { response } = await other.invoke(admin, verb, data);
      const text = cardText(response.body?.value ?? response.body);
      expect(text).toContain('no longer exists');
      expect(text).not.toContain('Alex');
      expect(text).not.toContain('Emily');
    }
    expect((await bot.store.getJob(jobId))?.job.state).toBe('awaiting-approval');
    expect((await other.store.getJob(jobId))?.job.state).toBe('awaiting-approval');
  });

  it('answers an id from another tenant with "not found", even for the same person and conversation', async () => {
    const bot = createHarness(sandbox, { conversationId: 'alex-personal-2' });
    const foreign = newJob({
      kind: 'restore',
      tenantId: 'another-tenant',
      initiator: { objectId: alex.id, name: 'Alex Wilber' },
      source: { type: 'command', text: 'restore x' },
      inputColumns: [],
      conversationId: 'alex-personal-2',
      options: { cardToken: 'foreign-token' },
      state: 'awaiting-approval',
      now: new Date(),
    });
    expect((await bot.store.createJob(foreign, [])).ok).toBe(true);
    const [status] = await bot.say(alex, `status ${foreign.id}`);
    expect(status?.text).toContain('I found no job');
    const { response } = await bot.invoke(alex, 'confirm-job', { jobId: foreign.id, cardToken: 'foreign-token' });
    expect(cardText(response.body?.value)).toContain('no longer exists');
    expect((await bot.store.getJob(foreign.id))?.job.state).toBe('awaiting-approval');
  });

  it("says plainly who can act on someone else's job in the same conversation, and changes nothing", async () => {
    const bot = createHarness(sandbox, { conversationId: 'group-abuse', isGroup: true });
    await bot.say(alex, `restore ${CONTOSO_PEOPLE.emilyBraunDeleted.displayName}`);
    const [job] = await bot.store.listJobs({ initiatorId: alex.id });
    const jobId = String(job?.id);
    const label = jobId.replace(/-/g, '').slice(0, 6).toUpperCase();
    const [status] = await bot.say(admin, `status ${label}`);
    expect(status?.text).toContain('was started by Alex Wilber: only they can see its details');
    const [cancel] = await bot.say(admin, `cancel ${label}`);
    expect(cancel?.text).toContain('only they can cancel it');
    expect((await bot.store.getJob(jobId))?.job.state).toBe('awaiting-approval');
  });

  it('goes by the Entra object id, not the display name: a namesake cannot confirm', async () => {
    const bot = createHarness(sandbox, { conversationId: 'group-namesake', isGroup: true });
    const [reply] = await bot.say(alex, `restore ${CONTOSO_PEOPLE.emilyBraunDeleted.displayName}`);
    const card = cardOf(reply) as { refresh?: { action?: { data?: Record<string, unknown> } } } | undefined;
    const mine = await bot.invoke(alex, 'refresh-job', card?.refresh?.action?.data, reply?.id);
    const confirm = actionData(mine.response.body?.value, 'confirm-job');
    const namesake = { id: admin.id, displayName: 'Alex Wilber' };
    const { response } = await bot.invoke(namesake, 'confirm-job', confirm, reply?.id);
    expect(cardText(response.body?.value)).toContain('Only Alex Wilber can');
    expect(actionData(response.body?.value, 'confirm-job')).toBeUndefined();
    expect((await bot.store.getJob(String(confirm?.jobId)))?.job.state).toBe('awaiting-approval');
  });
});
