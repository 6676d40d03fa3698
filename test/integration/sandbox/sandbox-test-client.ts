import type { RunningSandbox, SandboxOptions } from '../../../src/sandbox/index';
import { startSandbox } from '../../../src/sandbox/index';

export type Row = Record<string, unknown>;

export interface GraphErrorShape {
  code: string;
  message: string;
  innerError?: Record<string, string>;
  details?: { code: string; target?: string }[];
}

export interface GraphBody {
  value?: Row[];
  error?: GraphErrorShape;
  '@odata.nextLink'?: string;
  '@odata.count'?: number;
  '@odata.context'?: string;
  [key: string]: unknown;
}

export interface GraphResponse {
  status: number;
  headers: Headers;
  body: GraphBody;
  text: string;
}

export interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  token?: string | null;
}

export class SandboxTestClient {
  private readonly tokens = new Map<string, string>();

  constructor(readonly sandbox: RunningSandbox) {}

  static async start(options: SandboxOptions = {}): Promise<SandboxTestClient> {
    return new SandboxTestClient(await startSandbox({ throttling: false, ...options }));
  }

  async tokenFor(user: string, options?: { lifetimeSeconds?: number; scopes?: string[] }): Promise<string> {
    const key = `${user}|${JSON.stringify(options ?? {})}`;
    const cached = this.tokens.get(key);
    if (cached) return cached;
    const token = await this.sandbox.issueToken(user, options);
    this.tokens.set(key, token);
    return token;
  }

  /** Calls `path` (below /v1.0, or an absolute nextLink) as `user`. */
  async call(user: string, method: string, path: string, options: CallOptions = {}): Promise<GraphResponse> {
    const token = options.token === undefined ? await this.tokenFor(user) : options.token;
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let payload: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(options.body);
    }
    const url = path.startsWith('http') ? path : `${this.sandbox.graphBaseUrl}${path}`;
    const response = await fetch(url, { method, headers, body: payload });
    const text = await response.text();
    let body: GraphBody = {};
    if (text.length > 0 && (response.headers.get('content-type') ?? '').includes('json')) body = JSON.parse(text) as GraphBody;
    return { status: response.status, headers: response.headers, body, text };
  }

  get(user: string, path: string, options: CallOptions = {}): Promise<GraphResponse> {
    return this.call(user, 'GET', path, options);
  }

  post(user: string, path: string, body?: unknown, options: CallOptions = {}): Promise<GraphResponse> {
    return this.call(user, 'POST', path, { ...options, body });
  }

  async control(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${this.sandbox.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async stop(): Promise<void> {
    await this.sandbox.stop();
  }
}

export function ids(response: GraphResponse): unknown[] {
  return (response.body.value ?? []).map((row) => row.id);
}
