import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeBot } from '../../../src/compose-bot';
import type { Bot } from '../../../src/bot/create-bot';
import { loadConfig } from '../../../src/config';
import { isTerminal } from '../../../src/jobs/job-state-machine';
import { MemoryJobStore } from '../../../src/jobs/memory-job-store';
import { CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { startServer } from '../../../src/server';
import type { RunningServer } from '../../../src/server';
import { actionData, cardText, silent } from './bot-harness';

interface Recorded {
  method: string;
  path: string;
  body: { id?: string; attachments?: { content?: unknown }[]; text?: string };
}

const alex = CONTOSO_PEOPLE.alexWilber;
const adele = CONTOSO_PEOPLE.adeleVanceDeleted;

let sandbox: RunningSandbox;
let connector: Server;
let connectorUrl: string;
let server: RunningServer;
let bot: Bot;
const store = new MemoryJobStore();
const recorded: Recorded[] = [];
let nextActivity = 1;
let throttledOnce = false;

async function readJson(req: IncomingMessage): Promise<Recorded['body']> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text ? (JSON.parse(text) as Recorded['body']) : {};
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
  connector = createServer((req, res) => {
    void readJson(req).then((body) => {
      recorded.push({ method: req.method ?? '', path: req.url ?? '', body });
      // Teams' per-conversation rate limit: the first card update is refused once and must be retried.
      if (req.method === 'PUT' && !throttledOnce) {
        throttledOnce = true;
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
        res.end(JSON.stringify({ error: { code: 'TooManyRequests', message: 'slow down' } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: req.method === 'PUT' ? (body.id ?? 'updated') : `activity-${nextActivity++}` }));
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

const conversation = { id: 'a:personal-alex', conversationType: 'personal', tenantId: 'contoso-tenant' };

function activity(extra: Record<string, unknown>) {
  return {
    channelId: 'msteams',
    serviceUrl: connectorUrl,
    from: { id: '29:alex', aadObjectId: alex.id, name: 'Alex Wilber' },
    recipient: { id: '28:bot', name: 'Entra Bulk Admin' },
    conversation,
    ...extra,
  };
}

async function post(body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

describe('restore over HTTP with a loopback Bot Framework connector', () => {
  it('posts the confirm card, answers the confirm invoke with progress, and updates the same card to the result', async () => {
    const sent = await post(activity({ type: 'message', id: 'msg-1', text: 'restore Adele Vance' }));
    expect(sent.status).toBe(200);
    const confirmPost = recorded.find((r) => r.method === 'POST' && r.path.includes('/v3/conversations/') && r.body.attachments?.length);
    expect(confirmPost).toBeDefined();
    const confirmCard = confirmPost?.body.attachments?.[0]?.content;
    expect(cardText(confirmCard)).toContain('Adele Vance');
    const data = actionData(confirmCard, 'confirm-job');
    expect(data?.jobId).toBeTruthy();
    const cardActivityId = 'activity-1';

    const invoked = await post(
      activity({ type: 'invoke', name: 'adaptiveCard/action', id: 'inv-1', replyToId: cardActivityId, value: { action: { type: 'Action.Execute', verb: 'confirm-job', data } } }),
    );
    expect(invoked.status).toBe(200);
    const invokeBody = invoked.body as { type?: string; value?: unknown };
    expect(invokeBody.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(invokeBody.value)).toContain('cancel-job');

    const jobId = String(data?.jobId);
    for (let i = 0; i < 400; i++) {
      const job = (await store.getJob(jobId))?.job;
      if (job && isTerminal(job.state)) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await bot.idle();
    expect((await store.getJob(jobId))?.job.state).toBe('completed');

    const updates = recorded.filter((r) => r.method === 'PUT' && r.path.endsWith(`/activities/${cardActivityId}`));
    expect(throttledOnce).toBe(true);
    expect(updates.length).toBeGreaterThan(1);
    const last = updates[updates.length - 1];
    const resultText = cardText(last?.body.attachments?.[0]?.content);
    expect(resultText).not.toContain('cancel-job');
    expect(resultText).toContain('"text":"Done"');
    expect(resultText).toContain('results.csv');

    const results = await fetch(`${server.url}/files/${jobId}/results.csv`);
    expect(results.status).toBe(200);
    expect(await results.text()).toContain(adele.id);
    expect((await fetch(`${server.url}/files/${jobId}/..%2Fsecret`)).status).toBe(404);

    const token = await sandbox.issueToken(alex.id);
    const user = await fetch(`${sandbox.graphBaseUrl}/users/${adele.id}?$select=id,displayName,accountEnabled`, { headers: { authorization: `Bearer ${token}` } });
    expect(user.status).toBe(200);
    expect(((await user.json()) as { displayName?: string }).displayName).toBe('Adele Vance');
  });
});
