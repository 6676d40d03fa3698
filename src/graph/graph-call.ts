import type { Context, MiddlewareOptions } from '@microsoft/microsoft-graph-client';
import type { ErrorContext, GraphOperation } from './error-reasons';
import type { GraphError } from './graph-error';
import type { RetryOptions } from './retry-policy';

/** What one HTTP exchange gave: the parsed body and lower-cased headers, or a typed error. */
export type GraphExchange =
  | { ok: true; status: number; body: unknown; headers: Record<string, string>; requestId: string | undefined }
  | {
      ok: false;
      error: GraphError;
      headers: Record<string, string>;
      /** Set when the request never left: its wait for the pacer was given up (see pacing-middleware.ts). */
      unsent?: true;
    };

/**
 * One call through the SDK's middleware chain: what the caller asked for, and what the chain found. It travels as a
 * middleware option so every middleware reads the same typed record instead of parsing the raw response again.
 */
export class GraphCall implements MiddlewareOptions {
  /** The last exchange; set by the fetch middleware or by a middleware that stopped the call before it was sent. */
  exchange: GraphExchange | undefined;
  attempts = 0;

  /** A new try: the previous exchange no longer speaks for the call. */
  beginAttempt(): void {
    this.attempts++;
    this.exchange = undefined;
  }

  constructor(
    readonly spec: {
      url: string;
      /**
       * The absolute URL to send, byte for byte. The SDK rebuilds query strings (reorders them, merges repeated
       * `$select`), but a nextLink is opaque and must be followed verbatim, so the last middleware sends this one.
       */
      target: string;
      signal?: AbortSignal;
      /** Undefined sends exactly once (a `$batch` envelope); the batch executor retries per sub-request. */
      retry?: RetryOptions;
      operation?: GraphOperation;
      context?: ErrorContext;
    },
  ) {}
}

/** The call record of a middleware context, when the request came from GraphClient. */
export function graphCallOf(context: Context): GraphCall | undefined {
  const option = context.middlewareControl?.getMiddlewareOptions(GraphCall);
  return option instanceof GraphCall ? option : undefined;
}
