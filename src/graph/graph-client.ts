// Fetch-based on purpose: @microsoft/microsoft-graph-client's middleware retries whole HTTP calls only, cannot
// retry or pace individual `$batch` sub-requests, and hides the throttling headers the batch executor needs.
// Node 20's fetch plus this one class gives every caller the same auth, base URL, ids, timeouts and retry rules.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { silentLogger, systemClock } from './clock';
import type { Clock, GraphLogger } from './clock';
import type { ErrorContext, GraphOperation } from './error-reasons';
import { GraphError, graphErrorFromResponse } from './graph-error';
import { DEFAULT_RETRY, headerValue, retryAfterFromHeaders, retryDelayMs } from './retry-policy';
import type { RetryOptions } from './retry-policy';
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
}

export type GraphResponse<T> =
  | { ok: true; status: number; body: T; headers: Record<string, string>; requestId: string | undefined; attempts: number }
  | { ok: false; error: GraphError; headers: Record<string, string> };

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
  | { ok: false; error: GraphError; headers: Record<string, string> };

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

function headersToRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, key) => {
    record[key.toLowerCase()] = value;
  });
  return record;
}

function describeFetchFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: string }).code;
    return code ? `${code}: ${cause.message}` : cause.message;
  }
  return error.message;
}

export class GraphClient {
  readonly baseUrl: string;
  private readonly origin: string;
  private readonly retry: RetryOptions;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly logger: GraphLogger;
  private readonly tokenProvider: TokenProvider;

  constructor(options: GraphClientOptions) {
    this.baseUrl = (options.baseUrl ?? GRAPH_BASE_URL).replace(/\/+$/, '');
    this.origin = new URL(this.baseUrl).origin;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 100_000;
    this.fetchFn = options.fetch ?? fetch;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? silentLogger;
    this.tokenProvider = options.tokenProvider;
  }
  /** The scopes of the current access token, or undefined when they can't be read (not a JWT, no token). */
  async grantedScopes(): Promise<ReadonlySet<string> | undefined> {
    const token = await this.tokenProvider.getToken();
    return token.ok ? tokenScopes(token.token) : undefined;
  }


  /** One call with the client's retry policy (429/502/503/504/concurrency/connection), honouring Retry-After. */
  async request<T = unknown>(req: GraphRequest): Promise<GraphResponse<T>> {
    const bounds = req.retry === false ? { ...this.retry, maxAttempts: 1 } : { ...this.retry, ...req.retry };
    let refreshedToken = false;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.send(req);
      if (outcome.ok) return { ...outcome, body: outcome.body as T, attempts: attempt };
      const error = outcome.error;
      if (req.signal?.aborted) return { ok: false, error: this.finalError(error, req, attempt), headers: outcome.headers };
      if (error.status === 401 && !refreshedToken && this.tokenProvider.invalidate) {
        refreshedToken = true;
        this.tokenProvider.invalidate();
        continue;
      }
      if (!error.retryable || attempt >= bounds.maxAttempts) {
        return { ok: false, error: this.finalError(error, req, attempt), headers: outcome.headers };
      }
      const delay = retryDelayMs(attempt, error.retryAfterMs, bounds, this.random);
      this.logger.debug({ status: error.status, code: error.code, attempt, delay, url: req.url }, 'graph retry');
      await this.clock.sleep(delay, req.signal);
    }
  }

  /** Exactly one HTTP exchange, no retry. */
  async send(req: GraphRequest): Promise<{ ok: true; status: number; body: unknown; headers: Record<string, string>; requestId: string | undefined } | { ok: false; error: GraphError; headers: Record<string, string> }> {
    const url = this.resolveUrl(req.url);
    if (!url.ok) return { ok: false, error: url.error, headers: {} };
    const token = await this.tokenProvider.getToken();
    if (!token.ok) {
      const error = new GraphError({
        status: token.reason === 'unavailable' ? 0 : 401,
        code: token.reason === 'expired' ? 'TokenExpired' : token.reason === 'sign-in-required' ? 'SignInRequired' : 'TokenUnavailable',
        message: token.message,
        operation: req.operation,
        context: req.context,
      });
      return { ok: false, error, headers: {} };
    }
    const clientRequestId = randomUUID();
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...req.headers,
      authorization: `Bearer ${token.token}`,
      'client-request-id': clientRequestId,
    };
    if (req.consistencyLevel) headers['consistencylevel'] = req.consistencyLevel;
    let body: string | undefined;
    if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers['content-type'] = 'application/json';
    }
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    let response: Response;
    let text: string;
    try {
      response = await this.fetchFn(url.value, { method: req.method ?? 'GET', headers, body, signal });
      text = await response.text();
    } catch (error) {
      const cancelled = req.signal?.aborted === true;
      const timedOut = !cancelled && timeout.aborted;
      const graphError = new GraphError({
        status: 0,
        code: cancelled ? 'RequestCancelled' : timedOut ? 'Timeout' : 'ConnectionFailed',
        message: cancelled
          ? 'The request was cancelled.'
          : timedOut
            ? `No answer from Microsoft Graph within ${this.timeoutMs} ms.`
            : describeFetchFailure(error),
        clientRequestId,
        operation: req.operation,
        context: req.context,
      });
      return { ok: false, error: graphError, headers: {} };
    }
    const responseHeaders = headersToRecord(response.headers);
    const parsedBody = parseBody(text, responseHeaders['content-type']);
    if (response.status >= 400) {
      const error = graphErrorFromResponse({
        status: response.status,
        body: parsedBody,
        headers: { 'client-request-id': clientRequestId, ...responseHeaders },
        retryAfterMs: retryAfterFromHeaders(responseHeaders, this.clock.now()),
        operation: req.operation,
        context: req.context,
      });
      return { ok: false, error, headers: responseHeaders };
    }
    return {
      ok: true,
      status: response.status,
      body: parsedBody,
      headers: responseHeaders,
      requestId: responseHeaders['request-id'],
    };
  }

  /** One `POST /$batch` of at most 20 sub-requests, no retry: the batch executor retries per sub-request. */
  async batch(requests: readonly BatchSubRequest[], signal?: AbortSignal): Promise<BatchEnvelopeResult> {
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
    const outcome = await this.send({ method: 'POST', url: '/$batch', body, signal });
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

  private resolveUrl(url: string): { ok: true; value: string } | { ok: false; error: GraphError } {
    if (/^https?:\/\//i.test(url)) {
      // A nextLink from elsewhere must never receive the admin's token.
      if (new URL(url).origin !== this.origin) {
        return {
          ok: false,
          error: new GraphError({
            status: 400,
            code: 'ForeignUrl',
            message: `Refusing to send the token to ${new URL(url).origin}; the Graph base is ${this.origin}.`,
          }),
        };
      }
      return { ok: true, value: url };
    }
    return { ok: true, value: `${this.baseUrl}${url.startsWith('/') ? '' : '/'}${url}` };
  }

  private finalError(error: GraphError, req: GraphRequest, attempts: number): GraphError {
    return error.explainedFor(req.operation ?? error.operation, req.context ?? error.context, attempts);
  }
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return undefined;
  if (contentType?.includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}
