import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startLocalAzurite } from './jobs/local-azurite';
import type { LocalAzurite } from './jobs/local-azurite';
import { startSandbox } from './sandbox';
import type { RunningSandbox } from './sandbox';

/** `npm start`: the whole product on loopback, with a demo tenant instead of yours. */

const root = join(__dirname, '..');

function portFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    fail(`${name} must be a whole number from 1 to 65535 (got '${raw}')`);
  }
  return port;
}

function fail(message: string): never {
  console.error(`\nCannot start the local stack: ${message}`);
  process.exit(1);
}

function ensureFree(port: number, name: string): Promise<void> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => fail(`port ${port} (${name}) is already in use. Stop what uses it, or set ${name} to a free port.`));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) fail('the bot exited during start-up (see its messages above).');
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  fail(`the bot did not answer ${url} within ${timeoutMs / 1000} s.`);
}

async function main(): Promise<void> {
  const botPort = portFrom('BOT_PORT', 3978);
  const sandboxPort = portFrom('SANDBOX_PORT', 5380);
  await ensureFree(botPort, 'BOT_PORT');
  await ensureFree(sandboxPort, 'SANDBOX_PORT');

  const dataDir = join(root, '.local');
  mkdirSync(join(dataDir, 'azurite'), { recursive: true });
  const running: { azurite?: LocalAzurite; sandbox?: RunningSandbox; bot?: ChildProcess } = {};
  let stopping = false;

  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the local stack…');
    const { bot, sandbox, azurite } = running;
    if (bot && bot.exitCode === null) {
      bot.kill('SIGTERM');
      await new Promise((r) => bot.once('exit', r));
    }
    await sandbox?.stop();
    await azurite?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  console.log('Starting local Azure Storage (Azurite)…');
  const azurite = await startLocalAzurite({ location: join(dataDir, 'azurite') });
  running.azurite = azurite;
  console.log('Starting the Graph sandbox with the Contoso demo tenant…');
  const sandbox = await startSandbox({ port: sandboxPort, tenant: 'contoso' });
  running.sandbox = sandbox;

  console.log('Starting the bot…');
  const bot = spawn(join(root, 'node_modules/.bin/tsx'), [join(root, 'src/index.ts')], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      PORT: String(botPort),
      HOST: '127.0.0.1',
      BOT_ID: '',
      BOT_PASSWORD: '',
      AUTH_MODE: 'sandbox',
      GRAPH_BASE_URL: sandbox.graphBaseUrl,
      STORAGE: 'azure',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      // restify's http-deceiver reaches for process.binding; harmless, and noise in the one log a newcomer reads.
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --disable-warning=DEP0111`.trim(),
    },
  });
  running.bot = bot;
  bot.once('exit', (code) => {
    if (!stopping) {
      console.error(`The bot stopped (exit code ${code ?? 'none'}).`);
      void stop(1);
    }
  });
  await waitForHealth(`http://127.0.0.1:${botPort}/healthz`, bot, 60_000);

  console.log(`
Entra Bulk Admin is running locally (everything on 127.0.0.1; Ctrl+C stops it all):
  bot          http://127.0.0.1:${botPort}/api/messages
  Graph sandbox ${sandbox.graphBaseUrl}   (Contoso demo tenant; state: ${sandbox.url}/_sandbox/state)
  job storage  Azurite, data in .local/azurite (kept between runs)

Try, as the User Administrator Alex Wilber:
  npm run bulk -- template restore > restore.csv     (then put object ids in it)
  npm run bulk -- plan restore restore.csv --graph-url ${sandbox.graphBaseUrl} --sandbox-user AlexW@contoso.onmicrosoft.com
  npm run bulk -- export users --out users.csv --graph-url ${sandbox.graphBaseUrl} --sandbox-user AlexW@contoso.onmicrosoft.com
In chat: "restore Adele Vance", "deleted users", "download users".
`);
}

void main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
