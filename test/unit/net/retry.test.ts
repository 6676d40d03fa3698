import { describe, expect, it } from 'vitest';
import type { RetryClock, WithRetryOptions } from '../../../src/net/retry';
import { backoffDelayMs, parseRetryAfter, retryAfterOfError, withRetry } from '../../../src/net/retry';

/** Time that moves only when the code under test sleeps; every wait is recorded. */
class SteppingClock implements RetryClock {
  readonly sleeps: number[] = [];
  constructor(private time = Date.parse('2026-11-23T10:00:00Z')) {}
  now(): number {
    return this.time;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (!signal?.aborted) this.time += ms;
    return Promise.resolve();
  }
}

class Throttled extends Error {
  constructor(readonly headers: Record<string, string> = {}) {
    super('throttled');
  }
}

/** Fails with the given errors in turn, then resolves with the attempt number. */
function failingThen(errors: unknown[]): { call: (attempt: number) => Promise<number>; calls: () => number } {
  let calls = 0;
  return {
    call: (attempt) => {
      calls++;
      const error = errors[calls - 1];
      return error === undefined ? Promise.resolve(attempt) : Promise.reject(error);
    },
    calls: () => calls,
  };
}

function options(clock: RetryClock, overrides: Partial<WithRetryOptions> = {}): WithRetryOptions {
  return { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 30_000, shouldRetry: (e) => e instanceof Throttled, clock, random: () => 1, ...overrides };
}

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');

  it('reads delta-seconds and HTTP dates, never negative', () => {
    expect(parseRetryAfter('7', now)).toBe(7_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 09:59:00 GMT', now)).toBe(0);
  });

  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('later', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
  });
});

describe('backoffDelayMs', () => {
  const backoff = { baseDelayMs: 1_000, maxDelayMs: 8_000 };

  it('doubles each step, jittered between half and all of it, up to the cap', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelayMs(attempt, undefined, backoff, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
    expect(backoffDelayMs(3, undefined, backoff, () => 0)).toBe(2_000);
  });

  it("takes the server's wait over the backoff, capped", () => {
    expect(backoffDelayMs(1, 5_000, backoff, () => 0)).toBe(5_000);
    expect(backoffDelayMs(1, 0, backoff, () => 1)).toBe(0);
    expect(backoffDelayMs(1, 90_000, backoff, () => 0)).toBe(8_000);
  });
});

describe('retryAfterOfError', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');

  it('reads a wait already given in ms, response headers with get(), and plain headers', () => {
    expect(retryAfterOfError({ retryAfterMs: 1_500 }, now)).toBe(1_500);
    const azureStyle = { statusCode: 429, response: { headers: new Headers({ 'Retry-After': '4' }) } };
    expect(retryAfterOfError(azureStyle, now)).toBe(4_000);
    expect(retryAfterOfError({ headers: { 'retry-after-ms': '250' } }, now)).toBe(250);
    expect(retryAfterOfError({ headers: { 'Retry-After': 'Mon, 23 Nov 2026 10:00:09 GMT' } }, now)).toBe(9_000);
  });

  it('is undefined when the failure carries no wait', () => {
    expect(retryAfterOfError(new Error('boom'), now)).toBeUndefined();
    expect(retryAfterOfError('boom', now)).toBeUndefined();
    expect(retryAfterOfError({ response: { headers: new Headers() } }, now)).toBeUndefined();
  });
});

