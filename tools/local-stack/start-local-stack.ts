import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox } from '../../src/sandbox';
import type { RunningSandbox } from '../../src/sandbox';
import { startAzurite } from './azurite';
import type { RunningAzurite } from './azurite';
import { startBotProcess } from './bot-process';
import type { RunningBot } from './bot-process';
import { localJobDataKey } from './job-data-key';
import { LocalStackError } from './local-stack-error';
import { buildPlaygroundConfig } from './playground-config';
import type { PlaygroundConfig } from './playground-config';
import { startPlayground } from './playground-process';
import type { RunningPlayground } from './playground-process';
import { ensurePortFree, freePort } from './ports';

export interface LocalStackPorts {
  bot?: number;
  sandbox?: number;
  playground?: number;
  /** Azurite's Blob port; Queue and Table take the next two. */
  azurite?: number;
}

export interface LocalStackOptions {
  /** Azurite data, the Playground's config and log: `.local` for npm start, a temp folder in tests. */
  dataDir: string;
  /** Unset ports are free ones picked at start; set ones must be free or start-up fails at once. */
  ports?: LocalStackPorts;
  /** Start the Agents Playground too (default true). */
  playground?: boolean;
  botLogLevel?: string;
  /** Each line the bot or the Playground prints, with where it came from. */
  onLine?: (source: 'bot' | 'playground', line: string) => void;
  /** Called once per step, for a start-up log. */
  onStep?: (step: string) => void;
}

export interface LocalStack {
  botUrl: string;
  botEndpoint: string;
  playgroundUrl: string | undefined;
  playgroundConfig: PlaygroundConfig;
  playgroundConfigPath: string | undefined;
  playgroundLogFile: string | undefined;
  sandbox: RunningSandbox;
  azurite: RunningAzurite;
  /** Resolves with what stopped by itself first, and why when known (the stack is then broken). */
  failed: Promise<string>;
  stop(): Promise<void>;
}

const PORT_SETTINGS: Record<keyof LocalStackPorts, string> = {
  bot: 'BOT_PORT',
  sandbox: 'SANDBOX_PORT',
  playground: 'PLAYGROUND_PORT',
  azurite: 'AZURITE_PORT',
};

async function resolvePorts(requested: LocalStackPorts, withPlayground: boolean): Promise<Required<LocalStackPorts> & { queue: number; table: number }> {
  const given: { port: number; what: string; setting: string }[] = [];
  for (const key of Object.keys(PORT_SETTINGS) as (keyof LocalStackPorts)[]) {
    const port = requested[key];
    if (port === undefined || (key === 'playground' && !withPlayground)) continue;
    const setting = PORT_SETTINGS[key];
    given.push({ port, what: setting, setting });
    if (key === 'azurite') {
      given.push({ port: port + 1, what: `${setting}+1, Azurite's Queue port`, setting }, { port: port + 2, what: `${setting}+2, Azurite's Table port`, setting });
    }
  }
  const seen = new Map<number, string>();
  for (const { port, what, setting } of given) {
    const other = seen.get(port);
    if (other) throw new LocalStackError(`${what} and ${other} are both ${port}; give each a different port.`);
    if (port > 65535) throw new LocalStackError(`${what} would be ${port}, beyond 65535; choose a lower ${setting}.`);
    seen.set(port, what);
  }
  // The Playground silently moves to a random port when its own is taken, so every port is checked before anything starts.
  for (const { port, what, setting } of given) await ensurePortFree(port, what, setting);
  const azurite = requested.azurite;
  return {
    bot: requested.bot ?? (await freePort()),
    sandbox: requested.sandbox ?? (await freePort()),
    playground: requested.playground ?? (await freePort()),
    azurite: azurite ?? (await freePort()),
    queue: azurite !== undefined ? azurite + 1 : await freePort(),
    table: azurite !== undefined ? azurite + 2 : await freePort(),
  };
}

/** Azurite, the Graph sandbox (Contoso), the bot in AUTH_MODE=sandbox and the Agents Playground, all on 127.0.0.1. */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const withPlayground = options.playground ?? true;
  const step = options.onStep ?? (() => undefined);
  const ports = await resolvePorts(options.ports ?? {}, withPlayground);
  mkdirSync(options.dataDir, { recursive: true });

  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async (): Promise<void> => {
    for (const part of started.splice(0).reverse()) await part.stop().catch(() => undefined);
  };
  try {
    step(`Azure Storage (Azurite) on ports ${ports.azurite}, ${ports.queue} and ${ports.table}, data in ${join(options.dataDir, 'azurite')}`);
    const azurite = await startAzurite({ location: join(options.dataDir, 'azurite'), ports: { blob: ports.azurite, queue: ports.queue, table: ports.table } });
    started.push(azurite);

    step(`Graph sandbox with the Contoso demo tenant on port ${ports.sandbox}`);
    const sandbox = await startSandbox({ port: ports.sandbox, tenant: 'contoso' }).catch((error: unknown) => {
      throw new LocalStackError(`The Graph sandbox could not start on port ${ports.sandbox}: ${error instanceof Error ? error.message : String(error)}`);
    });
    started.push(sandbox);

    step(`bot on port ${ports.bot}`);
    const bot: RunningBot = await startBotProcess({
      port: ports.bot,
      graphBaseUrl: sandbox.graphBaseUrl,
      storageConnectionString: azurite.connectionString,
      jobDataKey: localJobDataKey(options.dataDir),
      logLevel: options.botLogLevel ?? 'warn',
      ...(options.onLine ? { onLine: (line: string) => options.onLine?.('bot', line) } : {}),
    });
    started.push(bot);
    const botEndpoint = `${bot.url}/api/messages`;

    const playgroundConfig = buildPlaygroundConfig(sandbox.tenantId);
    let playground: RunningPlayground | undefined;
    if (withPlayground) {
      step(`Microsoft 365 Agents Playground on port ${ports.playground}`);
      playground = await startPlayground({
        port: ports.playground,
        botEndpoint,
        config: playgroundConfig,
        dataDir: options.dataDir,
        ...(options.onLine ? { onLine: (line: string) => options.onLine?.('playground', line) } : {}),
      });
      started.push(playground);
    }

    let stopping = false;
    const failed = new Promise<string>((resolve) => {
      const watch = (name: string, exited: Promise<unknown>, reason?: () => string | undefined): void => {
        void exited.then(() => {
          if (stopping) return;
          const why = reason?.();
          resolve(why ? `${name} (${why})` : name);
        });
      };
      watch('Azurite', azurite.exited);
      watch('the bot', bot.exited);
      if (playground) watch('the Agents Playground', playground.exited, playground.failureReason);
    });
    return {
      botUrl: bot.url,
      botEndpoint,
      playgroundUrl: playground?.url,
      playgroundConfig,
      playgroundConfigPath: playground?.configPath,
      playgroundLogFile: playground?.logFile,
      sandbox,
      azurite,
      failed,
      async stop() {
        stopping = true;
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
