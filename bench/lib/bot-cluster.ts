// Several real bot processes (src/index.ts) on one storage account, driven over HTTP in local mode through a loopback
// Bot Framework connector that records what they post and serves the CSV files the admins "attach".
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { FILE_DOWNLOAD_INFO } from '../../src/bot/teams-content-types';

const ROOT = path.join(__dirname, '..', '..');

export interface RecordedActivity {
  method: string;
  path: string;
  at: number;
  /** The id the connector gave a posted activity, or the one a PUT updated. */
  activityId: string;
  body: { id?: string; text?: string; attachments?: { content?: unknown }[]; replyToId?: string };
}

export interface Connector {
  url: string;
  recorded: RecordedActivity[];
  /** Serves `text` at a loopback URL, as Teams serves an attached file's download link. */
  serveFile(name: string, text: string): string;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

export async function startConnector(): Promise<Connector> {
  const recorded: RecordedActivity[] = [];
  const files = new Map<string, string>();
  let next = 1;
  const server: Server = createServer((req, res) => {
    void readBody(req).then((text) => {
      const url = req.url ?? '';
      if (req.method === 'GET' && url.startsWith('/files/')) {
        const file = files.get(decodeURIComponent(url.slice('/files/'.length)));
        res.writeHead(file === undefined ? 404 : 200, { 'content-type': 'text/csv' });
        res.end(file ?? '');
        return;
      }
      const body = text ? (JSON.parse(text) as RecordedActivity['body']) : {};
      const updated = /\/activities\/([^/?]+)$/.exec(url)?.[1];
      const activityId = req.method === 'PUT' && updated ? decodeURIComponent(updated) : `activity-${next++}`;
      recorded.push({ method: req.method ?? '', path: url, at: Date.now(), activityId, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: activityId }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    recorded,
    serveFile(name, text) {
      files.set(name, text);
      return `${url}files/${encodeURIComponent(name)}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface BotInstance {
  name: string;
  url: string;
  pid: number;
  child: ChildProcess;
  exited: Promise<void>;
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within 10 s. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** One bot process exactly as `node src/index.ts` runs it; node itself runs it (tsx as a loader), so SIGKILL hits it. */
export async function startBotInstance(name: string, env: Record<string, string>): Promise<BotInstance> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'index.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  for (const started = Date.now(); ; ) {
    if (child.exitCode !== null) throw new Error(`Bot ${name} exited before listening: ${output}`);
    if (Date.now() - started > 90_000) throw new Error(`Bot ${name} did not start within 90 s: ${output}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    name,
    url,
    pid: child.pid ?? -1,
    child,
    exited,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(force);
    },
  };
}

/** The tenant id the admins' activities carry; the bot files their jobs under it. */
export const TENANT = 'sandbox-tenant';

export interface Admin {
  id: string;
  name: string;
  conversationId: string;
}

function activity(connector: Connector, admin: Admin, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    channelId: 'msteams',
    serviceUrl: connector.url,
    from: { id: `29:${admin.id}`, aadObjectId: admin.id, name: admin.name },
    recipient: { id: '28:bot', name: 'Entra Bulk Admin' },
    conversation: { id: admin.conversationId, conversationType: 'personal', tenantId: TENANT },
    ...extra,
  };
}

export async function postActivity(bot: BotInstance, body: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** The admin attaches a CSV in their personal chat with the bot, through instance `bot`. */
export function sendCsv(bot: BotInstance, connector: Connector, admin: Admin, fileName: string, csv: string): Promise<{ status: number; body: unknown }> {
  const downloadUrl = connector.serveFile(`${admin.conversationId}-${fileName}`, csv);
  return postActivity(
    bot,
    activity(connector, admin, {
      type: 'message',
      id: `msg-${admin.conversationId}`,
      text: '',
      attachments: [{ contentType: FILE_DOWNLOAD_INFO, name: fileName, content: { downloadUrl, uniqueId: `${admin.conversationId}-file`, fileType: 'csv' } }],
    }),
  );
}

/** The Action.Execute data of the first action with this verb in a card, if any. */
export function actionData(card: unknown, verb: string): Record<string, unknown> | undefined {
  if (Array.isArray(card)) {
    for (const item of card) {
      const found = actionData(item, verb);
      if (found) return found;
    }
    return undefined;
  }
  if (card && typeof card === 'object') {
    const record = card as Record<string, unknown>;
    if (record['type'] === 'Action.Execute' && record['verb'] === verb) return record['data'] as Record<string, unknown>;
    for (const value of Object.values(record)) {
      const found = actionData(value, verb);
      if (found) return found;
    }
  }
  return undefined;
}

export interface ConfirmCard {
  activityId: string;
  data: Record<string, unknown>;
}

/** Waits for the confirm card the bot posted in this admin's conversation; returns its activity id and action data. */
export async function confirmCardFor(connector: Connector, admin: Admin, limitMs = 180_000): Promise<ConfirmCard> {
  for (const started = Date.now(); Date.now() - started < limitMs; ) {
    for (const posted of connector.recorded) {
      if (posted.method !== 'POST' || !posted.path.includes(encodeURIComponent(admin.conversationId))) continue;
      const data = actionData(posted.body.attachments?.map((a) => a.content), 'confirm-job');
      if (data) return { activityId: posted.activityId, data };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`No confirm card for ${admin.name} within ${limitMs} ms`);
}

/** The admin presses Confirm on that card; the invoke reaches instance `bot`. */
export function confirm(bot: BotInstance, connector: Connector, admin: Admin, card: ConfirmCard): Promise<{ status: number; body: unknown }> {
  return postActivity(
    bot,
    activity(connector, admin, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: `invoke-${admin.conversationId}-${bot.name}`,
      replyToId: card.activityId,
      value: { action: { type: 'Action.Execute', verb: 'confirm-job', data: card.data } },
    }),
  );
}
