import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startChild, waitUntil } from './child-process';
import { LocalStackError } from './local-stack-error';
import { freePort } from './ports';

// Azurite's well-known development account; not a secret.
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuritePorts {
  blob: number;
  queue: number;
  table: number;
}

export interface AzuriteOptions {
  /** Data folder kept between runs (e.g. `.local/azurite`); a throw-away temp folder, removed on stop(), when omitted. */
  location?: string;
  /** Fixed ports, e.g. to start Azurite again where a stopped one was (same data folder, same connection string). */
  ports?: AzuritePorts;
  startTimeoutMs?: number;
}

export interface RunningAzurite {
  connectionString: string;
  location: string;
  ports: AzuritePorts;
  /** Resolves if Azurite stops by itself (or is stopped). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export function azuriteConnectionString(ports: AzuritePorts): string {
  return [
    'DefaultEndpointsProtocol=http',
    `AccountName=${AZURITE_ACCOUNT}`,
    `AccountKey=${AZURITE_KEY}`,
    `BlobEndpoint=http://127.0.0.1:${ports.blob}/${AZURITE_ACCOUNT}`,
    `QueueEndpoint=http://127.0.0.1:${ports.queue}/${AZURITE_ACCOUNT}`,
    `TableEndpoint=http://127.0.0.1:${ports.table}/${AZURITE_ACCOUNT}`,
  ].join(';');
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

function azuriteEntryPoint(): string {
  try {
    return join(dirname(require.resolve('azurite/package.json')), 'dist/src/azurite.js');
  } catch {
    throw new LocalStackError('Azurite is not installed (it is a dev dependency); run `npm install` or set AZURE_STORAGE_CONNECTION_STRING.');
  }
}

/**
 * Azurite (Blob, Queue, Table) on loopback, for `npm start` and the tests. Azurite can't pick its own free ports,
 * so unless they are given they are found first by binding port 0. The process is killed on stop() and when this
 * process exits.
 */
export async function startAzurite(options: AzuriteOptions = {}): Promise<RunningAzurite> {
  const ports = options.ports ?? { blob: await freePort(), queue: await freePort(), table: await freePort() };
  const ownsLocation = options.location === undefined;
  const location = options.location ?? mkdtempSync(join(tmpdir(), 'azurite-'));
  mkdirSync(location, { recursive: true });
  const child = startChild(
    'azurite',
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
    {},
  );
  const stop = async (): Promise<void> => {
    await child.stop(5_000);
    if (ownsLocation) rmSync(location, { recursive: true, force: true });
  };
  const ready = await waitUntil(
    async () => (await Promise.all([accepts(ports.blob), accepts(ports.queue), accepts(ports.table)])).every(Boolean),
    child,
    options.startTimeoutMs ?? 30_000,
  );
  if (!ready.ok) {
    await stop();
    const what = ready.reason === 'exited' ? 'exited during start-up' : `did not listen on ports ${JSON.stringify(ports)} in time`;
    throw new LocalStackError(`Azurite ${what}: ${child.output().trim() || 'no output'}`);
  }
  return { connectionString: azuriteConnectionString(ports), location, ports, exited: child.whenExited, stop };
}
