import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';
import { azuriteConnectionString } from '../../src/jobs/local-azurite';
import { startChild, waitUntil } from './child-process';
import type { ManagedChild } from './child-process';
import { LocalStackError } from './local-stack-error';

export interface AzuritePorts {
  blob: number;
  queue: number;
  table: number;
}

export interface RunningAzurite {
  connectionString: string;
  ports: AzuritePorts;
  exited: Promise<number | null>;
  stop(): Promise<void>;
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

/** Azurite (Blob, Queue, Table) on the given loopback ports, its data kept in `location` between runs. */
export async function startAzuriteProcess(options: { location: string; ports: AzuritePorts; timeoutMs?: number }): Promise<RunningAzurite> {
  const { location, ports } = options;
  mkdirSync(location, { recursive: true });
  const entry = join(dirname(require.resolve('azurite/package.json')), 'dist/src/azurite.js');
  const child: ManagedChild = startChild(
    'azurite',
    process.execPath,
    [
      entry,
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
  const ready = await waitUntil(
    async () => (await Promise.all([accepts(ports.blob), accepts(ports.queue), accepts(ports.table)])).every(Boolean),
    child,
    options.timeoutMs ?? 30_000,
  );
  if (!ready.ok) {
    await child.stop();
    throw new LocalStackError(
      `Azurite ${ready.reason === 'exited' ? 'exited during start-up' : 'did not listen in time'}: ${child.output().trim() || 'no output'}`,
    );
  }
  return { connectionString: azuriteConnectionString(ports), ports, exited: child.whenExited, stop: () => child.stop() };
}
