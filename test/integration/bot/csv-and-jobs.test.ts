import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { actionData, cardOf, cardText, createHarness } from './bot-harness';
import type { Harness } from './bot-harness';

const alex = CONTOSO_PEOPLE.alexWilber;
const lidia = CONTOSO_PEOPLE.lidiaHolloway;

let sandbox: RunningSandbox;
let files: Server;
let filesUrl: string;
let bot: Harness;
const served = new Map<string, string>();

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
  files = createServer((req, res) => {
    const body = served.get(req.url ?? '');
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/csv' }).end(body);
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  bot = createHarness(sandbox, { deps: { maxUploadBytes: 4096, filesBaseUrl: 'http://127.0.0.1:3978' } });
});
afterAll(async () => {
  await new Promise<void>((resolve) => files.close(() => resolve()));
  await sandbox.stop();
});

function attachment(path: string, name: string, content: string) {
  served.set(path, content);
  return {
    attachments: [{ contentType: 'application/vnd.microsoft.teams.file.download.info', name, content: { downloadUrl: `${filesUrl}${path}`, fileType: name.split('.').pop() } }],
  };
}

const RESTORE_HEADER = 'version:v1.0\r\nObject ID [objectId] Required\r\nExample: 00aa00aa-bb11-cc22-dd33-44ee44ee44ee\r\n';

