import { randomUUID } from 'node:crypto';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { Clock } from './clock';
import { graphCallOf } from './graph-call';
import { GraphError, graphErrorFromResponse } from './graph-error';
import { retryAfterFromHeaders } from './retry-policy';

/**
 * The end of the chain, in place of the SDK's HTTPMessageHandler: one `fetch` with a timeout and the caller's
 * signal, a fresh `client-request-id`, and the whole answer read once, so status, body and every throttling header
 * (`Retry-After`, `x-ms-throttle-limit-percentage`…) reach the middleware above and the caller as typed data.
 */
export class FetchMiddleware implements Middleware {
  constructor(
    private readonly fetchFn: typeof fetch,
    private readonly timeoutMs: number,
    private readonly clock: Clock,
  ) {}

  async execute(context: Context): Promise<void> {
    const call = graphCallOf(context);
    const url = call?.spec.target ?? (typeof context.request === 'string' ? context.request : context.request.url);
    const options = context.options ?? {};
    const clientRequestId = randomUUID();
    const headers = lowerCaseHeaders(options.headers);
    headers['client-request-id'] = clientRequestId;
    // The SDK types every POST as JSON; a POST without a body (e.g. `/restore`) is sent without a content type.
    if (options.body === undefined || options.body === null) delete headers['content-type'];
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const callerSignal = call?.spec.signal;
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
    let response: Response;
    let text: string;
    try {
      response = await this.fetchFn(url, { method: options.method ?? 'GET', headers, body: options.body, signal });
      text = await response.text();
    } catch (error) {
      const cancelled = callerSignal?.aborted === true;
      const timedOut = !cancelled && timeout.aborted;
      if (!call) throw error;
      call.exchange = {
        ok: false,
        headers: {},
        error: new GraphError({
          status: 0,
          code: cancelled ? 'RequestCancelled' : timedOut ? 'Timeout' : 'ConnectionFailed',
          message: cancelled
            ? 'The request was cancelled.'
            : timedOut
              ? `No answer from Microsoft Graph within ${this.timeoutMs} ms.`
              : describeFetchFailure(error),
          clientRequestId,
          operation: call.spec.operation,
          context: call.spec.context,
        }),
      };
      return;
    }
    context.response = response;
    if (!call) return;
    const responseHeaders = lowerCaseHeaders(response.headers);
    const body = parseBody(text, responseHeaders['content-type']);
    if (response.status >= 400) {
      const error = graphErrorFromResponse({
        status: response.status,
        body,
        headers: { 'client-request-id': clientRequestId, ...responseHeaders },
        retryAfterMs: retryAfterFromHeaders(responseHeaders, this.clock.now()),
        operation: call.spec.operation,
        context: call.spec.context,
      });
      call.exchange = { ok: false, error, headers: responseHeaders };
      return;
    }
    call.exchange = { ok: true, status: response.status, body, headers: responseHeaders, requestId: responseHeaders['request-id'] };
  }
}

function lowerCaseHeaders(headers: ConstructorParameters<typeof Headers>[0] | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  new Headers(headers).forEach((value, key) => {
    record[key] = value;
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
