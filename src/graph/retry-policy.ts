export interface RetryOptions {
  /** Total tries including the first one. */
  maxAttempts: number;
  /** First backoff step when the response gives no Retry-After. */
  baseDelayMs: number;
  /** Upper bound on any single wait, Retry-After included. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 60_000 };

/** `Retry-After` as delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
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
 * exponential backoff jittered between half and all of the step, so throttled sub-requests do not return in lockstep.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  options: RetryOptions,
  random: () => number,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, options.maxDelayMs);
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Header lookup that ignores case, for `$batch` sub-responses whose header names are not normalised. */
export function headerValue(headers: Readonly<Record<string, string>> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/**
 * The wait a response asks for. `Retry-After` carries whole seconds only, so the local sandbox, whose clock can run
 * k times faster, adds `x-ms-sandbox-retry-after-ms` with the precise wait; real Graph never sends it.
 */
export function retryAfterFromHeaders(headers: Readonly<Record<string, string>> | undefined, nowMs: number): number | undefined {
  const precise = headerValue(headers, 'x-ms-sandbox-retry-after-ms');
  if (precise !== undefined && /^\d+$/.test(precise.trim())) return Number(precise.trim());
  return parseRetryAfter(headerValue(headers, 'retry-after'), nowMs);
}
