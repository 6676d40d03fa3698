import { describe, expect, it } from 'vitest';
import { GraphClient } from '../../../src/graph/graph-client';
import type { BatchSubRequest } from '../../../src/graph/graph-client';
import { Pacer } from '../../../src/graph/pacer';
import type { WorkKind } from '../../../src/graph/pacer';
import { StaticTokenProvider } from '../../../src/graph/token-provider';
import { VirtualClock } from './support';

/** A pacer that counts the claims it was asked to wait for. */
class CountingPacer extends Pacer {
  claims = 0;

  override acquire(kind: WorkKind, n: number, signal?: AbortSignal): Promise<() => void> {
    this.claims++;
    return super.acquire(kind, n, signal);
  }
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const batchAnswer = (requests: number): Response =>
  json(200, { responses: Array.from({ length: requests }, (_, i) => ({ id: String(i + 1), status: 204 })) });

const restores = (n: number): BatchSubRequest[] =>
  Array.from({ length: n }, (_, i) => ({ id: String(i + 1), method: 'POST', url: `/directory/deletedItems/obj-${i}/restore` }));

/** GraphClient over a fetch spy that records the virtual time of every send; a pacer of 10 writes/s, bursts of 20. */
function setup(answer: (url: string) => Response | Promise<Response> = () => batchAnswer(10)) {
  const clock = new VirtualClock();
  const sentAt: number[] = [];
  const fetchSpy = async (input: string | URL | Request): Promise<Response> => {
    sentAt.push(clock.now());
    return answer(String(input));
  };
  const graph = new GraphClient({
    baseUrl: 'http://127.0.0.1:9/v1.0',
    tokenProvider: new StaticTokenProvider('tok-1'),
    fetch: fetchSpy as typeof fetch,
    clock,
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10 },
  });
  const pacer = new CountingPacer({ writesPerSecond: 10, headroom: 1, burst: 20 }, clock);
  return { clock, graph, pacer, sentAt };
}

describe('PacingMiddleware', () => {
  it("holds a request with a claim until the pacer grants the claim's weight", async () => {
    const { clock, graph, pacer, sentAt } = setup();
    // The whole burst is spent: 10 more writes at 10/s are due one second from now.
    (await pacer.acquire('write', 20))();
    const result = await graph.batch(restores(10), { pacing: { pacer, kind: 'write', weight: 10 } });
    expect(result.ok).toBe(true);
    expect(sentAt).toEqual([1_000]);
    expect(clock.now()).toBe(1_000);
  });

  it('sends nothing when the claim is given up while it waits, and says the request was not sent', async () => {
    const { clock, graph, pacer, sentAt } = setup();
    (await pacer.acquire('write', 20))();
    const stop = new AbortController();
    const pending = graph.batch(restores(10), { pacing: { pacer, kind: 'write', weight: 10, signal: stop.signal } });
    await clock.sleep(400);
    stop.abort();
    const result = await pending;
    expect(result).toMatchObject({ ok: false, unsent: true });
    expect(sentAt).toEqual([]);
    // Nothing is sent later either, once the claim's turn would have come.
    await clock.sleep(5_000);
    expect(sentAt).toEqual([]);
  });

  it("also gives up the wait on the request's own signal", async () => {
    const { clock, graph, pacer, sentAt } = setup(() => json(200, { id: 'u1' }));
    (await pacer.acquire('write', 20))();
    const cancel = new AbortController();
    const pending = graph.request({
      method: 'PATCH',
      url: '/users/u1',
      body: { jobTitle: 'Engineer' },
      signal: cancel.signal,
      pacing: { pacer, kind: 'write', weight: 1 },
    });
    await clock.sleep(50);
    cancel.abort();
    const result = await pending;
    expect(result).toMatchObject({ ok: false, unsent: true });
    expect(sentAt).toEqual([]);
    expect(pacer.claims).toBe(2);
  });

  it('does not try again a request with retries whose wait was given up', async () => {
    const { clock, graph, pacer, sentAt } = setup(() => json(200, { id: 'u1' }));
    (await pacer.acquire('write', 20))();
    const stop = new AbortController();
    const pending = graph.request({ method: 'PATCH', url: '/users/u1', body: {}, pacing: { pacer, kind: 'write', weight: 1, signal: stop.signal } });
    await clock.sleep(50);
    stop.abort();
    const result = await pending;
    expect(result).toMatchObject({ ok: false, unsent: true });
    expect(sentAt).toEqual([]);
    // One claim by the test, one by the request's only attempt.
    expect(pacer.claims).toBe(2);
  });

  it("does not cancel a request already sent when the claim's signal fires afterwards", async () => {
    const stop = new AbortController();
    const { graph, pacer, sentAt } = setup(() => {
      stop.abort();
      return batchAnswer(2);
    });
    const result = await graph.batch(restores(2), { pacing: { pacer, kind: 'write', weight: 2, signal: stop.signal } });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.responses.get('2')?.status).toBe(204);
    expect(sentAt).toEqual([0]);
  });

  it('paces every attempt of a retried request', async () => {
    let answers = 0;
    const { graph, pacer, sentAt } = setup(() =>
      ++answers === 1 ? json(503, { error: { code: 'serviceNotAvailable', message: 'Try later.' } }, { 'retry-after': '0' }) : json(200, { id: 'u1' }),
    );
    const result = await graph.request({ method: 'PATCH', url: '/users/u1', body: {}, pacing: { pacer, kind: 'write', weight: 1 } });
    expect(result).toMatchObject({ ok: true, attempts: 2 });
    expect(sentAt).toHaveLength(2);
    expect(pacer.claims).toBe(2);
  });

  it('lets a request without a claim pass straight through, however spent the pacer is', async () => {
    const { graph, pacer, sentAt } = setup();
    (await pacer.acquire('write', 20))();
    const pending = pacer.acquire('write', 20);
    const result = await graph.batch(restores(10));
    expect(result.ok).toBe(true);
    expect(sentAt).toEqual([0]);
    expect(pacer.claims).toBe(2);
    (await pending)();
  });
});
