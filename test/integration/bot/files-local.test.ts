import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { actionData, cardOf, cardText, createHarness } from './bot-harness';

const alex = CONTOSO_PEOPLE.alexWilber;
const admin = CONTOSO_PEOPLE.modAdministrator;

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
});
afterAll(async () => {
  await sandbox.stop();
});

describe('results in local mode (links, since the Playground has no file consent)', () => {
  it('links the results file on the finished card, and sends the link again from the status card', async () => {
    const bot = createHarness(sandbox, { deps: { filesBaseUrl: 'http://127.0.0.1:3978' } });
    const [reply] = await bot.say(alex, 'restore Adele Vance');
    const data = actionData(cardOf(reply), 'confirm-job');
    await bot.invoke(alex, 'confirm-job', data, reply?.id);
    const job = await bot.waitForJob(String(data?.jobId));
    const finished = cardText(cardOf(bot.adapter.activeQueue.find((a) => a.id === reply?.id)));
    expect(finished).toContain(`http://127.0.0.1:3978/files/${job.id}/results.csv`);
    expect(finished).not.toContain('send-results');
    expect(finished).toContain('"text":"Restore Adele Vance"');

    const label = job.id.replace(/-/g, '').slice(0, 6).toUpperCase();
    const [status] = await bot.say(alex, `status ${label}`);
    const send = actionData(cardOf(status), 'send-results');
    expect(send?.jobId).toBe(job.id);
    const { replies, response } = await bot.invoke(alex, 'send-results', send, status?.id);
    expect(response.status).toBe(200);
    expect(replies.map((r) => r.text).join('\n')).toContain(`(http://127.0.0.1:3978/files/${job.id}/results.csv)`);
    expect(replies.some((r) => r.attachments?.some((a) => a.contentType === 'application/vnd.microsoft.teams.card.file.consent'))).toBe(false);

    const other = await bot.invoke(admin, 'send-results', send, status?.id);
    expect(cardText(other.response.body?.value)).toContain('Alex Wilber');
    expect(other.replies.map((r) => r.text ?? '').join('\n')).not.toContain('/files/');
  });

  it('says where the file is kept when the bot has no public URL for links', async () => {
    const bot = createHarness(sandbox);
    const [reply] = await bot.say(alex, 'download groups');
    expect(reply?.text).toMatch(/^Exported \d+ groups: The file is stored as export-[0-9a-f-]+\/groups\.csv/);
  });
});
