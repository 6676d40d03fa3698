import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, headerValue, parseRetryAfter, retryAfterFromHeaders, retryDelayMs } from '../../../src/graph/retry-policy';
import { seededRandom } from './support';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('10', now)).toBe(10_000);
    expect(parseRetryAfter(' 2.5 ', now)).toBe(2_500);
    expect(parseRetryAfter('0', now)).toBe(0);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 09:59:00 GMT', now)).toBe(0);
  });

  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  const options = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 8_000 };

  it("uses the server's Retry-After, capped at the maximum", () => {
    expect(retryDelayMs(1, 3_000, options, () => 0.5)).toBe(3_000);
    expect(retryDelayMs(1, 120_000, options, () => 0.5)).toBe(8_000);
  });

  it('backs off exponentially with jitter between half and all of the step, capped', () => {
    const random = seededRandom(42);
    for (let attempt = 1; attempt <= 8; attempt++) {
      const step = Math.min(8_000, 500 * 2 ** (attempt - 1));
      const delays = Array.from({ length: 200 }, () => retryDelayMs(attempt, undefined, options, random));
      for (const d of delays) {
        expect(d).toBeGreaterThanOrEqual(step / 2);
        expect(d).toBeLessThanOrEqual(step);
      }
      expect(new Set(delays).size).toBeGreaterThan(50);
    }
  });

  it('has sane defaults', () => {
    expect(DEFAULT_RETRY.maxAttempts).toBeGreaterThan(1);
    expect(DEFAULT_RETRY.maxDelayMs).toBeGreaterThanOrEqual(DEFAULT_RETRY.baseDelayMs);
  });
});

describe('headerValue', () => {
  it('finds sub-response headers whatever their case', () => {
    expect(headerValue({ 'Retry-After': '7' }, 'retry-after')).toBe('7');
    expect(headerValue({ 'retry-after': '7' }, 'Retry-After')).toBe('7');
    expect(headerValue(undefined, 'retry-after')).toBeUndefined();
  });
});

describe('retryAfterFromHeaders', () => {
  it("prefers the sandbox's millisecond hint, which Retry-After's whole seconds cannot carry", () => {
    expect(retryAfterFromHeaders({ 'Retry-After': '1', 'x-ms-sandbox-retry-after-ms': '40' }, 0)).toBe(40);
    expect(retryAfterFromHeaders({ 'retry-after': '3' }, 0)).toBe(3_000);
    expect(retryAfterFromHeaders({}, 0)).toBeUndefined();
  });
});
