import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localJobDataKey } from '../../../tools/local-stack/job-data-key';
import { LocalStackError } from '../../../tools/local-stack/local-stack-error';
import { PLAYGROUND_BOT_NAME, PLAYGROUND_IDS, buildPlaygroundConfig } from '../../../tools/local-stack/playground-config';
import { startPlayground } from '../../../tools/local-stack/playground-process';
import { PortInUseError, freePort, isPortFree } from '../../../tools/local-stack/ports';
import { activityTemplateSchema, sampleActivity } from '../../../tools/local-stack/sample-activity';
import { startLocalStack } from '../../../tools/local-stack/start-local-stack';
import type { LocalStack } from '../../../tools/local-stack/start-local-stack';
import { CONTOSO_PEOPLE } from '../../../src/sandbox';

const run = promisify(execFile);
const root = join(__dirname, '../../..');

/** Listening TCP sockets on `port`, as local addresses in /proc/net/tcp{,6} (hex, e.g. 0100007F = 127.0.0.1). */
function listeners(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[3] === '0A' && fields[1]?.endsWith(`:${hexPort}`))
      .map((fields) => fields[1]?.split(':')[0] ?? ''),
  );
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function portOf(url: string | undefined): number {
  return Number(new URL(url ?? 'http://x').port);
}

/** Bot messages the Playground logged (it logs every activity to its file while no browser page is connected). */
function loggedBotTexts(logFile: string): string {
  return readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"from":"User Application"'))
    .join('\n');
}