describe('withRetry', () => {
  it('returns the first success without waiting', async () => {
    const clock = new SteppingClock();
    await expect(withRetry(() => Promise.resolve('ok'), options(clock))).resolves.toBe('ok');
    expect(clock.sleeps).toEqual([]);
  });

  it('waits the Retry-After a failure gives in seconds', async () => {
    const clock = new SteppingClock();
    const calls = failingThen([new Throttled({ 'Retry-After': '3' })]);
    await expect(withRetry(calls.call, options(clock))).resolves.toBe(2);
    expect(clock.sleeps).toEqual([3_000]);
  });

  it('waits until the HTTP date a failure gives', async () => {
    const clock = new SteppingClock();
    const calls = failingThen([new Throttled({ 'Retry-After': 'Mon, 23 Nov 2026 10:00:12 GMT' })]);
    await withRetry(calls.call, options(clock));
    expect(clock.sleeps).toEqual([12_000]);
  });

  it('backs off exponentially when no Retry-After is given', async () => {
    const clock = new SteppingClock();
    const calls = failingThen([new Throttled(), new Throttled(), new Throttled()]);
    await expect(withRetry(calls.call, options(clock))).resolves.toBe(4);
    expect(clock.sleeps).toEqual([1_000, 2_000, 4_000]);
  });

  it('caps every wait, a long Retry-After included', async () => {
    const clock = new SteppingClock();
    const calls = failingThen([new Throttled({ 'Retry-After': '3600' }), new Throttled(), new Throttled(), new Throttled()]);
    await withRetry(calls.call, options(clock, { maxDelayMs: 3_000 }));
    expect(clock.sleeps).toEqual([3_000, 2_000, 3_000, 3_000]);
  });

  it('stops after maxAttempts tries and throws the last error', async () => {
    const clock = new SteppingClock();
    const last = new Throttled();
    const calls = failingThen([new Throttled(), new Throttled(), last]);
    await expect(withRetry(calls.call, options(clock, { maxAttempts: 3 }))).rejects.toBe(last);
    expect(calls.calls()).toBe(3);
    expect(clock.sleeps).toHaveLength(2);
  });

  it('throws at once a failure not worth retrying', async () => {
    const clock = new SteppingClock();
    const fatal = new Error('bad request');
    const calls = failingThen([fatal]);
    await expect(withRetry(calls.call, options(clock))).rejects.toBe(fatal);
    expect(calls.calls()).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('never waits past maxElapsedMs, then gives up', async () => {
    const clock = new SteppingClock();
    const failures = Array.from({ length: 20 }, () => new Throttled());
    const calls = failingThen(failures);
    await expect(withRetry(calls.call, options(clock, { maxAttempts: Number.POSITIVE_INFINITY, maxElapsedMs: 10_000 }))).rejects.toBeInstanceOf(Throttled);
    expect(clock.sleeps).toEqual([1_000, 2_000, 4_000, 3_000]);
    expect(calls.calls()).toBe(5);
  });

  it('stops waiting when aborted and throws the last error', async () => {
    const clock = new SteppingClock();
    const controller = new AbortController();
    const throttled = new Throttled({ 'Retry-After': '30' });
    const calls = failingThen([throttled]);
    const result = withRetry(calls.call, options(clock, { signal: controller.signal, onRetry: () => controller.abort() }));
    await expect(result).rejects.toBe(throttled);
    expect(calls.calls()).toBe(1);
    expect(clock.now() - Date.parse('2026-11-23T10:00:00Z')).toBe(0);
  });

  it('does not start when the signal is already aborted', async () => {
    const clock = new SteppingClock();
    const calls = failingThen([]);
    const reason = new Error('cancelled');
    await expect(withRetry(calls.call, options(clock, { signal: AbortSignal.abort(reason) }))).rejects.toBe(reason);
    expect(calls.calls()).toBe(0);
  });

  it('tells onRetry each failure and the wait before the next try', async () => {
    const clock = new SteppingClock();
    const first = new Throttled({ 'Retry-After': '2' });
    const seen: unknown[] = [];
    await withRetry(failingThen([first]).call, options(clock, { onRetry: (failure) => seen.push(failure) }));
    expect(seen).toEqual([{ error: first, attempt: 1, delayMs: 2_000 }]);
  });

  it('uses a custom reader of the wait', async () => {
    const clock = new SteppingClock();
    await withRetry(failingThen([new Throttled()]).call, options(clock, { retryAfterMs: () => 42 }));
    expect(clock.sleeps).toEqual([42]);
  });
});
