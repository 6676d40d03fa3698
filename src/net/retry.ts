/**
 * The one retry loop of the product: bounded tries, exponential backoff with jitter and a cap, and the wait a
 * server asks for (`Retry-After`) honoured whenever the failure carries one. Graph calls, job-card updates and job
 * store calls through a storage outage all retry through `withRetry`.
 */

export interface RetryBackoff {
  /** First backoff step when the failure gives no Retry-After. */
  baseDelayMs: number;
  /** Upper bound on any single wait, Retry-After included. */
  maxDelayMs: number;
}

export interface RetryBounds extends RetryBackoff {
  /** Total tries including the first one (`Infinity` when only `maxElapsedMs` bounds them). */
  maxAttempts: number;
}

/** Time as the retry loop sees it; tests pass a virtual clock. */
export interface RetryClock {
  now(): number;
  /** Resolves after `ms`, or early (without rejecting) when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realTimeClock: RetryClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted || ms <= 0) {
        resolve();
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** `Retry-After` as delta-seconds or an HTTP date (RFC 9110 §10.2.3), in ms from `nowMs`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/**
 * Wait before the next try (attempt = tries made so far, ≥ 1). The server's Retry-After wins, capped; otherwise
 * exponential backoff jittered between half and all of the step, so callers throttled together do not return in lockstep.
 */
export function backoffDelayMs(attempt: number, retryAfterMs: number | undefined, backoff: RetryBackoff, random: () => number): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, backoff.maxDelayMs);
  const ceiling = Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

type HeaderSource = { get(name: string): string | null | undefined } | Readonly<Record<string, unknown>>;

function headerOf(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const source = headers as HeaderSource;
  if (typeof source.get === 'function') {
    const value = (source as { get(name: string): unknown }).get(name);
    return typeof value === 'string' ? value : undefined;
  }
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(source)) {
    if (key.toLowerCase() === wanted && typeof value === 'string') return value;
  }
  return undefined;
}

function millisecondsHeader(headers: unknown, name: string): number | undefined {
  const value = headerOf(headers, name)?.trim();
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** The wait a set of response headers asks for: Azure's `retry-after-ms` / `x-ms-retry-after-ms`, else `Retry-After`. */
export function retryAfterFromResponseHeaders(headers: unknown, nowMs: number): number | undefined {
  return (
    millisecondsHeader(headers, 'retry-after-ms') ??
    millisecondsHeader(headers, 'x-ms-retry-after-ms') ??
    parseRetryAfter(headerOf(headers, 'retry-after'), nowMs)
  );
}

/**
 * The wait a failure asks for, wherever it carries it: an already-read `retryAfterMs` (our `GraphError`), the
 * response headers of an Azure SDK `RestError` (Bot Framework connector, Azure Storage), or plain `headers`.
 */
export function retryAfterOfError(error: unknown, nowMs: number): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { retryAfterMs, response, headers } = error as { retryAfterMs?: unknown; response?: unknown; headers?: unknown };
  if (typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) && retryAfterMs >= 0) return retryAfterMs;
  const responseHeaders = typeof response === 'object' && response !== null ? (response as { headers?: unknown }).headers : undefined;
  return retryAfterFromResponseHeaders(responseHeaders, nowMs) ?? retryAfterFromResponseHeaders(headers, nowMs);
}

export interface RetryAttemptFailure {
  error: unknown;
  /** Tries made so far, the failed one included. */
  attempt: number;
  /** The wait before the next try. */
  delayMs: number;
}

export interface WithRetryOptions extends RetryBounds {
  /** Whether this failure is worth another try; typed facts only (status codes, error codes), never message text. */
  shouldRetry(error: unknown, attempt: number): boolean;
  /** Stop retrying once this long has passed since the first try; no wait runs past it. */
  maxElapsedMs?: number;
  /** Reads the wait a failure asks for; `retryAfterOfError` by default. */
  retryAfterMs?(error: unknown, nowMs: number): number | undefined;
  /** Aborting stops further tries: the wait ends early and the last try's error is thrown. */
  signal?: AbortSignal;
  clock?: RetryClock;
  random?: () => number;
  /** Told before each wait. */
  onRetry?(failure: RetryAttemptFailure): void;
}

/**
 * Calls `call` until it resolves, a failure is not worth retrying, the tries or the time run out, or the signal
 * aborts; then the last error is thrown as it was. A signal aborted before the first try throws its reason.
 */
export async function withRetry<T>(call: (attempt: number) => Promise<T>, options: WithRetryOptions): Promise<T> {
  const clock = options.clock ?? realTimeClock;
  const random = options.random ?? Math.random;
  const readRetryAfter = options.retryAfterMs ?? retryAfterOfError;
  const { signal } = options;
  signal?.throwIfAborted();
  const started = clock.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt);
    } catch (error) {
      if (signal?.aborted || attempt >= options.maxAttempts || !options.shouldRetry(error, attempt)) throw error;
      const now = clock.now();
      const remaining = options.maxElapsedMs === undefined ? Number.POSITIVE_INFINITY : options.maxElapsedMs - (now - started);
      if (remaining <= 0) throw error;
      const delayMs = Math.min(remaining, backoffDelayMs(attempt, readRetryAfter(error, now), options, random));
      options.onRetry?.({ error, attempt, delayMs });
      await clock.sleep(delayMs, signal);
      if (signal?.aborted) throw error;
    }
  }
}
