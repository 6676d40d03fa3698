import { describe, expect, it } from 'vitest';
import { BatchExecutor } from '../../../src/graph/batch-executor';
import type { BatchExecutorOptions, BatchItem, BatchItemResult } from '../../../src/graph/batch-executor';
import { withErrorHints } from '../../../src/operations/catalogue';
import { FakeBatchTransport, envelopeFailure, graphError } from './fake-batch-transport';
import type { FakeTransportOptions, SubReply } from './fake-batch-transport';
import { VirtualClock, seededRandom } from './support';

const ok: SubReply = { status: 200, body: { id: 'x' } };

function restoreItems(n: number, prefix = 'obj'): BatchItem<{ row: number }>[] {
  return Array.from({ length: n }, (_, i) => ({
    key: String(i),
    request: { method: 'POST' as const, url: `/directory/deletedItems/${prefix}-${i}/restore` },
    operation: 'restore' as const,
    // As the restore kind sends it: its hints word a missing object as one that left the recycle bin.
    context: withErrorHints('restore', { target: `${prefix}-${i}@contoso.com` }),
    meta: { row: i },
  }));
}

function setup(
  respond: FakeTransportOptions['respond'],
  extra: Partial<FakeTransportOptions> = {},
  executorOptions: Partial<BatchExecutorOptions> = {},
): { clock: VirtualClock; transport: FakeBatchTransport; executor: BatchExecutor } {
  const clock = new VirtualClock();
  const transport = new FakeBatchTransport({ clock, respond, ...extra });
  const executor = new BatchExecutor({
    transport,
    clock,
    random: seededRandom(7),
    writesPerSecond: 1_000,
    invitationsPerSecond: 1_000,
    retry: { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 10_000 },
    ...executorOptions,
  });
  return { clock, transport, executor };
}

function byKey<M>(results: BatchItemResult<M>[]): Map<string, BatchItemResult<M>> {
  return new Map(results.map((r) => [r.item.key, r]));
}