async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the local stack without a browser', () => {
  let stack: LocalStack;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'entra-local-stack-'));
    stack = await startLocalStack({ dataDir });
  });

  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs the Agents Playground on loopback only', () => {
    const port = portOf(stack.playgroundUrl);
    expect(listeners(port)).toEqual(['0100007F']);
  });

  it('gives the Playground the sandbox tenant, Alex Wilber as the current user and five users with different roles', async () => {
    const response = await fetch(`${stack.playgroundUrl}/_internal/v1/config`);
    const { config } = (await response.json()) as { config: { tenantId: string; bot: { name: string }; currentUser: { aadObjectId: string; name: string }; users: { aadObjectId: string; userPrincipleName: string }[] } };
    expect(config.tenantId).toBe(stack.sandbox.tenantId);
    expect(config.bot.name).toBe(PLAYGROUND_BOT_NAME);
    expect(config.currentUser).toMatchObject({ aadObjectId: CONTOSO_PEOPLE.alexWilber.id, name: 'Alex Wilber' });
    expect(config.users.map((u) => u.aadObjectId)).toEqual([
      CONTOSO_PEOPLE.modAdministrator.id,
      CONTOSO_PEOPLE.leeGu.id,
      CONTOSO_PEOPLE.lidiaHolloway.id,
      CONTOSO_PEOPLE.nestorWilke.id,
      CONTOSO_PEOPLE.diegoSiciliani.id,
    ]);
    expect(config.users.map((u) => u.userPrincipleName)).toContain(CONTOSO_PEOPLE.leeGu.userPrincipalName);
    // Every configured user is a sandbox user the bot can act as.
    for (const user of [config.currentUser, ...config.users]) {
      const token = await fetch(`${stack.sandbox.url}/_sandbox/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: user.aadObjectId }) });
      expect(token.status).toBe(200);
    }
  });

  it('serves the sample CSVs from the bot, and nothing outside samples/', async () => {
    const sample = await fetch(`${stack.botUrl}/samples/restore-users.csv`);
    expect(sample.status).toBe(200);
    expect(sample.headers.get('content-type')).toContain('text/csv');
    expect(await sample.text()).toContain('Object ID [objectId] Required');
    for (const name of ['..%2Fpackage.json', 'missing.csv', 'README.md']) {
      expect((await fetch(`${stack.botUrl}/samples/${name}`)).status).toBe(404);
    }
  });

  it('prints a custom activity for a sample with scripts/sample-activity.ts that the bot answers with the validation card', async () => {
    const env = { ...process.env, BOT_PORT: String(portOf(stack.botUrl)), PLAYGROUND_PORT: String(portOf(stack.playgroundUrl)) };
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(root, 'scripts/sample-activity.ts'), 'restore-users.csv'], { cwd: root, env });
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const activity = JSON.parse(stdout) as { type: string; conversation: { id: string }; from: { aadObjectId: string }; attachments: { contentType: string; content: { downloadUrl: string } }[] };
    expect(activity.type).toBe('message');
    expect(activity.conversation.id).toBe(PLAYGROUND_IDS.personalChat);
    expect(activity.from.aadObjectId).toBe(CONTOSO_PEOPLE.alexWilber.id);
    expect(activity.attachments[0]?.contentType).toBe('application/vnd.microsoft.teams.file.download.info');
    expect(activity.attachments[0]?.content.downloadUrl).toBe(`${stack.botUrl}/samples/restore-users.csv`);

    const sent = await fetch(`${stack.playgroundUrl}/_internal/v1/customActivities`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: stdout });
    expect(sent.status).toBe(200);
    const logFile = stack.playgroundLogFile ?? '';
    const reply = await waitFor(() => (loggedBotTexts(logFile).includes('Line 8') ? loggedBotTexts(logFile) : undefined), 'the validation card');
    expect(reply).toContain('Line 9');
    expect(reply).toContain('not-an-object-id');
  });

  it('sends a sample as another Playground user with --as', async () => {
    const env = { ...process.env, BOT_PORT: String(portOf(stack.botUrl)), PLAYGROUND_PORT: String(portOf(stack.playgroundUrl)) };
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(root, 'scripts/sample-activity.ts'), 'invite-guests.csv', '--as', 'LeeG'], { cwd: root, env });
    const activity = JSON.parse(stdout) as { from: { aadObjectId: string; name: string } };
    expect(activity.from).toMatchObject({ aadObjectId: CONTOSO_PEOPLE.leeGu.id, name: 'Lee Gu' });
  });

  it('sends a plain message as another user, and the bot acts as that user', async () => {
    const env = { ...process.env, BOT_PORT: String(portOf(stack.botUrl)), PLAYGROUND_PORT: String(portOf(stack.playgroundUrl)) };
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(root, 'scripts/sample-activity.ts'), '--as', 'LeeG', '--text', 'whoami'], { cwd: root, env });
    const activity = JSON.parse(stdout) as { text: string; attachments?: unknown; from: { aadObjectId: string } };
    expect(activity).toMatchObject({ text: 'whoami', from: { aadObjectId: CONTOSO_PEOPLE.leeGu.id } });
    expect(activity.attachments).toBeUndefined();
    await fetch(`${stack.playgroundUrl}/_internal/v1/customActivities`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: stdout });
    const logFile = stack.playgroundLogFile ?? '';
    const reply = await waitFor(() => (loggedBotTexts(logFile).includes('Helpdesk Administrator') ? loggedBotTexts(logFile) : undefined), 'the whoami card for Lee Gu');
    expect(reply).toContain(CONTOSO_PEOPLE.leeGu.userPrincipalName);
  });

  it('refuses an unknown sample with the list of samples', async () => {
    const failure = await run(process.execPath, ['--import', 'tsx', join(root, 'scripts/sample-activity.ts'), 'nope.csv'], { cwd: root }).catch((error: unknown) => error as { code: number; stderr: string });
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain('restore-users.csv');
  });

  it('keeps one job data key per data folder, readable only by its owner, so a restarted stack opens its sealed rows', () => {
    const file = join(dataDir, 'job-data-key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const key = readFileSync(file, 'utf8').trim();
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(localJobDataKey(dataDir)).toBe(key);
  });

  it('builds the same activity as the script from the Playground template', async () => {
    const response = await fetch(`${stack.playgroundUrl}/_internal/v1/customActivities/template?conversationId=${encodeURIComponent(PLAYGROUND_IDS.personalChat)}`);
    const template = activityTemplateSchema.parse(await response.json());
    const activity = sampleActivity({ template, file: { downloadUrl: 'http://127.0.0.1:1/samples/x.csv', name: 'x.csv' } });
    expect(activity).toMatchObject({ type: 'message', serviceUrl: template.serviceUrl, conversation: { id: PLAYGROUND_IDS.personalChat } });
    expect(sampleActivity({ template, text: 'whoami' })).not.toHaveProperty('attachments');
  });

  it('stops every part on stop(): no port of the stack is left listening (runs last: it ends the shared stack)', async () => {
    const ports = [portOf(stack.botUrl), portOf(stack.playgroundUrl), portOf(stack.sandbox.url), ...Object.values(stack.azurite.ports)];
    for (const port of ports) expect(await accepts(port)).toBe(true);
    await stack.stop();
    for (const port of ports) expect(await accepts(port)).toBe(false);
  });

});

describe('starting the local stack', () => {
  let blocker: Server;
  let takenPort: number;

  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    takenPort = typeof address === 'object' && address ? address.port : 0;
  });

  afterAll(async () => {
    await new Promise((resolve) => blocker.close(resolve));
  });

  it('fails at once, before starting anything, when a port is taken (the Playground would silently move)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'entra-local-taken-'));
    try {
      const failure = await startLocalStack({ dataDir, ports: { playground: takenPort } }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(PortInUseError);
      expect((failure as Error).message).toBe(`Port ${takenPort} (PLAYGROUND_PORT) is already in use. Stop what uses it, or set PLAYGROUND_PORT to a free port.`);
      expect(existsSync(join(dataDir, 'azurite'))).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('names the Azurite port that clashes when AZURITE_PORT+1 is taken', async () => {
    let base = 0;
    while (base === 0 || base > 65000 || !(await isPortFree(base + 1)) || !(await isPortFree(base + 2))) base = await freePort();
    const queueBlocker = createServer();
    await new Promise<void>((resolve) => queueBlocker.listen(base + 1, '127.0.0.1', resolve));
    try {
      const failure = await startLocalStack({ dataDir: join(tmpdir(), 'never-created'), ports: { azurite: base } }).catch((error: unknown) => error);
      expect((failure as Error).message).toBe(`Port ${base + 1} (AZURITE_PORT+1, Azurite's Queue port) is already in use. Stop what uses it, or set AZURITE_PORT to a free port.`);
    } finally {
      await new Promise((resolve) => queueBlocker.close(resolve));
    }
  });

  it('reports the reason from the Playground log when its config is invalid', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'entra-local-badconfig-'));
    try {
      const config = buildPlaygroundConfig('t-1');
      const failure = await startPlayground({
        port: 0,
        botEndpoint: 'http://127.0.0.1:9/api/messages',
        config: { ...config, users: config.users.slice(0, 4) },
        dataDir,
      }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(LocalStackError);
      expect((failure as Error).message).toContain('must NOT have fewer than 5 items');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

});
