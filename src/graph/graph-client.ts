// The transport is @microsoft/microsoft-graph-client, built with Client.initWithMiddleware and our own chain:
// retry (typed errors, Retry-After) → pacing (a request's claim on a pacer) → auth (the SDK's Graph-host check,
// per-user tokens) → fetch (timeout, raw answer). Responses come back RAW, so every throttling header reaches the batch
// executor and the pager, which stay ours: the SDK's batch helpers cannot retry individual `$batch` sub-requests.
import { Client, ResponseType } from '@microsoft/microsoft-graph-client';
import type { GraphRequest as SdkRequest } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import { AuthMiddleware } from './auth-middleware';
import { silentLogger, systemClock } from './clock';
import type { Clock, GraphLogger } from './clock';
import type { ErrorContext, GraphOperation } from './error-reasons';
import { FetchMiddleware } from './fetch-middleware';
import { GraphCall } from './graph-call';
import type { GraphExchange } from './graph-call';
import { GraphError } from './graph-error';
import { customHostsFor } from './graph-hosts';
import { PacingMiddleware, PacingOption } from './pacing-middleware';
import type { PacingClaim } from './pacing-middleware';
import { RetryMiddleware } from './retry-middleware';
import { DEFAULT_RETRY, headerValue } from './retry-policy';
import type { RetryOptions } from './retry-policy';
import { TokenProviderAuthentication } from './token-authentication';
import { tokenScopes } from './token-scopes';
import type { TokenProvider } from './token-provider';

export const GRAPH_BASE_URL = 'https://graph.microsoft.com/v1.0';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface GraphRequest {
  method?: HttpMethod;
  /** A path relative to the base URL (`/users?$top=5`) or an absolute `@odata.nextLink` on the same origin. */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  consistencyLevel?: 'eventual';
  signal?: AbortSignal;
  /** `false` sends once; an object overrides the client's retry bounds for this call. */
  retry?: false | Partial<RetryOptions>;
  operation?: GraphOperation;
  context?: ErrorContext;
  /** Each attempt waits for this claim on a pacer before it is sent (see pacing-middleware.ts). */
  pacing?: PacingClaim;
}

export type GraphResponse<T> =
  | { ok: true; status: number; body: T; headers: Record<string, string>; requestId: string | undefined; attempts: number }
  | { ok: false; error: GraphError; headers: Record<string, string>; unsent?: true };

export interface BatchSubRequest {
  id: string;
  method: HttpMethod;
  /** Relative to the API version, e.g. `/directory/deletedItems/{id}/restore`. */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface BatchSubResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export type BatchEnvelopeResult =
  | { ok: true; responses: Map<string, BatchSubResponse>; headers: Record<string, string> }
  | {
      ok: false;
      error: GraphError;
      headers: Record<string, string>;
      /** Nothing was sent: the envelope's pacing wait was given up. */
      unsent?: true;
    };

export interface BatchSendOptions {
  /** Cancels the envelope, in flight too. */
  signal?: AbortSignal;
  /** The envelope waits for this claim before it is sent; its weight is the number of sub-requests. */
  pacing?: PacingClaim;
}

export interface GraphClientOptions {
  tokenProvider: TokenProvider;
  /** `https://graph.microsoft.com/v1.0`, a national cloud (`https://graph.microsoft.us/v1.0`…) or the sandbox. */
  baseUrl?: string;
  retry?: Partial<RetryOptions>;
  timeoutMs?: number;
  fetch?: typeof fetch;
  clock?: Clock;
  random?: () => number;
  logger?: GraphLogger;
}

const batchResponseSchema = z.object({
  responses: z.array(
    z.object({
      id: z.string(),
      status: z.number().int(),
      headers: z.record(z.string(), z.union([z.string(), z.number()]).transform(String)).optional(),
      body: z.unknown().optional(),
    }),
  ),
});

export const MAX_BATCH_SIZE = 20;

export class GraphClient {
  readonly baseUrl: string;
  private readonly origin: string;
  private readonly retry: RetryOptions;
  private readonly tokenProvider: TokenProvider;
  private readonly sdk: Client;

  constructor(options: GraphClientOptions) {
    this.baseUrl = (options.baseUrl ?? GRAPH_BASE_URL).replace(/\/+$/, '');
    this.origin = new URL(this.baseUrl).origin;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.tokenProvider = options.tokenProvider;
    const clock = options.clock ?? systemClock;
    const authentication = new TokenProviderAuthentication(options.tokenProvider);
    const customHosts = customHostsFor(this.baseUrl);
    const retry = new RetryMiddleware(authentication, clock, options.random ?? Math.random, options.logger ?? silentLogger);
    // Pacing after retry, so that every attempt is paced; before auth, so that the token is fetched once it may go.
    const pacing = new PacingMiddleware();
    const auth = new AuthMiddleware(authentication, customHosts);
    retry.setNext(pacing);
    pacing.setNext(auth);
    auth.setNext(new FetchMiddleware(options.fetch ?? fetch, options.timeoutMs ?? 100_000, clock));
    // The base URL carries the version, so the SDK's own version segment stays empty.
    this.sdk = Client.initWithMiddleware({ middleware: retry, baseUrl: this.baseUrl, defaultVersion: '', customHosts });
  }
  /** The scopes of the current access token, or undefined when they can't be read (not a JWT, no token). */
  async grantedScopes(): Promise<ReadonlySet<string> | undefined> {
    const token = await this.tokenProvider.getToken();
    return token.ok ? tokenScopes(token.token) : undefined;
  }

