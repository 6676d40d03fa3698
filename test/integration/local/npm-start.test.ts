import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, isPortFree } from '../../../tools/local-stack/ports';

const root = join(__dirname, '../../..');

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

/** Processes whose process group is `pgid` (field 5 of /proc/<pid>/stat). */
function processGroup(pgid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(fields[2]) === pgid && fields[0] !== 'Z';
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function azuriteBase(): Promise<number> {
  for (;;) {
    const base = await freePort();
    if (base < 65000 && (await isPortFree(base + 1)) && (await isPortFree(base + 2))) return base;
  }
}

describe('npm start (tools/local-stack/main.ts)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'entra-npm-start-'));

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts everything on the given ports, prints the Playground URL, and Ctrl+C stops every process it started', async () => {
    const ports = { BOT_PORT: await freePort(), SANDBOX_PORT: await freePort(), PLAYGROUND_PORT: await freePort(), AZURITE_PORT: await azuriteBase() };
    // detached: its own process group, so SIGINT to the group is what a terminal's Ctrl+C does.
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'tools/local-stack/main.ts')], {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])), LOCAL_STACK_DIR: dataDir },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const pgid = child.pid ?? 0;
    try {
      const deadline = Date.now() + 90_000;
      while (!output.includes('Open the Agents Playground:') && child.exitCode === null && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(output).toContain(`Open the Agents Playground:  http://127.0.0.1:${ports.PLAYGROUND_PORT}`);
      expect(output).toContain('npm run -s sample-activity -- restore-users.csv');
      for (const port of [ports.BOT_PORT, ports.SANDBOX_PORT, ports.PLAYGROUND_PORT, ports.AZURITE_PORT, ports.AZURITE_PORT + 1, ports.AZURITE_PORT + 2]) {
        expect(await accepts(port)).toBe(true);
      }
      expect(existsSync(join(dataDir, 'azurite'))).toBe(true);
      expect(existsSync(join(dataDir, 'm365agentsplayground.yml'))).toBe(true);
      const started = processGroup(pgid);
      // the stack itself, Azurite, the bot and the Playground at least
      expect(started.length).toBeGreaterThanOrEqual(4);

      process.kill(-pgid, 'SIGINT');
      expect(await exited).toBe(0);
      expect(output).toContain('Stopping the local stack');
      const deadlineGone = Date.now() + 15_000;
      while (processGroup(pgid).length > 0 && Date.now() < deadlineGone) await new Promise((resolve) => setTimeout(resolve, 200));
      expect(processGroup(pgid)).toEqual([]);
      for (const port of [ports.BOT_PORT, ports.SANDBOX_PORT, ports.PLAYGROUND_PORT, ports.AZURITE_PORT]) expect(await accepts(port)).toBe(false);
    } finally {
      if (processGroup(pgid).length > 0) process.kill(-pgid, 'SIGKILL');
    }
  });

  it('fails fast with a clear message when a port variable is not a port', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'tools/local-stack/main.ts')], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, BOT_PORT: 'eighty', LOCAL_STACK_DIR: dataDir },
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(output).toContain("BOT_PORT must be a whole number from 1 to 65535 (got 'eighty')");
  });
});
