import { join } from 'node:path';
import { answers, startChild, waitUntil } from './child-process';
import type { LineSink } from './child-process';
import { LocalStackError } from './local-stack-error';

export interface BotProcessOptions {
  port: number;
  graphBaseUrl: string;
  storageConnectionString: string;
  /** JOB_DATA_KEY: seals secrets (initial passwords) in job rows. */
  jobDataKey: string;
  logLevel: string;
  onLine?: LineSink;
  timeoutMs?: number;
}

export interface RunningBot {
  url: string;
  /** Resolves if the bot stops by itself (or is stopped). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

const root = join(__dirname, '../..');

/** tools/ is never compiled, so the bot always runs from src/ through tsx (npm start, tests). */
function botCommand(): string[] {
  return ['--import', 'tsx', join(root, 'src/index.ts')];
}

/** The first line naming an error (a stack trace's headline) and the last few lines, not the whole trace. */
function errorSummary(output: string): string {
  const lines = output.trim().split(/\r?\n/);
  const headline = lines.find((line) => /\b[A-Z]\w*Error\b|cannot start/.test(line));
  const tail = lines.slice(-4);
  return [...(headline && !tail.includes(headline) ? [headline, '…'] : []), ...tail].join('\n');
}

/** The bot in local mode (no Bot Framework credentials, loopback only), acting as sandbox users. */
export async function startBotProcess(options: BotProcessOptions): Promise<RunningBot> {
  const child = startChild('bot', process.execPath, botCommand(), {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(options.port),
      HOST: '127.0.0.1',
      BOT_ID: '',
      BOT_PASSWORD: '',
      AUTH_MODE: 'sandbox',
      GRAPH_BASE_URL: options.graphBaseUrl,
      STORAGE: 'azure',
      AZURE_STORAGE_CONNECTION_STRING: options.storageConnectionString,
      JOB_DATA_KEY: options.jobDataKey,
      LOG_LEVEL: options.logLevel,
      // restify's http-deceiver reaches for process.binding; harmless, and noise in the one log a newcomer reads.
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --disable-warning=DEP0111`.trim(),
    },
    ...(options.onLine ? { onLine: options.onLine } : {}),
  });
  const url = `http://127.0.0.1:${options.port}`;
  const ready = await waitUntil(() => answers(`${url}/healthz`), child, options.timeoutMs ?? 90_000);
  if (!ready.ok) {
    await child.stop();
    const what = ready.reason === 'exited' ? `exited during start-up (exit code ${child.exitCode() ?? 'none'})` : `did not answer ${url}/healthz in time`;
    throw new LocalStackError(`The bot ${what}: ${errorSummary(child.output()) || 'no output'}`);
  }
  return { url, exited: child.whenExited, stop: () => child.stop() };
}
