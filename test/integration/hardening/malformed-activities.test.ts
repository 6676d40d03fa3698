import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeBot } from '../../../src/compose-bot';
import type { Bot } from '../../../src/bot/create-bot';
import { loadConfig } from '../../../src/config';
import { MemoryJobStore } from '../../../src/jobs/memory-job-store';
import { createLogger } from '../../../src/logging/logger';
import { CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { startServer } from '../../../src/server';
import type { RunningServer } from '../../../src/server';

const alex = CONTOSO_PEOPLE.alexWilber;
const BOT_ID = '0b07b07b-1111-4222-8333-444455556666';
const TENANT = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

const logLines: string[] = [];
const logger = createLogger({
  level: 'debug',
  destination: new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  }),
});

let sandbox: RunningSandbox;
let connector: Server;
let connectorUrl: string;
let server: RunningServer;
let bot: Bot;
const store = new MemoryJobStore();
const sent: string[] = [];

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
  connector = createServer((req, res) => {
    void readBody(req).then((raw) => {
      if (req.url?.startsWith('/refuse/')) {
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'ConnectorRefusedThisReply', message: 'The bot is not part of the conversation roster.' } }));
        return;
      }
      sent.push(raw);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `activity-${sent.length}` }));
    });
  });
  await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', resolve));
  connectorUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`;
  const loaded = loadConfig({ HOST: '127.0.0.1' });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const config = { ...loaded.config, port: 0, graphBaseUrl: sandbox.graphBaseUrl };
  bot = composeBot(config, logger, { store, graphBaseUrl: sandbox.graphBaseUrl });
  server = await startServer(config, bot, logger);
});

afterAll(async () => {
  await bot.close();
  await server.close();
  await new Promise<void>((resolve) => connector.close(() => resolve()));
  await sandbox.stop();
});

function activity(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: `msg-${Math.random().toString(36).slice(2)}`,
    channelId: 'msteams',
    serviceUrl: connectorUrl,
    from: { id: `29:${alex.id}`, aadObjectId: alex.id, name: 'Alex Wilber' },
    recipient: { id: '28:bot', name: 'Entra Bulk Admin' },
    conversation: { id: 'a:personal-malformed', conversationType: 'personal', tenantId: sandbox.tenantId },
    text: 'help',
    ...extra,
  };
}

function without(key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = activity();
  return rest;
}

interface Answer {
  status: number;
  text: string;
}

async function post(url: string, body: string | Uint8Array, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Answer> {
  const response = await fetch(`${url}/api/messages`, { method: 'POST', headers, body });
  return { status: response.status, text: await response.text() };
}

/** What no answer on this route may ever carry: JavaScript error text, stack frames, library internals. */
function expectNoInternals(answer: Answer): void {
  expect(answer.text).not.toMatch(/Cannot read properties|undefined|TypeError|SyntaxError|at .*\.js:\d+|node_modules|validateAndFixActivity|req\.body|Unexpected (token|end)|ECONNREFUSED|ConnectorRefused|roster/);
}

function errorOf(answer: Answer): string {
  return (JSON.parse(answer.text) as { error: string }).error;
}

describe('malformed activities in local mode', () => {
  it.each([
    ['without from', () => without('from'), 'from.id'],
    ['without conversation', () => without('conversation'), 'conversation.id'],
    ['with from but no from.id', () => activity({ from: { name: 'Alex Wilber' } }), 'from.id'],
    ['with an empty conversation.id', () => activity({ conversation: { id: '' } }), 'conversation.id'],
    ['without type', () => without('type'), 'type'],
    ['with a numeric type', () => activity({ type: 7 }), 'type'],
    ['without recipient', () => without('recipient'), 'recipient.id'],
    ['without serviceUrl', () => without('serviceUrl'), 'serviceUrl'],
    ['without channelId', () => without('channelId'), 'channelId'],
  ])('answers an activity %s with 400 naming the missing field, runs nothing and logs it', async (_name, body, field) => {
    const before = sent.length;
    const logsBefore = logLines.length;
    const answer = await post(server.url, JSON.stringify(body()));
    expect(answer.status).toBe(400);
    expectNoInternals(answer);
    expect(errorOf(answer)).toContain(field);
    expect(errorOf(answer)).toMatch(/^The activity must have /);
    expect(sent.slice(before)).toEqual([]);
    expect(logLines.slice(logsBefore).join('')).toContain('refused a malformed activity');
  });

  it('names every missing field at once', async () => {
    const { from: _from, conversation: _conversation, ...rest } = activity();
    const answer = await post(server.url, JSON.stringify(rest));
    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toBe('The activity must have from.id and conversation.id.');
  });

  it.each([
    ['not JSON', () => '{"type":"message", "text": '],
    ['a JSON array', () => JSON.stringify([activity()])],
    ['a JSON string', () => JSON.stringify('help')],
    ['JSON null', () => 'null'],
    ['empty', () => ''],
  ])('answers a body that is %s with 400 and a plain message', async (_name, body) => {
    const before = sent.length;
    const answer = await post(server.url, body());
    expect(answer.status).toBe(400);
    expectNoInternals(answer);
    expect(errorOf(answer)).toBe('The request body must be one Bot Framework activity: a JSON object.');
    expect(sent.slice(before)).toEqual([]);
  });

  it('answers a body sent as another content type with 415', async () => {
    const answer = await post(server.url, JSON.stringify(activity()), { 'content-type': 'text/plain' });
    expect(answer.status).toBe(415);
    expectNoInternals(answer);
    expect(errorOf(answer)).toBe('Send the activity as JSON (content-type: application/json), uncompressed or gzip-compressed.');
    const brotli = await post(server.url, JSON.stringify(activity()), { 'content-type': 'application/json', 'content-encoding': 'br' });
    expect(brotli.status).toBe(415);
  });

  it('accepts JSON with a charset, and a gzip-compressed body', async () => {
    const plain = await post(server.url, JSON.stringify(activity({ deliveryMode: 'expectReplies' })), { 'content-type': 'application/json; charset=utf-8' });
    expect(plain.status).toBe(200);
    const zipped = await post(server.url, gzipSync(JSON.stringify(activity({ deliveryMode: 'expectReplies' }))), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(zipped.status).toBe(200);
    expect(zipped.text).toContain('Entra Bulk Admin understands:');
  });

  it('refuses a body over 1 MB, also when compressed, with 413 and a plain message', async () => {
    const big = JSON.stringify(activity({ text: 'x'.repeat(2 * 1024 * 1024) }));
    const answer = await post(server.url, big);
    expect(answer.status).toBe(413);
    expect(errorOf(answer)).toBe('The request body is larger than 1 MB, the most an activity may have.');
    const bomb = await post(server.url, gzipSync(big), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(bomb.status).toBe(413);
  });

  it('answers an unexpected failure with 500, a generic message and a correlation id that leads to the detail in the log', async () => {
    // The connector refuses the reply, so sending it fails inside botbuilder (its error text names the connector's code).
    const logsBefore = logLines.length;
    const answer = await post(server.url, JSON.stringify(activity({ serviceUrl: `${connectorUrl}refuse/` })));
    expect(answer.status).toBe(500);
    expectNoInternals(answer);
    const body = JSON.parse(answer.text) as { error: string; correlationId: string };
    expect(body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.error).toBe(`The bot could not process this activity. Reference: ${body.correlationId}.`);
    const logged = logLines.slice(logsBefore).filter((line) => line.includes(body.correlationId));
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join('')).toContain('The bot is not part of the conversation roster.');
  });

  it('keeps serving after all of that', async () => {
    const answer = await post(server.url, JSON.stringify(activity({ deliveryMode: 'expectReplies' })));
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('Entra Bulk Admin understands:');
    expect(await store.listJobs({})).toEqual([]);
  });
});

describe('malformed activities in production mode: authentication comes first', () => {
  let production: RunningServer;
  let productionBot: Bot;

  beforeAll(async () => {
    const loaded = loadConfig({ BOT_ID, BOT_PASSWORD: 'secret-not-logged', BOT_TENANT_ID: TENANT, HOST: '127.0.0.1' });
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    const config = { ...loaded.config, port: 0 };
    productionBot = composeBot(config, logger, { store: new MemoryJobStore() });
    production = await startServer(config, productionBot, logger);
  });
  afterAll(async () => {
    await productionBot.close();
    await production.close();
  });

  it.each([
    ['without from and conversation', () => JSON.stringify({ type: 'message', channelId: 'msteams', serviceUrl: connectorUrl })],
    ['that is not JSON', () => '{"type":'],
    ['that is a JSON array', () => '[]'],
    ['without type', () => JSON.stringify(without('type'))],
  ])('answers an unauthenticated activity %s with 401, not 400, and a plain message', async (_name, body) => {
    const answer = await post(production.url, body());
    expect(answer.status).toBe(401);
    expectNoInternals(answer);
    expect(errorOf(answer)).toBe('This endpoint accepts only activities from the Bot Framework with a valid token for this bot.');
  });

  it('answers a forged token on a malformed activity with 401 too', async () => {
    const answer = await post(production.url, JSON.stringify(without('from')), { 'content-type': 'application/json', authorization: 'Bearer not-a-token' });
    expect(answer.status).toBe(401);
    expectNoInternals(answer);
  });

  it('answers a wrong content type without a token with 401', async () => {
    const answer = await post(production.url, 'help', { 'content-type': 'text/plain' });
    expect(answer.status).toBe(401);
  });
});
