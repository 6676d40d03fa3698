import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { Request as BotRequest, Response as BotResponse } from 'botbuilder';
import { TeamsAdapter } from '@microsoft/teams-ai';
import restify from 'restify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotApp } from '../../../src/bot/create-bot-app';
import { createBotRuntime } from '../../../src/compose-bot';
import { TeamsTokenBroker } from '../../../src/bot/teams-token-broker';
import { proactiveChats } from '../../../src/bot/turn-context-chat';
import { loadConfig } from '../../../src/config';
import { MemoryJobStore } from '../../../src/jobs/memory-job-store';
import { CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { cardText, silent } from './bot-harness';

/**
 * AUTH_MODE=teams end to end on loopback: botbuilder's own UserTokenClient talks to a fake Azure Bot token service
 * (its OAuth URL is configurable), and a recording proxy in front of the sandbox shows which token Graph received.
 */

interface Sent {
  path: string;
  body: { text?: string; attachments?: { contentType?: string; content?: { buttons?: { value?: string }[]; connectionName?: string } }[] };
}

const alex = CONTOSO_PEOPLE.alexWilber;
const CONNECTION = 'graph-connection';
const MAGIC_CODE = '482915';
const SSO_TOKEN = 'teams-sso-token-for-the-bot';
const TEST_BOT_ID = '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';

let sandbox: RunningSandbox;
let alexToken: string;
const servers: Server[] = [];
let connectorUrl: string;
let tokenServiceUrl: string;
let botUrl: string;
let closeBot: () => Promise<void>;
const sent: Sent[] = [];
const tokenCalls: string[] = [];
const graphAuthorizations: string[] = [];
const tokens = new Map<string, string>();

async function readText(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
  alexToken = await sandbox.issueToken(alex.id);

  connectorUrl = await listen((req, res) => {
    void readText(req).then((text) => {
      sent.push({ path: req.url ?? '', body: text ? (JSON.parse(text) as Sent['body']) : {} });
      json(res, 200, { id: `activity-${sent.length}` });
    });
  });

  tokenServiceUrl = await listen((req, res) => {
    const url = new URL(req.url ?? '/', 'http://token.local');
    const userId = url.searchParams.get('userId') ?? '';
    tokenCalls.push(`${req.method ?? ''} ${url.pathname} ${userId} ${url.searchParams.get('connectionName') ?? ''}`);
    if (url.pathname === '/api/usertoken/GetToken') {
      // A magic code from the sign-in page completes the sign-in, as the real service does.
      if (url.searchParams.get('code') === MAGIC_CODE) tokens.set(userId, alexToken);
      const token = tokens.get(userId);
      if (!token) return json(res, 404, {});
      return json(res, 200, { connectionName: CONNECTION, token, expiration: new Date(Date.now() + 3_600_000).toISOString(), channelId: 'msteams' });
    }
    if (url.pathname === '/api/botsignin/GetSignInResource') {
      return json(res, 200, { signInLink: 'https://token.botframework.com/api/oauth/signin?signin=abc', tokenExchangeResource: { id: 'tx-1', uri: 'api://bot/access_as_user', providerId: 'aad' } });
    }
    if (url.pathname === '/api/usertoken/exchange' && req.method === 'POST') {
      // Teams' SSO token is exchanged for the Graph token; one the service can't exchange (e.g. consent is missing) fails.
      void readText(req).then((text) => {
        const { token } = JSON.parse(text) as { token?: string };
        if (token !== SSO_TOKEN) return json(res, 412, { error: { code: 'ConsentRequired', message: 'consent required' } });
        tokens.set(userId, alexToken);
        json(res, 200, { connectionName: CONNECTION, token: alexToken, expiration: new Date(Date.now() + 3_600_000).toISOString(), channelId: 'msteams' });
      });
      return;
    }
    if (url.pathname === '/api/usertoken/SignOut') {
      tokens.delete(userId);
      return json(res, 200, {});
    }
    json(res, 404, {});
  });

  // Everything the bot sends to "Graph" passes here first, so the test sees the Authorization header it carried.
  const graphProxy = await listen((req, res) => {
    void readText(req).then(async (body) => {
      graphAuthorizations.push(String(req.headers.authorization ?? ''));
      const upstream = await fetch(`${sandbox.url}${req.url ?? ''}`, {
        method: req.method ?? 'GET',
        headers: { authorization: String(req.headers.authorization ?? ''), 'content-type': String(req.headers['content-type'] ?? 'application/json') },
        ...(body ? { body } : {}),
      });
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    });
  });

  const loaded = loadConfig({ HOST: '127.0.0.1' });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const graphBaseUrl = `${graphProxy}${new URL(sandbox.graphBaseUrl).pathname}`;
  // The production wiring of createBot for AUTH_MODE=teams, with Bot Framework auth off so plain HTTP can reach it.
  const adapter = new TeamsAdapter({ OAuthUrl: tokenServiceUrl }, new ConfigurationServiceClientCredentialFactory({}));
  // With Bot Framework auth off, botbuilder builds the token client without an app id (in production it is BOT_ID),
  // and its sign-in resource call insists on one: supply the one a registered bot would have.
  adapter.use({
    onTurn: async (context, next) => {
      const client = context.turnState.get(adapter.UserTokenClientKey) as { appId?: string } | undefined;
      if (client && !client.appId) client.appId = TEST_BOT_ID;
      await next();
    },
  });
  const broker = new TeamsTokenBroker(adapter, '', CONNECTION);
  const runtime = createBotRuntime(
    { ...loaded.config, authMode: 'teams' },
    silent,
    { store: new MemoryJobStore(), graphBaseUrl, tokenProviderFor: (user) => broker.providerFor(user) },
    proactiveChats(adapter, ''),
  );
  const bot = createBotApp(runtime, { adapter, signIn: broker });
  const server = restify.createServer({ name: 'teams-auth-test', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req as unknown as BotRequest, res as unknown as BotResponse, (context) => bot.run(context));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  botUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closeBot = async () => {
    await runtime.runner.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
});

afterAll(async () => {
  await closeBot();
  for (const server of servers) await new Promise<void>((resolve) => server.close(() => resolve()));
  await sandbox.stop();
});

function activity(extra: Record<string, unknown>) {
  return {
    channelId: 'msteams',
    serviceUrl: `${connectorUrl}/`,
    from: { id: `29:${alex.id}`, aadObjectId: alex.id, name: 'Alex Wilber' },
    recipient: { id: '28:bot', name: 'Entra Bulk Admin' },
    conversation: { id: 'a:personal-alex', conversationType: 'personal', tenantId: 'contoso-tenant' },
    ...extra,
  };
}

async function post(body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${botUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

async function say(text: string): Promise<Sent[]> {
  const start = sent.length;
  expect((await post(activity({ type: 'message', id: `m-${sent.length}`, text }))).status).toBe(200);
  return sent.slice(start);
}

const OAUTH_CARD = 'application/vnd.microsoft.card.oauth';

describe('AUTH_MODE=teams with the Azure Bot token service', () => {
  it('without a token: an OAuth sign-in card, and no call to Graph', async () => {
    const replies = await say('whoami');
    const card = replies.flatMap((r) => r.body.attachments ?? []).find((a) => a.contentType === OAUTH_CARD);
    expect(card?.content?.connectionName).toBe(CONNECTION);
    expect(card?.content?.buttons?.[0]?.value).toBe('https://token.botframework.com/api/oauth/signin?signin=abc');
    expect(tokenCalls).toContain(`GET /api/usertoken/GetToken 29:${alex.id} ${CONNECTION}`);
    expect(graphAuthorizations).toEqual([]);
  });

  it('while signed out, commands that need no Graph still answer', async () => {
    const replies = await say('help');
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.flatMap((r) => r.body.attachments ?? []).some((a) => a.contentType === OAUTH_CARD)).toBe(false);
    expect(graphAuthorizations).toEqual([]);
  });

  it('the magic code from the sign-in page completes sign-in', async () => {
    const start = sent.length;
    const answered = await post(activity({ type: 'invoke', name: 'signin/verifyState', id: 'verify-1', value: { state: MAGIC_CODE } }));
    expect(answered.status).toBe(200);
    expect(sent.slice(start).map((s) => s.body.text).join('\n')).toContain("You're signed in");
  });

  it('with a token: Graph receives exactly the admin’s token, and acts as them', async () => {
    const replies = await say('whoami');
    const text = cardText(replies.flatMap((r) => r.body.attachments ?? [])[0]?.content);
    expect(text).toContain('Alex Wilber');
    expect(text).toContain('User Administrator');
    expect(graphAuthorizations.length).toBeGreaterThan(0);
    expect(new Set(graphAuthorizations)).toEqual(new Set([`Bearer ${alexToken}`]));
  });

  it('sign out: the token service forgets the token, and the next command asks to sign in again', async () => {
    const out = await say('sign out');
    expect(out.map((s) => s.body.text).join('\n')).toContain('You are signed out');
    expect(tokenCalls).toContain(`DELETE /api/usertoken/SignOut 29:${alex.id} ${CONNECTION}`);
    const graphCallsBefore = graphAuthorizations.length;
    const again = await say('whoami');
    expect(again.flatMap((r) => r.body.attachments ?? []).some((a) => a.contentType === OAUTH_CARD)).toBe(true);
    expect(graphAuthorizations).toHaveLength(graphCallsBefore);
  });

  it('an SSO token the service cannot exchange: 412, so Teams shows the sign-in button', async () => {
    const start = sent.length;
    const answered = await post(activity({ type: 'invoke', name: 'signin/tokenExchange', id: 'exchange-1', value: { id: 'tx-1', connectionName: CONNECTION, token: 'not-exchangeable' } }));
    expect(answered.status).toBe(412);
    expect(tokenCalls).toContain(`POST /api/usertoken/exchange 29:${alex.id} ${CONNECTION}`);
    expect(sent.slice(start).map((s) => s.body.text).join('\n')).not.toContain("You're signed in");
  });

  it('SSO: the token exchange signs the admin in without a button, and Graph gets the exchanged token', async () => {
    const start = sent.length;
    const answered = await post(activity({ type: 'invoke', name: 'signin/tokenExchange', id: 'exchange-2', value: { id: 'tx-2', connectionName: CONNECTION, token: SSO_TOKEN } }));
    expect(answered.status).toBe(200);
    expect(sent.slice(start).map((s) => s.body.text).join('\n')).toContain("You're signed in");
    const graphCallsBefore = graphAuthorizations.length;
    const replies = await say('whoami');
    expect(cardText(replies.flatMap((r) => r.body.attachments ?? [])[0]?.content)).toContain('Alex Wilber');
    expect(new Set(graphAuthorizations.slice(graphCallsBefore))).toEqual(new Set([`Bearer ${alexToken}`]));
  });
});
