import { createServer } from 'node:net';

export type PortSetting = { ok: true; port: number | undefined } | { ok: false; message: string };

/** A port from the environment; `undefined` when unset, so the caller picks the default. */
export function portSetting(env: NodeJS.ProcessEnv, name: string): PortSetting {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return { ok: true, port: undefined };
  const port = Number(raw.trim());
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return { ok: false, message: `${name} must be a whole number from 1 to 65535 (got '${raw}').` };
  }
  return { ok: true, port };
}

/** Binds and releases the port on 127.0.0.1; `false` when something already holds it. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export class PortInUseError extends Error {
  /** `what` names the port, e.g. "PLAYGROUND_PORT" or "AZURITE_PORT+1, Azurite's Queue port"; `setting` is what to change. */
  constructor(
    readonly port: number,
    readonly what: string,
    readonly setting: string = what,
  ) {
    super(`Port ${port} (${what}) is already in use. Stop what uses it, or set ${setting} to a free port.`);
    this.name = 'PortInUseError';
  }
}

export async function ensurePortFree(port: number, what: string, setting: string = what): Promise<void> {
  if (!(await isPortFree(port))) throw new PortInUseError(port, what, setting);
}
