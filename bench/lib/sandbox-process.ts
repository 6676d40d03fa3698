import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { z } from 'zod';

const ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

export interface SandboxProcessOptions {
  users?: number;
  deleted?: number;
  latency: 'none' | 'realistic';
  timeScale: number;
  throttling?: boolean;
  seed?: number;
  /** How long seeding may take before giving up; 500,000 users take a while. */
  startTimeoutMs?: number;
}

export interface SandboxProcess {
  url: string;
  graphBaseUrl: string;
  pid: number | undefined;
  stop(): Promise<void>;
  control<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
  state(): Promise<SandboxState>;
}

const stateSchema = z.object({
  counts: z.record(z.string(), z.number()),
  deleted: z.record(z.string(), z.number()),
  invitationsSent: z.number(),
  auditEntries: z.number(),
});
export type SandboxState = z.infer<typeof stateSchema>;

/**
 * The Graph sandbox in a child process, so that its tenant (up to half a million users) is not counted in the
 * benchmark's own memory, and its event loop does not compete with the client's.
 */
export async function startSandboxProcess(options: SandboxProcessOptions): Promise<SandboxProcess> {
  const args = [
    path.join(ROOT, 'src', 'sandbox', 'cli.ts'),
    '--port',
    '0',
    '--latency',
    options.latency,
    '--time-scale',
    String(options.timeScale),
    '--seed',
    String(options.seed ?? 1),
    ...(options.users !== undefined ? ['--users', String(options.users)] : []),
    ...(options.deleted !== undefined ? ['--deleted', String(options.deleted)] : []),
    ...(options.throttling === false ? ['--no-throttling'] : []),
  ];
  const child = spawn(TSX, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=4096`.trim() },
  });
  const url = await waitForUrl(child, options.startTimeoutMs ?? 180_000);
  const graphBaseUrl = `${url}/v1.0`;

  async function control<T>(method: 'GET' | 'POST' | 'DELETE', controlPath: string, body?: unknown): Promise<T> {
    const response = await fetch(`${url}${controlPath}`, {
      method,
      ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`Sandbox ${method} ${controlPath} answered ${response.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }

  return {
    url,
    graphBaseUrl,
    pid: child.pid,
    control,
    state: async () => stateSchema.parse(await control<unknown>('GET', '/_sandbox/state')),
    stop: () => stopChild(child),
  };
}

function waitForUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      void stopChild(child);
      reject(new Error(`The sandbox did not start within ${timeoutMs} ms. Its output: ${out}${err}`.slice(0, 2000)));
    }, timeoutMs);
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      out += chunk;
      const match = /Graph sandbox listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: string) => {
      err += chunk;
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The sandbox exited (code ${String(code)}) before listening: ${err || out}`.slice(0, 2000)));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
