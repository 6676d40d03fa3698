import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// Azurite's well-known development account; not a secret.
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface LocalAzurite {
  connectionString: string;
  location: string;
  ports: { blob: number; queue: number; table: number };
  stop(): Promise<void>;
}

export interface LocalAzuriteOptions {
  /** Data folder kept between runs (e.g. `.local/azurite`); a throw-away temp folder when omitted. */
  location?: string;
  /** Fixed ports, e.g. to start Azurite again where a stopped one was (same data folder, same connection string). */
  ports?: { blob: number; queue: number; table: number };
  startTimeoutMs?: number;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolveAccepts) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolveAccepts(true);
    });
    socket.once('error', () => resolveAccepts(false));
  });
}

export function azuriteConnectionString(ports: { blob: number; queue: number; table: number }): string {
  return [
    'DefaultEndpointsProtocol=http',
    `AccountName=${AZURITE_ACCOUNT}`,
    `AccountKey=${AZURITE_KEY}`,
    `BlobEndpoint=http://127.0.0.1:${ports.blob}/${AZURITE_ACCOUNT}`,
    `QueueEndpoint=http://127.0.0.1:${ports.queue}/${AZURITE_ACCOUNT}`,
    `TableEndpoint=http://127.0.0.1:${ports.table}/${AZURITE_ACCOUNT}`,
  ].join(';');
}

function azuriteEntryPoint(): string {
  try {
    return join(dirname(require.resolve('azurite/package.json')), 'dist/src/azurite.js');
  } catch {
    throw new Error('Azurite is not installed (it is a dev dependency); run `npm install` or set AZURE_STORAGE_CONNECTION_STRING.');
  }
}

/**
 * Starts Azurite (Blob, Queue, Table) on three free loopback ports. Azurite can't pick its own free ports,
 * so they are found first by binding port 0. The process is killed on stop() and when this process exits.
 */
export async function startLocalAzurite(options: LocalAzuriteOptions = {}): Promise<LocalAzurite> {
  const ports = options.ports ?? { blob: await freePort(), queue: await freePort(), table: await freePort() };
  const ownsLocation = options.location === undefined;
  const location = options.location ?? mkdtempSync(join(tmpdir(), 'azurite-'));
  mkdirSync(location, { recursive: true });
  const child = spawn(
    process.execPath,
    [
      azuriteEntryPoint(),
      '--silent',
      '--location', location,
      '--blobHost', '127.0.0.1', '--blobPort', String(ports.blob),
      '--queueHost', '127.0.0.1', '--queuePort', String(ports.queue),
      '--tableHost', '127.0.0.1', '--tablePort', String(ports.table),
      // The storage SDKs send a newer API version than Azurite 3.35 knows; telemetry can't reach its endpoint offline.
      '--skipApiVersionCheck',
      '--disableTelemetry',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  let exited = false;
  const exitedPromise = new Promise<void>((resolveExit) => {
    child.once('exit', () => {
      exited = true;
      resolveExit();
    });
  });
  const killOnExit = (): void => {
    if (!exited) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exitedPromise;
      clearTimeout(timer);
    }
    if (ownsLocation) rmSync(location, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`Azurite exited before it was ready: ${stderr.trim() || 'no output'}`);
    }
    const ready = await Promise.all([accepts(ports.blob), accepts(ports.queue), accepts(ports.table)]);
    if (ready.every(Boolean)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Azurite didn't listen on ports ${JSON.stringify(ports)} in time: ${stderr.trim() || 'no output'}`);
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  return { connectionString: azuriteConnectionString(ports), location, ports, stop };
}