describe('BatchExecutor', () => {
  it('sends groups of at most 20 and matches out-of-order sub-responses by id', async () => {
    const { transport, executor } = setup((req) => ({ status: 200, body: { url: req.url } }), { random: seededRandom(3) });
    const results = await executor.runAll(restoreItems(45));
    expect(transport.calls.map((c) => c.requests.length)).toEqual([20, 20, 5]);
    expect(results).toHaveLength(45);
    for (const result of results) {
      expect(result.outcome).toBe('succeeded');
      if (result.outcome === 'succeeded') expect(result.body).toEqual({ url: result.item.request.url });
    }
  });

  it('retries only the sub-requests that were throttled, after their Retry-After', async () => {
    const throttledUrls = new Set(['/directory/deletedItems/obj-3/restore', '/directory/deletedItems/obj-7/restore']);
    const { transport, executor, clock } = setup((req, attempt) =>
      throttledUrls.has(req.url) && attempt === 1
        ? { ...(graphError(429, 'TooManyRequests', 'Please retry again later.') as object), status: 429, headers: { 'Retry-After': '2' } }
        : ok,
    );
    const results = byKey(await executor.runAll(restoreItems(20)));
    expect(transport.calls).toHaveLength(2);
    expect(transport.calls[1]?.requests.map((r) => r.url).sort()).toEqual([...throttledUrls].sort());
    expect(transport.calls[1]?.at).toBeGreaterThanOrEqual(2_000);
    expect(results.get('3')).toMatchObject({ outcome: 'succeeded', attempts: 2 });
    expect(results.get('4')).toMatchObject({ outcome: 'succeeded', attempts: 1 });
    expect(clock.now()).toBeGreaterThanOrEqual(2_000);
  });

  it('gives up after the retry bound with a reason, and does not retry permanent errors', async () => {
    const { transport, executor } = setup((req) =>
      req.url.includes('obj-0/') ? graphError(503, 'serviceNotAvailable', 'Service unavailable') : graphError(404, 'Request_ResourceNotFound', 'gone'),
    );
    const results = byKey(await executor.runAll(restoreItems(2)));
    const unavailable = results.get('0');
    const missing = results.get('1');
    expect(unavailable).toMatchObject({ outcome: 'failed', attempts: 5 });
    if (unavailable?.outcome === 'failed') expect(unavailable.error.category).toBe('service-unavailable');
    expect(missing).toMatchObject({ outcome: 'failed', attempts: 1 });
    if (missing?.outcome === 'failed') {
      expect(missing.error.reason).toContain('obj-1@contoso.com is not in the recycle bin');
      expect(missing.error.requestId).toBe('req-404');
    }
    expect(transport.attempts.get('/directory/deletedItems/obj-1/restore')).toBe(1);
  });

  it('retries a whole batch whose envelope failed, marking a dropped connection as uncertain', async () => {
    const { transport, executor } = setup(() => ok, { envelope: (i) => (i === 0 ? 'throw' : undefined) });
    const results = await executor.runAll(restoreItems(3));
    expect(transport.calls).toHaveLength(2);
    expect(results.every((r) => r.outcome === 'succeeded' && r.attempts === 2 && r.uncertainEarlierAttempt)).toBe(true);
  });

  it('marks a write answered 429 or 5xx before its final answer as possibly applied, and a read or a 4xx not', async () => {
    const reply = (status: number): SubReply =>
      status === 429
        ? { ...(graphError(429, 'TooManyRequests', 'Please retry again later.') as object), status: 429, headers: { 'Retry-After': '0' } }
        : graphError(status, status === 404 ? 'Request_ResourceNotFound' : status === 409 ? 'Directory_ConcurrencyViolation' : 'serviceNotAvailable', 'x');
    const first = new Map([['obj-0', 503], ['obj-1', 429], ['obj-2', 409], ['read-0', 503]]);
    const { executor } = setup((req, attempt) => {
      const key = /(obj|read)-\d+/.exec(req.url)?.[0] ?? '';
      const status = first.get(key);
      return attempt === 1 && status !== undefined ? reply(status) : reply(404);
    });
    const read: BatchItem<{ row: number }> = { key: 'r', request: { method: 'GET', url: '/directory/deletedItems/read-0' }, meta: { row: 9 } };
    const results = byKey(await executor.runAll([...restoreItems(4), read]));
    expect(results.get('0')).toMatchObject({ outcome: 'failed', attempts: 2, uncertainEarlierAttempt: true });
    expect(results.get('1')).toMatchObject({ outcome: 'failed', attempts: 2, uncertainEarlierAttempt: true });
    // Directory_ConcurrencyViolation (409) means the change was refused, and a plain 404 is a first, definite answer.
    expect(results.get('2')).toMatchObject({ outcome: 'failed', attempts: 2, uncertainEarlierAttempt: false });
    expect(results.get('3')).toMatchObject({ outcome: 'failed', attempts: 1, uncertainEarlierAttempt: false });
    expect(results.get('r')).toMatchObject({ outcome: 'failed', attempts: 2, uncertainEarlierAttempt: false });
  });

  it('ends every item with exactly one result, and applies no write twice, under random failures', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = seededRandom(seed);
      const n = 1 + Math.floor(random() * 150);
      const applied = new Set<string>();
      const repeats: string[] = [];
      const respond = (req: { url: string }): SubReply => {
        if (applied.has(req.url)) repeats.push(req.url);
        const roll = random();
        if (roll < 0.15) return { status: 429, headers: { 'retry-after': String(Math.floor(random() * 3)) }, body: { error: { code: 'TooManyRequests', message: 'x' } } };
        if (roll < 0.2) return { status: 429, body: { error: { code: 'TooManyRequests', message: 'x' } } };
        if (roll < 0.27) return graphError(503, 'serviceNotAvailable', 'down');
        if (roll < 0.32) return graphError(409, 'Directory_ConcurrencyViolation', 'Error due to concurrent requests being made to the tenant.');
        if (roll < 0.37) return 'omit';
        if (roll < 0.45) return graphError(404, 'Request_ResourceNotFound', 'gone');
        applied.add(req.url);
        return ok;
      };
      const envelope = (): 'throw' | ReturnType<typeof envelopeFailure> | undefined => {
        const roll = random();
        if (roll < 0.04) return 'throw';
        if (roll < 0.08) return envelopeFailure(503, 'serviceNotAvailable', 'down', 1_000);
        if (roll < 0.1) return envelopeFailure(429, 'TooManyRequests', 'slow down', 500);
        return undefined;
      };
      const { executor } = setup(respond, { random, envelope, latencyMs: 50 }, { random, initialConcurrency: 3 });
      const items = restoreItems(n, `s${seed}`);
      const results = await executor.runAll(items);
      expect(results).toHaveLength(n);
      expect(new Set(results.map((r) => r.item.key)).size).toBe(n);
      expect(repeats).toEqual([]);
      for (const result of results) {
        expect(result.attempts).toBeLessThanOrEqual(5);
        const url = result.item.request.url;
        if (result.outcome === 'succeeded') expect(applied.has(url)).toBe(true);
        else expect(applied.has(url)).toBe(false);
      }
    }
  });

  it('sustains close to, and inside, the write budget (20/s) in virtual time', async () => {
    const { transport, executor, clock } = setup(() => ok, { latencyMs: 250 }, { writesPerSecond: 20, headroom: 0.95 });
    const results = await executor.runAll(restoreItems(4_000));
    expect(results.every((r) => r.outcome === 'succeeded')).toBe(true);
    const rate = 4_000 / (clock.now() / 1000);
    expect(rate).toBeGreaterThanOrEqual(18);
    expect(rate).toBeLessThanOrEqual(20.5);
    const batchTimes = transport.calls.map((c) => ({ at: c.at, n: c.requests.length }));
    for (const { at: start } of batchTimes) {
      const inWindow = batchTimes.filter((b) => b.at >= start && b.at < start + 150_000).reduce((sum, b) => sum + b.n, 0);
      expect(inWindow).toBeLessThanOrEqual(3_000);
    }
  });

  it('takes a shared write budget for every batch of writes before sending it, and none for reads', async () => {
    const taken: number[] = [];
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const { transport, executor } = setup(() => ok, {}, {
      writeBudget: {
        acquire: async (n) => {
          taken.push(n);
          await gate;
        },
      },
    });
    const running = executor.runAll(restoreItems(45));
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Nothing is sent while the budget holds the writes back.
    expect(taken.length).toBeGreaterThan(0);
    expect(transport.calls).toHaveLength(0);
    open();
    expect(await running).toHaveLength(45);
    await executor.runAll([{ key: 'r', request: { method: 'GET' as const, url: '/users/x' }, operation: 'read' as const, meta: { row: 0 } }]);
    expect([...taken].sort((a, b) => a - b)).toEqual([5, 20, 20]);
    expect(transport.calls).toHaveLength(4);
  });

  it('paces invitations at their own 30/s budget, scaled by rateScale', async () => {
    const { executor, clock } = setup(() => ({ status: 201, body: {} }), {}, { invitationsPerSecond: 30, rateScale: 10, headroom: 1 });
    const items: BatchItem[] = Array.from({ length: 3_000 }, (_, i) => ({
      key: String(i),
      request: { method: 'POST', url: '/invitations', body: { invitedUserEmailAddress: `g${i}@fabrikam.com` } },
    }));
    const results = await executor.runAll(items);
    expect(results.filter((r) => r.outcome === 'succeeded')).toHaveLength(3_000);
    const rate = 3_000 / (clock.now() / 1000);
    expect(rate).toBeGreaterThanOrEqual(270);
    expect(rate).toBeLessThanOrEqual(300 * (1 + 20 / 3_000));
  });

  it('backs off (AIMD) when the server budget is tighter than configured, and still finishes every row', async () => {
    const clock = new VirtualClock();
    const window: number[] = [];
    let throttled = 0;
    const respond = (): SubReply => {
      const now = clock.now();
      while (window.length > 0 && (window[0] ?? 0) <= now - 1_000) window.shift();
      if (window.length >= 10) {
        throttled++;
        return { status: 429, headers: { 'Retry-After': '1' }, body: { error: { code: 'TooManyRequests', message: 'x' } } };
      }
      window.push(now);
      return ok;
    };
    const transport = new FakeBatchTransport({ clock, respond, latencyMs: 100 });
    const executor = new BatchExecutor({ transport, clock, random: seededRandom(5), writesPerSecond: 20, headroom: 1, batchSize: 10 });
    const results = await executor.runAll(restoreItems(600));
    expect(results.filter((r) => r.outcome === 'succeeded')).toHaveLength(600);
    expect(executor.controller.rateFactor).toBeLessThan(1);
    expect(throttled / transport.subRequestsSent).toBeLessThan(0.5);
    expect(executor.stats.throttled).toBeGreaterThan(0);
  });

  it('stops when invitations are blocked and returns the remaining rows as not-attempted', async () => {
    let sent = 0;
    const { transport, executor } = setup(() =>
      ++sent > 30 ? graphError(403, 'Forbidden', 'Invitations are blocked due to suspicious activity in this tenant.') : { status: 201, body: {} },
    );
    const items: BatchItem[] = Array.from({ length: 500 }, (_, i) => ({
      key: String(i),
      request: { method: 'POST', url: `/invitations?row=${i}`, body: {} },
      operation: 'invite',
      // As the invite kind sends it: its hints recognise a blocked tenant.
      context: withErrorHints('invite', undefined),
    }));
    const results = await executor.runAll(items);
    expect(results).toHaveLength(500);
    expect(new Set(results.map((r) => r.item.key)).size).toBe(500);
    const blocked = results.filter((r) => r.outcome === 'failed');
    const notAttempted = results.filter((r) => r.outcome === 'not-attempted');
    expect(results.filter((r) => r.outcome === 'succeeded')).toHaveLength(30);
    expect(blocked.length).toBeGreaterThan(0);
    for (const r of blocked) if (r.outcome === 'failed') expect(r.error.category).toBe('invitation-blocked');
    expect(notAttempted.length).toBeGreaterThan(400);
    for (const r of notAttempted) if (r.outcome === 'not-attempted') expect(r.message).toContain('suspicious activity');
    expect(transport.subRequestsSent).toBeLessThan(30 + 20 * 8 + 1);
  });

  it('keeps one invitation batch in flight and waits for it when a throttled invitation is ready to retry', async () => {
    const throttled = { status: 429, headers: { 'Retry-After': '1' }, body: { error: { code: 'TooManyRequests', message: 'Please retry again later.' } } };
    const { transport, executor } = setup((req, attempt) => (req.url === '/invitations?row=3' && attempt === 1 ? throttled : { status: 201, body: {} }), {
      latencyMs: 3_000,
    });
    const items: BatchItem[] = Array.from({ length: 60 }, (_, i) => ({
      key: String(i),
      request: { method: 'POST', url: `/invitations?row=${i}`, body: {} },
      operation: 'invite',
    }));
    const results = await executor.runAll(items);
    expect(results.filter((r) => r.outcome === 'succeeded')).toHaveLength(60);
    expect(transport.maxInFlight).toBe(1);
    expect(transport.subRequestsSent).toBe(61);
  });

  it("lets an operation's shouldStop hook end the run with its own message", async () => {
    const { executor } = setup((req) => (req.url.includes('obj-5/') ? graphError(404, 'Request_ResourceNotFound', 'gone') : ok), {}, {
      initialConcurrency: 1,
      maxConcurrency: 1,
      batchSize: 5,
    });
    const results = await executor.runAll(restoreItems(40), {
      shouldStop: (r) => (r.outcome === 'failed' ? 'Stopped at the first missing object.' : false),
    });
    expect(results).toHaveLength(40);
    const notAttempted = results.filter((r) => r.outcome === 'not-attempted');
    expect(notAttempted).toHaveLength(30);
    for (const r of notAttempted) if (r.outcome === 'not-attempted') expect(r.message).toBe('Stopped at the first missing object.');
  });

  it('cancels on abort: rows not yet sent come back as cancelled', async () => {
    const controller = new AbortController();
    const { executor, transport } = setup(() => ok, { latencyMs: 100 }, { writesPerSecond: 20, headroom: 1 });
    const results: BatchItemResult<{ row: number }>[] = [];
    for await (const result of executor.run(restoreItems(200), { signal: controller.signal })) {
      results.push(result);
      if (results.length === 20) controller.abort();
    }
    expect(results).toHaveLength(200);
    const cancelled = results.filter((r) => r.outcome === 'not-attempted' && r.why === 'cancelled');
    expect(cancelled.length).toBeGreaterThan(100);
    expect(transport.subRequestsSent + cancelled.length).toBe(200);
  });

  it('stops on an expired sign-in and keeps the batch it could not send', async () => {
    const { executor } = setup(() => ok, {
      envelope: (i) => (i === 1 ? envelopeFailure(401, 'InvalidAuthenticationToken', 'Access token has expired.') : undefined),
    }, { initialConcurrency: 1, maxConcurrency: 1 });
    const results = await executor.runAll(restoreItems(60));
    expect(results).toHaveLength(60);
    expect(results.filter((r) => r.outcome === 'succeeded')).toHaveLength(20);
    const kept = results.filter((r) => r.outcome === 'not-attempted');
    expect(kept).toHaveLength(40);
    for (const r of kept) if (r.outcome === 'not-attempted') expect(r.error?.category).toBe('token-expired');
  });

  it('reads from an async iterable lazily and closes it when the consumer stops early', async () => {
    let produced = 0;
    let closed = false;
    async function* source(): AsyncGenerator<BatchItem> {
      try {
        for (let i = 0; i < 100_000; i++) {
          produced++;
          yield { key: String(i), request: { method: 'GET', url: `/users/u${i}` } };
        }
      } finally {
        closed = true;
      }
    }
    const { executor } = setup(() => ok, {}, { bufferSize: 100 });
    let seen = 0;
    for await (const result of executor.run(source())) {
      expect(result.outcome).toBe('succeeded');
      if (++seen === 50) break;
    }
    expect(closed).toBe(true);
    expect(produced).toBeLessThan(1_000);
  });
});