describe('CSV attachments', () => {
  it('lists the invalid rows with their line numbers and creates no job', async () => {
    const [reply] = await bot.say(alex, 'restore', attachment('/bad.csv', 'restore.csv', `${RESTORE_HEADER}not-a-guid\r\n`));
    const text = cardText(cardOf(reply));
    expect(text).toContain('restore.csv');
    expect(text).toMatch(/line 4/i);
    expect(await bot.store.listJobs({ initiatorId: alex.id })).toHaveLength(0);
  });

  it('hands over the full problem list as a file when the card can show only the first problems', async () => {
    const badLines = Array.from({ length: 14 }, (_, i) => `not-a-guid-${i}`).join('\r\n');
    const [reply] = await bot.say(alex, 'restore', attachment('/many-bad.csv', 'restore.csv', `${RESTORE_HEADER}${badLines}\r\n`));
    const card = cardOf(reply);
    expect(cardText(card)).toMatch(/and 4 more problems in \*\*problems\.csv\*\*/);
    const open = JSON.stringify(card).match(/"url":"(http:\/\/127\.0\.0\.1:3978\/files\/(problems-[0-9a-f-]+)\/problems\.csv)"/);
    expect(open).not.toBeNull();
    const stored = await bot.store.getFile(open?.[2] ?? '', 'problems.csv');
    let csv = '';
    for await (const chunk of stored ?? []) csv += String(chunk);
    const lines = csv.replace(/^\uFEFF/, '').trim().split(/\r\n/);
    expect(lines[0]).toBe('Line,Column,Problem');
    expect(lines).toHaveLength(15);
    expect(lines[14]).toMatch(/^17,Object ID,"'not-a-guid-13' contains 'n', which can't be in an object ID/);
    expect(await bot.store.listJobs({ initiatorId: alex.id })).toHaveLength(0);
  });

  it('plans a valid restore file and asks for confirmation with counts per outcome', async () => {
    const csv = `${RESTORE_HEADER}${CONTOSO_PEOPLE.emilyBraunDeleted.id}\r\n${CONTOSO_PEOPLE.christieClineOldDeleted.id}\r\n${CONTOSO_PEOPLE.kimAbercrombieGuestDeleted.id}\r\n`;
    const [reply] = await bot.say(alex, '', attachment('/good.csv', 'restore.csv', csv));
    const card = cardOf(reply);
    expect(actionData(card, 'confirm-job')?.jobId).toBeTruthy();
    expect(cardText(card)).toContain('Emily Braun');
    // Emily needs proxy reconciliation and Christie a new user name, which the file does not give: Graph would refuse both.
    expect(cardText(card)).toContain('2 rows that will fail are not run');
    expect(cardText(card)).toContain('Run 1 row');
    const [job] = await bot.store.listJobs({ initiatorId: alex.id });
    expect(job?.source).toMatchObject({ type: 'file', fileName: 'restore.csv' });
    expect(job?.counters.total).toBe(3);
  });

  it('refuses a file above the size limit', async () => {
    const [reply] = await bot.say(alex, 'restore', attachment('/big.csv', 'big.csv', `${RESTORE_HEADER}${'x'.repeat(5000)}\r\n`));
    expect(reply?.text).toContain('larger than');
  });

  it('refuses a file that is not a CSV', async () => {
    const [reply] = await bot.say(alex, 'restore', attachment('/x.xlsx', 'users.xlsx', 'PK'));
    expect(reply?.text).toContain('is not a CSV file');
  });

  it('explains in a group chat that files go to the personal chat', async () => {
    const group = createHarness(sandbox, { conversationId: 'group-1', isGroup: true });
    const [reply] = await group.say(alex, 'restore', attachment('/good2.csv', 'restore.csv', RESTORE_HEADER));
    expect(cardText(cardOf(reply))).toContain('personal chat');
    expect(await group.store.listJobs({ initiatorId: alex.id, limit: 10 })).toEqual([]);
  });
});

describe('invite, jobs and retry', () => {
  it('invites a guest after confirmation, as a Guest Inviter', async () => {
    const [reply] = await bot.say(lidia, 'invite ana@fabrikam.com name Ana Souza');
    const card = cardOf(reply);
    const data = actionData(card, 'confirm-job');
    expect(data?.jobId).toBeTruthy();
    const { response } = await bot.invoke(lidia, 'confirm-job', data, reply?.id);
    expect(response.status).toBe(200);
    const job = await bot.waitForJob(String(data?.jobId));
    expect(job.counters.succeeded).toBe(1);

    // The invitation's redeem URL reaches the job store, the results file and the finished card.
    const [row] = (await bot.store.getRows(job.id, { limit: 1 })).rows;
    const redeemUrl = row?.result?.details?.inviteRedeemUrl ?? '';
    expect(redeemUrl).toMatch(/^https:\/\/login\.microsoftonline\.com\/redeem\?rd=/);
    const results = await bot.store.getFile(job.id, 'results.csv');
    let text = '';
    for await (const chunk of results ?? []) text += String(chunk);
    const [header, line] = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(header?.split(',').at(-1)).toBe('Redeem URL');
    expect(line?.split(',').at(-1)).toBe(redeemUrl);
    const finished = cardOf(bot.adapter.activeQueue.find((a) => a.id === reply?.id));
    expect(cardText(finished)).toContain('"text":"Redeem URL"');
    expect(cardText(finished)).toContain(JSON.stringify(redeemUrl).slice(1, -1));
  });

  it('cancels a job by its short id and refuses a card from another conversation', async () => {
    const [reply] = await bot.say(alex, 'restore Emily Braun');
    const data = actionData(cardOf(reply), 'confirm-job');
    const jobId = String(data?.jobId);
    const elsewhere = createHarness(sandbox, { conversationId: 'other-conv' });
    const stored = (await bot.store.getJob(jobId))?.job;
    expect(stored).toBeDefined();
    if (stored) await elsewhere.store.createJob(stored, []);
    const copied = await elsewhere.invoke(alex, 'confirm-job', data);
    expect(cardText(copied.response.body?.value)).toContain('another conversation');

    const label = jobId.replace(/-/g, '').slice(0, 6).toUpperCase();
    const [cancelled] = await bot.say(alex, `cancel ${label}`);
    expect(cancelled?.text).toContain('is cancelled');
    expect((await bot.store.getJob(jobId))?.job.state).toBe('cancelled');
    const late = await bot.invoke(alex, 'confirm-job', data, reply?.id);
    expect(cardText(late.response.body?.value)).not.toContain('confirm-job');
    expect((await bot.store.getJob(jobId))?.job.state).toBe('cancelled');
  });

  it('offers to retry the failed rows of a finished job', async () => {
    // Kim's restore is refused by an injected Graph error, and the unknown id is not in the recycle bin: both fail.
    const csv = `${RESTORE_HEADER}${CONTOSO_PEOPLE.kimAbercrombieGuestDeleted.id}\r\nc0a70500-0000-4000-8000-0000000fffff\r\n`;
    const [reply] = await bot.say(alex, 'restore', attachment('/retry.csv', 'retry.csv', csv));
    const data = actionData(cardOf(reply), 'confirm-job');
    const faults = (method: string, body?: unknown) =>
      fetch(`${sandbox.url}/_sandbox/faults`, { method, headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    await faults('POST', { errorRate: 1, errorStatus: 400, paths: '/restore$' });
    let job: Awaited<ReturnType<typeof bot.waitForJob>>;
    try {
      await bot.invoke(alex, 'confirm-job', data, reply?.id);
      job = await bot.waitForJob(String(data?.jobId));
    } finally {
      await faults('DELETE');
    }
    expect(job.counters.failed).toBe(2);
    const result = cardOf(bot.adapter.activeQueue.find((a) => a.id === reply?.id));
    const retry = actionData(result, 'retry-failed');
    expect(retry?.jobId).toBe(job.id);
    const { replies, response } = await bot.invoke(alex, 'retry-failed', retry, reply?.id);
    expect(response.status).toBe(200);
    const retryJobId = actionData(cardOf(replies[0]), 'confirm-job')?.jobId;
    expect(retryJobId).toBeTruthy();
    expect((await bot.store.getJob(String(retryJobId)))?.job).toMatchObject({ retryOf: job.id, state: 'awaiting-approval' });
  });

  it('asks which job when status has none, and says when a job is unknown', async () => {
    const [which] = await bot.say(alex, 'status');
    expect(which?.text).toContain('Which job?');
    const [unknown] = await bot.say(alex, 'status ZZZZZZ');
    expect(unknown?.text).toContain('I found no job "ZZZZZZ"');
  });
});

describe('exports', () => {
  it('exports users matching a filter to a CSV file and links it', async () => {
    const [reply] = await bot.say(alex, 'download users where department is Retail');
    const link = /\((http:\/\/127\.0\.0\.1:3978\/files\/(export-[0-9a-f-]+)\/users\.csv)\)/.exec(reply?.text ?? '');
    expect(link).not.toBeNull();
    const file = await bot.store.getFile(link?.[2] ?? '', 'users.csv');
    let text = '';
    for await (const chunk of file ?? []) text += String(chunk);
    const lines = text.replace(/^\uFEFF/, '').trim().split(/\r\n/);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[0]).toContain('userPrincipalName');
    expect(lines.slice(1).every((line) => line.includes('Retail'))).toBe(true);
  });
});
