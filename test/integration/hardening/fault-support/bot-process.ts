import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../../..');

export interface RecordedCall {
  method: string;
  path: string;
  at: number;
  body: { id?: string; text?: string; attachments?: { content?: unknown }[] };
}

/**
 * A loopback stand-in for the Bot Framework connector (what `serviceUrl` points at): it records every call the bot
 * makes, answers posts with new activity ids, and also serves files named in `files` (Teams' attachment downloads).
 */
export class FakeConnector {
  readonly calls: RecordedCall[] = [];
  readonly files = new Map<string, string>();
  private nextActivity = 1;
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void readJson(req).then((body) => {
        const path = req.url ?? '';
        const file = req.method === 'GET' ? this.files.get(path) : undefined;
        if (file !== undefined) {
          res.writeHead(200, { 'content-type': 'text/csv' }).end(file);
          return;
        }
        this.calls.push({ method: req.method ?? '', path, at: Date.now(), body });
        const id = req.method === 'PUT' ? (body.id ?? 'updated') : `activity-${this.nextActivity++}`;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
      });
    });
    await new Promise<void>((done) => this.server?.listen(0, '127.0.0.1', done));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }
}

async function readJson(req: IncomingMessage): Promise<RecordedCall['body']> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  try {
    return text ? (JSON.parse(text) as RecordedCall['body']) : {};
  } catch {
    return {};
  }
}

/** A free loopback port for the bot child (the bot reads PORT and cannot be told to pick one itself). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => done(port));
    });
  });
}

export interface BotProcess {
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
}

/**
 * `src/index.ts` under tsx with the local stack's environment (see tools/local-stack/main.ts), on a free port. Node loads tsx
 * itself (`--import tsx`) rather than through the `tsx` command, which runs the program in a grandchild: a SIGKILL of
 * the command would leave the bot running.
 */
export async function startBotProcess(env: { graphBaseUrl: string; storageConnectionString: string }): Promise<BotProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'src/index.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      BOT_ID: '',
      BOT_PASSWORD: '',
      AUTH_MODE: 'sandbox',
      GRAPH_BASE_URL: env.graphBaseUrl,
      STORAGE: 'azure',
      AZURE_STORAGE_CONNECTION_STRING: env.storageConnectionString,
      LOG_LEVEL: 'warn',
      NODE_OPTIONS: '--disable-warning=DEP0111',
    },
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-8_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The bot exited during start-up: ${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The bot did not answer ${url}/healthz within 60 s: ${output}`);
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  return { url, child, exited, output: () => output };
}

/** The data of the first Action.Execute with this verb anywhere in a card. */
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
    if (record.type === 'Action.Execute' && record.verb === verb) return record.data as Record<string, unknown>;
    for (const value of Object.values(record)) {
      const found = actionData(value, verb);
      if (found) return found;
    }
  }
  return undefined;
}
