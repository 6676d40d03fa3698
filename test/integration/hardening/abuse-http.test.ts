import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeBot } from '../../../src/compose-bot';
import type { Bot } from '../../../src/bot/create-bot';
import { loadConfig } from '../../../src/config';
import { MemoryJobStore } from '../../../src/jobs/memory-job-store';
import { CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { startServer } from '../../../src/server';
import type { RunningServer } from '../../../src/server';
import { silent } from '../bot/bot-harness';

const alex = CONTOSO_PEOPLE.alexWilber;

let sandbox: RunningSandbox;
let connector: Server;
let connectorUrl: string;
let server: RunningServer;
let bot: Bot;
const store = new MemoryJobStore();
const sent: { text?: string; raw: string }[] = [];

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
  connector = createServer((req, res) => {
    void readBody(req).then((raw) => {
      sent.push({ raw, ...(raw ? { text: (JSON.parse(raw) as { text?: string }).text } : {}) });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `activity-${sent.length}` }));
    });
  });
  await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', resolve));
  connectorUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`;
  const loaded = loadConfig({ HOST: '127.0.0.1' });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const config = { ...loaded.config, port: 0, graphBaseUrl: sandbox.graphBaseUrl };
  bot = composeBot(config, silent, { store, graphBaseUrl: sandbox.graphBaseUrl });
  server = await startServer(config, bot, silent);
});

afterAll(async () => {
  await bot.close();
  await server.close();
  await new Promise<void>((resolve) => connector.close(() => resolve()));
  await sandbox.stop();
});

function message(text: string) {
  return {
    type: 'message',
    id: `msg-${sent.length}-${text.length}`,
    channelId: 'msteams',
    serviceUrl: connectorUrl,
    from: { id: `29:${alex.id}`, aadObjectId: alex.id, name: 'Alex Wilber' },
    recipient: { id: '28:bot', name: 'Entra Bulk Admin' },
    conversation: { id: 'a:personal-abuse-http', conversationType: 'personal', tenantId: sandbox.tenantId },
    text,
  };
}

async function post(body: string): Promise<number> {
  const response = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await response.text();
  return response.status;
}

describe('oversized messages over HTTP', () => {
  it('answers a 100 KB message with one short refusal, and keeps serving', async () => {
    const before = sent.length;
    expect(await post(JSON.stringify(message(`restore ${'Adele Vance '.repeat(9000)}`)))).toBe(200);
    const replies = sent.slice(before);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toContain('I read commands of up to 1000');
    expect(replies[0]?.raw.length).toBeLessThan(2000);
    expect(await store.listJobs({})).toEqual([]);

    const after = sent.length;
    expect(await post(JSON.stringify(message('help')))).toBe(200);
    expect(sent.slice(after).map((r) => r.raw).join('')).toContain('restore');
  });

  it('refuses a body above the 1 MB limit before reading it as an activity, and keeps serving', async () => {
    const before = sent.length;
    const status = await post(JSON.stringify(message('x'.repeat(2 * 1024 * 1024))));
    expect(status).toBe(413);
    expect(sent.slice(before)).toEqual([]);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('refuses a body that is not JSON without a crash', async () => {
    const status = await post('{"type":"message", "text": ');
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
