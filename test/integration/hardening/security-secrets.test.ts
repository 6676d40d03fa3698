import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { TableServiceClient, TableClient } from '@azure/data-tables';
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeBot } from '../../../src/compose-bot';
import type { Bot } from '../../../src/bot/create-bot';
import { loadConfig } from '../../../src/config';
import { SandboxTokenProvider } from '../../../src/graph/sandbox-token-provider';
import type { TokenProvider } from '../../../src/graph/token-provider';
import { createJobStore } from '../../../src/jobs/create-job-store';
import { isTerminal } from '../../../src/jobs/job-state-machine';
import type { JobStore } from '../../../src/jobs/job-store';
import { iterateRows } from '../../../src/jobs/job-store';
import { AZURITE_KEY, startAzurite } from '../../../tools/local-stack/azurite';
import type { RunningAzurite } from '../../../tools/local-stack/azurite';
import { createLogger } from '../../../src/logging/logger';
import { CONTOSO_DOMAIN, CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { startServer } from '../../../src/server';
import type { RunningServer } from '../../../src/server';
import { actionData } from '../bot/bot-harness';

interface Recorded {
  method: string;
  path: string;
  raw: string;
  body: { id?: string; text?: string; attachments?: { content?: unknown }[] };
  answeredId: string;
}

const alex = CONTOSO_PEOPLE.alexWilber;
const BOT_PASSWORD = 'bot-client-secret-Zq8~never-shown';
const PASSWORDS = ['Xy7!kettle-LANTERN-41', 'Qp3#orchard-VIOLET-77', 'Mn5$harbor-SILVER-09', 'Rt2%meadow-COPPER-63'];
// Fails validation (two kinds of character), so it appears only in the rejected file's summary, masked.
const REJECTED_PASSWORD = 'onlylowercase-and-dashes-zzq';

let azurite: RunningAzurite;
let sandbox: RunningSandbox;
let connector: Server;
let connectorUrl: string;
let files: Server;
let filesUrl: string;
let server: RunningServer;
let bot: Bot;
let store: JobStore;
const logLines: string[] = [];
// Libraries (botbuilder, the storage SDKs) write to the console directly, past the scrubbing logger: scanned too.
const consoleLines: string[] = [];
const consoleMethods = ['log', 'info', 'warn', 'error', 'debug'] as const;
const originalConsole = consoleMethods.map((name) => [name, console[name]] as const);
const recorded: Recorded[] = [];
const invokeBodies: string[] = [];
const issuedTokens = new Set<string>();
const served = new Map<string, string>();
let nextActivity = 1;

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

function recordingTokenProvider(user: string): TokenProvider {
  const inner = new SandboxTokenProvider({ sandboxOrigin: sandbox.url, user });
  return {
    async getToken() {
      const result = await inner.getToken();
      if (result.ok) issuedTokens.add(result.token);
      return result;
    },
    invalidate: () => inner.invalidate(),
  };
}

function consoleText(arg: unknown): string {
  if (arg instanceof Error) return `${arg.message}\n${arg.stack ?? ''}`;
  if (typeof arg === 'string') return arg;
  try {
    return JSON.stringify(arg) ?? String(arg);
  } catch {
    return String(arg);
  }
}

beforeAll(async () => {
  for (const [name, original] of originalConsole) {
    console[name] = (...args: unknown[]) => {
      consoleLines.push(args.map(consoleText).join(' '));
      original(...args);
    };
  }
  azurite = await startAzurite();
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
  connector = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const body = raw ? (JSON.parse(raw) as Recorded['body']) : {};
      const answeredId = req.method === 'PUT' ? (body.id ?? 'updated') : `activity-${nextActivity++}`;
      recorded.push({ method: req.method ?? '', path: req.url ?? '', raw, body, answeredId });
      // restify patches ServerResponse so that writeHead no longer returns the response: no chaining.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: answeredId }));
    });
  });
  await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', resolve));
  connectorUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`;
  files = createServer((req, res) => {
    const body = served.get(req.url ?? '');
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/csv' });
    res.end(body ?? '');
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;

  const loaded = loadConfig({
    HOST: '127.0.0.1',
    LOG_LEVEL: 'debug',
    BOT_PASSWORD,
    STORAGE: 'azure',
    AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
  });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const config = { ...loaded.config, port: 0, graphBaseUrl: sandbox.graphBaseUrl };
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    }),
  });
  logger.debug({ config, connectionString: azurite.connectionString }, 'configuration as the bot sees it');
  store = await createJobStore({ kind: 'connection-string', connectionString: azurite.connectionString });
  bot = composeBot(config, logger, {
    store,
    graphBaseUrl: sandbox.graphBaseUrl,
    filesBaseUrl: 'http://127.0.0.1:3978',
    tokenProviderFor: (user) => recordingTokenProvider(user.aadObjectId),
  });
  server = await startServer(config, bot, logger);
}, 60_000);

afterAll(async () => {
  for (const [name, original] of originalConsole) console[name] = original;
  await bot.close();
  await server.close();
  await new Promise<void>((resolve) => connector.close(() => resolve()));
  await new Promise<void>((resolve) => files.close(() => resolve()));
  await sandbox.stop();
  await azurite.stop();
});

const conversation = { id: 'a:personal-alex-secrets', conversationType: 'personal', tenantId: 'contoso-tenant' };

function activity(extra: Record<string, unknown>) {
  return {
    channelId: 'msteams',
    serviceUrl: connectorUrl,
    from: { id: `29:${alex.id}`, aadObjectId: alex.id, name: 'Alex Wilber' },
    recipient: { id: '28:bot', name: 'Entra Bulk Admin' },
    conversation,
    ...extra,
  };
}

async function post(body: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  invokeBodies.push(text);
  return { status: response.status, text };
}

let messageId = 1;

/** Sends a message, then confirms the card it produced (if any) and waits for the job to finish. */
async function runCommand(text: string, attachments?: unknown[]): Promise<string | undefined> {
  const before = recorded.length;
  const sent = await post(activity({ type: 'message', id: `msg-${messageId++}`, text, ...(attachments ? { attachments } : {}) }));
  expect(sent.status).toBe(200);
  const confirm = recorded.slice(before).find((r) => actionData(r.body.attachments?.[0]?.content, 'confirm-job'));
  if (!confirm) return undefined;
  const data = actionData(confirm.body.attachments?.[0]?.content, 'confirm-job');
  const invoked = await post(
    activity({ type: 'invoke', name: 'adaptiveCard/action', id: `inv-${messageId++}`, replyToId: confirm.answeredId, value: { action: { type: 'Action.Execute', verb: 'confirm-job', data } } }),
  );
  expect(invoked.status).toBe(200);
  const jobId = String(data?.jobId);
  for (let i = 0; i < 600; i++) {
    const job = (await store.getJob(jobId))?.job;
    if (job && isTerminal(job.state)) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await bot.idle();
  return jobId;
}

function csvAttachment(path: string, name: string, content: string) {
  served.set(path, content);
  return [{ contentType: 'application/vnd.microsoft.teams.file.download.info', name, content: { downloadUrl: `${filesUrl}${path}`, fileType: 'csv' } }];
}

const CREATE_HEADER =
  'version:v1.0\r\nName [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,' +
  'Block sign in (Yes/No) [accountEnabled] Required,Department [department],Mobile phone [mobile]\r\n';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

async function streamText(stream: AsyncIterable<unknown> | undefined): Promise<string> {
  let text = '';
  for await (const chunk of stream ?? []) text += Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
  return text;
}

/** Everything stored in the account, read with the storage SDKs rather than the job store. */
async function storageContents(): Promise<{ entities: string; blobs: Map<string, string>; queues: string }> {
  const tables = TableServiceClient.fromConnectionString(azurite.connectionString, { allowInsecureConnection: true });
  let entities = '';
  for await (const table of tables.listTables()) {
    const client = TableClient.fromConnectionString(azurite.connectionString, table.name ?? '', { allowInsecureConnection: true });
    for await (const entity of client.listEntities()) entities += `${JSON.stringify(entity)}\n`;
  }
  const blobService = BlobServiceClient.fromConnectionString(azurite.connectionString);
  const blobs = new Map<string, string>();
  for await (const container of blobService.listContainers()) {
    const client = blobService.getContainerClient(container.name);
    for await (const blob of client.listBlobsFlat()) {
      const buffer = await client.getBlobClient(blob.name).downloadToBuffer();
      blobs.set(`${container.name}/${blob.name}`, buffer.toString('utf8'));
    }
  }
  const queueService = QueueServiceClient.fromConnectionString(azurite.connectionString);
  let queues = '';
  for await (const queue of queueService.listQueues()) {
    const peeked = await queueService.getQueueClient(queue.name).peekMessages({ numberOfMessages: 32 });
    queues += `${JSON.stringify(peeked.peekedMessageItems)}\n`;
  }
  return { entities, blobs, queues };
}

const FORMULA_START = /^[=+\-@\t\r]/;

describe('secrets never leave the bot, and every CSV it writes is formula-safe', () => {
  it('runs create users (with passwords), invite, restore and export over HTTP on Azurite, then finds no secret anywhere', async () => {
    const upn = (name: string) => `${name}@${CONTOSO_DOMAIN}`;
    const createCsv =
      CREATE_HEADER +
      `Sec Test One,${upn('sec.one')},${PASSWORDS[0]},No,=HYPERLINK("http://evil.example"),+1 425 555 0100\r\n` +
      `Sec Test Two,${upn('sec.two')},${PASSWORDS[1]},Yes,@SUM(A1),-2\r\n` +
      `Alex Again,${alex.userPrincipalName},${PASSWORDS[2]},No,Retail,\r\n` +
      // Graph refuses this one (the domain is not the tenant's), so its password sits in a request that failed.
      `Sec Elsewhere,sec.elsewhere@not-our-domain.example,${PASSWORDS[3]},No,,\r\n`;
    const createJob = await runCommand('create users', csvAttachment('/create.csv', 'create.csv', createCsv));
    expect(createJob).toBeDefined();
    const created = (await store.getJob(String(createJob)))?.job;
    expect(created?.counters).toMatchObject({ total: 4, succeeded: 2 });
    const failed = await store.getRows(String(createJob), { states: ['failed'], limit: 10 });
    expect(failed.rows.map((r) => r.result?.reason ?? '').join(' ')).toMatch(/domain/i);

    const rejected = await runCommand('create users', csvAttachment('/rejected.csv', 'rejected.csv', `${CREATE_HEADER}Bad Pw,${upn('bad.pw')},${REJECTED_PASSWORD},No,,\r\n`));
    expect(rejected).toBeUndefined();
    expect(recorded.some((r) => r.raw.includes('rejected.csv') && /line 3/i.test(r.raw))).toBe(true);
    const restoreJob = await runCommand('restore Adele Vance');
    expect((await store.getJob(String(restoreJob)))?.job.counters.succeeded).toBe(1);
    const inviteJob = await runCommand('invite guest.sec@fabrikam.com name Guest Sec');
    expect((await store.getJob(String(inviteJob)))?.job.counters.succeeded).toBe(1);
    await runCommand('download users');

    // The passwords really went to Graph: the new users can be read back, so the scan below is not vacuous.
    const token = await sandbox.issueToken(alex.id);
    const one = await fetch(`${sandbox.graphBaseUrl}/users/${upn('sec.one')}`, { headers: { authorization: `Bearer ${token}` } });
    expect(one.status).toBe(200);
    expect(issuedTokens.size).toBeGreaterThan(0);

    const outputs = new Map<string, string>();
    outputs.set('logs', logLines.join(''));
    outputs.set('console', consoleLines.join('\n'));
    outputs.set('activities sent to Teams', recorded.map((r) => `${r.method} ${r.path} ${r.raw}`).join('\n'));
    outputs.set('invoke responses', invokeBodies.join('\n'));
    const jobs = await store.listJobs({});
    expect(jobs.length).toBe(3);
    let jobStore = '';
    for (const job of jobs) {
      jobStore += JSON.stringify(job);
      for await (const row of iterateRows(store, job.id)) jobStore += JSON.stringify(row);
      jobStore += await streamText(await store.getFile(job.id, 'results.csv'));
      const overHttp = await fetch(`${server.url}/files/${job.id}/results.csv`);
      jobStore += await overHttp.text();
    }
    outputs.set('job store (API and /files)', jobStore);
    const storage = await storageContents();
    outputs.set('table entities', storage.entities);
    outputs.set('queues', storage.queues);
    for (const [name, text] of storage.blobs) outputs.set(`blob ${name}`, text);
    for (const path of filesUnder(azurite.location)) outputs.set(`azurite file ${path}`, readFileSync(path).toString('latin1'));

    const secrets: [string, string][] = [
      ...PASSWORDS.map((p, i): [string, string] => [`password ${i + 1}`, p]),
      ['rejected password', REJECTED_PASSWORD],
      ['storage connection string', azurite.connectionString],
      ['storage account key', AZURITE_KEY],
      ['BOT_PASSWORD', BOT_PASSWORD],
      ...[...issuedTokens].map((t, i): [string, string] => [`bearer token ${i + 1}`, t]),
    ];
    const leaks: string[] = [];
    for (const [where, text] of outputs) {
      for (const [what, secret] of secrets) if (text.includes(secret)) leaks.push(`${what} in ${where}`);
    }
    expect(leaks).toEqual([]);
    // The scan did read real content: rows, cards and logs are there.
    expect(outputs.get('table entities')).toContain('sec.one');
    expect(outputs.get('activities sent to Teams')).toContain('Adele Vance');
    expect(outputs.get('logs')).toContain('configuration as the bot sees it');

    const csvBlobs = [...storage.blobs].filter(([name]) => name.endsWith('.csv'));
    expect(csvBlobs.map(([name]) => name).some((name) => name.endsWith('results.csv'))).toBe(true);
    expect(csvBlobs.map(([name]) => name).some((name) => name.endsWith('users.csv'))).toBe(true);
    const unsafe: string[] = [];
    let escaped = 0;
    for (const [name, text] of csvBlobs) {
      const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
      for (const row of parsed.data) {
        for (const cell of row) {
          if (FORMULA_START.test(cell)) unsafe.push(`${name}: ${cell}`);
          if (/^'[=+\-@]/.test(cell)) escaped++;
        }
      }
    }
    expect(unsafe).toEqual([]);
    expect(escaped).toBeGreaterThan(0);
    // The formula typed into the create file came back through Graph and out in the export, defused.
    const exported = csvBlobs.filter(([name]) => name.endsWith('users.csv')).map(([, text]) => text).join('');
    expect(exported).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
  }, 120_000);
});
