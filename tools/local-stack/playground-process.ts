import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { answers, startChild, waitUntil } from './child-process';
import type { LineSink } from './child-process';
import { LocalStackError } from './local-stack-error';
import type { PlaygroundConfig } from './playground-config';
import { playgroundConfigYaml } from './playground-config';

export interface PlaygroundOptions {
  port: number;
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  botEndpoint: string;
  config: PlaygroundConfig;
  /** Folder for the generated config, the log file and the Playground's working directory. */
  dataDir: string;
  onLine?: LineSink;
  timeoutMs?: number;
}

export interface RunningPlayground {
  url: string;
  configPath: string;
  logFile: string;
  exited: Promise<number | null>;
  /** The error the Playground logged last, if any. */
  failureReason(): string | undefined;
  stop(): Promise<void>;
}

function playgroundCli(): string {
  return join(dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
}

/** The preload sits beside this file (tools/ runs through tsx, never from a build). */
export function loopbackPreload(): string {
  return join(__dirname, 'loopback-only.cjs');
}

/** Config errors appear only in the Playground's log file, as `error Reason: ConfigFileParseError …` lines. */
export function playgroundFailureReason(logText: string): string | undefined {
  const lines = logText.split(/\r?\n/).filter((line) => /\berror\b/i.test(line));
  const reason = lines.filter((line) => /Reason:/.test(line)).pop() ?? lines.pop();
  return reason?.replace(/^.*?Reason:\s*/, '').trim() || undefined;
}

/**
 * Microsoft 365 Agents Playground, offline: no browser, no telemetry, its config generated, bound to 127.0.0.1 by a
 * preload (it listens on all interfaces by default). It silently moves to a random port when its port is taken,
 * so the caller checks the port first and this checks the port it reports.
 */
export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  const configPath = join(options.dataDir, 'm365agentsplayground.yml');
  const logFile = join(options.dataDir, 'm365agentsplayground.log');
  writeFileSync(configPath, playgroundConfigYaml(options.config));
  writeFileSync(logFile, '');
  let announcedPort: number | undefined;
  const child = startChild(
    'playground',
    process.execPath,
    [
      '--require', loopbackPreload(),
      playgroundCli(),
      '-e', options.botEndpoint,
      '-c', 'msteams',
      '-p', String(options.port),
      '--disable-telemetry',
    ],
    {
      cwd: options.dataDir,
      env: {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
        M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
      },
      onLine: (line) => {
        const listening = /Listening on (\d+)/.exec(line);
        if (listening) announcedPort = Number(listening[1]);
        else options.onLine?.(line);
      },
    },
  );
  const failureReason = (): string | undefined => (existsSync(logFile) ? playgroundFailureReason(readFileSync(logFile, 'utf8')) : undefined);
  const url = `http://127.0.0.1:${options.port}`;
  const ready = await waitUntil(() => answers(`${url}/_debug/ping`, 'pong'), child, options.timeoutMs ?? 60_000);
  if (!ready.ok) {
    await child.stop();
    const logged = failureReason();
    const moved = announcedPort !== undefined && announcedPort !== options.port ? ` It listened on ${announcedPort} instead of ${options.port}: the port was taken.` : '';
    const what = ready.reason === 'exited' ? 'exited during start-up' : `did not answer ${url}/_debug/ping in time`;
    throw new LocalStackError(
      `The Agents Playground ${what}.${moved} ${logged ? `Reason: ${logged}` : `Output: ${child.output().trim() || 'none'}`} (log: ${logFile})`,
    );
  }
  return { url, configPath, logFile, exited: child.whenExited, failureReason, stop: () => child.stop() };
}
