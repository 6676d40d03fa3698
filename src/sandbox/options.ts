import type { TenantSize } from './throttle/throttle-governor';
import type { LatencyMode } from './latency';

export interface SandboxOptions {
  port?: number;
  host?: '127.0.0.1';
  seed?: number;
  tenant?: 'contoso' | 'generated';
  users?: number;
  deleted?: number;
  tenantSize?: TenantSize;
  latency?: LatencyMode;
  timeScale?: number;
  shuffleBatchResponses?: boolean;
  tokenLifetimeSeconds?: number;
  throttling?: boolean;
  /** The tenant holds Entra ID P1 (default), which `signInActivity` needs; also switchable at POST /_sandbox/tenant. */
  entraIdP1?: boolean;
}

export interface IssueTokenOptions {
  lifetimeSeconds?: number;
  scopes?: string[];
  appId?: string;
}

export interface RunningSandbox {
  /** http://127.0.0.1:<port>; Graph is under url + '/v1.0'. */
  url: string;
  graphBaseUrl: string;
  tenantId: string;
  stop(): Promise<void>;
  issueToken(user: string, options?: IssueTokenOptions): Promise<string>;
}

export type ResolvedSandboxOptions = Required<Omit<SandboxOptions, 'tenantSize'>> & { tenantSize: TenantSize | undefined };

export function resolveOptions(options: SandboxOptions): ResolvedSandboxOptions {
  const latency = options.latency ?? 'none';
  return {
    port: options.port ?? 0,
    host: '127.0.0.1',
    seed: options.seed ?? 1,
    tenant: options.tenant ?? (options.users !== undefined || options.deleted !== undefined ? 'generated' : 'contoso'),
    users: options.users ?? 0,
    deleted: options.deleted ?? 0,
    tenantSize: options.tenantSize,
    latency,
    timeScale: options.timeScale ?? 1,
    shuffleBatchResponses: options.shuffleBatchResponses ?? latency === 'realistic',
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    throttling: options.throttling ?? true,
    entraIdP1: options.entraIdP1 ?? true,
  };
}

/** S under 50 users, M 50–500, L over 500 (graph-api.md §5.2). */
export function tenantSizeFor(userCount: number): TenantSize {
  if (userCount < 50) return 'S';
  return userCount <= 500 ? 'M' : 'L';
}