  /** One call with the client's retry policy (429/502/503/504/concurrency/connection), honouring Retry-After. */
  async request<T = unknown>(req: GraphRequest): Promise<GraphResponse<T>> {
    const bounds = req.retry === false ? { ...this.retry, maxAttempts: 1 } : { ...this.retry, ...req.retry };
    const call = await this.call(req, bounds);
    const outcome = call.exchange;
    if (outcome.ok) return { ...outcome, body: outcome.body as T, attempts: call.attempts };
    const error = this.finalError(outcome.error, req, Math.max(1, call.attempts));
    return { ok: false, error, headers: outcome.headers, ...(outcome.unsent ? { unsent: true as const } : {}) };
  }

  /** Exactly one HTTP exchange, no retry. */
  async send(req: GraphRequest): Promise<GraphExchange> {
    return (await this.call(req, undefined)).exchange;
  }

  /** One `POST /$batch` of at most 20 sub-requests, no retry: the batch executor retries per sub-request. */
  async batch(requests: readonly BatchSubRequest[], options: BatchSendOptions = {}): Promise<BatchEnvelopeResult> {
    if (requests.length === 0 || requests.length > MAX_BATCH_SIZE) {
      const error = new GraphError({
        status: 400,
        code: 'InvalidBatchSize',
        message: `A $batch must hold 1 to ${MAX_BATCH_SIZE} requests, not ${requests.length}.`,
      });
      return { ok: false, error, headers: {} };
    }
    const body = {
      requests: requests.map((r) => {
        const headers = { ...r.headers };
        if (r.body !== undefined && headerValue(headers, 'content-type') === undefined) {
          headers['Content-Type'] = 'application/json';
        }
        return {
          id: r.id,
          method: r.method,
          url: r.url,
          ...(Object.keys(headers).length > 0 ? { headers } : {}),
          ...(r.body !== undefined ? { body: r.body } : {}),
        };
      }),
    };
    const outcome = await this.send({ method: 'POST', url: '/$batch', body, signal: options.signal, pacing: options.pacing });
    if (!outcome.ok) return outcome;
    const parsed = batchResponseSchema.safeParse(outcome.body);
    if (!parsed.success) {
      const error = new GraphError({
        status: 502,
        code: 'InvalidBatchResponse',
        message: 'The $batch response did not contain a responses array.',
        requestId: outcome.requestId,
      });
      return { ok: false, error, headers: outcome.headers };
    }
    const responses = new Map<string, BatchSubResponse>();
    for (const r of parsed.data.responses) {
      if (!responses.has(r.id)) responses.set(r.id, { id: r.id, status: r.status, headers: r.headers ?? {}, body: r.body });
    }
    return { ok: true, responses, headers: outcome.headers };
  }

  private async call(req: GraphRequest, retry: RetryOptions | undefined): Promise<GraphCall & { exchange: GraphExchange }> {
    const resolved = this.resolveUrl(req.url);
    const target = resolved.ok ? resolved.target : req.url;
    const call = new GraphCall({ url: req.url, target, signal: req.signal, retry, operation: req.operation, context: req.context });
    if (!resolved.ok) return Object.assign(call, { exchange: { ok: false as const, error: resolved.error, headers: {} } });
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
    if (req.consistencyLevel) headers['consistencylevel'] = req.consistencyLevel;
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const middlewareOptions = req.pacing ? [call, new PacingOption(req.pacing)] : [call];
    const request = this.sdk.api(resolved.sdkPath).responseType(ResponseType.RAW).middlewareOptions(middlewareOptions).headers(headers);
    try {
      await sendWith(request, req.method ?? 'GET', body);
    } catch (error) {
      // Our middleware reports failures as typed data; a throw here is the SDK's own (e.g. a malformed request).
      call.exchange ??= {
        ok: false,
        headers: {},
        error: new GraphError({ status: 0, code: 'TransportFailed', message: error instanceof Error ? error.message : String(error) }),
      };
    }
    const exchange: GraphExchange = call.exchange ?? {
      ok: false,
      headers: {},
      error: new GraphError({ status: 0, code: 'TransportFailed', message: 'The request ended without an answer.' }),
    };
    return Object.assign(call, { exchange });
  }

  /**
   * The absolute URL to send, and the path the SDK's request builder gets: relative to the base URL, or absolute for
   * another version on the same https host.
   */
  private resolveUrl(url: string): { ok: true; target: string; sdkPath: string } | { ok: false; error: GraphError } {
    if (!/^https?:\/\//i.test(url)) return { ok: true, target: `${this.baseUrl}${url.startsWith('/') ? '' : '/'}${url}`, sdkPath: url };
    // A nextLink from elsewhere must never receive the admin's token.
    const origin = new URL(url).origin;
    if (origin === this.origin) {
      if (url.startsWith(`${this.baseUrl}/`) || url === this.baseUrl) return { ok: true, target: url, sdkPath: url.slice(this.baseUrl.length) };
      if (url.startsWith('https://')) return { ok: true, target: url, sdkPath: url };
    }
    return {
      ok: false,
      error: new GraphError({
        status: 400,
        code: 'ForeignUrl',
        message: `Refusing to send the token to ${origin}; the Graph base is ${this.origin}.`,
      }),
    };
  }

  private finalError(error: GraphError, req: GraphRequest, attempts: number): GraphError {
    return error.explainedFor(req.operation ?? error.operation, req.context ?? error.context, attempts);
  }
}

function sendWith(request: SdkRequest, method: HttpMethod, body: string | undefined): Promise<unknown> {
  switch (method) {
    case 'GET':
      return request.get();
    case 'DELETE':
      return body === undefined ? request.delete() : request.option('body', body).delete();
    case 'POST':
      return request.post(body);
    case 'PUT':
      return request.put(body);
    case 'PATCH':
      return request.patch(body);
  }
}
