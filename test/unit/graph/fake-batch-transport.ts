import type { BatchTransport } from '../../../src/graph/batch-executor';
import type { BatchEnvelopeResult, BatchSendOptions, BatchSubRequest, BatchSubResponse } from '../../../src/graph/graph-client';
import { GraphError } from '../../../src/graph/graph-error';
import { sendPaced, unsentExchange } from '../../../src/graph/pacing-middleware';
import type { VirtualClock } from './support';

export type SubReply = { status: number; body?: unknown; headers?: Record<string, string> } | 'omit';
export type EnvelopeReply = BatchEnvelopeResult | 'throw' | undefined;

export interface FakeTransportOptions {
  clock: VirtualClock;
  /** Answer for one sub-request; `attempt` counts tries of this URL so far (1-based). */
  respond: (request: BatchSubRequest, attempt: number) => SubReply;
  /** Overrides the whole envelope for a call (0-based call index). */
  envelope?: (callIndex: number) => EnvelopeReply;
  latencyMs?: number;
  random?: () => number;
}

export const graphError = (status: number, code: string, message: string): SubReply => ({
  status,
  headers: { 'Content-Type': 'application/json' },
  body: { error: { code, message, innerError: { 'request-id': `req-${status}`, date: '2026-11-23T10:00:00' } } },
});

/**
 * A scripted `$batch` endpoint: records what was sent and when, answers out of order. Like GraphClient's pacing
 * middleware, it sends a call only once its pacing claim's turn has come (the same `sendPaced`), and not at all when
 * that wait is given up.
 */
export class FakeBatchTransport implements BatchTransport {
  readonly calls: { at: number; requests: BatchSubRequest[] }[] = [];
  readonly attempts = new Map<string, number>();
  inFlight = 0;
  maxInFlight = 0;

  constructor(private readonly options: FakeTransportOptions) {}

  get subRequestsSent(): number {
    return this.calls.reduce((n, c) => n + c.requests.length, 0);
  }

  async batch(requests: readonly BatchSubRequest[], options: BatchSendOptions = {}): Promise<BatchEnvelopeResult> {
    if (!options.pacing) return this.answer(requests);
    const paced = await sendPaced(options.pacing, options.signal, () => this.answer(requests));
    return paced.sent ? paced.value : unsentExchange();
  }

  private async answer(requests: readonly BatchSubRequest[]): Promise<BatchEnvelopeResult> {
    const callIndex = this.calls.length;
    this.calls.push({ at: this.options.clock.now(), requests: [...requests] });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.options.latencyMs) await this.options.clock.sleep(this.options.latencyMs);
      const override = this.options.envelope?.(callIndex);
      if (override === 'throw') throw new Error('socket hang up');
      if (override) return override;
      const responses = new Map<string, BatchSubResponse>();
      const order = [...requests];
      if (this.options.random) order.sort(() => (this.options.random?.() ?? 0.5) - 0.5);
      for (const request of order) {
        const attempt = (this.attempts.get(request.url) ?? 0) + 1;
        this.attempts.set(request.url, attempt);
        const reply = this.options.respond(request, attempt);
        if (reply === 'omit') continue;
        responses.set(request.id, { id: request.id, status: reply.status, headers: reply.headers ?? {}, body: reply.body });
      }
      return { ok: true, responses, headers: {} };
    } finally {
      this.inFlight--;
    }
  }
}

export const envelopeFailure = (status: number, code: string, message: string, retryAfterMs?: number): BatchEnvelopeResult => ({
  ok: false,
  headers: {},
  error: new GraphError({ status, code, message, retryAfterMs }),
});
