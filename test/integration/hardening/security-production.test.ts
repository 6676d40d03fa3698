import { generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeBot } from '../../../src/compose-bot';
import type { Bot } from '../../../src/bot/create-bot';
import { loadConfig } from '../../../src/config';
import type { AppConfig } from '../../../src/config';
import { MemoryJobStore } from '../../../src/jobs/memory-job-store';
import { createLogger } from '../../../src/logging/logger';
import { ServerStartError, startServer } from '../../../src/server';
import type { RunningServer } from '../../../src/server';

const BOT_ID = '0b07b07b-1111-4222-8333-444455556666';
const BOT_PASSWORD = 'production-bot-secret~Kx9-do-not-log';
const TENANT = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const OTHER_TENANT = 'ffffffff-0000-4000-8000-000000000bad';
const ISSUER = 'https://api.botframework.com';

interface Recorded {
  method: string;
  path: string;
  raw: string;
}

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
const recorded: Recorded[] = [];
let connector: Server;
let connectorUrl: string;
let openId: Server;
let openIdUrl: string;
let config: AppConfig;
const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 });

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  connector = createServer((req, res) => {
    void readBody(req).then((raw) => {
      recorded.push({ method: req.method ?? '', path: req.url ?? '', raw });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `activity-${recorded.length}` }));
    });
  });
  connectorUrl = `${await listen(connector)}/`;
  // A loopback stand-in for login.botframework.com's OpenID metadata: the bot trusts exactly this one key for Teams.
  openId = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    if (req.url === '/openid') {
      res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: `${openIdUrl}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
      return;
    }
    const jwk = signingKey.publicKey.export({ format: 'jwk' });
    res.end(JSON.stringify({ keys: [{ kty: 'RSA', use: 'sig', kid: 'trusted-key', n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] }));
  });
  openIdUrl = await listen(openId);
  const loaded = loadConfig({ BOT_ID, BOT_PASSWORD, BOT_TENANT_ID: TENANT, HOST: '127.0.0.1', LOG_LEVEL: 'debug' });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  config = { ...loaded.config, port: 0 };
});

afterAll(async () => {
  await new Promise<void>((resolve) => connector.close(() => resolve()));
  await new Promise<void>((resolve) => openId.close(() => resolve()));
});

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

function botFrameworkToken(claims: Record<string, unknown>, key: KeyObject = signingKey.privateKey, kid = 'trusted-key'): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const payload = base64url(JSON.stringify({ iss: ISSUER, aud: BOT_ID, serviceurl: connectorUrl, nbf: now - 60, exp: now + 600, ...claims }));
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), key);
  return `${header}.${payload}.${base64url(signature)}`;
}

function teamsActivity(tenantId: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'message',
    id: `msg-${Math.random().toString(36).slice(2)}`,
    channelId: 'msteams',
    serviceUrl: connectorUrl,
    from: { id: '29:someone', aadObjectId: '0f0f0f0f-0000-4000-8000-000000000001', name: 'Someone' },
    recipient: { id: `28:${BOT_ID}`, name: 'Entra Bulk Admin' },
    conversation: { id: `a:personal-${tenantId}`, conversationType: 'personal', tenantId },
    channelData: { tenant: { id: tenantId } },
    text: 'help',
    ...extra,
  };
}

async function post(url: string, body: unknown, authorization?: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

describe('production mode (BOT_ID set): the product as started by index.ts', () => {
  let server: RunningServer;
  let bot: Bot;
  const store = new MemoryJobStore();

  beforeAll(async () => {
    bot = composeBot(config, logger, { store });
    server = await startServer(config, bot, logger);
  });
  afterAll(async () => {
    await bot.close();
    await server.close();
  });

  it('refuses activities without a Bot Framework token, or with a malformed one, with 401 and does nothing', async () => {
    const before = recorded.length;
    expect((await post(server.url, teamsActivity(TENANT))).status).toBe(401);
    expect((await post(server.url, teamsActivity(TENANT), 'Bearer not-a-token')).status).toBe(401);
    expect((await post(server.url, teamsActivity(TENANT, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { verb: 'confirm-job', data: {} } } }))).status).toBe(401);
    expect(recorded.length).toBe(before);
    expect(await store.listJobs({})).toEqual([]);
    expect(logLines.join('')).not.toContain(BOT_PASSWORD);
  });
});

describe('production mode with real token validation against a loopback OpenID endpoint', () => {
  let server: RunningServer;
  let bot: Bot;

  beforeAll(async () => {
    bot = composeBot(config, logger, {
      store: new MemoryJobStore(),
      botFrameworkAuthConfig: { BotOpenIdMetadata: `${openIdUrl}/openid`, ToBotFromChannelTokenIssuer: ISSUER },
    });
    server = await startServer(config, bot, logger);
  });
  afterAll(async () => {
    await bot.close();
    await server.close();
  });

  const refreshInvoke = (tenantId: string) =>
    teamsActivity(tenantId, { type: 'invoke', name: 'adaptiveCard/action', text: undefined, value: { action: { type: 'Action.Execute', verb: 'refresh-job', data: { jobId: 'no-such-job', cardToken: 'token' } } } });

  it('answers a signed activity from its own tenant', async () => {
    const sent = await post(server.url, refreshInvoke(TENANT), `Bearer ${botFrameworkToken({})}`);
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('This job no longer exists');
  });

  it('refuses a signed activity from another tenant: nothing is sent there, and an invoke gets 403', async () => {
    const before = recorded.length;
    const logsBefore = logLines.length;
    const message = await post(server.url, teamsActivity(OTHER_TENANT), `Bearer ${botFrameworkToken({})}`);
    expect(message.status).toBe(200);
    const invoke = await post(server.url, refreshInvoke(OTHER_TENANT), `Bearer ${botFrameworkToken({})}`);
    expect(invoke.status).toBe(403);
    expect(invoke.text).not.toContain('no longer exists');
    // Teams' tenant in channelData is what counts, even when the conversation claims the right one.
    const mixed = teamsActivity(OTHER_TENANT, { conversation: { id: 'a:mixed', conversationType: 'personal', tenantId: TENANT } });
    expect((await post(server.url, mixed, `Bearer ${botFrameworkToken({})}`)).status).toBe(200);
    expect(recorded.slice(before)).toEqual([]);
    const refusals = logLines.slice(logsBefore).filter((line) => line.includes('refused an activity from another tenant'));
    expect(refusals).toHaveLength(3);
  });

  it('tells an authenticated sender plainly what its activity lacks (400), and runs nothing', async () => {
    const before = recorded.length;
    const { from: _from, conversation: _conversation, ...malformed } = teamsActivity(TENANT);
    const answer = await post(server.url, malformed, `Bearer ${botFrameworkToken({})}`);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toEqual({ error: 'The activity must have from.id and conversation.id.' });
    // Without a token the same body learns nothing about itself.
    const anonymous = await post(server.url, malformed);
    expect(anonymous.status).toBe(401);
    expect(anonymous.text).not.toContain('from.id');
    expect(recorded.slice(before)).toEqual([]);
  });

  it('refuses tokens that are not for this bot: wrong audience, unknown key, other service URL, expired', async () => {
    const before = recorded.length;
    const now = Math.floor(Date.now() / 1000);
    const forged = [
      botFrameworkToken({ aud: '99999999-9999-4999-8999-999999999999' }),
      botFrameworkToken({}, strangerKey.privateKey, 'unknown-key'),
      botFrameworkToken({ serviceurl: 'http://127.0.0.1:1/' }),
      botFrameworkToken({ nbf: now - 3600, exp: now - 1800 }),
      botFrameworkToken({ iss: 'https://login.example.com/' }),
    ];
    const statuses: number[] = [];
    for (const token of forged) statuses.push((await post(server.url, teamsActivity(TENANT), `Bearer ${token}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    // Signed by another key under the trusted key's id: botframework-connector rethrows the JWT library's error, which
    // is a failed authentication all the same.
    const wrongSignature = await post(server.url, teamsActivity(TENANT), `Bearer ${botFrameworkToken({}, strangerKey.privateKey)}`);
    expect(wrongSignature.status).toBe(401);
    expect(JSON.parse(wrongSignature.text)).toEqual({ error: 'This endpoint accepts only activities from the Bot Framework with a valid token for this bot.' });
    expect(recorded.slice(before)).toEqual([]);
    expect(logLines.join('')).not.toContain(BOT_PASSWORD);
  });
});

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('local mode (no BOT_ID) is reachable from this machine only', () => {
  const external = Object.values(networkInterfaces())
    .flat()
    .filter((entry) => entry !== undefined && !entry.internal && entry.family === 'IPv4')
    .map((entry) => entry?.address ?? '');

  function localConfig(host?: string): AppConfig {
    const loaded = loadConfig(host ? { HOST: host } : {});
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    return { ...loaded.config, port: 0 };
  }

  it.each([undefined, 'localhost', '127.0.0.2'])('binds %s on loopback, where other interfaces cannot reach it', async (host) => {
    const local = localConfig(host);
    const bot = composeBot(local, logger);
    const running = await startServer(local, bot, logger);
    try {
      expect(await reachable(host === '127.0.0.2' ? host : '127.0.0.1', running.port)).toBe(true);
      for (const address of external) expect(await reachable(address, running.port)).toBe(false);
    } finally {
      await bot.close();
      await running.close();
    }
  });

  it.each(['0.0.0.0', '::', '::ffff:0.0.0.0', '[::]', 'fd00::2', ...external])('refuses to listen on %s', async (host) => {
    const local = localConfig(host);
    const bot = composeBot(local, logger);
    await expect(startServer(local, bot, logger)).rejects.toThrow(ServerStartError);
    await bot.close();
  });
});

