// Graph's view of the shared retry utility (src/net/retry.ts): the bounds the client and the `$batch` executor use,
// and where a Graph response or `$batch` sub-response says how long to wait.
import { backoffDelayMs, parseRetryAfter } from '../net/retry';
import type { RetryBounds } from '../net/retry';

export { parseRetryAfter };

export type RetryOptions = RetryBounds;

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 60_000 };

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
  return backoffDelayMs(attempt, retryAfterMs, options, random);
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
