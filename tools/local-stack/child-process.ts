import { spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';

export interface ManagedChild {
  name: string;
  process: ChildProcess;
  /** The last few kilobytes of stdout and stderr, for a start-up failure message. */
  output(): string;
  exited(): boolean;
  exitCode(): number | null;
  /** Resolves on exit, with the code (or null when killed by a signal). */
  whenExited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

export type LineSink = (line: string) => void;

/** Spawns a child of the stack; it is killed too if this process exits without stopping it. */
export function startChild(name: string, command: string, args: readonly string[], options: SpawnOptions & { onLine?: LineSink }): ManagedChild {
  const { onLine, ...spawnOptions } = options;
  const child = spawn(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  let partial = '';
  const collect = (chunk: Buffer): void => {
    const text = chunk.toString();
    tail = (tail + text).slice(-8_000);
    if (!onLine) return;
    const lines = (partial + text).split(/\r?\n/);
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') onLine(line);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited = false;
  let code: number | null = null;
  const killOnExit = (): void => {
    if (!exited) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const whenExited = new Promise<number | null>((resolve) => {
    const done = (exitCode: number | null): void => {
      if (exited) return;
      exited = true;
      code = exitCode;
      process.removeListener('exit', killOnExit);
      if (onLine && partial.trim() !== '') onLine(partial);
      resolve(exitCode);
    };
    child.once('exit', (exitCode) => done(exitCode));
    child.once('error', (error) => {
      tail += `\n${error.message}`;
      done(null);
    });
  });
  return {
    name,
    process: child,
    output: () => tail,
    exited: () => exited,
    exitCode: () => code,
    whenExited,
    async stop(graceMs = 8_000) {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await whenExited;
      clearTimeout(timer);
    },
  };
}

/** Polls `check` until it is true; fails early when the child exits, and after `timeoutMs`. */
export async function waitUntil(
  check: () => Promise<boolean>,
  child: ManagedChild,
  timeoutMs: number,
): Promise<{ ok: true } | { ok: false; reason: 'exited' | 'timeout' }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exited()) return { ok: false, reason: 'exited' };
    if (await check().catch(() => false)) return { ok: true };
    if (Date.now() > deadline) return { ok: false, reason: 'timeout' };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function answers(url: string, expectBody?: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  if (!response.ok) return false;
  const body = await response.text();
  return expectBody === undefined || body.trim() === expectBody;
}
